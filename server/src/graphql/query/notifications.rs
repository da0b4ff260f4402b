//! `notifications`, and what the School follows: `undeliveredEmails`, `lastDeadlineSweep`.

use async_graphql::{Context, Object};

use crate::graphql::context::env;
use crate::graphql::mutation::cycle::SweepReport;
use crate::graphql::types::connection::{list_weight, list_window};
use crate::graphql::types::{Notification, UndeliveredEmail};
use crate::services::{notifications, sweep};

#[derive(Default)]
pub struct NotificationQuery;

#[Object]
impl NotificationQuery {
    /// The caller's notifications, newest first, `first` (100 by default, 200 at most) after `offset`.
    #[graphql(complexity = "list_weight(first) * child_complexity")]
    async fn notifications(
        &self,
        ctx: &Context<'_>,
        unread_only: Option<bool>,
        first: Option<i32>,
        offset: Option<i32>,
    ) -> async_graphql::Result<Vec<Notification>> {
        let window = list_window(first, offset)?;
        let rows = notifications::list(&env(ctx)?, unread_only.unwrap_or(false), window).await?;
        Ok(rows.into_iter().map(Notification).collect())
    }

    /// E-mails that did not leave at their last attempt, newest first (the School only).
    #[graphql(complexity = "list_weight(first) * child_complexity")]
    async fn undelivered_emails(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        offset: Option<i32>,
    ) -> async_graphql::Result<Vec<UndeliveredEmail>> {
        let window = list_window(first, offset)?;
        let rows = notifications::undelivered(&env(ctx)?, window).await?;
        Ok(rows.into_iter().map(|(message, recipient)| UndeliveredEmail { message, recipient }).collect())
    }

    /// When the deadline sweep last ran and what it did (the School only); none before its first run.
    async fn last_deadline_sweep(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<SweepReport>> {
        let last = sweep::last(&env(ctx)?).await?;
        Ok(last.map(|run| SweepReport::of(run.at, run.by_timer, run.outcome)))
    }
}
