//! `submitTrainingNeed`, `createPlan`, `addPlanAction`, `setPlanPriorities`, `recordCouncilOpinion`,
//! `adoptPlan`, `submitPlan`, `evaluatePlan`, `allocateCredits`, `putProgrammeOnline`,
//! `recordExpense`, `closeSession`.

use async_graphql::{Context, InputObject, Object, ID};
use chrono::Datelike;
use shared::rules::plan_cycle::Verdict;
use shared::values::{optional_text, programme_year, required_text};
use shared::{CostCategory, ExpenseKind, SessionFormat};

use crate::graphql::context::{env, parse_id};
use crate::graphql::query::budget::plan_type;
use crate::graphql::scalars::Date;
use crate::graphql::types::budget::{Allocation, Expense, Plan, ProgrammeRelease, TrainingNeed};
use crate::graphql::types::Session;
use crate::services::budget::{self, BoardOpinion, ExpenseDraft};
use crate::services::plans::{self, ActionDraft, CouncilOpinion};
use crate::services::{execution, plan_funding};

#[derive(Default)]
pub struct BudgetMutation;

/// A training need (art. 137).
#[derive(InputObject)]
pub struct TrainingNeedInput {
    pub theme: String,
    pub description: Option<String>,
    /// The plan year it is for; next year by default.
    pub year: Option<i32>,
}

/// One cost line of the forecast.
#[derive(InputObject)]
pub struct CostLineInput {
    pub category: CostCategory,
    pub amount_cents: i64,
}

/// An action of the plan (art. 137).
#[derive(InputObject)]
pub struct PlanActionInput {
    pub title: String,
    pub format: SessionFormat,
    pub planned_start: Date,
    pub planned_end: Date,
    pub expected_participants: i32,
    pub cost_lines: Vec<CostLineInput>,
    /// For a regional action (art. 142): the other courts whose magistrates it is open to.
    pub other_court_ids: Option<Vec<ID>>,
}

/// The council's opinion on a draft plan (art. 137).
#[derive(InputObject)]
pub struct CouncilOpinionInput {
    /// The day the council met; not after today.
    pub meeting_date: Date,
    pub opinion: String,
    /// The order of priority it proposes: every action of the plan, once, first first.
    pub action_ids: Vec<ID>,
}

/// The School's verdict on one action of the plan (art. 139).
#[derive(InputObject)]
pub struct ActionEvaluationInput {
    pub action_id: ID,
    pub retained: bool,
    /// Required when the action is not retained.
    pub reason: Option<String>,
    /// The amount retained, from one cent to the action's forecast; 0 or absent when not retained.
    pub retained_cents: Option<i64>,
}

/// A commitment or payment (art. 139).
#[derive(InputObject)]
pub struct ExpenseInput {
    pub court_id: ID,
    pub session_id: Option<ID>,
    pub category: CostCategory,
    pub amount_cents: i64,
    pub kind: ExpenseKind,
    pub date: Date,
    pub label: String,
    /// The commitment this payment settles.
    pub settles_expense_id: Option<ID>,
    /// The entry this one reverses: same amount, opposite effect.
    pub reverses_expense_id: Option<ID>,
    /// The School's reason to commit beyond the credits; the School only.
    pub force_reason: Option<String>,
}

/// Most cost lines on one action.
const MAX_COST_LINES: usize = 50;
/// Most actions named at once in a plan's order or evaluation.
const MAX_ACTIONS: usize = 500;

async fn plan_of(env: &crate::services::Env<'_>, id: i64) -> async_graphql::Result<Plan> {
    Ok(plan_type(plans::by_id(env, id).await?))
}

#[Object]
impl BudgetMutation {
    /// A magistrate's training need for their court (art. 137).
    async fn submit_training_need(
        &self,
        ctx: &Context<'_>,
        input: TrainingNeedInput,
    ) -> async_graphql::Result<TrainingNeed> {
        let env = env(ctx)?;
        let year = input.year.map(programme_year).transpose()?;
        let theme = required_text("theme", &input.theme, 200)?;
        let description = optional_text("description", input.description.as_deref(), 4_000)?;
        Ok(TrainingNeed(plans::submit_need(&env, theme, description, year).await?))
    }

