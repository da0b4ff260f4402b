//! What a court reports (art. 138, 143): its delegate or regional coordinator sends the director of
//! the School the written part of the yearly execution report, each sending kept with its text;
//! and tells the heads of each jurisdiction of the territory, now and then, what was held, who came
//! from their jurisdiction and what is coming. Each sending is recorded, audited and notified.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::Query;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use shared::rules::reports::{activity_text, check_activity_period, check_report_year, ComingAction, HeldAction};
use shared::rules::sheet::was_attended;
use shared::{NotificationKind, Role, Scope, SessionStatus};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::{
    activity_report, application, court, execution_report_sending, jurisdiction, magistrate, role_assignment, session,
    session_court, user,
};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};
use super::Env;

/// How many actions to come one activity report names at most.
const COMING_SHOWN: u64 = 20;

/// Sends the written part of the court's execution report of `year` to the director of the School.
pub async fn send_execution_report(
    env: &Env<'_>,
    court_id: i64,
    year: i32,
    narrative: String,
) -> AppResult<execution_report_sending::Model> {
    policy::ensure(policy::can_send_court_reports(env.user, court_id))?;
    check_report_year(year, env.today()).map_err(|m| AppError::validation("year", m))?;
    let txn = begin_write(env.db).await?;
    let court =
        court::Entity::find_by_id(court_id).one(&txn).await?.ok_or_else(|| AppError::not_found("Cour d’appel"))?;
    let sent = execution_report_sending::ActiveModel {
        court_id: Set(court_id),
        year: Set(year),
        narrative: Set(narrative),
        sent_by: Set(Some(env.user.id)),
        sent_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Change::by(env, "execution_report.send", "execution_report_sending", sent.id, None, snapshot(&sent)),
    )
    .await?;
    let message = Message {
        kind: NotificationKind::ExecutionReportSent,
        title: format!("Rapport d’exécution {year} — cour d’appel de {}", court.name),
        body: format!(
            "{} adresse au directeur de l’École le rapport sur l’exécution du programme de formation déconcentrée {year} \
             de la cour d’appel de {} (art. 143), avec son tableau.",
            env.user.display_name, court.name
        ),
        session_id: None,
        application_id: None,
    };
    notifications::send_to_role(&txn, Role::Director, None, &message, env.now).await?;
    txn.commit().await?;
    Ok(sent)
}

/// The sendings of a court's execution report of `year`, latest first (the report's readers only).
pub async fn execution_sendings(
    env: &Env<'_>,
    court_id: i64,
    year: i32,
) -> AppResult<Vec<execution_report_sending::Model>> {
    policy::ensure(policy::can_read_court_reports(env.user, court_id))?;
    Ok(execution_report_sending::Entity::find()
        .filter(execution_report_sending::Column::CourtId.eq(court_id))
        .filter(execution_report_sending::Column::Year.eq(year))
        .order_by_desc(execution_report_sending::Column::Id)
        .all(env.db)
        .await?)
}

