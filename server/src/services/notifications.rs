//! The notification outbox: written in the transaction of the change it reports, read in the app,
//! delivered by e-mail by `mailer`.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set, Statement,
};
use shared::{Bench, NotificationKind, Role};

use crate::auth::policy;
use crate::entities::{magistrate, notification, role_assignment, user};
use crate::error::AppResult;
use crate::events::{NotificationAdded, NOTIFICATION_CHANNEL};

use super::audit::{self, Change};
use super::Env;
use super::ListWindow;

/// A message to write to the outbox.
#[derive(Clone)]
pub struct Message {
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub session_id: Option<i64>,
    pub application_id: Option<i64>,
}

/// The outbox row of `message` to `user_id`.
fn row(user_id: i64, message: &Message, now: DateTime<Utc>) -> notification::ActiveModel {
    with_calendar(user_id, message, None, now)
}

/// The outbox row of `message` to `user_id`, carrying `calendar` (RFC 5546) when given.
fn with_calendar(
    user_id: i64,
    message: &Message,
    calendar: Option<String>,
    now: DateTime<Utc>,
) -> notification::ActiveModel {
    notification::ActiveModel {
        user_id: Set(user_id),
        kind: Set(message.kind),
        title: Set(message.title.clone()),
        body: Set(message.body.clone()),
        session_id: Set(message.session_id),
        application_id: Set(message.application_id),
        created_at: Set(now),
        calendar: Set(calendar),
        ..Default::default()
    }
}

/// Whether a message of `kind` went out today on the School's clock: the daily digests (art. 129,
/// 130) go once a day.
pub async fn sent_today(db: &impl ConnectionTrait, kind: NotificationKind, now: DateTime<Utc>) -> AppResult<bool> {
    let today = shared::rules::local_time::school_today(now);
    let since =
        shared::rules::local_time::at_local(today, chrono::NaiveTime::MIN, shared::rules::local_time::SCHOOL_TIME_ZONE);
    let sent = notification::Entity::find()
        .filter(notification::Column::Kind.eq(kind))
        .filter(notification::Column::CreatedAt.gte(since))
        .count(db)
        .await?;
    Ok(sent > 0)
}

/// Queues `message` for `user_id`.
pub async fn send(db: &impl ConnectionTrait, user_id: i64, message: &Message, now: DateTime<Utc>) -> AppResult<()> {
    let added = row(user_id, message, now).insert(db).await.map(|row| NotificationAdded { id: row.id, user_id })?;
    announce(db, added).await
}

/// Queues `message` for `user_id` with the calendar object it carries (an invitation, its update
/// or its cancellation).
pub async fn send_calendar(
    db: &impl ConnectionTrait,
    user_id: i64,
    message: &Message,
    calendar: String,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let inserted = with_calendar(user_id, message, Some(calendar), now).insert(db).await?;
    announce(db, NotificationAdded { id: inserted.id, user_id }).await
}

/// Queues many messages at once, each to its user: rows inserted four thousand at a time (28,000
/// parameters, under both databases' limits) and, on PostgreSQL, one `NOTIFY` statement for each
/// of those (a national adoption sends 30,000 notices).
pub async fn send_many(db: &impl ConnectionTrait, messages: &[(i64, Message)], now: DateTime<Utc>) -> AppResult<()> {
    let postgres = db.get_database_backend() == DatabaseBackend::Postgres;
    for chunk in messages.chunks(4000) {
        let rows = chunk.iter().map(|(user_id, message)| row(*user_id, message, now));
        if !postgres {
            // SQLite's new rows are followed by `Events::follow_notifications`.
            notification::Entity::insert_many(rows).exec_without_returning(db).await?;
            continue;
        }
        let ids = notification::Entity::insert_many(rows).exec_with_returning_keys(db).await?;
        let payloads: Vec<String> = ids
            .into_iter()
            .zip(chunk)
            .map(|(id, (user_id, _))| NotificationAdded { id, user_id: *user_id }.encode())
            .collect();
        let statement = Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, payload) FROM unnest(string_to_array($2, ',')) AS payload",
            [NOTIFICATION_CHANNEL.into(), payloads.join(",").into()],
        );
        db.execute_raw(statement).await?;
    }
    Ok(())
}

