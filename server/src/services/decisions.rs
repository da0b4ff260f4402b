//! Participation decisions (art. 131, 140): selected within capacity, waitlisted in order, or
//! refused, each notified to the magistrate. A batch is all or nothing.

use std::collections::HashSet;

use sea_orm::{ActiveModelTrait, ConnectionTrait, IntoActiveModel, Set};
use shared::rules::{confirmation_due, session_state, transition, Action};
use shared::{dates, ApplicationStatus, Decision, NotificationKind};

use crate::auth::policy::{self, SessionScope};
use crate::db::begin_write;
use crate::entities::{application, session};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};
use super::{lookup, waitlist, Env};

/// One decision on one application.
pub struct DecisionRequest {
    pub application_id: i64,
    pub decision: Decision,
    pub reason: Option<String>,
}

/// Applies `decisions` to applications of `session_id`, in order, in one transaction.
pub async fn decide(
    env: &Env<'_>,
    session_id: i64,
    decisions: &[DecisionRequest],
) -> AppResult<Vec<application::Model>> {
    if decisions.is_empty() {
        return Err(AppError::validation("decisions", "au moins une décision est attendue"));
    }
    let mut seen = HashSet::new();
    if !decisions.iter().all(|d| seen.insert(d.application_id)) {
        return Err(AppError::validation("decisions", "une candidature figure deux fois"));
    }
    let txn = begin_write(env.db).await?;
    let session = lookup::session_for_update(&txn, session_id).await?;
    let courts = lookup::session_courts(&txn, session_id).await?;
    policy::ensure(policy::can_decide(env.user, &SessionScope { scope: session.scope, court_ids: &courts }))?;
    let decided = decide_within(env, &txn, &session, decisions, None).await?;
    txn.commit().await?;
    Ok(decided)
}

/// Applies `decisions` to applications of `session` within the caller's transaction, the caller
/// having checked the right to decide; `mention` ends each notice (R311-3-1-1, for decisions an
/// algorithm proposed).
pub async fn decide_within(
    env: &Env<'_>,
    txn: &impl ConnectionTrait,
    session: &session::Model,
    decisions: &[DecisionRequest],
    mention: Option<&str>,
) -> AppResult<Vec<application::Model>> {
    let session_id = session.id;
    if !session_state::takes_decisions(session.status, session.start_date, env.today()) {
        return Err(AppError::invalid_transition(
            "Les décisions ne sont possibles que sur une action publiée qui n’a pas commencé.",
        ));
    }
    let mut decided = Vec::with_capacity(decisions.len());
    for request in decisions {
        let before = lookup::application(txn, request.application_id).await?;
        if before.session_id != session_id {
            return Err(AppError::not_found("Candidature"));
        }
        let status = transition(before.status, Action::Decide(request.decision)).map_err(|_| {
            AppError::invalid_transition(format!(
                "La candidature n° {} ne peut pas recevoir cette décision dans son état actuel.",
                before.id
            ))
        })?;
        let mut active = before.clone().into_active_model();
        active.status = Set(status);
        active.decided_at = Set(Some(env.now));
        active.decided_by = Set(Some(env.user.id));
        active.decision_reason = Set(request.reason.clone());
        active.updated_at = Set(env.now);
        let mut message = match request.decision {
            Decision::Selected => {
                waitlist::take_seat(txn, session_id).await?;
                let due = confirmation_due(session.start_date, env.today());
                active.waitlist_position = Set(None);
                active.confirmation_due = Set(Some(due));
                waitlist::selection_message(session, before.id, due, false)
            }
            Decision::Waitlisted => {
                let position = waitlist::next_position(txn, session_id).await?;
                active.waitlist_position = Set(Some(position));
                Message {
                    kind: NotificationKind::Waitlisted,
                    title: format!("Liste d’attente : {}", session.title),
                    body: format!(
                        "Votre candidature à « {} » (à partir du {}) est inscrite en liste d’attente, en position {}. \
                         Vous serez prévenu si une place se libère.",
                        session.title,
                        dates::long_fr(session.start_date),
                        position
                    ),
                    session_id: Some(session_id),
                    application_id: Some(before.id),
                }
            }
            Decision::Refused => {
                active.waitlist_position = Set(None);
                Message {
                    kind: NotificationKind::Refused,
                    title: format!("Candidature non retenue : {}", session.title),
                    body: format!(
                        "Votre candidature à « {} » n’a pas pu être retenue.{}",
                        session.title,
                        request.reason.as_deref().map(|r| format!(" Motif : {r}")).unwrap_or_default()
                    ),
                    session_id: Some(session_id),
                    application_id: Some(before.id),
                }
            }
        };
        if let Some(mention) = mention {
            message.body = format!("{}\n\n{mention}", message.body);
        }
        let after = active.update(txn).await?;
        notifications::send(txn, before.magistrate_id, &message, env.now).await?;
        audit::record(
            txn,
            Change::by(env, "application.decide", "application", before.id, snapshot(&before), snapshot(&after)),
        )
        .await?;
        debug_assert!(after.status != ApplicationStatus::Submitted);
        decided.push(after);
    }
    Ok(decided)
}
