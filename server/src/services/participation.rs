//! After selection: confirming (art. 131), withdrawing with a motive (art. 134) and the School's
//! assessment of that motive, which may be reported to the head of court.

use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use shared::rules::{may_confirm, session_started, transition, Action};
use shared::{dates, ErrorCode, NotificationKind, Role, Scope, WithdrawalReason};

use crate::auth::policy::{self, SessionScope};
use crate::calendar::Method;
use crate::db::begin_write;
use crate::entities::{application, magistrate};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};
use super::{access, calendars, lookup, waitlist, Env};

/// Confirms a selection up to its due date; the confirmation commits to attend (art. 131).
pub async fn confirm(env: &Env<'_>, id: i64) -> AppResult<application::Model> {
    let txn = begin_write(env.db).await?;
    let (before, session) = lookup::application_locked(&txn, id).await?;
    access::ensure_own_application(env, &txn, &before).await?;
    let status = transition(before.status, Action::Confirm)
        .map_err(|_| AppError::invalid_transition("Seule une candidature retenue peut être confirmée."))?;
    let due = before.confirmation_due.ok_or_else(|| AppError::internal("selected application without due date"))?;
    if !may_confirm(session.today(env.now), due) {
        return Err(AppError::client(
            ErrorCode::ConfirmationClosed,
            format!("Le délai de confirmation a expiré le {}.", dates::long_fr(due)),
        ));
    }
    let mut active = before.clone().into_active_model();
    active.status = Set(status);
    active.confirmed_at = Set(Some(env.now));
    active.updated_at = Set(env.now);
    let after = active.update(&txn).await?;
    audit::record(&txn, Change::by(env, "application.confirm", "application", id, snapshot(&before), snapshot(&after)))
        .await?;
    let message = Message {
        kind: NotificationKind::ParticipationConfirmed,
        title: format!("Participation confirmée : {}", session.title),
        body: format!(
            "Votre participation à « {} » est confirmée : elle vous engage à suivre l’action (art. 131). \
             L’invitation jointe l’inscrit dans votre agenda ; elle se mettra à jour si l’action change.",
            session.title
        ),
        session_id: Some(session.id),
        application_id: Some(id),
    };
    calendars::send_with_calendar(&txn, &after, &session, Method::Request, &message, env.organizer, env.now).await?;
    let after = lookup::application(&txn, id).await?;
    txn.commit().await?;
    Ok(after)
}

/// Withdraws from a selection, a confirmation or the waitlist, before the session starts, with a
/// reason and details (art. 134). A freed seat goes to the waitlist at once.
pub async fn withdraw(
    env: &Env<'_>,
    id: i64,
    reason: WithdrawalReason,
    details: String,
) -> AppResult<application::Model> {
    let txn = begin_write(env.db).await?;
    let (before, session) = lookup::application_locked(&txn, id).await?;
    access::ensure_own_application(env, &txn, &before).await?;
    let status = transition(before.status, Action::Withdraw).map_err(|_| {
        AppError::invalid_transition(
            "Le désistement n’est possible que d’une candidature retenue, confirmée ou en attente.",
        )
    })?;
    if session_started(session.today(env.now), session.start_date) {
        return Err(AppError::invalid_transition("L’action a commencé : le désistement n’est plus possible."));
    }
    let held_seat = before.status.holds_seat();
    let mut active = before.clone().into_active_model();
    active.status = Set(status);
    active.withdrawal_reason = Set(Some(reason));
    active.withdrawal_details = Set(Some(details.clone()));
    active.withdrawn_at = Set(Some(env.now));
    active.waitlist_position = Set(None);
    active.updated_at = Set(env.now);
    let after = active.update(&txn).await?;
    audit::record(
        &txn,
        Change::by(env, "application.withdraw", "application", id, snapshot(&before), snapshot(&after)),
    )
    .await?;
    let message = Message {
        kind: NotificationKind::WithdrawalRecorded,
        title: format!("Désistement : {}", session.title),
        body: format!(
            "{} s’est désisté(e) de « {} » (à partir du {}). Motif : {}. Précisions : {}",
            env.user.display_name,
            session.title,
            dates::long_fr(session.start_date),
            reason.label_fr(),
            details
        ),
        session_id: Some(session.id),
        application_id: Some(id),
    };
    match session.scope {
        Scope::National => notifications::send_to_role(&txn, Role::SchoolOfficer, None, &message, env.now).await?,
        Scope::Deconcentrated => {
            for court_id in lookup::session_courts(&txn, session.id).await? {
                notifications::send_to_role(&txn, Role::TrainingDelegate, Some(court_id), &message, env.now).await?;
            }
        }
    }
    let own = Message {
        kind: NotificationKind::ParticipationEnded,
        title: format!("Désistement enregistré : {}", session.title),
        body: format!(
            "Votre désistement de « {} » est enregistré (art. 134). L’action est retirée de votre agenda.",
            session.title
        ),
        session_id: Some(session.id),
        application_id: Some(id),
    };
    calendars::send_with_calendar(&txn, &after, &session, Method::Cancel, &own, env.organizer, env.now).await?;
    let after = lookup::application(&txn, id).await?;
    if held_seat {
        waitlist::release_seat(&txn, session.id).await?;
        waitlist::fill_from_waitlist(&txn, session.id, Some(env.user.id), env.now).await?;
    }
    txn.commit().await?;
    Ok(after)
}