/// Sends the heads of each jurisdiction of the court's territory the activity of `from`..=`to`:
/// the actions held, who came from their jurisdiction, the actions to come (art. 138).
pub async fn send_activity_report(
    env: &Env<'_>,
    court_id: i64,
    from: NaiveDate,
    to: NaiveDate,
) -> AppResult<activity_report::Model> {
    policy::ensure(policy::can_send_court_reports(env.user, court_id))?;
    let today = env.today();
    check_activity_period(from, to, today).map_err(|m| AppError::validation("to", m))?;
    let txn = begin_write(env.db).await?;
    let court =
        court::Entity::find_by_id(court_id).one(&txn).await?.ok_or_else(|| AppError::not_found("Cour d’appel"))?;
    let jurisdictions =
        jurisdiction::Entity::find().filter(jurisdiction::Column::CourtId.eq(court_id)).all(&txn).await?;
    let heads = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq(Role::HeadOfJurisdiction))
        .filter(role_assignment::Column::JurisdictionId.is_in(jurisdictions.iter().map(|j| j.id).collect::<Vec<_>>()))
        .all(&txn)
        .await?;
    if heads.is_empty() {
        return Err(AppError::validation(
            "courtId",
            "aucun chef de juridiction du ressort n’a de compte dans Magistra",
        ));
    }
    let in_court = Query::select()
        .column(session_court::Column::SessionId)
        .from(session_court::Entity)
        .and_where(session_court::Column::CourtId.eq(court_id))
        .to_owned();
    let actions = session::Entity::find()
        .filter(session::Column::Id.in_subquery(in_court))
        .filter(session::Column::Scope.eq(Scope::Deconcentrated))
        .filter(session::Column::Status.is_in([SessionStatus::Published, SessionStatus::Closed]))
        .order_by_asc(session::Column::StartDate)
        .all(&txn)
        .await?;
    let held: Vec<&session::Model> =
        actions.iter().filter(|s| s.end_date >= from && s.end_date <= to && s.end_date < today).collect();
    let coming: Vec<ComingAction> = actions
        .iter()
        .filter(|s| s.start_date > today && s.status == SessionStatus::Published)
        .take(COMING_SHOWN as usize)
        .map(|s| ComingAction { title: s.title.clone(), start: s.start_date, applications_close: s.applications_close })
        .collect();
    let attended: Vec<application::Model> = application::Entity::find()
        .filter(application::Column::SessionId.is_in(held.iter().map(|s| s.id).collect::<Vec<_>>()))
        .all(&txn)
        .await?
        .into_iter()
        .filter(|a| was_attended(a.status))
        .collect();
    let people: Vec<i64> = attended.iter().map(|a| a.magistrate_id).collect();
    let posted_in: HashMap<i64, Option<i64>> = magistrate::Entity::find()
        .filter(magistrate::Column::UserId.is_in(people.clone()))
        .all(&txn)
        .await?
        .into_iter()
        .map(|m| (m.user_id, m.jurisdiction_id))
        .collect();
    let names: HashMap<i64, String> = user::Entity::find()
        .filter(user::Column::Id.is_in(people))
        .select_only()
        .columns([user::Column::Id, user::Column::DisplayName])
        .into_tuple::<(i64, String)>()
        .all(&txn)
        .await?
        .into_iter()
        .collect();
    let mut messages = Vec::new();
    for j in &jurisdictions {
        let told: Vec<i64> = heads.iter().filter(|h| h.jurisdiction_id == Some(j.id)).map(|h| h.user_id).collect();
        if told.is_empty() {
            continue;
        }
        let held_here: Vec<HeldAction> = held
            .iter()
            .map(|s| HeldAction {
                title: s.title.clone(),
                start: s.start_date,
                end: s.end_date,
                participants: attended
                    .iter()
                    .filter(|a| {
                        a.session_id == s.id && posted_in.get(&a.magistrate_id).copied().flatten() == Some(j.id)
                    })
                    .filter_map(|a| names.get(&a.magistrate_id).cloned())
                    .collect(),
            })
            .collect();
        let message = Message {
            kind: NotificationKind::ActivityReport,
            title: format!("Formation déconcentrée de la cour d’appel de {} : activité", court.name),
            body: activity_text(&j.name, from, to, &held_here, &coming),
            session_id: None,
            application_id: None,
        };
        messages.extend(told.into_iter().map(|user_id| (user_id, message.clone())));
    }
    notifications::send_many(&txn, &messages, env.now).await?;
    let report = activity_report::ActiveModel {
        court_id: Set(court_id),
        period_from: Set(from),
        period_to: Set(to),
        recipients: Set(i32::try_from(messages.len()).unwrap_or(i32::MAX)),
        sent_by: Set(Some(env.user.id)),
        sent_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, Change::by(env, "activity_report.send", "activity_report", report.id, None, snapshot(&report)))
        .await?;
    txn.commit().await?;
    Ok(report)
}

/// The activity reports a court sent, latest first.
pub async fn activity_reports(env: &Env<'_>, court_id: i64) -> AppResult<Vec<activity_report::Model>> {
    policy::ensure(policy::can_read_court_reports(env.user, court_id))?;
    Ok(activity_report::Entity::find()
        .filter(activity_report::Column::CourtId.eq(court_id))
        .order_by_desc(activity_report::Column::Id)
        .all(env.db)
        .await?)
}
