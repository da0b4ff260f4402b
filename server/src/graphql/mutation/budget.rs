//! `submitTrainingNeed`, `createPlan`, `addPlanAction`, `setPlanPriorities`, `adoptPlan`,
//! `submitPlan`, `evaluatePlan`, `allocateCredits`, `recordExpense`, `closeSession`.

use async_graphql::{Context, InputObject, Object, ID};
use chrono::Datelike;
use shared::values::{optional_text, programme_year, required_text};
use shared::{CostCategory, ExpenseKind, SessionFormat};

use crate::graphql::context::{env, parse_id};
use crate::graphql::query::budget::plan_type;
use crate::graphql::scalars::Date;
use crate::graphql::types::budget::{Allocation, Expense, Plan, TrainingNeed};
use crate::graphql::types::Session;
use crate::services::budget::{self, ExpenseDraft};
use crate::services::execution;
use crate::services::plans::{self, ActionDraft};

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

    /// Records the council's order of priority (art. 137).
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

    /// A head of court adopts the plan; adopted once both heads have (art. 137).
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

    /// The School's evaluation of a submitted plan (art. 139).
    async fn evaluate_plan(
        &self,
        ctx: &Context<'_>,
        plan_id: ID,
        comment: Option<String>,
    ) -> async_graphql::Result<Plan> {
        let env = env(ctx)?;
        let plan_id = parse_id(&plan_id, "Plan de formation")?;
        let comment = optional_text("comment", comment.as_deref(), 4_000)?;
        plans::evaluate(&env, plan_id, comment).await?;
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
    ) -> async_graphql::Result<Allocation> {
        let env = env(ctx)?;
        let court_id = parse_id(&court_id, "Cour d’appel")?;
        let year = programme_year(year)?;
        Ok(Allocation(budget::allocate(&env, court_id, year, amount_cents, board_opinion_date.0).await?))
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
