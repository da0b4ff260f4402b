//! A training action as the programme shows it.

use async_graphql::{Context, Object, ID};
use chrono::{DateTime, Utc};
use shared::rules::{confirmation_due, seats_left};
use shared::{Scope, SessionFormat, SessionStatus};

use crate::entities::session;
use crate::graphql::context::state;
use crate::graphql::loaders::{load, CourtKey, SessionCourtsKey, WaitlistLengthKey};
use crate::graphql::scalars::Date;
use crate::services::sessions::is_open;

use super::permissions::SessionPermissions;
use super::Court;

/// A training action (session, cycle, atelier, stage…) of the national or a deconcentrated programme.
pub struct Session(pub session::Model);

#[Object]
impl Session {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// The programme code, e.g. `N27-0042`.
    async fn code(&self) -> &str {
        self.0.code.as_deref().unwrap_or_default()
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn format(&self) -> SessionFormat {
        self.0.format
    }
    async fn scope(&self) -> Scope {
        self.0.scope
    }
    /// The courts of a deconcentrated action; empty for a national one.
    async fn courts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Court>> {
        let ids = load(ctx, SessionCourtsKey(self.0.id)).await?.unwrap_or_default();
        let mut courts = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(c) = load(ctx, CourtKey(id)).await? {
                courts.push(Court(c));
            }
        }
        Ok(courts)
    }
    /// The programme year (year of the start date).
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn start_date(&self) -> Date {
        Date(self.0.start_date)
    }
    async fn end_date(&self) -> Date {
        Date(self.0.end_date)
    }
    /// Days of training, in half-day steps.
    async fn duration_days(&self) -> f64 {
        f64::from(self.0.duration_half_days) / 2.0
    }
    async fn location(&self) -> Option<&str> {
        self.0.location.as_deref()
    }
    async fn capacity(&self) -> i32 {
        self.0.capacity
    }
    /// Seats held by selected, confirmed or attending magistrates.
    async fn seats_taken(&self) -> i32 {
        self.0.seats_taken
    }
    async fn seats_left(&self) -> i32 {
        seats_left(self.0.capacity, self.0.seats_taken)
    }
    async fn waitlist_length(&self, ctx: &Context<'_>) -> async_graphql::Result<i64> {
        Ok(load(ctx, WaitlistLengthKey(self.0.id)).await?.unwrap_or(0))
    }
    async fn applications_open(&self) -> Date {
        Date(self.0.applications_open)
    }
    async fn applications_close(&self) -> Date {
        Date(self.0.applications_close)
    }
    /// Whether applications are accepted today.
    async fn open_for_applications(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(is_open(&self.0, state(ctx)?.clock.now()))
    }
    /// The day by which a magistrate selected today would have to confirm (art. 131).
    async fn confirmation_due_date(&self, ctx: &Context<'_>) -> async_graphql::Result<Date> {
        Ok(Date(confirmation_due(self.0.start_date, self.0.today(state(ctx)?.clock.now()))))
    }
    async fn status(&self) -> SessionStatus {
        self.0.status
    }
    async fn cancel_reason(&self) -> Option<&str> {
        self.0.cancel_reason.as_deref()
    }
    /// The functions the action is meant for, by their present name in the reference list; empty
    /// when open to all.
    async fn target_functions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<String>> {
        let ids = self.0.target_function_ids();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let found = crate::graphql::loaders::get(ctx)?
            .load_many(ids.iter().map(|id| crate::graphql::loaders::FunctionKey(*id)))
            .await
            .map_err(crate::error::AppError::internal)?;
        Ok(ids
            .iter()
            .filter_map(|id| found.get(&crate::graphql::loaders::FunctionKey(*id)))
            .map(|f| f.name.clone())
            .collect())
    }
    /// Prise-de-fonction training (art. 126) for the target functions (for any, without target).
    async fn onboarding(&self) -> bool {
        self.0.onboarding
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
    /// What the caller may do with this session.
    async fn viewer_can(&self, ctx: &Context<'_>) -> async_graphql::Result<SessionPermissions> {
        SessionPermissions::of(ctx, &self.0).await
    }
}
