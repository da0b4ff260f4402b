//! Background work inside the server: the deadline sweep on a timer (art. 131) and the outbox
//! delivery loop.

use crate::mailer::{self, Transport};
use crate::services::sweep;
use crate::state::AppState;

/// Runs the sweep every `sweep_interval`, for as long as the server runs.
pub async fn run_sweeps(state: AppState) {
    let mut tick = tokio::time::interval(state.settings.sweep_interval);
    loop {
        tick.tick().await;
        match sweep::run(&state.db, state.clock.now(), None, state.settings.confirmation_invitation_days).await {
            Ok(outcome) if outcome != sweep::SweepOutcome::default() => {
                tracing::info!(
                    lapsed = outcome.lapsed,
                    promoted = outcome.promoted,
                    reminded = outcome.reminded,
                    confirmation_notices = outcome.confirmation_notices,
                    observation_digests = outcome.observation_digests,
                    offer_digests = outcome.offer_digests,
                    "deadline sweep"
                );
            }
            Ok(_) => {}
            Err(e) => tracing::error!(error = ?e, "deadline sweep failed"),
        }
        if let Err(e) = crate::services::auth::prune_failures(&state.db, state.clock.now()).await {
            tracing::error!(error = ?e, "pruning login failures failed");
        }
    }
}

/// Delivers the outbox every `outbox_interval`.
pub async fn run_outbox(state: AppState) {
    let transport = match Transport::from_state(&state) {
        Ok(t) => t,
        Err(e) => {
            tracing::error!(error = ?e, "e-mail transport misconfigured; notifications stay in the app only");
            return;
        }
    };
    let mut tick = tokio::time::interval(state.settings.outbox_interval);
    loop {
        tick.tick().await;
        if let Err(e) = mailer::deliver_pending(&state, &transport).await {
            tracing::error!(error = ?e, "outbox delivery failed");
        }
    }
}
