//! The deconcentrated plan from the School on (art. 139): the School's pedagogical and financial
//! evaluation of each action, the plan funded when the director first reserves the court's
//! credits after the board's opinion (its retained actions become the court's sessions then, not
//! before), and the year's programme put online, the deconcentrated sessions with the national
//! ones. The order of the steps is `shared::rules::plan_cycle`.

use chrono::{Days, NaiveDate};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, IntoActiveModel, QueryFilter,
    QuerySelect, Set,
};
use shared::rules::plan_cycle::{check_evaluation, check_opinion_date, EvaluationRefusal, PlanStep, Verdict};
use shared::search::fold_for_search;
use shared::{dates, NotificationKind, PlanStatus, Role, Scope, SessionStatus};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::{allocation, plan, plan_action, programme_release, session, session_court};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};
use super::plans::{actions_of, cost_lines, in_order, lock_plan, moved};
use super::{lookup, Env};

/// The School's evaluation of a submitted plan, one verdict per action (art. 139).
pub async fn evaluate(
    env: &Env<'_>,
    plan_id: i64,
    comment: Option<String>,
    verdicts: Vec<Verdict>,
) -> AppResult<plan::Model> {
    policy::ensure(policy::can_evaluate_plan(env.user))?;
    let txn = begin_write(env.db).await?;
    let before = lock_plan(&txn, plan_id).await?;
    in_order(PlanStep::Evaluate, &before)?;
    let actions = actions_of(&txn, plan_id).await?;
    let lines = cost_lines(&txn, actions.iter().map(|a| a.id).collect()).await?;
    let forecasts: Vec<(i64, i64)> = actions
        .iter()
        .map(|a| (a.id, lines.iter().filter(|l| l.action_id == a.id).map(|l| l.amount_cents).sum()))
        .collect();
    let retained = check_evaluation(&forecasts, &verdicts).map_err(|refusal| {
        let title = |id: &i64| actions.iter().find(|a| a.id == *id).map_or(String::new(), |a| a.title.clone());
        match &refusal {
            EvaluationRefusal::NotEachActionOnce => AppError::validation("actions", refusal.to_string()),
            EvaluationRefusal::NoReason(id)
            | EvaluationRefusal::RetainedAmount(id)
            | EvaluationRefusal::AmountOfRefused(id) => {
                AppError::validation("actions", format!("« {} » : {refusal}", title(id)))
            }
        }
    })?;
    for verdict in verdicts {
        let Some(found) = actions.iter().find(|a| a.id == verdict.action_id) else { continue };
        let mut active = found.clone().into_active_model();
        active.retained = Set(Some(verdict.retained));
        active.evaluation_reason = Set(verdict.reason.filter(|r| !r.trim().is_empty()));
        active.retained_cents = Set(Some(verdict.retained_cents));
        let after = active.update(&txn).await?;
        audit::record(
            &txn,
            Change::by(env, "plan.evaluate_action", "plan_action", found.id, snapshot(found), snapshot(&after)),
        )
        .await?;
    }
    let mut active = before.clone().into_active_model();
    active.status = Set(PlanStatus::Evaluated);
    active.evaluation_comment = Set(comment);
    active.evaluated_at = Set(Some(env.now));
    active.evaluated_by = Set(Some(env.user.id));
    active.updated_at = Set(env.now);
    let after = active.update(&txn).await?;
    audit::record(&txn, Change::by(env, "plan.evaluate", "plan", plan_id, snapshot(&before), snapshot(&after))).await?;
    let message = Message {
        kind: NotificationKind::PlanEvaluated,
        title: format!("Plan de formation {} évalué par l’École", after.year),
        body: format!(
            "L’École a évalué le plan (art. 139) et en retient {}.{}",
            shared::Money::from_cents(retained).format_fr(),
            after.evaluation_comment.as_deref().map(|c| format!(" {c}")).unwrap_or_default()
        ),
        session_id: None,
        application_id: None,
    };
    notifications::send_to_role(&txn, Role::TrainingDelegate, Some(after.court_id), &message, env.now).await?;
    txn.commit().await?;
    Ok(after)
}

/// When the programme of `year` went online, if it has.
pub async fn release_of(db: &impl ConnectionTrait, year: i32) -> AppResult<Option<programme_release::Model>> {
    Ok(programme_release::Entity::find().filter(programme_release::Column::Year.eq(year)).one(db).await?)
}

/// The day the programme of `year` went online, if it has.
pub async fn online_on(db: &impl ConnectionTrait, year: i32) -> AppResult<Option<NaiveDate>> {
    Ok(release_of(db, year).await?.map(|r| r.online_on))
}

