//! The deconcentrated plan (art. 137, 139), up to the School: needs collected from the court's
//! magistrates, the delegate's costed plan, the council's opinion and order of priority, adoption
//! by the heads of court after it, and submission to the School. What follows (the School's
//! evaluation, the credits, the sessions going online) is in [`super::plan_funding`]; the order of
//! the steps is `shared::rules::plan_cycle`.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use shared::rules::plan_cycle::{self, check_opinion_date, PlanStep};
use shared::{CostCategory, ErrorCode, NotificationKind, PlanStatus, Role, SessionFormat};

use crate::auth::policy;
use crate::db::begin_write;
use crate::entities::{
    plan, plan_action, plan_adoption, plan_cost_line, plan_council_opinion, role_assignment, training_need, user,
};
use crate::error::{AppError, AppResult};

use super::audit::{self, snapshot, Change};
use super::notifications::{self, Message};
use super::Env;

/// Records a magistrate's training need for their court (art. 137), for next year's plan unless
/// `year` says otherwise.
pub async fn submit_need(
    env: &Env<'_>,
    theme: String,
    description: Option<String>,
    year: Option<i32>,
) -> AppResult<training_need::Model> {
    let profile = env.user.require_magistrate()?.clone();
    let court_id = profile.court_id.ok_or_else(|| {
        AppError::validation(
            "court",
            "Votre affectation ne relève d’aucune cour d’appel : elle n’a pas de programme déconcentré.",
        )
    })?;
    let year = year.unwrap_or_else(|| chrono::Datelike::year(&env.today()) + 1);
    let txn = begin_write(env.db).await?;
    let created = training_need::ActiveModel {
        court_id: Set(court_id),
        magistrate_id: Set(env.user.id),
        year: Set(year),
        theme: Set(theme),
        description: Set(description),
        created_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, Change::by(env, "need.submit", "training_need", created.id, None, snapshot(&created))).await?;
    txn.commit().await?;
    Ok(created)
}

/// The needs collected in a court, for its organisers and the School (they are named).
pub async fn needs(env: &Env<'_>, court_id: i64, year: i32) -> AppResult<Vec<training_need::Model>> {
    policy::ensure(policy::can_read_needs(env.user, court_id))?;
    Ok(training_need::Entity::find()
        .filter(training_need::Column::CourtId.eq(court_id))
        .filter(training_need::Column::Year.eq(year))
        .order_by_asc(training_need::Column::Id)
        .all(env.db)
        .await?)
}

/// Opens the court's plan for a year.
pub async fn create(env: &Env<'_>, court_id: i64, year: i32) -> AppResult<plan::Model> {
    policy::ensure(policy::can_draft_plan(env.user, court_id))?;
    let txn = begin_write(env.db).await?;
    let exists = plan::Entity::find()
        .filter(plan::Column::CourtId.eq(court_id))
        .filter(plan::Column::Year.eq(year))
        .count(&txn)
        .await?;
    if exists > 0 {
        return Err(AppError::client(ErrorCode::Conflict, format!("Le plan {year} de cette cour existe déjà.")));
    }
    let created = plan::ActiveModel {
        court_id: Set(court_id),
        year: Set(year),
        status: Set(PlanStatus::Draft),
        created_by: Set(Some(env.user.id)),
        created_at: Set(env.now),
        updated_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, Change::by(env, "plan.create", "plan", created.id, None, snapshot(&created))).await?;
    txn.commit().await?;
    Ok(created)
}

async fn load_plan(db: &impl ConnectionTrait, id: i64) -> AppResult<plan::Model> {
    plan::Entity::find_by_id(id).one(db).await?.ok_or_else(|| AppError::not_found("Plan de formation"))
}

/// The plan, locked until the transaction ends, so that two steps of its cycle at once are judged
/// one after the other (PostgreSQL; SQLite has one writer at a time).
pub(crate) async fn lock_plan(txn: &sea_orm::DatabaseTransaction, id: i64) -> AppResult<plan::Model> {
    plan::Entity::find_by_id(id)
        .lock_exclusive()
        .one(txn)
        .await?
        .ok_or_else(|| AppError::not_found("Plan de formation"))
}

