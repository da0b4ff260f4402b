//! Participation decisions (art. 131, 140): selected within capacity, waitlisted in order, or
//! refused, each notified to the magistrate. A batch is all or nothing.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::sea_query::{CaseStatement, Expr, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use shared::rules::observation_period::{observation_deadline, observations_awaited};
use shared::rules::{confirmation_due, session_state, transition, Action};
use shared::{dates, ApplicationStatus, Decision, ErrorCode, NotificationKind};

use crate::auth::policy::{self, SessionScope};
use crate::db::begin_write;
use crate::entities::{application, observation, session};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};
use super::{lookup, waitlist, Env};

/// One decision on one application.
pub struct DecisionRequest {
    pub application_id: i64,
    pub decision: Decision,
    pub reason: Option<String>,
    /// Why to select a magistrate already selected for an action sharing a day (shown, never
    /// silently allowed); none when there is no such clash.
    pub overlap_reason: Option<String>,
}

/// Applies `decisions` to applications of `session_id`, in order, in one transaction. While the
/// evaluating authorities may still give observations on one of the requests (art. 130), nothing
/// is decided unless `confirm_early` says the director chose to decide before the period ends.
pub async fn decide(
    env: &Env<'_>,
    session_id: i64,
    decisions: &[DecisionRequest],
    confirm_early: bool,
) -> AppResult<Vec<application::Model>> {
    if decisions.is_empty() {
        return Err(AppError::validation("decisions", "au moins une décision est attendue"));
    }
    let txn = begin_write(env.db).await?;
    let session = lookup::session_for_update(&txn, session_id).await?;
    let courts = lookup::session_courts(&txn, session_id).await?;
    policy::ensure(policy::can_decide(env.user, &SessionScope { scope: session.scope, court_ids: &courts }))?;
    if !confirm_early {
        if let Some(until) = observations_awaited_until(env, &txn, &session, decisions).await? {
            return Err(AppError::client(
                ErrorCode::Conflict,
                format!(
                    "Les observations des autorités d’évaluation sont attendues jusqu’au {} (art. 130) : {}",
                    dates::long_fr(until),
                    shared::rules::observation_period::EARLY_DECISION_HOLD
                ),
            ));
        }
    }
    settle_overlaps(env, &txn, &session, decisions).await?;
    let decided = decide_within(env, &txn, &session, decisions, None).await?;
    txn.commit().await?;
    Ok(decided)
}

/// Refuses to select a magistrate already selected for an action sharing a day unless the
/// decision says why; records the reasons given (`services::conflicts`).
async fn settle_overlaps(
    env: &Env<'_>,
    txn: &impl ConnectionTrait,
    session: &session::Model,
    decisions: &[DecisionRequest],
) -> AppResult<()> {
    let selected: Vec<&DecisionRequest> = decisions.iter().filter(|d| d.decision == Decision::Selected).collect();
    let mut selections = Vec::with_capacity(selected.len());
    for chunk in selected.chunks(IDS_PER_STATEMENT) {
        let rows = application::Entity::find()
            .filter(application::Column::Id.is_in(chunk.iter().map(|d| d.application_id).collect::<Vec<_>>()))
            .filter(application::Column::SessionId.eq(session.id))
            .all(txn)
            .await?;
        for row in rows {
            let reason = chunk.iter().find(|d| d.application_id == row.id).and_then(|d| d.overlap_reason.clone());
            selections.push((row.id, row.magistrate_id, reason));
        }
    }
    super::conflicts::settle_participant_conflicts(env, txn, session, &selections).await
}

/// The last day of the observation period of the requests in `decisions` on which observations
/// are still awaited (art. 130); `None` when none is.
async fn observations_awaited_until(
    env: &Env<'_>,
    txn: &impl ConnectionTrait,
    session: &session::Model,
    decisions: &[DecisionRequest],
) -> AppResult<Option<NaiveDate>> {
    let today = session.today(env.now);
    let ids: Vec<i64> = decisions.iter().map(|d| d.application_id).collect();
    let mut latest = None;
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let requests = application::Entity::find()
            .filter(application::Column::Id.is_in(chunk.to_vec()))
            .filter(application::Column::SessionId.eq(session.id))
            .all(txn)
            .await?;
        let observed: HashSet<i64> = observation::Entity::find()
            .select_only()
            .column(observation::Column::ApplicationId)
            .filter(observation::Column::ApplicationId.is_in(chunk.to_vec()))
            .into_tuple::<i64>()
            .all(txn)
            .await?
            .into_iter()
            .collect();
        for request in requests {
            let deadline = observation_deadline(session.today(request.created_at), session.applications_close);
            let given = usize::from(observed.contains(&request.id));
            if observations_awaited(request.status, today, deadline, given) {
                latest = latest.max(Some(deadline));
            }
        }
    }
    Ok(latest)
}