/// Checks, inside the director's reservation of a court's credits, that it comes in the cycle's
/// order (art. 139): the first reservation of a year funds the court's evaluated plan, dated
/// after its evaluation, and turns its retained actions into sessions (online at once when the
/// year's programme already is); later ones revise the credits. Credits reserved before Magistra
/// held the plans (no plan, earlier credits) are revised the same way.
pub(crate) async fn on_credits_reserved(
    env: &Env<'_>,
    txn: &DatabaseTransaction,
    court_id: i64,
    year: i32,
    board_opinion_date: NaiveDate,
) -> AppResult<()> {
    let found = plan::Entity::find()
        .filter(plan::Column::CourtId.eq(court_id))
        .filter(plan::Column::Year.eq(year))
        .lock_exclusive()
        .one(txn)
        .await?;
    let earlier = allocation::Entity::find()
        .filter(allocation::Column::CourtId.eq(court_id))
        .filter(allocation::Column::Year.eq(year))
        .one(txn)
        .await?
        .is_some();
    let dated = |not_before| {
        check_opinion_date(board_opinion_date, env.today(), not_before)
            .map_err(|reason| AppError::validation("boardOpinionDate", reason))
    };
    match found {
        Some(p) if p.status == PlanStatus::Evaluated => {
            dated(p.evaluated_at.map(shared::rules::local_time::school_today))?;
            fund(env, txn, p).await
        }
        Some(p) if matches!(p.status, PlanStatus::Funded | PlanStatus::Online) => dated(None),
        Some(p) => in_order(PlanStep::ReserveCredits, &p),
        None if earlier => dated(None),
        None => Err(AppError::invalid_transition(format!(
            "Les crédits d’une cour sont réservés sur son plan {year}, évalué par l’École (art. 139) : \
             cette cour n’en a pas."
        ))),
    }
}

/// Funds `evaluated`: its retained actions become draft sessions of the court, published at once
/// if the year's programme is already online.
async fn fund(env: &Env<'_>, txn: &DatabaseTransaction, evaluated: plan::Model) -> AppResult<()> {
    let mut active = evaluated.clone().into_active_model();
    active.funded_at = Set(Some(env.now));
    active.status = Set(PlanStatus::Funded);
    active.updated_at = Set(env.now);
    let funded = active.update(txn).await?;
    audit::record(txn, Change::by(env, "plan.funded", "plan", funded.id, snapshot(&evaluated), snapshot(&funded)))
        .await?;
    let online = online_on(txn, funded.year).await?;
    for action in actions_of(txn, funded.id).await? {
        if action.retained == Some(true) {
            session_from_action(env, txn, &funded, action, online).await?;
        }
    }
    if online.is_some() {
        moved(env, txn, &funded, PlanStatus::Online, "plan.online").await?;
    }
    Ok(())
}

