//! Delivers the notification outbox by e-mail: SMTP through lettre when `MAGISTRA_SMTP_URL` is
//! set, else one block per message appended to the mail log. Each row is claimed by a
//! conditional update first, so two servers never send the same message twice.

use std::path::Path;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use tokio::io::AsyncWriteExt;

use crate::entities::{notification, user};
use crate::state::AppState;

/// Messages handled per pass.
const BATCH: u64 = 200;

/// How the outbox leaves the server.
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Log(std::path::PathBuf),
}

impl Transport {
    pub fn from_state(state: &AppState) -> anyhow::Result<Self> {
        match &state.settings.smtp_url {
            Some(url) => Ok(Self::Smtp(AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())?.build())),
            None => Ok(Self::Log(state.settings.mail_log.clone())),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Self::Smtp(_) => "smtp",
            Self::Log(_) => "log",
        }
    }
}

/// Delivers what is waiting; returns how many messages went out.
pub async fn deliver_pending(state: &AppState, transport: &Transport) -> anyhow::Result<usize> {
    let db = &state.db;
    let pending = notification::Entity::find()
        .filter(notification::Column::DeliveredAt.is_null())
        .order_by_asc(notification::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut sent = 0;
    for message in pending {
        if !claim(db, &message, state.clock.now(), transport.name()).await? {
            continue;
        }
        let Some(recipient) = user::Entity::find_by_id(message.user_id).one(db).await? else { continue };
        let result = match transport {
            Transport::Smtp(smtp) => send_smtp(smtp, &state.settings.mail_from, &recipient, &message).await,
            Transport::Log(path) => append_to_log(path, &recipient, &message).await,
        };
        match result {
            Ok(()) => sent += 1,
            Err(e) => {
                tracing::warn!(notification = message.id, error = ?e, "e-mail not delivered; will retry");
                notification::Entity::update_many()
                    .col_expr(
                        notification::Column::DeliveredAt,
                        Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None),
                    )
                    .col_expr(notification::Column::Delivery, Expr::value(Option::<String>::None))
                    .filter(notification::Column::Id.eq(message.id))
                    .exec(db)
                    .await?;
            }
        }
    }
    Ok(sent)
}

async fn claim(
    db: &DatabaseConnection,
    message: &notification::Model,
    now: chrono::DateTime<chrono::Utc>,
    how: &str,
) -> anyhow::Result<bool> {
    let claimed = notification::Entity::update_many()
        .col_expr(notification::Column::DeliveredAt, Expr::value(now))
        .col_expr(notification::Column::Delivery, Expr::value(how))
        .filter(notification::Column::Id.eq(message.id))
        .filter(notification::Column::DeliveredAt.is_null())
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

async fn send_smtp(
    smtp: &AsyncSmtpTransport<Tokio1Executor>,
    from: &str,
    recipient: &user::Model,
    message: &notification::Model,
) -> anyhow::Result<()> {
    let to: Mailbox = format!("{} <{}>", recipient.display_name, recipient.email).parse()?;
    let email = Message::builder().from(from.parse()?).to(to).subject(&message.title).body(message.body.clone())?;
    smtp.send(email).await?;
    Ok(())
}

async fn append_to_log(path: &Path, recipient: &user::Model, message: &notification::Model) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await?;
    }
    let mut file = tokio::fs::OpenOptions::new().create(true).append(true).open(path).await?;
    let block = format!(
        "---\nÀ : {} <{}>\nDate : {}\nObjet : {}\n\n{}\n",
        recipient.display_name,
        recipient.email,
        message.created_at.to_rfc3339(),
        message.title,
        message.body
    );
    file.write_all(block.as_bytes()).await?;
    Ok(())
}