/// Applies `decisions` to applications of `session` within the caller's transaction, the caller
/// having checked the right to decide; `mention` ends each notice (R311-3-1-1, for decisions an
/// algorithm proposed).
///
/// Set-wise, so that a batch of thousands (an adopted national proposal) costs a few statements:
/// the applications are read at once, every transition checked before anything is written, the
/// seats of all the selections taken in one conditional update (the session full: nothing is),
/// the rows updated by groups of equal values, the waitlist numbered after its last position in
/// the order given, the notices and audit rows inserted in bulk.
pub async fn decide_within(
    env: &Env<'_>,
    txn: &impl ConnectionTrait,
    session: &session::Model,
    decisions: &[DecisionRequest],
    mention: Option<&str>,
) -> AppResult<Vec<application::Model>> {
    let Decided { rows, messages, changes } = decide_rows(env, txn, session, decisions, mention).await?;
    Decided { rows: Vec::new(), messages, changes }.write_notices(env, txn).await?;
    Ok(rows)
}

/// The decisions taken, with their notices and audit rows still to write: a caller deciding on
/// many sessions in one transaction (an adopted national proposal) writes them all at once.
#[derive(Default)]
pub struct Decided {
    pub rows: Vec<application::Model>,
    pub messages: Vec<(i64, Message)>,
    pub changes: Vec<Change<'static>>,
}

impl Decided {
    /// Writes the notices and the audit rows.
    pub async fn write_notices(self, env: &Env<'_>, txn: &impl ConnectionTrait) -> AppResult<()> {
        notifications::send_many(txn, &self.messages, env.now).await?;
        audit::record_many(txn, self.changes).await
    }
}

/// [`decide_within`] without writing the notices and audit rows, which it gives back.
pub async fn decide_rows(
    env: &Env<'_>,
    txn: &impl ConnectionTrait,
    session: &session::Model,
    decisions: &[DecisionRequest],
    mention: Option<&str>,
) -> AppResult<Decided> {
    let session_id = session.id;
    if !session_state::takes_decisions(session.status, session.start_date, session.today(env.now)) {
        return Err(AppError::invalid_transition(
            "Les décisions ne sont possibles que sur une action publiée qui n’a pas commencé.",
        ));
    }
    let mut seen = HashSet::new();
    if !decisions.iter().all(|d| seen.insert(d.application_id)) {
        return Err(AppError::validation("decisions", "une candidature figure deux fois"));
    }
    let ids: Vec<i64> = decisions.iter().map(|d| d.application_id).collect();
    let mut found: HashMap<i64, application::Model> = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(IDS_PER_STATEMENT) {
        let rows = application::Entity::find().filter(application::Column::Id.is_in(chunk.to_vec())).all(txn).await?;
        found.extend(rows.into_iter().map(|row| (row.id, row)));
    }
    // Every transition checked before anything is written.
    let mut planned = Vec::with_capacity(decisions.len());
    for request in decisions {
        let Some(before) = found.remove(&request.application_id).filter(|a| a.session_id == session_id) else {
            return Err(AppError::not_found("Candidature"));
        };
        let status = transition(before.status, Action::Decide(request.decision)).map_err(|_| {
            AppError::invalid_transition(format!(
                "La candidature n° {} ne peut pas recevoir cette décision dans son état actuel.",
                before.id
            ))
        })?;
        planned.push((request, before, status));
    }
    let selections = planned.iter().filter(|(r, ..)| r.decision == Decision::Selected).count();
    if selections > 0 {
        waitlist::take_seats(txn, session_id, u32::try_from(selections).unwrap_or(u32::MAX)).await?;
    }
    let due = confirmation_due(session.start_date, session.today(env.now));
    // Selections and refusals first, leaving the waitlist; then the waitlist, after its last place.
    let mut after: Vec<application::Model> = planned
        .iter()
        .map(|(request, before, status)| {
            let mut row = before.clone();
            row.status = *status;
            row.decided_at = Some(env.now);
            row.decided_by = Some(env.user.id);
            row.decision_reason = request.reason.clone();
            row.updated_at = env.now;
            if request.decision == Decision::Selected {
                row.confirmation_due = Some(due);
            }
            row.waitlist_position = None;
            row
        })
        .collect();
    let leaving: Vec<&application::Model> =
        after.iter().zip(&planned).filter(|(_, (r, ..))| r.decision != Decision::Waitlisted).map(|(a, _)| a).collect();
    update_in_groups(txn, &leaving).await?;
    let mut position = waitlist::next_position(txn, session_id).await?;
    for (row, (request, ..)) in after.iter_mut().zip(&planned) {
        if request.decision == Decision::Waitlisted {
            row.waitlist_position = Some(position);
            position += 1;
        }
    }
    let waiting: Vec<&application::Model> =
        after.iter().zip(&planned).filter(|(_, (r, ..))| r.decision == Decision::Waitlisted).map(|(a, _)| a).collect();
    update_in_groups(txn, &waiting).await?;

    let mut messages = Vec::with_capacity(after.len());
    let mut changes = Vec::with_capacity(after.len());
    for (row, (request, before, _)) in after.iter().zip(&planned) {
        let mut message = notice(session, row, request, due);
        if let Some(mention) = mention {
            message.body = format!("{}\n\n{mention}", message.body);
        }
        messages.push((row.magistrate_id, message));
        changes.push(Change::by(env, "application.decide", "application", row.id, snapshot(before), snapshot(row)));
    }
    Ok(Decided { rows: after, messages, changes })
}