/// Turns a retained action into a deconcentrated session of the plan's court: a draft until the
/// year's programme goes online (published at once if it already is), open for applications from
/// then until three weeks before it starts.
async fn session_from_action(
    env: &Env<'_>,
    txn: &DatabaseTransaction,
    funded: &plan::Model,
    action: plan_action::Model,
    online: Option<NaiveDate>,
) -> AppResult<()> {
    let today = env.today();
    let start = action.planned_start;
    let (open, close) = window(today, start);
    let span = (action.planned_end - action.planned_start).num_days() as i32 + 1;
    let created = session::ActiveModel {
        code: Set(None),
        title: Set(action.title.clone()),
        search_title: Set(fold_for_search(&action.title)),
        description: Set(Some(format!("Action du plan de formation déconcentrée {} (art. 137).", funded.year))),
        format: Set(action.format),
        scope: Set(Scope::Deconcentrated),
        year: Set(funded.year),
        start_date: Set(start),
        end_date: Set(action.planned_end),
        duration_half_days: Set(span * 2),
        location: Set(None),
        capacity: Set(action.expected_participants),
        seats_taken: Set(0),
        applications_open: Set(open),
        applications_close: Set(close),
        target_functions: Set("[]".to_owned()),
        status: Set(if online.is_some() { SessionStatus::Published } else { SessionStatus::Draft }),
        cancel_reason: Set(None),
        created_by: Set(Some(env.user.id)),
        created_at: Set(env.now),
        updated_at: Set(env.now),
        time_zone: Set(lookup::action_time_zone(txn, Scope::Deconcentrated, &[funded.court_id]).await?),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    let mut with_code = created.clone().into_active_model();
    with_code.code = Set(Some(format!("D{:02}-{:04}", funded.year % 100, created.id)));
    let created = with_code.update(txn).await?;
    let others: Vec<i64> = serde_json::from_str(&action.other_court_ids).unwrap_or_default();
    for court_id in std::iter::once(funded.court_id).chain(others) {
        session_court::ActiveModel { session_id: Set(created.id), court_id: Set(court_id) }.insert(txn).await?;
    }
    let mut linked = action.clone().into_active_model();
    linked.session_id = Set(Some(created.id));
    linked.update(txn).await?;
    audit::record(txn, Change::by(env, "session.create_from_plan", "session", created.id, None, snapshot(&created)))
        .await?;
    Ok(())
}

/// The application window of an action starting on `start`, opened on `today`: until three weeks
/// before it, or the day before when that is already past.
fn window(today: NaiveDate, start: NaiveDate) -> (NaiveDate, NaiveDate) {
    let close = start
        .checked_sub_days(Days::new(21))
        .filter(|d| *d >= today)
        .unwrap_or_else(|| start.pred_opt().unwrap_or(start));
    (today.min(close), close)
}

/// What putting a year's programme online did.
pub struct Release {
    pub release: programme_release::Model,
    /// The deconcentrated sessions published with it.
    pub sessions_published: usize,
}

/// Puts the programme of `year` online (art. 139): the day is recorded, and the deconcentrated
/// sessions of every funded plan of that year are published with it, their applications open
/// from today; each plan's organisers are told.
pub async fn put_programme_online(env: &Env<'_>, year: i32) -> AppResult<Release> {
    policy::ensure(policy::can_put_programme_online(env.user))?;
    let txn = begin_write(env.db).await?;
    if let Some(day) = online_on(&txn, year).await? {
        return Err(AppError::client(
            shared::ErrorCode::Conflict,
            format!("Le programme {year} est en ligne depuis le {}.", dates::long_fr(day)),
        ));
    }
    let today = env.today();
    let release = programme_release::ActiveModel {
        year: Set(year),
        online_on: Set(today),
        released_by: Set(Some(env.user.id)),
        released_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, Change::by(env, "programme.online", "programme_release", release.id, None, snapshot(&release)))
        .await?;
    let funded = plan::Entity::find()
        .filter(plan::Column::Year.eq(year))
        .filter(plan::Column::Status.eq(PlanStatus::Funded))
        .all(&txn)
        .await?;
    let mut sessions_published = 0;
    for p in funded {
        for action in actions_of(&txn, p.id).await? {
            let Some(session_id) = action.session_id else { continue };
            let before = lookup::session_for_update(&txn, session_id).await?;
            if before.status != SessionStatus::Draft {
                continue;
            }
            let (open, close) = window(today, before.start_date);
            let mut active = before.clone().into_active_model();
            active.status = Set(SessionStatus::Published);
            active.applications_open = Set(open);
            active.applications_close = Set(close);
            active.updated_at = Set(env.now);
            let after = active.update(&txn).await?;
            audit::record(
                &txn,
                Change::by(env, "session.publish", "session", session_id, snapshot(&before), snapshot(&after)),
            )
            .await?;
            sessions_published += 1;
        }
        let online = moved(env, &txn, &p, PlanStatus::Online, "plan.online").await?;
        let message = Message {
            kind: NotificationKind::PlanOnline,
            title: format!("Programme déconcentré {} en ligne", online.year),
            body: format!(
                "L’École a mis en ligne le programme {} : les actions retenues du plan de la cour le sont avec lui \
                 et les magistrats du ressort peuvent s’y inscrire (art. 139).",
                online.year
            ),
            session_id: None,
            application_id: None,
        };
        notifications::send_to_role(&txn, Role::TrainingDelegate, Some(online.court_id), &message, env.now).await?;
    }
    txn.commit().await?;
    Ok(Release { release, sessions_published })
}

/// Refuses to publish, before the year's programme is online, a session born of a plan: the
/// deconcentrated programme goes online with the national one (art. 139).
pub(crate) async fn ensure_publishable(db: &impl ConnectionTrait, s: &session::Model) -> AppResult<()> {
    if s.scope != Scope::Deconcentrated {
        return Ok(());
    }
    let from_plan =
        plan_action::Entity::find().filter(plan_action::Column::SessionId.eq(s.id)).one(db).await?.is_some();
    if from_plan && online_on(db, s.year).await?.is_none() {
        return Err(AppError::invalid_transition(format!(
            "Le programme déconcentré est mis en ligne en même temps que le programme national (art. 139) : \
             l’École n’a pas encore mis en ligne le programme {}.",
            s.year
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::window;
    use chrono::NaiveDate;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, d).unwrap_or_default()
    }

    #[test]
    fn applications_close_three_weeks_before_or_the_day_before_when_too_late() {
        assert_eq!(window(day(1, 10), day(3, 16)), (day(1, 10), day(2, 23)));
        assert_eq!(window(day(3, 1), day(3, 16)), (day(3, 1), day(3, 15)));
    }
}
