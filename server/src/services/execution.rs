//! After the actions (art. 141, 143): closing a deconcentrated session sends its programme and
//! final list of participants to the School; the yearly execution report compares what was planned
//! with what was held, who came, the days delivered and the spending against the credits.

use std::collections::HashMap;

use sea_orm::sea_query::Query;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set};
use shared::rules::sheet::was_attended;
use shared::{dates, NotificationKind, Role, Scope, SessionStatus};

use crate::auth::policy::{self, SessionScope};
use crate::db::begin_write;
use crate::entities::{application, plan, session, session_court};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::dashboard::{self, CourtFigures};
use super::notifications::{self, Message};
use super::{lookup, plans, Env};

/// Closes a deconcentrated session once it has ended and tells the School (art. 141).
pub async fn close(env: &Env<'_>, session_id: i64) -> AppResult<session::Model> {
    let txn = begin_write(env.db).await?;
    let before = lookup::session_for_update(&txn, session_id).await?;
    let courts = lookup::session_courts(&txn, session_id).await?;
    let scope = SessionScope { scope: before.scope, court_ids: &courts };
    policy::ensure(policy::can_close_session(env.user, &scope))?;
    if !shared::rules::session_state::may_close(before.status, before.end_date, before.today(env.now)) {
        return Err(AppError::invalid_transition("Seule une action publiée et terminée peut être close."));
    }
    // The programme as given goes with the final list (art. 141): none recorded, nothing is sent.
    let programme = super::session_programmes::as_text(&txn, session_id).await?;
    if programme.is_empty() {
        return Err(AppError::invalid_transition(
            "Le programme tel qu’il a été donné part à l’École avec la liste définitive (art. 141) : \
             saisissez-le d’abord, séquence par séquence.",
        ));
    }
    let participants = participants(&txn, session_id).await?;
    let mut active = before.clone().into_active_model();
    active.status = Set(SessionStatus::Closed);
    active.updated_at = Set(env.now);
    let after = active.update(&txn).await?;
    audit::record(&txn, Change::by(env, "session.close", "session", session_id, snapshot(&before), snapshot(&after)))
        .await?;
    let message = Message {
        kind: NotificationKind::SessionClosed,
        title: format!("Action terminée : {}", after.title),
        body: format!(
            "L’action déconcentrée « {} » ({}, du {} au {}) est terminée : {} participant(s). Programme tel \
             qu’il a été donné :\n{}\nListe définitive des participants : /export/session-participants.csv?session={} \
             (art. 141).",
            after.title,
            after.code.as_deref().unwrap_or(""),
            dates::short_fr(after.start_date),
            dates::short_fr(after.end_date),
            participants.len(),
            programme.iter().map(|line| format!("– {line}")).collect::<Vec<_>>().join("\n"),
            session_id
        ),
        session_id: Some(session_id),
        application_id: None,
    };
    notifications::send_to_role(&txn, Role::SchoolOfficer, None, &message, env.now).await?;
    txn.commit().await?;
    Ok(after)
}

/// The final list: everyone who attended, fully or in part.
pub async fn participants(db: &impl sea_orm::ConnectionTrait, session_id: i64) -> AppResult<Vec<application::Model>> {
    Ok(application::Entity::find()
        .filter(application::Column::SessionId.eq(session_id))
        .order_by_asc(application::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|a| was_attended(a.status))
        .collect())
}

/// One line of the execution report.
#[derive(Clone)]
pub struct ReportLine {
    pub title: String,
    /// The plan's action, when the session came from the plan.
    pub planned: bool,
    pub planned_cents: i64,
    pub session: Option<session::Model>,
    pub participants: usize,
    pub delivered_half_days: i32,
    pub spent_cents: i64,
}

impl ReportLine {
    /// Held: the session took place (closed, or ended with participants).
    pub fn held(&self) -> bool {
        self.session.as_ref().is_some_and(|s| s.status == SessionStatus::Closed) || self.participants > 0
    }
}

/// The yearly report of a court (art. 143).
pub struct ExecutionReport {
    pub figures: CourtFigures,
    pub plan_status: Option<shared::PlanStatus>,
    pub lines: Vec<ReportLine>,
}

/// Builds the execution report, for those who share the court's dashboard.
pub async fn report(env: &Env<'_>, court_id: i64, year: i32) -> AppResult<ExecutionReport> {
    let figures = dashboard::court_budget(env, court_id, year).await?;
    let db = env.db;
    let in_court = Query::select()
        .column(session_court::Column::SessionId)
        .from(session_court::Entity)
        .and_where(session_court::Column::CourtId.eq(court_id))
        .to_owned();
    let sessions: HashMap<i64, session::Model> = session::Entity::find()
        .filter(session::Column::Id.in_subquery(in_court))
        .filter(session::Column::Year.eq(year))
        .filter(session::Column::Scope.eq(Scope::Deconcentrated))
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let apps = application::Entity::find()
        .filter(application::Column::SessionId.is_in(sessions.keys().copied()))
        .all(db)
        .await?;
    let attendance = |session_id: i64| {
        let came: Vec<&application::Model> =
            apps.iter().filter(|a| a.session_id == session_id && was_attended(a.status)).collect();
        (came.len(), came.iter().map(|a| a.credited_half_days.unwrap_or(0)).sum::<i32>())
    };
    let plan_row = plan::Entity::find()
        .filter(plan::Column::CourtId.eq(court_id))
        .filter(plan::Column::Year.eq(year))
        .one(db)
        .await?;
    let actions = match &plan_row {
        Some(p) => plans::actions_of(db, p.id).await?,
        None => Vec::new(),
    };
    let mut lines = Vec::new();
    for action in &figures.by_action {
        let s = action.action.session_id.and_then(|id| sessions.get(&id).cloned());
        let (participants, delivered) = s.as_ref().map(|s| attendance(s.id)).unwrap_or((0, 0));
        lines.push(ReportLine {
            title: action.action.title.clone(),
            planned: true,
            planned_cents: action.planned_cents,
            session: s,
            participants,
            delivered_half_days: delivered,
            spent_cents: action.spent.consumed_cents,
        });
    }
    let planned_sessions: Vec<i64> = actions.iter().filter_map(|a| a.session_id).collect();
    let mut others: Vec<&session::Model> = sessions.values().filter(|s| !planned_sessions.contains(&s.id)).collect();
    others.sort_by_key(|s| (s.start_date, s.id));
    for s in others {
        let (participants, delivered) = attendance(s.id);
        lines.push(ReportLine {
            title: s.title.clone(),
            planned: false,
            planned_cents: 0,
            session: Some(s.clone()),
            participants,
            delivered_half_days: delivered,
            spent_cents: figures.unplanned.get(&s.id).map(|t| t.consumed_cents).unwrap_or(0),
        });
    }
    Ok(ExecutionReport { figures, plan_status: plan_row.map(|p| p.status), lines })
}