/// Tells `notificationAdded` about a new row. On PostgreSQL the `NOTIFY` is part of the
/// transaction, so it is heard once committed, or never; SQLite's rows are followed by
/// `Events::follow_notifications`.
async fn announce(db: &impl ConnectionTrait, added: NotificationAdded) -> AppResult<()> {
    if db.get_database_backend() == DatabaseBackend::Postgres {
        let statement = Statement::from_sql_and_values(
            DatabaseBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [NOTIFICATION_CHANNEL.into(), added.encode().into()],
        );
        db.execute_raw(statement).await?;
    }
    Ok(())
}

/// Queues `message` for every holder of `role`, in `court_id` when given.
pub async fn send_to_role(
    db: &impl ConnectionTrait,
    role: Role,
    court_id: Option<i64>,
    message: &Message,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut query = role_assignment::Entity::find().filter(role_assignment::Column::Role.eq(role));
    if let Some(court_id) = court_id {
        query = query.filter(role_assignment::Column::CourtId.eq(court_id));
    }
    let users: Vec<i64> = query.all(db).await?.into_iter().map(|r| r.user_id).collect();
    send_to_each(db, users, message, now).await
}

/// Sends `message` once to each of `users`, however often they are named.
async fn send_to_each(
    db: &impl ConnectionTrait,
    mut users: Vec<i64>,
    message: &Message,
    now: DateTime<Utc>,
) -> AppResult<()> {
    users.sort_unstable();
    users.dedup();
    for user_id in users {
        send(db, user_id, message, now).await?;
    }
    Ok(())
}

/// Sends `message` to the head of court of `court_id` who is the head of a magistrate of `bench`:
/// the premier président for the bench, the procureur général for the prosecution (art. 134), read
/// from the heads' own careers. When no head's career says so, every head of the court is told, so
/// that the notice is never lost.
pub async fn send_to_own_head_of_court(
    db: &impl ConnectionTrait,
    court_id: i64,
    bench: Bench,
    message: &Message,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let heads: Vec<i64> = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq(Role::HeadOfCourt))
        .filter(role_assignment::Column::CourtId.eq(court_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let own: Vec<i64> = magistrate::Entity::find()
        .filter(magistrate::Column::UserId.is_in(heads.clone()))
        .filter(magistrate::Column::Bench.eq(bench))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    send_to_each(db, if own.is_empty() { heads } else { own }, message, now).await
}

/// The caller's notification `id`, if it is theirs.
pub async fn own(db: &impl ConnectionTrait, user_id: i64, id: i64) -> AppResult<Option<notification::Model>> {
    Ok(notification::Entity::find_by_id(id).filter(notification::Column::UserId.eq(user_id)).one(db).await?)
}

/// The caller's notifications, newest first.
pub async fn list(env: &Env<'_>, unread_only: bool, window: ListWindow) -> AppResult<Vec<notification::Model>> {
    let mut query = notification::Entity::find().filter(notification::Column::UserId.eq(env.user.id));
    if unread_only {
        query = query.filter(notification::Column::ReadAt.is_null());
    }
    Ok(query.order_by_desc(notification::Column::Id).offset(window.offset).limit(window.first).all(env.db).await?)
}

/// The e-mails that did not leave at their last attempt (waiting for another or given up on),
/// newest first, each with its recipient: the School's view of the outbox.
pub async fn undelivered(
    env: &Env<'_>,
    window: ListWindow,
) -> AppResult<Vec<(notification::Model, Option<user::Model>)>> {
    policy::ensure(policy::can_watch_outbox(env.user))?;
    Ok(notification::Entity::find()
        .filter(notification::Column::DeliveryAttempts.gt(0))
        .filter(notification::Column::DeliveredAt.is_null())
        .order_by_desc(notification::Column::Id)
        .offset(window.offset)
        .limit(window.first)
        .find_also_related(user::Entity)
        .all(env.db)
        .await?)
}

/// Marks the caller's notifications `ids` read; others' ids are ignored. Returns how many changed.
pub async fn mark_read(env: &Env<'_>, ids: &[i64]) -> AppResult<u64> {
    let txn = crate::db::begin_write(env.db).await?;
    let changed = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(env.now))
        .filter(notification::Column::UserId.eq(env.user.id))
        .filter(notification::Column::Id.is_in(ids.iter().copied()))
        .filter(notification::Column::ReadAt.is_null())
        .exec(&txn)
        .await?
        .rows_affected;
    if changed > 0 {
        audit::record(
            &txn,
            Change::by(
                env,
                "notifications.read",
                "user",
                env.user.id,
                None,
                Some(serde_json::json!({ "ids": ids, "changed": changed })),
            ),
        )
        .await?;
    }
    txn.commit().await?;
    Ok(changed)
}
