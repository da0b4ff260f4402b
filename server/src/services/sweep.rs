//! The deadline sweep (art. 131): unconfirmed selections past their due date lapse and their
//! seats go to the waitlist in order; the invitations to confirm and their reminders go out, and
//! the daily digests of requests awaiting observations (art. 130) and of new offers (art. 129). Run by a timer inside the server and on demand by the School;
//! each run is kept in the audit log, so the School sees when it last passed and what it did.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use shared::rules::{local_time, must_lapse, transition, Action};
use shared::{dates, ApplicationStatus, NotificationKind, SessionStatus};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::{application, audit_log};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};
use super::{lookup, waitlist, Env};

/// What one sweep did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepOutcome {
    pub lapsed: u32,
    pub promoted: u32,
    /// Participants reminded to fill their evaluation form (art. 135).
    pub reminded: u32,
    /// Invitations to confirm and their reminders sent (art. 131).
    pub confirmation_notices: u32,
    /// Daily digests of the requests awaiting observations sent to their authorities (art. 130).
    pub observation_digests: u32,
    /// Daily digests of new offers sent to the magistrates who asked for them (art. 129).
    pub offer_digests: u32,
}

/// Lapses every selection whose due date is before `as_of`'s day and refills the seats, one
/// transaction per session; then sends the week-after evaluation reminders. `actor_id` is the person who asked, `None` for the timer.
pub async fn run(
    db: &DatabaseConnection,
    as_of: DateTime<Utc>,
    actor_id: Option<i64>,
    invitation_days: u32,
) -> AppResult<SweepOutcome> {
    // Each session's own day decides (`sweep_session`); here only those that may be overdue somewhere.
    let latest = local_time::latest_day(as_of);
    let mut session_ids: Vec<i64> = application::Entity::find()
        .select_only()
        .column(application::Column::SessionId)
        .filter(application::Column::Status.eq(ApplicationStatus::Selected))
        .filter(application::Column::ConfirmationDue.lt(latest))
        .into_tuple()
        .all(db)
        .await?;
    session_ids.sort_unstable();
    session_ids.dedup();
    let mut outcome = SweepOutcome::default();
    for session_id in session_ids {
        let one = sweep_session(db, session_id, as_of, actor_id).await?;
        outcome.lapsed += one.lapsed;
        outcome.promoted += one.promoted;
    }
    outcome.reminded = super::evaluations::remind(db, as_of).await?;
    outcome.confirmation_notices = super::confirmation_notices::send_due(db, as_of, invitation_days).await?;
    outcome.observation_digests = super::observation_notices::send_due(db, as_of).await?;
    outcome.offer_digests = super::offer_digests::send_due(db, as_of).await?;
    record_run(db, as_of, actor_id, outcome).await?;
    Ok(outcome)
}

/// The audit action of a sweep's run, the record the School reads back ([`last`]).
const RUN: &str = "sweep.run";

/// Keeps the run in the audit log, whatever it changed, so the School sees when the sweep last
/// passed and what it did.
async fn record_run(
    db: &DatabaseConnection,
    as_of: DateTime<Utc>,
    actor_id: Option<i64>,
    outcome: SweepOutcome,
) -> AppResult<()> {
    let txn = begin_write(db).await?;
    let after = serde_json::json!({
        "asOf": as_of, "lapsed": outcome.lapsed, "promoted": outcome.promoted, "reminded": outcome.reminded,
        "confirmationNotices": outcome.confirmation_notices, "observationDigests": outcome.observation_digests,
        "offerDigests": outcome.offer_digests,
    });
    audit::record(
        &txn,
        Change { actor_id, at: as_of, action: RUN, entity: "sweep", entity_id: 0, before: None, after: Some(after) },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The last run of the sweep: when, by whom (`None` for the timer), and what it did.
pub struct LastRun {
    pub at: DateTime<Utc>,
    pub by_timer: bool,
    pub outcome: SweepOutcome,
}

/// When the sweep last ran and what it did, for the School; `None` before its first run.
pub async fn last(env: &Env<'_>) -> AppResult<Option<LastRun>> {
    policy::ensure(policy::can_run_sweep(env.user))?;
    let row = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(RUN))
        .order_by_desc(audit_log::Column::Id)
        .one(env.db)
        .await?;
    Ok(row.map(|row| {
        let after: serde_json::Value =
            row.after_state.as_deref().and_then(|text| serde_json::from_str(text).ok()).unwrap_or_default();
        let count = |key: &str| after[key].as_u64().and_then(|n| u32::try_from(n).ok()).unwrap_or(0);
        LastRun {
            at: row.at,
            by_timer: row.actor_id.is_none(),
            outcome: SweepOutcome {
                lapsed: count("lapsed"),
                promoted: count("promoted"),
                reminded: count("reminded"),
                confirmation_notices: count("confirmationNotices"),
                observation_digests: count("observationDigests"),
                offer_digests: count("offerDigests"),
            },
        }
    }))
}

async fn sweep_session(
    db: &DatabaseConnection,
    session_id: i64,
    now: DateTime<Utc>,
    actor_id: Option<i64>,
) -> AppResult<SweepOutcome> {
    let txn = begin_write(db).await?;
    let current = lookup::session_for_update(&txn, session_id).await?;
    let today = current.today(now);
    let overdue = application::Entity::find()
        .filter(application::Column::SessionId.eq(session_id))
        .filter(application::Column::Status.eq(ApplicationStatus::Selected))
        .all(&txn)
        .await?
        .into_iter()
        .filter(|a| a.confirmation_due.is_some_and(|due| must_lapse(today, due)))
        .collect::<Vec<_>>();
    let mut outcome = SweepOutcome::default();
    for before in overdue {
        let status = transition(before.status, Action::Lapse).map_err(AppError::internal)?;
        let mut active = before.clone().into_active_model();
        active.status = Set(status);
        active.updated_at = Set(now);
        let after = active.update(&txn).await?;
        waitlist::release_seat(&txn, session_id).await?;
        let message = Message {
            kind: NotificationKind::Lapsed,
            title: format!("Place perdue faute de confirmation : {}", current.title),
            body: format!(
                "Vous n’avez pas confirmé votre participation à « {} » avant le {} : votre place a été attribuée \
                 à la liste d’attente (art. 131).",
                current.title,
                before.confirmation_due.map(dates::long_fr).unwrap_or_default()
            ),
            session_id: Some(session_id),
            application_id: Some(before.id),
        };
        notifications::send(&txn, before.magistrate_id, &message, now).await?;
        audit::record(
            &txn,
            Change {
                actor_id,
                at: now,
                action: "application.lapse",
                entity: "application",
                entity_id: before.id,
                before: snapshot(&before),
                after: snapshot(&after),
            },
        )
        .await?;
        outcome.lapsed += 1;
    }
    if current.status == SessionStatus::Published {
        outcome.promoted = waitlist::fill_from_waitlist(&txn, session_id, actor_id, now).await?;
    }
    txn.commit().await?;
    Ok(outcome)
}