    /// Opens a court's plan for a year.
    async fn create_plan(&self, ctx: &Context<'_>, court_id: ID, year: i32) -> async_graphql::Result<Plan> {
        let env = env(ctx)?;
        let created = plans::create(&env, parse_id(&court_id, "Cour d’appel")?, programme_year(year)?).await?;
        plan_of(&env, created.id).await
    }

    /// Adds a costed action to a draft plan.
    async fn add_plan_action(
        &self,
        ctx: &Context<'_>,
        plan_id: ID,
        input: PlanActionInput,
    ) -> async_graphql::Result<Plan> {
        let env = env(ctx)?;
        let plan_id = parse_id(&plan_id, "Plan de formation")?;
        if input.cost_lines.len() > MAX_COST_LINES {
            return Err(crate::error::AppError::validation("costLines", "50 lignes au plus").into());
        }
        let draft = ActionDraft {
            title: required_text("title", &input.title, 200)?,
            format: input.format,
            planned_start: input.planned_start.0,
            planned_end: input.planned_end.0,
            expected_participants: input.expected_participants,
            cost_lines: input.cost_lines.iter().map(|l| (l.category, l.amount_cents)).collect(),
            other_court_ids: input
                .other_court_ids
                .unwrap_or_default()
                .iter()
                .map(|id| parse_id(id, "Cour d’appel"))
                .collect::<Result<Vec<_>, _>>()?,
        };
        plans::add_action(&env, plan_id, draft).await?;
        plan_of(&env, plan_id).await
    }

    /// Sets the order of priority of a draft plan, before the council gives its own (art. 137).
    async fn set_plan_priorities(
        &self,
        ctx: &Context<'_>,
        plan_id: ID,
        action_ids: Vec<ID>,
    ) -> async_graphql::Result<Plan> {
        let env = env(ctx)?;
        let plan_id = parse_id(&plan_id, "Plan de formation")?;
        let ids = action_ids.iter().map(|id| parse_id(id, "Action du plan")).collect::<Result<Vec<_>, _>>()?;
        plans::set_priorities(&env, plan_id, &ids).await?;
        plan_of(&env, plan_id).await
    }

    /// Records the council's opinion and the order of priority it proposes; the plan then goes to
    /// the heads of court (art. 137).
    async fn record_council_opinion(
        &self,
        ctx: &Context<'_>,
        plan_id: ID,
        input: CouncilOpinionInput,
    ) -> async_graphql::Result<Plan> {
        let env = env(ctx)?;
        let plan_id = parse_id(&plan_id, "Plan de formation")?;
        if input.action_ids.len() > MAX_ACTIONS {
            return Err(crate::error::AppError::validation("actionIds", "500 actions au plus").into());
        }
        let council = CouncilOpinion {
            meeting_date: input.meeting_date.0,
            opinion: required_text("opinion", &input.opinion, 4_000)?,
            order: input.action_ids.iter().map(|id| parse_id(id, "Action du plan")).collect::<Result<Vec<_>, _>>()?,
        };
        plans::record_council_opinion(&env, plan_id, council).await?;
        plan_of(&env, plan_id).await
    }

    /// A head of court adopts the plan after the council's opinion; adopted once both heads have
    /// (art. 137).
    async fn adopt_plan(&self, ctx: &Context<'_>, plan_id: ID) -> async_graphql::Result<Plan> {
        let env = env(ctx)?;
        let plan_id = parse_id(&plan_id, "Plan de formation")?;
        plans::adopt(&env, plan_id).await?;
        plan_of(&env, plan_id).await
    }

    /// Sends the adopted plan to the School (art. 139).
    async fn submit_plan(&self, ctx: &Context<'_>, plan_id: ID) -> async_graphql::Result<Plan> {
        let env = env(ctx)?;
        let plan_id = parse_id(&plan_id, "Plan de formation")?;
        plans::submit(&env, plan_id).await?;
        plan_of(&env, plan_id).await
    }