/// The School's assessment of a withdrawal: serious or not; when it is not, the head of court
/// may be told (art. 134).
pub async fn assess(
    env: &Env<'_>,
    id: i64,
    serious: bool,
    notify_head_of_court: bool,
) -> AppResult<application::Model> {
    if serious && notify_head_of_court {
        return Err(AppError::validation(
            "notifyHeadOfCourt",
            "le chef de cour n’est avisé qu’en l’absence de motif sérieux (art. 134)",
        ));
    }
    let txn = begin_write(env.db).await?;
    let before = lookup::application(&txn, id).await?;
    let session = lookup::session(&txn, before.session_id).await?;
    let courts = lookup::session_courts(&txn, session.id).await?;
    policy::ensure(policy::can_assess_withdrawal(
        env.user,
        &SessionScope { scope: session.scope, court_ids: &courts },
    ))?;
    if before.status != shared::ApplicationStatus::Withdrawn || before.withdrawal_assessed_at.is_some() {
        return Err(AppError::invalid_transition("Seul un désistement non encore apprécié peut l’être."));
    }
    let mut active = before.clone().into_active_model();
    active.withdrawal_serious = Set(Some(serious));
    active.withdrawal_assessed_at = Set(Some(env.now));
    active.withdrawal_assessed_by = Set(Some(env.user.id));
    active.head_of_court_notified = Set(notify_head_of_court);
    active.updated_at = Set(env.now);
    let after = active.update(&txn).await?;
    if notify_head_of_court {
        let career = magistrate::Entity::find_by_id(before.magistrate_id).one(&txn).await?;
        let display = display_name(&txn, before.magistrate_id).await?;
        let message = Message {
            kind: NotificationKind::UnjustifiedWithdrawal,
            title: format!("Désistement sans motif sérieux : {display}"),
            body: format!(
                "L’École vous avise que {display} s’est désisté(e) de « {} » (à partir du {}) sans motif sérieux (art. 134). \
                 Motif invoqué : {}. Précisions : {}",
                session.title,
                dates::long_fr(session.start_date),
                before.withdrawal_reason.map(WithdrawalReason::label_fr).unwrap_or("non précisé"),
                before.withdrawal_details.as_deref().unwrap_or("")
            ),
            session_id: Some(session.id),
            application_id: Some(id),
        };
        // Art. 134: the magistrate's own head of court, premier président for the bench,
        // procureur général for the prosecution; none outside a court's territory.
        if let Some((court_id, bench)) = career.and_then(|c| c.court_id.map(|court| (court, c.bench))) {
            notifications::send_to_own_head_of_court(&txn, court_id, bench, &message, env.now).await?;
        }
    }
    audit::record(
        &txn,
        Change::by(env, "application.assess_withdrawal", "application", id, snapshot(&before), snapshot(&after)),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

async fn display_name(db: &impl sea_orm::ConnectionTrait, user_id: i64) -> AppResult<String> {
    use sea_orm::EntityTrait;
    Ok(crate::entities::user::Entity::find_by_id(user_id)
        .one(db)
        .await?
        .map(|u| u.display_name)
        .unwrap_or_else(|| "Un magistrat".to_owned()))
}
