//! `applyAllocation`: the director adopts a proposal, which becomes their decisions through the
//! same capacity-safe path and notices as `decideApplications` — each place a selection, each
//! waitlist in the proposal's order — every notice saying that an algorithm proposed it and the
//! director adopted it (CRPA R311-3-1-1). All or nothing; a proposal the campaign has outgrown
//! (its inputs, read again, no longer hash the same) is refused, to be run again.

use std::collections::{BTreeMap, HashMap};

use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
use shared::rules::allocation::CriteriaOrder;
use shared::{AllocationOutcome, AllocationOverrideKind, AllocationRunStatus, Decision};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::{allocation_run, allocation_run_action, allocation_run_wish};
use crate::error::{AppError, AppResult};
use crate::services::audit::{self, snapshot, Change};
use crate::services::decisions::{decide_rows, Decided, DecisionRequest};
use crate::services::{lookup, Env};

use super::campaign;
use super::progress::Adoptions;
use super::propose::{input_digest, RunInput};

/// What the adoption decided.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub selected: u32,
    pub waitlisted: u32,
    /// Wishes the cap or an overlap left without a place: refused, with that reason.
    pub refused: u32,
}

/// The mention every notice of an adopted proposal ends with (R311-3-1-1).
pub fn mention(run_id: i64) -> String {
    format!(
        "Cette décision a été prise sur le fondement d’un traitement algorithmique : la proposition n° {run_id} de \
         répartition des places des actions nationales, établie selon les règles publiées (« Règles de sélection »), \
         a été examinée et adoptée par le directeur de l’École. Vous pouvez obtenir la communication des règles de ce \
         traitement et de la façon dont elles vous ont été appliquées (code des relations entre le public et \
         l’administration, art. L. 311-3-1) : « Pourquoi ? » dans Mes vœux, ou sur demande au service de la formation \
         continue ; en cas de refus, vous pouvez saisir la Commission d’accès aux documents administratifs."
    )
}

