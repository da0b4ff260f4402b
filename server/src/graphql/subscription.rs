//! `budgetChanged(courtId)`: every open dashboard of a court gets its new figures within a second
//! of a recorded expense or a change of credits (art. 139), over GraphQL on WebSocket.

use async_graphql::{Context, Subscription, ID};
use futures::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use crate::auth::policy;
use crate::error::AppError;
use crate::graphql::context::{parse_id, state, user};
use crate::graphql::types::budget::CourtBudget;
use crate::services::dashboard;

#[derive(Default)]
pub struct Subscription;

#[Subscription]
impl Subscription {
    /// The court's budget figures, pushed after each change; `year` limits it to one year.
    async fn budget_changed(
        &self,
        ctx: &Context<'_>,
        court_id: ID,
        year: Option<i32>,
    ) -> async_graphql::Result<impl Stream<Item = CourtBudget>> {
        let state = state(ctx)?.clone();
        let court_id = parse_id(&court_id, "Cour d’appel")?;
        if !policy::can_read_court_budget(user(ctx)?, court_id) {
            return Err(AppError::forbidden().into());
        }
        let events = state.events.subscribe_budget();
        Ok(stream::unfold((events, state), move |(mut events, state)| async move {
            loop {
                match events.recv().await {
                    Ok(event) if event.court_id == court_id && year.is_none_or(|y| y == event.year) => {
                        match dashboard::figures(&state.db, court_id, event.year).await {
                            Ok(figures) => return Some((CourtBudget(figures), (events, state))),
                            Err(e) => tracing::error!(error = ?e, "budgetChanged: figures unavailable"),
                        }
                    }
                    Ok(_) | Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                }
            }
        })
        .boxed())
    }
}
