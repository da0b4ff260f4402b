//! Delivers the notification outbox by e-mail: SMTP through lettre when `MAGISTRA_SMTP_URL` is
//! set, else one block per message appended to the mail log. Each e-mail is multipart (plain text,
//! simple HTML, and the calendar it carries), composed by `mail_content`. Each row is claimed by a
//! conditional update first, so two servers never send the same message twice. A refused message
//! waits longer after each temporary refusal and is given up on after a bound
//! (`shared::rules::delivery`); the School lists those that did not leave.

use std::path::Path;

use lettre::message::header::ContentType;
use lettre::message::{Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::rules::delivery::{self, AfterFailure};
use tokio::io::AsyncWriteExt;

use crate::entities::{notification, user};
use crate::mail_content::{compose, Composed};
use crate::settings::Settings;
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

/// How long a message may stay « being sent » before the outbox concludes that the server sending
/// it stopped midway (a send takes seconds; SMTP gives up after a minute).
const SENDING_LEASE_MINUTES: i64 = 10;

/// Marks the message of an in-flight send.
const SENDING: &str = "envoi";

/// Delivers what is due; returns how many messages went out. A refused message is tried again
/// later or given up on, as `shared::rules::delivery` says. A refusal that is not about one
/// recipient (the mail server away, a login refused) ends the pass: the next messages would meet
/// the same, and each keeps its own count of attempts.
pub async fn deliver_pending(state: &AppState, transport: &Transport) -> anyhow::Result<usize> {
    let db = &state.db;
    give_up_interrupted(state).await?;
    let pending = notification::Entity::find()
        .filter(notification::Column::DeliveredAt.is_null())
        .filter(notification::Column::AbandonedAt.is_null())
        .filter(
            Condition::any()
                .add(notification::Column::NextAttemptAt.is_null())
                .add(notification::Column::NextAttemptAt.lte(state.clock.now())),
        )
        .order_by_asc(notification::Column::Id)
        .limit(BATCH)
        .all(db)
        .await?;
    let mut sent = 0;
    for message in pending {
        let now = state.clock.now();
        if !claim(db, &message, now).await? {
            continue;
        }
        let Some(recipient) = user::Entity::find_by_id(message.user_id).one(db).await? else {
            let gone = Refusal { permanent: true, about_recipient: true, summary: "destinataire introuvable".into() };
            record_refusal(state, &message, gone, now).await?;
            continue;
        };
        let composed = match compose(&state.db, &message, &recipient.display_name, &state.settings.public_url).await {
            Ok(composed) => composed,
            Err(e) => {
                record_refusal(state, &message, Refusal::temporary(e), now).await?;
                continue;
            }
        };
        let result = match transport {
            Transport::Smtp(smtp) => send_smtp(smtp, &state.settings, &recipient, &composed).await,
            Transport::Log(path) => {
                append_to_log(path, &recipient, &message, &composed).await.map_err(Refusal::temporary)
            }
        };
        match result {
            Ok(()) => {
                mark_sent(db, &message, transport.name()).await?;
                sent += 1;
            }
            Err(refusal) => {
                let stop = !refusal.about_recipient;
                record_refusal(state, &message, refusal, now).await?;
                if stop {
                    break;
                }
            }
        }
    }
    Ok(sent)
}

/// Sends still « in flight » after the lease were cut by a stop of the server: the message may have
/// left or not. It is not sent again (never twice); it is given up on and shown to the School.
async fn give_up_interrupted(state: &AppState) -> anyhow::Result<()> {
    let now = state.clock.now();
    notification::Entity::update_many()
        .col_expr(notification::Column::DeliveredAt, Expr::value(Option::<chrono::DateTime<chrono::Utc>>::None))
        .col_expr(notification::Column::Delivery, Expr::value(Option::<String>::None))
        .col_expr(notification::Column::AbandonedAt, Expr::value(now))
        .col_expr(notification::Column::DeliveryAttempts, Expr::col(notification::Column::DeliveryAttempts).add(1))
        .col_expr(
            notification::Column::DeliveryError,
            Expr::value("envoi interrompu par un arrêt du serveur : le message a pu partir ou non"),
        )
        .filter(notification::Column::Delivery.eq(SENDING))
        .filter(notification::Column::DeliveredAt.lt(now - chrono::Duration::minutes(SENDING_LEASE_MINUTES)))
        .exec(&state.db)
        .await?;
    Ok(())
}

/// Records that `message` left by `how` (`smtp` or `log`).
async fn mark_sent(db: &DatabaseConnection, message: &notification::Model, how: &str) -> anyhow::Result<()> {
    notification::Entity::update_many()
        .col_expr(notification::Column::Delivery, Expr::value(how))
        .filter(notification::Column::Id.eq(message.id))
        .filter(notification::Column::Delivery.eq(SENDING))
        .exec(db)
        .await?;
    Ok(())
}

/// Why a message did not leave, as the School may read it.
#[derive(Debug)]
struct Refusal {
    permanent: bool,
    /// The refusal is about this message's recipient; else about the mail server itself.
    about_recipient: bool,
    summary: String,
}

impl Refusal {
    fn temporary(error: impl std::fmt::Display) -> Self {
        Self { permanent: false, about_recipient: false, summary: error.to_string() }
    }
}

/// SMTP codes that refuse one mailbox for good (RFC 5321): unknown or refused mailbox, not local,
/// mailbox name not allowed. Any other refusal (a login refused, a relay or policy refusal) may
/// come from the configuration or the server and is tried again later.
const MAILBOX_REFUSALS: [&str; 3] = ["550", "551", "553"];

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

/// Takes `message` for this server, as it was read; `false` when another took it, gave it up or
/// tried it meanwhile.
async fn claim(
    db: &DatabaseConnection,
    message: &notification::Model,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<bool> {
    let claimed = notification::Entity::update_many()
        .col_expr(notification::Column::DeliveredAt, Expr::value(now))
        .col_expr(notification::Column::Delivery, Expr::value(SENDING))
        .filter(notification::Column::Id.eq(message.id))
        .filter(notification::Column::DeliveredAt.is_null())
        .filter(notification::Column::AbandonedAt.is_null())
        .filter(notification::Column::DeliveryAttempts.eq(message.delivery_attempts))
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// The e-mail of `composed`: plain text and HTML as alternatives, and the calendar beside them as
/// `text/calendar` with its method (RFC 6047), so that a calendar client offers to add it.
fn build(settings: &Settings, to: Mailbox, composed: &Composed) -> Result<Message, Refusal> {
    let from: Mailbox =
        settings.mail_from.parse().map_err(|_| Refusal::temporary("adresse d’expédition mal configurée"))?;
    let mut builder = Message::builder().from(from).to(to).subject(&composed.subject);
    if let Some(reply_to) = &settings.mail_reply_to {
        let reply_to: Mailbox =
            reply_to.parse().map_err(|_| Refusal::temporary("adresse de réponse mal configurée"))?;
        builder = builder.reply_to(reply_to);
    }
    let mut body = MultiPart::alternative()
        .singlepart(SinglePart::plain(composed.plain.clone()))
        .singlepart(SinglePart::builder().header(ContentType::TEXT_HTML).body(composed.html.clone()));
    if let Some((calendar, method)) = &composed.calendar {
        let kind = ContentType::parse(&format!("text/calendar; charset=utf-8; method={method}"))
            .map_err(|_| Refusal::temporary("type de calendrier invalide"))?;
        body = body.singlepart(SinglePart::builder().header(kind).body(calendar.clone()));
    }
    builder.multipart(body).map_err(|_| Refusal {
        permanent: true,
        about_recipient: true,
        summary: "message impossible à composer".into(),
    })
}

async fn send_smtp(
    smtp: &AsyncSmtpTransport<Tokio1Executor>,
    settings: &Settings,
    recipient: &user::Model,
    composed: &Composed,
) -> Result<(), Refusal> {
    let unusable = |what: &str| Refusal {
        permanent: true,
        about_recipient: true,
        summary: format!("adresse inutilisable ({what})"),
    };
    let to = Mailbox::new(
        Some(recipient.display_name.clone()),
        recipient.email.parse().map_err(|_| unusable("destinataire"))?,
    );
    let email = build(settings, to, composed)?;
    smtp.send(email).await.map(drop).map_err(|e| {
        let summary = e.to_string();
        let mailbox =
            e.is_permanent() && e.status().is_some_and(|code| MAILBOX_REFUSALS.contains(&code.to_string().as_str()));
        Refusal { permanent: mailbox, about_recipient: mailbox, summary }
    })
}

async fn append_to_log(
    path: &Path,
    recipient: &user::Model,
    message: &notification::Model,
    composed: &Composed,
) -> anyhow::Result<()> {
    if let Some(dir) = path.parent() {
        tokio::fs::create_dir_all(dir).await?;
    }
    let mut file = tokio::fs::OpenOptions::new().create(true).append(true).open(path).await?;
    let mut block = format!(
        "---\nÀ : {} <{}>\nDate : {}\nObjet : {}\n\n{}",
        recipient.display_name,
        recipient.email,
        message.created_at.to_rfc3339(),
        composed.subject,
        composed.plain
    );
    if let Some((calendar, method)) = &composed.calendar {
        block.push_str(&format!("\n[calendrier joint, {method}]\n{}", calendar.replace("\r\n", "\n")));
    }
    file.write_all(block.as_bytes()).await?;
    Ok(())
}
