//! `markNotificationsRead`.

use async_graphql::{Context, Object, ID};

use crate::error::AppError;
use crate::graphql::context::env;
use crate::services::notifications;

#[derive(Default)]
pub struct NotificationMutation;

#[Object]
impl NotificationMutation {
    /// Marks the caller's notifications read; returns how many changed.
    async fn mark_notifications_read(&self, ctx: &Context<'_>, ids: Vec<ID>) -> async_graphql::Result<i32> {
        let env = env(ctx)?;
        if ids.len() > 500 {
            return Err(AppError::validation("ids", "500 notifications au plus").into());
        }
        let ids: Vec<i64> = ids.iter().filter_map(|id| id.parse().ok()).collect();
        Ok(notifications::mark_read(&env, &ids).await? as i32)
    }
}