    /// The School's pedagogical and financial evaluation of a submitted plan: one verdict per
    /// action, retained with its amount or not with its reason (art. 139).
    async fn evaluate_plan(
        &self,
        ctx: &Context<'_>,
        plan_id: ID,
        comment: Option<String>,
        actions: Vec<ActionEvaluationInput>,
    ) -> async_graphql::Result<Plan> {
        let env = env(ctx)?;
        let plan_id = parse_id(&plan_id, "Plan de formation")?;
        let comment = optional_text("comment", comment.as_deref(), 4_000)?;
        if actions.len() > MAX_ACTIONS {
            return Err(crate::error::AppError::validation("actions", "500 actions au plus").into());
        }
        let mut verdicts = Vec::with_capacity(actions.len());
        for a in &actions {
            verdicts.push(Verdict {
                action_id: parse_id(&a.action_id, "Action du plan")?,
                retained: a.retained,
                reason: optional_text("reason", a.reason.as_deref(), 2_000)?,
                retained_cents: a.retained_cents.unwrap_or(0),
            });
        }
        plan_funding::evaluate(&env, plan_id, comment, verdicts).await?;
        plan_of(&env, plan_id).await
    }

    /// Reserves or changes a court's credits for a year, after the board's opinion (art. 139).
    async fn allocate_credits(
        &self,
        ctx: &Context<'_>,
        court_id: ID,
        year: i32,
        amount_cents: i64,
        board_opinion_date: Date,
        board_reference: String,
    ) -> async_graphql::Result<Allocation> {
        let env = env(ctx)?;
        let court_id = parse_id(&court_id, "Cour d’appel")?;
        let year = programme_year(year)?;
        let board = BoardOpinion {
            date: board_opinion_date.0,
            reference: Some(required_text("boardReference", &board_reference, 200)?),
        };
        Ok(Allocation(budget::allocate(&env, court_id, year, amount_cents, board).await?))
    }

    /// Puts the year's programme online: the deconcentrated sessions of the funded plans go online
    /// with the national programme, on the same day (art. 139).
    async fn put_programme_online(&self, ctx: &Context<'_>, year: i32) -> async_graphql::Result<ProgrammeRelease> {
        let env = env(ctx)?;
        let done = plan_funding::put_programme_online(&env, programme_year(year)?).await?;
        Ok(ProgrammeRelease { release: done.release, sessions_published: Some(done.sessions_published) })
    }

    /// Records a commitment or a payment; beyond the credits only when the School forces it (art. 139).
    async fn record_expense(&self, ctx: &Context<'_>, input: ExpenseInput) -> async_graphql::Result<Expense> {
        let env = env(ctx)?;
        let id = |v: &Option<ID>, what| v.as_ref().map(|id| parse_id(id, what)).transpose();
        programme_year(input.date.0.year())?;
        let draft = ExpenseDraft {
            court_id: parse_id(&input.court_id, "Cour d’appel")?,
            session_id: id(&input.session_id, "Action de formation")?,
            category: input.category,
            amount_cents: input.amount_cents,
            kind: input.kind,
            date: input.date.0,
            label: required_text("label", &input.label, 300)?,
            settles: id(&input.settles_expense_id, "Engagement")?,
            reverses: id(&input.reverses_expense_id, "Écriture")?,
            force_reason: optional_text("forceReason", input.force_reason.as_deref(), 2_000)?,
        };
        Ok(Expense(budget::record_expense(&env, draft).await?))
    }

    /// Closes a finished deconcentrated session and sends its final list to the School (art. 141).
    async fn close_session(&self, ctx: &Context<'_>, session_id: ID) -> async_graphql::Result<Session> {
        let env = env(ctx)?;
        Ok(Session(execution::close(&env, parse_id(&session_id, "Action de formation")?).await?))
    }
}
