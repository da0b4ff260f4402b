//! Delivers the notification outbox by e-mail: SMTP through lettre when `MAGISTRA_SMTP_URL` is
//! set, else one block per message appended to the mail log. Each row is claimed by a
//! conditional update first, so two servers never send the same message twice. A refused message
//! waits longer after each temporary refusal and is given up on after a bound
//! (`shared::rules::delivery`); the School lists those that did not leave.

use std::path::Path;

use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::rules::delivery::{self, AfterFailure};
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

/// Delivers what is due; returns how many messages went out. A refused message is tried again
/// later or given up on, as `shared::rules::delivery` says.
pub async fn deliver_pending(state: &AppState, transport: &Transport) -> anyhow::Result<usize> {
    let db = &state.db;
    let now = state.clock.now();
    let pending = notification::Entity::find()
        .filter(notification::Column::DeliveredAt.is_null())
        .filter(notification::Column::AbandonedAt.is_null())
        .filter(
            Condition::any()
                .add(notification::Column::NextAttemptAt.is_null())
                .add(notification::Column::NextAttemptAt.lte(now)),
        )
        .order_by_asc(notification::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut sent = 0;
    for message in pending {
        if !claim(db, &message, now, transport.name()).await? {
            continue;
        }
        let Some(recipient) = user::Entity::find_by_id(message.user_id).one(db).await? else { continue };
        let result = match transport {
            Transport::Smtp(smtp) => send_smtp(smtp, &state.settings.mail_from, &recipient, &message).await,
            Transport::Log(path) => append_to_log(path, &recipient, &message).await.map_err(Refusal::temporary),
        };
        match result {
            Ok(()) => sent += 1,
            Err(refusal) => record_refusal(state, &message, refusal, now).await?,
        }
    }
    Ok(sent)
}

/// Why a message did not leave, as the School may read it.
#[derive(Debug)]
struct Refusal {
    permanent: bool,
    summary: String,
}

impl Refusal {
    fn temporary(error: impl std::fmt::Display) -> Self {
        Self { permanent: false, summary: error.to_string() }
    }
}

/// The longest refusal text kept.
const SUMMARY_CHARS: usize = 300;

/// Puts a refused message back in the outbox for a later attempt, or gives up on it.
async fn record_refusal(
    state: &AppState,
    message: &notification::Model,
    refusal: Refusal,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<()> {
    let attempts = message.delivery_attempts.saturating_add(1);
    let base = i64::try_from(state.settings.outbox_retry_base.as_secs()).unwrap_or(i64::MAX);
    let summary: String = refusal.summary.chars().take(SUMMARY_CHARS).collect();
    let (next_attempt, abandoned) =
        match delivery::after_failure(u32::try_from(attempts).unwrap_or(u32::MAX), refusal.permanent, base) {
            AfterFailure::RetryIn(seconds) => (Some(now + chrono::Duration::seconds(seconds)), None),
            AfterFailure::GiveUp => (None, Some(now)),
        };
    tracing::warn!(
        notification = message.id,
        attempts,
        permanent = refusal.permanent,
        given_up = abandoned.is_some(),
        refusal = %summary,
        "e-mail not delivered"
    );
    notification::Entity::update_many()
        .col_expr(notification::Column::DeliveredAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
        .col_expr(notification::Column::Delivery, Expr::value(Option::<String>::None))
        .col_expr(notification::Column::DeliveryAttempts, Expr::value(attempts))
        .col_expr(notification::Column::NextAttemptAt, Expr::value(next_attempt))
        .col_expr(notification::Column::DeliveryError, Expr::value(summary))
        .col_expr(notification::Column::AbandonedAt, Expr::value(abandoned))
        .filter(notification::Column::Id.eq(message.id))
        .exec(&state.db)
        .await?;
    Ok(())
}

/// Takes `message` for this server; `false` when another took it first.
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
) -> Result<(), Refusal> {
    let unusable = |what: &str| Refusal { permanent: true, summary: format!("adresse inutilisable ({what})") };
    let to: Mailbox =
        format!("{} <{}>", recipient.display_name, recipient.email).parse().map_err(|_| unusable("destinataire"))?;
    let from: Mailbox = from.parse().map_err(|_| unusable("expéditeur"))?;
    let email = Message::builder()
        .from(from)
        .to(to)
        .subject(&message.title)
        .body(message.body.clone())
        .map_err(|_| unusable("message"))?;
    smtp.send(email).await.map(drop).map_err(|e| Refusal { permanent: e.is_permanent(), summary: e.to_string() })
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
