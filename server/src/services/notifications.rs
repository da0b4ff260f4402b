//! The notification outbox: written in the transaction of the change it reports, read in the app,
//! delivered by e-mail by `mailer`.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use shared::{NotificationKind, Role};

use crate::entities::{notification, role_assignment};
use crate::error::AppResult;

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

/// Queues `message` for `user_id`.
pub async fn send(db: &impl ConnectionTrait, user_id: i64, message: &Message, now: DateTime<Utc>) -> AppResult<()> {
    notification::ActiveModel {
        user_id: Set(user_id),
        kind: Set(message.kind),
        title: Set(message.title.clone()),
        body: Set(message.body.clone()),
        session_id: Set(message.session_id),
        application_id: Set(message.application_id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
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
    let mut users: Vec<i64> = query.all(db).await?.into_iter().map(|r| r.user_id).collect();
    users.sort_unstable();
    users.dedup();
    for user_id in users {
        send(db, user_id, message, now).await?;
    }
    Ok(())
}

/// The caller's notifications, newest first.
pub async fn list(env: &Env<'_>, unread_only: bool, window: ListWindow) -> AppResult<Vec<notification::Model>> {
    let mut query = notification::Entity::find().filter(notification::Column::UserId.eq(env.user.id));
    if unread_only {
        query = query.filter(notification::Column::ReadAt.is_null());
    }
    Ok(query.order_by_desc(notification::Column::Id).offset(window.offset).limit(window.first).all(env.db).await?)
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
