//! Calendars of participations (RFC 5545, 5546). A confirmation sends the magistrate an invitation;
//! a move of the action sends its update; a withdrawal or a cancellation sends `METHOD:CANCEL`, each
//! with the participation's one `UID` and the next `SEQUENCE`, kept on the application. And a
//! person may open a secret calendar address, revocable, that a calendar client subscribes to: the
//! actions they confirmed.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use sha2::{Digest, Sha256};
use shared::ApplicationStatus;

use crate::auth::policy;
use crate::calendar::{self, Attendee, Entry, Method};
use crate::db::begin_write;
use crate::entities::{application, session, user};
use crate::error::{AppError, AppResult};

use super::audit::{self, Change};
use super::notifications::{self, Message};
use super::Env;

/// Sends `message` to the magistrate of `app` with the calendar object of its participation under
/// `method`, and keeps the `SEQUENCE` used. A cancellation of a participation never invited
/// carries no calendar (there is no entry to remove): the message goes alone.
pub async fn send_with_calendar(
    db: &impl ConnectionTrait,
    app: &application::Model,
    session: &session::Model,
    method: Method,
    message: &Message,
    organizer: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if method == Method::Cancel && app.calendar_sequence.is_none() {
        return notifications::send(db, app.magistrate_id, message, now).await;
    }
    let sequence = app.calendar_sequence.map_or(0, |last| last.saturating_add(1));
    application::Entity::update_many()
        .col_expr(application::Column::CalendarSequence, Expr::value(sequence))
        .filter(application::Column::Id.eq(app.id))
        .exec(db)
        .await?;
    let person =
        user::Entity::find_by_id(app.magistrate_id).one(db).await?.ok_or_else(|| AppError::not_found("Magistrat"))?;
    let entry = Entry {
        application_id: app.id,
        sequence,
        session,
        attendee: Attendee { name: &person.display_name, email: &person.email },
    };
    let body = calendar::render(method, &session.title, &[entry], organizer, now);
    notifications::send_calendar(db, app.magistrate_id, message, body, now).await
}

/// The calendar (`METHOD:PUBLISH`) of the actions `magistrate_id` confirmed, each under the `UID`
/// and the last `SEQUENCE` of its invitations. The caller has checked who may read it.
pub async fn confirmed_actions(
    db: &DatabaseConnection,
    magistrate_id: i64,
    organizer: &str,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let person =
        user::Entity::find_by_id(magistrate_id).one(db).await?.ok_or_else(|| AppError::not_found("Magistrat"))?;
    let confirmed = application::Entity::find()
        .filter(application::Column::MagistrateId.eq(magistrate_id))
        .filter(application::Column::Status.is_in([
            ApplicationStatus::Confirmed,
            ApplicationStatus::Attended,
            ApplicationStatus::Partial,
        ]))
        .all(db)
        .await?;
    let sessions = session::Entity::find()
        .filter(session::Column::Id.is_in(confirmed.iter().map(|a| a.session_id)))
        .order_by_asc(session::Column::StartDate)
        .all(db)
        .await?;
    let entries: Vec<Entry<'_>> = sessions
        .iter()
        .filter_map(|s| {
            let app = confirmed.iter().find(|a| a.session_id == s.id)?;
            Some(Entry {
                application_id: app.id,
                sequence: app.calendar_sequence.unwrap_or(0),
                session: s,
                attendee: Attendee { name: &person.display_name, email: &person.email },
            })
        })
        .collect();
    Ok(calendar::render(Method::Publish, "Mes formations — ENM", &entries, organizer, now))
}

/// The digest stored for a calendar address's secret.
fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// The path of the calendar address of `token`.
pub fn feed_path(token: &str) -> String {
    format!("/calendar/{token}.ics")
}

/// Opens a new calendar address for the caller, closing any previous one; returns its secret,
/// shown once (only its digest is kept).
pub async fn open_feed(env: &Env<'_>) -> AppResult<String> {
    policy::ensure(policy::can_subscribe_to_own_calendar(env.user))?;
    let token = crate::settings::random_secret();
    set_feed(env, Some(digest(&token)), "calendar.feed_open").await?;
    Ok(token)
}

/// Closes the caller's calendar address: a client subscribed to it gets nothing more.
pub async fn close_feed(env: &Env<'_>) -> AppResult<bool> {
    policy::ensure(policy::can_subscribe_to_own_calendar(env.user))?;
    set_feed(env, None, "calendar.feed_close").await
}

async fn set_feed(env: &Env<'_>, hash: Option<String>, action: &'static str) -> AppResult<bool> {
    let txn = begin_write(env.db).await?;
    let before = user::Entity::find_by_id(env.user.id).one(&txn).await?.ok_or_else(|| AppError::not_found("Compte"))?;
    let had = before.calendar_token_hash.is_some();
    user::Entity::update_many()
        .col_expr(user::Column::CalendarTokenHash, Expr::value(hash.clone()))
        .filter(user::Column::Id.eq(env.user.id))
        .exec(&txn)
        .await?;
    audit::record(
        &txn,
        Change::by(
            env,
            action,
            "user",
            env.user.id,
            Some(serde_json::json!({ "calendarFeed": had })),
            Some(serde_json::json!({ "calendarFeed": hash.is_some() })),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(had || hash.is_some())
}

/// The calendar behind the secret `token`, if it is open and its person still active.
pub async fn feed(
    db: &DatabaseConnection,
    token: &str,
    organizer: &str,
    now: DateTime<Utc>,
) -> AppResult<Option<String>> {
    if token.len() < 32 || !token.chars().all(|c| c.is_ascii_alphanumeric()) {
        return Ok(None);
    }
    let Some(person) = user::Entity::find()
        .filter(user::Column::CalendarTokenHash.eq(digest(token)))
        .filter(user::Column::Active.eq(true))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(confirmed_actions(db, person.id, organizer, now).await?))
}
