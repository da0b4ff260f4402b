//! `notifications`.

use async_graphql::{Context, Object};

use crate::graphql::context::env;
use crate::graphql::types::Notification;
use crate::services::notifications;

#[derive(Default)]
pub struct NotificationQuery;

#[Object]
impl NotificationQuery {
    /// The caller's notifications, newest first.
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        unread_only: Option<bool>,
    ) -> async_graphql::Result<Vec<Notification>> {
        let rows = notifications::list(&env(ctx)?, unread_only.unwrap_or(false)).await?;
        Ok(rows.into_iter().map(Notification).collect())
    }
}