/// Ids per `IN (…)` list: within both databases' limits on bound parameters.
const IDS_PER_STATEMENT: usize = 500;

/// Writes the decided rows, one statement per group sharing the same new values (and per
/// `IDS_PER_STATEMENT` of them); waitlist positions, one per row, are set by a `CASE` on the id.
async fn update_in_groups(txn: &impl ConnectionTrait, rows: &[&application::Model]) -> AppResult<()> {
    type Values = (ApplicationStatus, Option<String>, Option<NaiveDate>, bool);
    let mut groups: Vec<(Values, Vec<&application::Model>)> = Vec::new();
    for row in rows {
        let values = (row.status, row.decision_reason.clone(), row.confirmation_due, row.waitlist_position.is_some());
        match groups.iter_mut().find(|(v, _)| *v == values) {
            Some((_, members)) => members.push(row),
            None => groups.push((values, vec![row])),
        }
    }
    for ((status, reason, due, _), members) in groups {
        for chunk in members.chunks(IDS_PER_STATEMENT) {
            let first = chunk[0];
            let mut positions: Option<CaseStatement> = None;
            for row in chunk {
                if let Some(position) = row.waitlist_position {
                    let when = application::Column::Id.eq(row.id);
                    positions = Some(match positions {
                        None => Expr::case(when, position),
                        Some(case) => case.case(when, position),
                    });
                }
            }
            let position: SimpleExpr = match positions {
                Some(case) => case.finally(Expr::value(Option::<i32>::None)).into(),
                None => Expr::value(Option::<i32>::None),
            };
            application::Entity::update_many()
                .col_expr(application::Column::Status, Expr::value(status))
                .col_expr(application::Column::DecidedAt, Expr::value(first.decided_at))
                .col_expr(application::Column::DecidedBy, Expr::value(first.decided_by))
                .col_expr(application::Column::DecisionReason, Expr::value(reason.clone()))
                .col_expr(application::Column::UpdatedAt, Expr::value(first.updated_at))
                .col_expr(application::Column::ConfirmationDue, Expr::value(due))
                .col_expr(application::Column::WaitlistPosition, position)
                .filter(application::Column::Id.is_in(chunk.iter().map(|r| r.id)))
                .exec(txn)
                .await?;
        }
    }
    Ok(())
}

/// The notice of one decision.
fn notice(session: &session::Model, row: &application::Model, request: &DecisionRequest, due: NaiveDate) -> Message {
    match request.decision {
        Decision::Selected => waitlist::selection_message(session, row.id, due, false),
        Decision::Waitlisted => Message {
            kind: NotificationKind::Waitlisted,
            title: format!("Liste d’attente : {}", session.title),
            body: format!(
                "Votre candidature à « {} » (à partir du {}) est inscrite en liste d’attente, en position {}. \
                 Vous serez prévenu si une place se libère.",
                session.title,
                dates::long_fr(session.start_date),
                row.waitlist_position.unwrap_or_default()
            ),
            session_id: Some(session.id),
            application_id: Some(row.id),
        },
        Decision::Refused => Message {
            kind: NotificationKind::Refused,
            title: format!("Candidature non retenue : {}", session.title),
            body: format!(
                "Votre candidature à « {} » n’a pas pu être retenue.{}",
                session.title,
                request.reason.as_deref().map(|r| format!(" Motif : {r}")).unwrap_or_default()
            ),
            session_id: Some(session.id),
            application_id: Some(row.id),
        },
    }
}