/// Refuses `step` on `found` out of the cycle's order, saying what comes first.
pub(crate) fn in_order(step: PlanStep, found: &plan::Model) -> AppResult<()> {
    plan_cycle::check(step, found.status).map_err(AppError::invalid_transition)
}

/// The plan, for its court's organisers, while it is still a draft.
async fn editable(env: &Env<'_>, txn: &sea_orm::DatabaseTransaction, id: i64) -> AppResult<plan::Model> {
    let found = lock_plan(txn, id).await?;
    policy::ensure(policy::can_draft_plan(env.user, found.court_id))?;
    in_order(PlanStep::Edit, &found)?;
    Ok(found)
}

/// An action as drafted by the delegate.
pub struct ActionDraft {
    pub title: String,
    pub format: SessionFormat,
    pub planned_start: chrono::NaiveDate,
    pub planned_end: chrono::NaiveDate,
    pub expected_participants: i32,
    pub cost_lines: Vec<(CostCategory, i64)>,
    /// Other courts of a regional action (art. 142); the caller must organise each of them.
    pub other_court_ids: Vec<i64>,
}

/// Adds a costed action to a draft plan.
pub async fn add_action(env: &Env<'_>, plan_id: i64, draft: ActionDraft) -> AppResult<plan_action::Model> {
    if draft.planned_end < draft.planned_start {
        return Err(AppError::validation("plannedEnd", "la date de fin précède la date de début"));
    }
    if !(1..=2_000).contains(&draft.expected_participants) {
        return Err(AppError::validation("expectedParticipants", "de 1 à 2 000 participants"));
    }
    if draft.cost_lines.iter().any(|(_, cents)| *cents <= 0 || *cents > 10_000_000_000) {
        return Err(AppError::validation("costLines", "chaque montant est positif (en centimes)"));
    }
    let txn = begin_write(env.db).await?;
    let found = editable(env, &txn, plan_id).await?;
    let mut others = draft.other_court_ids.clone();
    others.sort_unstable();
    others.dedup();
    others.retain(|c| *c != found.court_id);
    policy::ensure(others.iter().all(|c| policy::can_draft_plan(env.user, *c)))?;
    if chrono::Datelike::year(&draft.planned_start) != found.year {
        return Err(AppError::validation("plannedStart", format!("l’action doit avoir lieu en {}", found.year)));
    }
    let created = plan_action::ActiveModel {
        plan_id: Set(plan_id),
        title: Set(draft.title),
        format: Set(draft.format),
        planned_start: Set(draft.planned_start),
        planned_end: Set(draft.planned_end),
        expected_participants: Set(draft.expected_participants),
        other_court_ids: Set(serde_json::to_string(&others).map_err(AppError::internal)?),
        priority: Set(None),
        session_id: Set(None),
        created_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (category, cents) in draft.cost_lines {
        plan_cost_line::ActiveModel {
            action_id: Set(created.id),
            category: Set(category),
            amount_cents: Set(cents),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    audit::record(&txn, Change::by(env, "plan.add_action", "plan_action", created.id, None, snapshot(&created)))
        .await?;
    txn.commit().await?;
    Ok(created)
}

/// Sets the order of priority of a draft plan: every action of the plan, once (art. 137).
pub async fn set_priorities(env: &Env<'_>, plan_id: i64, order: &[i64]) -> AppResult<Vec<plan_action::Model>> {
    let txn = begin_write(env.db).await?;
    editable(env, &txn, plan_id).await?;
    let ordered = write_priorities(env, &txn, plan_id, order).await?;
    txn.commit().await?;
    Ok(ordered)
}

/// Writes `order` on the plan's actions, each change audited.
async fn write_priorities(
    env: &Env<'_>,
    txn: &sea_orm::DatabaseTransaction,
    plan_id: i64,
    order: &[i64],
) -> AppResult<Vec<plan_action::Model>> {
    let actions = actions_of(txn, plan_id).await?;
    let mut expected: Vec<i64> = actions.iter().map(|a| a.id).collect();
    let mut given = order.to_vec();
    expected.sort_unstable();
    given.sort_unstable();
    if expected != given {
        return Err(AppError::validation("actionIds", "l’ordre doit citer une fois chaque action du plan"));
    }
    for (rank, id) in order.iter().enumerate() {
        let before = actions.iter().find(|a| a.id == *id).ok_or_else(|| AppError::internal("action vanished"))?;
        let mut active = before.clone().into_active_model();
        active.priority = Set(Some(rank as i32 + 1));
        let after = active.update(txn).await?;
        audit::record(txn, Change::by(env, "plan.priority", "plan_action", *id, snapshot(before), snapshot(&after)))
            .await?;
    }
    actions_of(txn, plan_id).await
}

/// The council's opinion as the delegate records it (art. 137).
pub struct CouncilOpinion {
    pub meeting_date: chrono::NaiveDate,
    pub opinion: String,
    /// The order of priority it proposes: every action of the plan, once.
    pub order: Vec<i64>,
}

/// Records the opinion of the council of deconcentrated training on the draft plan and the order
/// of priority it proposes (art. 137); the plan then waits for the heads of court, who are told.
pub async fn record_council_opinion(env: &Env<'_>, plan_id: i64, council: CouncilOpinion) -> AppResult<plan::Model> {
    let txn = begin_write(env.db).await?;
    let before = lock_plan(&txn, plan_id).await?;
    policy::ensure(policy::can_draft_plan(env.user, before.court_id))?;
    in_order(PlanStep::RecordCouncilOpinion, &before)?;
    check_opinion_date(council.meeting_date, env.today(), None)
        .map_err(|reason| AppError::validation("meetingDate", reason))?;
    if actions_of(&txn, plan_id).await?.is_empty() {
        return Err(AppError::validation(
            "planId",
            "le conseil donne son avis sur un plan qui compte une action au moins",
        ));
    }
    write_priorities(env, &txn, plan_id, &council.order).await?;
    let opinion = plan_council_opinion::ActiveModel {
        plan_id: Set(plan_id),
        meeting_date: Set(council.meeting_date),
        opinion: Set(council.opinion),
        recorded_by: Set(Some(env.user.id)),
        recorded_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Change::by(env, "plan.council_opinion", "plan_council_opinion", opinion.id, None, snapshot(&opinion)),
    )
    .await?;
    let after = moved(env, &txn, &before, PlanStatus::Advised, "plan.advised").await?;
    let message = Message {
        kind: NotificationKind::PlanToAdopt,
        title: format!("Plan de formation déconcentrée {} à arrêter", after.year),
        body: format!(
            "Le conseil de la formation continue déconcentrée a donné son avis le {} et proposé un ordre de priorité : \
             le plan attend l’arrêté des chefs de cour (art. 137).",
            shared::dates::long_fr(council.meeting_date)
        ),
        session_id: None,
        application_id: None,
    };
    notifications::send_to_role(&txn, Role::HeadOfCourt, Some(after.court_id), &message, env.now).await?;
    txn.commit().await?;
    Ok(after)
}

/// Moves `before` to `status`, audited as `action`.
pub(crate) async fn moved(
    env: &Env<'_>,
    txn: &sea_orm::DatabaseTransaction,
    before: &plan::Model,
    status: PlanStatus,
    action: &str,
) -> AppResult<plan::Model> {
    let mut active = before.clone().into_active_model();
    active.status = Set(status);
    active.updated_at = Set(env.now);
    let after = active.update(txn).await?;
    audit::record(txn, Change::by(env, action, "plan", before.id, snapshot(before), snapshot(&after))).await?;
    Ok(after)
}

/// The council's opinion on a plan, once recorded.
pub async fn council_opinion(
    db: &impl ConnectionTrait,
    plan_id: i64,
) -> AppResult<Option<plan_council_opinion::Model>> {
    Ok(plan_council_opinion::Entity::find().filter(plan_council_opinion::Column::PlanId.eq(plan_id)).one(db).await?)
}

/// The actions of a plan, by priority then creation.
pub async fn actions_of(db: &impl ConnectionTrait, plan_id: i64) -> AppResult<Vec<plan_action::Model>> {
    let mut actions = plan_action::Entity::find().filter(plan_action::Column::PlanId.eq(plan_id)).all(db).await?;
    actions.sort_by_key(|a| (a.priority.unwrap_or(i32::MAX), a.id));
    Ok(actions)
}

/// The heads of court of `court_id`.
pub(crate) async fn heads_of_court(db: &impl ConnectionTrait, court_id: i64) -> AppResult<Vec<i64>> {
    let mut ids: Vec<i64> = role_assignment::Entity::find()
        .filter(role_assignment::Column::Role.eq(Role::HeadOfCourt))
        .filter(role_assignment::Column::CourtId.eq(court_id))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// One head of court adopts the plan, after the council's opinion; once every head of the court
/// has, the plan is adopted (art. 137: « arrêté par les chefs de cour ») and may go to the School.
pub async fn adopt(env: &Env<'_>, plan_id: i64) -> AppResult<plan::Model> {
    let txn = begin_write(env.db).await?;
    let before = lock_plan(&txn, plan_id).await?;
    policy::ensure(policy::can_adopt_plan(env.user, before.court_id))?;
    in_order(PlanStep::Adopt, &before)?;
    let already = plan_adoption::Entity::find()
        .filter(plan_adoption::Column::PlanId.eq(plan_id))
        .filter(plan_adoption::Column::UserId.eq(env.user.id))
        .count(&txn)
        .await?;
    if already > 0 {
        return Err(AppError::client(ErrorCode::Conflict, "Vous avez déjà arrêté ce plan."));
    }
    let adoption = plan_adoption::ActiveModel {
        plan_id: Set(plan_id),
        user_id: Set(env.user.id),
        adopted_at: Set(env.now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(&txn, Change::by(env, "plan.adopt", "plan_adoption", adoption.id, None, snapshot(&adoption))).await?;
    let adopted_by: Vec<i64> = plan_adoption::Entity::find()
        .filter(plan_adoption::Column::PlanId.eq(plan_id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| a.user_id)
        .collect();
    let heads = heads_of_court(&txn, before.court_id).await?;
    let mut result = before.clone();
    if heads.iter().all(|h| adopted_by.contains(h)) {
        result = moved(env, &txn, &before, PlanStatus::Adopted, "plan.adopted").await?;
        let message = Message {
            kind: NotificationKind::PlanAdopted,
            title: format!("Plan de formation {} arrêté", result.year),
            body: format!(
                "Les chefs de cour ont arrêté le plan de formation déconcentrée {} (art. 137). Il peut être transmis à l’École.",
                result.year
            ),
            session_id: None,
            application_id: None,
        };
        notifications::send_to_role(&txn, Role::TrainingDelegate, Some(result.court_id), &message, env.now).await?;
    }
    txn.commit().await?;
    Ok(result)
}

/// Sends the adopted plan to the School (art. 139).
pub async fn submit(env: &Env<'_>, plan_id: i64) -> AppResult<plan::Model> {
    let txn = begin_write(env.db).await?;
    let before = lock_plan(&txn, plan_id).await?;
    policy::ensure(policy::can_draft_plan(env.user, before.court_id))?;
    in_order(PlanStep::Submit, &before)?;
    let mut active = before.clone().into_active_model();
    active.status = Set(PlanStatus::Submitted);
    active.submitted_at = Set(Some(env.now));
    active.updated_at = Set(env.now);
    let after = active.update(&txn).await?;
    audit::record(&txn, Change::by(env, "plan.submit", "plan", plan_id, snapshot(&before), snapshot(&after))).await?;
    let message = Message {
        kind: NotificationKind::PlanSubmitted,
        title: format!("Plan de formation déconcentrée {} reçu", after.year),
        body: "Une cour d’appel transmet son plan de formation déconcentrée pour évaluation (art. 139).".to_owned(),
        session_id: None,
        application_id: None,
    };
    notifications::send_to_role(&txn, Role::SchoolOfficer, None, &message, env.now).await?;
    txn.commit().await?;
    Ok(after)
}

/// A court's plan for a year with its actions, for those who share the dashboard.
pub async fn get(env: &Env<'_>, court_id: i64, year: i32) -> AppResult<Option<plan::Model>> {
    policy::ensure(policy::can_read_court_budget(env.user, court_id))?;
    Ok(plan::Entity::find()
        .filter(plan::Column::CourtId.eq(court_id))
        .filter(plan::Column::Year.eq(year))
        .one(env.db)
        .await?)
}

/// The cost lines of some actions.
pub async fn cost_lines(db: &impl ConnectionTrait, action_ids: Vec<i64>) -> AppResult<Vec<plan_cost_line::Model>> {
    Ok(plan_cost_line::Entity::find()
        .filter(plan_cost_line::Column::ActionId.is_in(action_ids))
        .order_by_asc(plan_cost_line::Column::Id)
        .all(db)
        .await?)
}

/// Who adopted the plan so far.
pub async fn adoptions(db: &impl ConnectionTrait, plan_id: i64) -> AppResult<Vec<plan_adoption::Model>> {
    Ok(plan_adoption::Entity::find().filter(plan_adoption::Column::PlanId.eq(plan_id)).all(db).await?)
}

/// A plan with everything shown with it.
pub struct PlanView {
    pub plan: plan::Model,
    pub actions: Vec<plan_action::Model>,
    pub lines: Vec<plan_cost_line::Model>,
    pub adoptions: Vec<plan_adoption::Model>,
    pub council: Option<plan_council_opinion::Model>,
    /// Where the plan stands in the cycle and what its next step lacks (art. 137, 139).
    pub next_step: plan_cycle::NextStep,
    /// The day the year's programme went online, if it has.
    pub online_on: Option<chrono::NaiveDate>,
}

/// Loads the actions, cost lines, adoptions and council's opinion of `found`, and what its next
/// step lacks.
pub async fn view(db: &impl ConnectionTrait, found: plan::Model) -> AppResult<PlanView> {
    let actions = actions_of(db, found.id).await?;
    let lines = cost_lines(db, actions.iter().map(|a| a.id).collect()).await?;
    let adoptions = adoptions(db, found.id).await?;
    let council = council_opinion(db, found.id).await?;
    let pending: Vec<i64> = heads_of_court(db, found.court_id)
        .await?
        .into_iter()
        .filter(|h| !adoptions.iter().any(|a| a.user_id == *h))
        .collect();
    let mut heads_pending: Vec<String> = user::Entity::find()
        .filter(user::Column::Id.is_in(pending))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.display_name)
        .collect();
    heads_pending.sort();
    let online_on = super::plan_funding::online_on(db, found.year).await?;
    let facts = plan_cycle::PlanFacts { actions: actions.len(), heads_pending };
    let next_step = plan_cycle::next_step(found.status, &facts);
    Ok(PlanView { plan: found, actions, lines, adoptions, council, next_step, online_on })
}

/// A plan by id, for those who share its court's dashboard.
pub async fn by_id(env: &Env<'_>, plan_id: i64) -> AppResult<PlanView> {
    let found = load_plan(env.db, plan_id).await?;
    policy::ensure_visible(policy::can_read_court_budget(env.user, found.court_id), "Plan de formation")?;
    view(env.db, found).await
}
