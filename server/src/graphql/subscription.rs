//! `notificationAdded`: each notification the caller receives, once its change is committed.
//!
//! `budgetChanged(courtId)`: every open dashboard of a court gets its new figures within a second
//! of a recorded expense or a change of credits (art. 139), over GraphQL on WebSocket. The figures
//! of one change are computed once and shared by every subscriber ([`crate::live::FanOut`]); a
//! subscription ends when its token expires, is revoked or its account is disabled.

use std::sync::Arc;

use async_graphql::{Context, Subscription, ID};
use futures::stream::{self, Stream, StreamExt};
use tokio::sync::broadcast::error::RecvError;

use crate::auth::policy;
use crate::graphql::context::{parse_id, state, user};
use crate::graphql::types::budget::CourtBudget;
use crate::graphql::types::Notification;
use crate::live::{self, SlotKind};
use crate::services::{dashboard, notifications};

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
        let caller = user(ctx)?;
        let court_id = parse_id(&court_id, "Cour d’appel")?;
        policy::ensure(policy::can_read_court_budget(caller, court_id))?;
        let slot = state.live.take(caller.id, SlotKind::Subscription)?;
        let events = state.events.subscribe_budget();
        let db = state.db.clone();
        let recheck = state.settings.live_recheck;
        let changes = stream::unfold((events, state), move |(mut events, state)| async move {
            loop {
                match events.recv().await {
                    Ok(heard) if heard.change.court_id == court_id && year.is_none_or(|y| y == heard.change.year) => {
                        let figures = state
                            .budget_fan_out
                            .get_or_compute(heard.seq, || async {
                                state.figures_computed.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                                match dashboard::figures(&state.db, court_id, heard.change.year).await {
                                    Ok(figures) => Some(Arc::new(figures)),
                                    Err(e) => {
                                        tracing::error!(error = ?e, "budgetChanged: figures unavailable");
                                        None
                                    }
                                }
                            })
                            .await;
                        if let Some(figures) = figures {
                            return Some((CourtBudget((*figures).clone()), (events, state)));
                        }
                    }
                    Ok(_) | Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                }
            }
        })
        .boxed();
        Ok(live::guarded(changes, db, caller.token.clone(), recheck, slot))
    }

    /// Each notification for the caller, as it is written (the unread count follows it).
    async fn notification_added(&self, ctx: &Context<'_>) -> async_graphql::Result<impl Stream<Item = Notification>> {
        let state = state(ctx)?.clone();
        let caller = user(ctx)?;
        let user_id = caller.id;
        let slot = state.live.take(user_id, SlotKind::Subscription)?;
        let events = state.events.subscribe_notifications();
        let db = state.db.clone();
        let added = stream::unfold((events, db.clone()), move |(mut events, db)| async move {
            loop {
                match events.recv().await {
                    Ok(heard) if heard.user_id == user_id => match notifications::own(&db, user_id, heard.id).await {
                        Ok(Some(row)) => return Some((Notification(row), (events, db))),
                        Ok(None) => continue,
                        Err(e) => tracing::error!(error = ?e, "notificationAdded: notification unavailable"),
                    },
                    Ok(_) | Err(RecvError::Lagged(_)) => continue,
                    Err(RecvError::Closed) => return None,
                }
            }
        })
        .boxed();
        Ok(live::guarded(added, db, caller.token.clone(), state.settings.live_recheck, slot))
    }
}