/// Adopts run `run_id`, telling `adoptions` how far it has gone.
pub async fn apply(env: &Env<'_>, run_id: i64, adoptions: &Adoptions) -> AppResult<(allocation_run::Model, Applied)> {
    policy::ensure(policy::can_run_allocation(env.user))?;
    let txn = begin_write(env.db).await?;
    // Taken first, conditionally: a second adoption of the same proposal finds it taken.
    let taken = allocation_run::Entity::update_many()
        .col_expr(allocation_run::Column::Status, Expr::value(AllocationRunStatus::Applied.as_str()))
        .col_expr(allocation_run::Column::AppliedBy, Expr::value(env.user.id))
        .col_expr(allocation_run::Column::AppliedAt, Expr::value(env.now))
        .filter(allocation_run::Column::Id.eq(run_id))
        .filter(allocation_run::Column::Status.eq(AllocationRunStatus::Proposed.as_str()))
        .exec(&txn)
        .await?
        .rows_affected;
    let run = super::runs::find(&txn, run_id).await?;
    if taken != 1 {
        return Err(AppError::invalid_transition(if run.status == AllocationRunStatus::Applied.as_str() {
            "Cette proposition a déjà été adoptée."
        } else {
            "Une autre proposition de l’année a été adoptée depuis : celle-ci ne peut plus l’être."
        }));
    }
    let actions = allocation_run_action::Entity::find()
        .filter(allocation_run_action::Column::RunId.eq(run_id))
        .order_by_asc(allocation_run_action::Column::SessionId)
        .all(&txn)
        .await?;
    // One step per action, and the notices written at the end.
    let tracker = adoptions.track(run_id, u32::try_from(actions.len() + 1).unwrap_or(u32::MAX));
    let wishes = allocation_run_wish::Entity::find()
        .filter(allocation_run_wish::Column::RunId.eq(run_id))
        .order_by_asc(allocation_run_wish::Column::SessionId)
        .order_by_asc(allocation_run_wish::Column::WaitlistPosition)
        .order_by_asc(allocation_run_wish::Column::Id)
        .all(&txn)
        .await?;
    let capacities: BTreeMap<i64, i32> = super::runs::overrides(&run)
        .into_iter()
        .filter(|o| o.kind == AllocationOverrideKind::Capacity)
        .filter_map(|o| Some((o.session_id, o.capacity?)))
        .collect();
    let mut by_action: BTreeMap<i64, Vec<&allocation_run_wish::Model>> = BTreeMap::new();
    for wish in &wishes {
        by_action.entry(wish.session_id).or_default().push(wish);
    }
    let stale = || {
        AppError::invalid_transition(
            "La proposition n’est plus à jour : des candidatures ou des places ont changé depuis qu’elle a été \
             établie. Relancez une proposition.",
        )
    };
    // The campaign read again must be the one the run was given: wishes, observations, places
    // held anywhere, seats, the day's actions — anything changed since makes it stale.
    let input = RunInput {
        order: CriteriaOrder::parse(&run.criteria_order).unwrap_or_default(),
        cap_per_person: u32::try_from(run.cap_per_person).unwrap_or(1),
        overrides: super::runs::overrides(&run),
    };
    let capacities_now: HashMap<i64, i32> = capacities.iter().map(|(k, v)| (*k, *v)).collect();
    let now = campaign::load(&txn, run.year, env.today(), input.cap_per_person, &capacities_now).await?;
    if input_digest(&now.campaign, &input) != run.input_sha256 {
        return Err(stale());
    }
    let mention = mention(run_id);
    let reason = format!("Proposition algorithmique n° {run_id} adoptée par le directeur");
    let mut applied = Applied::default();
    let mut notices = Decided::default();
    for (done, action) in (1u32..).zip(&actions) {
        let mut session = lookup::session_for_update(&txn, action.session_id).await?;
        if let Some(capacity) = capacities.get(&session.id).copied().filter(|c| *c != session.capacity) {
            let before = session.clone();
            let mut active = session.into_active_model();
            active.capacity = Set(capacity);
            active.updated_at = Set(env.now);
            session = active.update(&txn).await?;
            audit::record(
                &txn,
                Change::by(env, "session.capacity", "session", session.id, snapshot(&before), snapshot(&session)),
            )
            .await?;
        }
        if (session.capacity - session.seats_taken).max(0) != action.places {
            return Err(stale());
        }
        // (The wishes are still waiting: the input hash read again above would differ otherwise.)
        let own = by_action.get(&action.session_id).map(Vec::as_slice).unwrap_or_default();
        let mut requests = Vec::with_capacity(own.len());
        for wish in own.iter().filter(|w| {
            [AllocationOutcome::Placed.as_str(), AllocationOutcome::Forced.as_str()].contains(&w.outcome.as_str())
        }) {
            requests.push(DecisionRequest {
                application_id: wish.application_id,
                decision: Decision::Selected,
                reason: Some(reason.clone()),
                overlap_reason: None,
            });
            applied.selected += 1;
        }
        // Those the cap or an overlap left without a place: refused, saying why.
        for wish in own.iter().filter(|w| {
            [AllocationOutcome::Overlaps.as_str(), AllocationOutcome::CapReached.as_str()].contains(&w.outcome.as_str())
        }) {
            let why = if wish.outcome == AllocationOutcome::Overlaps.as_str() {
                "l’action a lieu en même temps qu’une autre où vous avez une place"
            } else {
                "vous avez obtenu le nombre maximal d’actions de l’année"
            };
            requests.push(DecisionRequest {
                application_id: wish.application_id,
                decision: Decision::Refused,
                reason: Some(format!("{why} ({reason})")),
                overlap_reason: None,
            });
            applied.refused += 1;
        }
        // The waitlist in the proposal's order (the rows are sorted by position).
        for wish in own.iter().filter(|w| w.waitlist_position.is_some()) {
            requests.push(DecisionRequest {
                application_id: wish.application_id,
                decision: Decision::Waitlisted,
                reason: Some(reason.clone()),
                overlap_reason: None,
            });
            applied.waitlisted += 1;
        }
        if !requests.is_empty() {
            // The rows decided are not kept: only their notices and audit rows, written below.
            let Decided { messages, changes, .. } = decide_rows(env, &txn, &session, &requests, Some(&mention)).await?;
            notices.messages.extend(messages);
            notices.changes.extend(changes);
        }
        tracker.done(done);
    }
    // Every notice and audit row at once: a few large statements rather than two per action.
    notices.write_notices(env, &txn).await?;
    tracker.done(u32::MAX);
    allocation_run::Entity::update_many()
        .col_expr(allocation_run::Column::Status, Expr::value(AllocationRunStatus::Superseded.as_str()))
        .filter(allocation_run::Column::Year.eq(run.year))
        .filter(allocation_run::Column::Status.eq(AllocationRunStatus::Proposed.as_str()))
        .exec(&txn)
        .await?;
    let after = serde_json::json!({
        "status": run.status,
        "selected": applied.selected,
        "waitlisted": applied.waitlisted,
        "refused": applied.refused,
    });
    let before = serde_json::json!({ "status": AllocationRunStatus::Proposed.as_str() });
    audit::record(&txn, Change::by(env, "allocation.apply", "allocation_run", run.id, Some(before), Some(after)))
        .await?;
    txn.commit().await?;
    Ok((run, applied))
}
