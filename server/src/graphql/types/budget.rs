//! The deconcentrated cycle as the API shows it: needs, plans with their costed actions, credits,
//! expenses, the court and national dashboards and the execution report (art. 137–143).

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use shared::rules::budget::Totals;
use shared::{CostCategory, ExpenseKind, PlanStatus, SessionFormat};

use crate::entities::{
    allocation, expense, plan, plan_action, plan_adoption, plan_cost_line, plan_council_opinion, training_need,
};
use crate::graphql::loaders::{load, CourtKey, UserKey};
use crate::graphql::scalars::Date;
use crate::services::dashboard::{CourtFigures, CourtSummary};
use crate::services::execution::{ExecutionReport as Report, ReportLine};

use super::permissions::{nested_session, BudgetPermissions, PlanPermissions};
use super::{Court, Person, Session};

/// A need put forward by a magistrate (art. 137).
pub struct TrainingNeed(pub training_need::Model);

#[Object]
impl TrainingNeed {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn theme(&self) -> &str {
        &self.0.theme
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        Ok(load(ctx, UserKey(self.0.magistrate_id)).await?.as_ref().map(Person::from))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// One line of an action's costed forecast.
#[derive(SimpleObject)]
pub struct CostLine {
    pub category: CostCategory,
    pub amount_cents: i64,
}

/// An action of the plan.
pub struct PlanAction {
    pub action: plan_action::Model,
    pub lines: Vec<plan_cost_line::Model>,
}

#[Object]
impl PlanAction {
    async fn id(&self) -> ID {
        ID(self.action.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.action.title
    }
    async fn format(&self) -> SessionFormat {
        self.action.format
    }
    async fn planned_start(&self) -> Date {
        Date(self.action.planned_start)
    }
    async fn planned_end(&self) -> Date {
        Date(self.action.planned_end)
    }
    async fn expected_participants(&self) -> i32 {
        self.action.expected_participants
    }
    /// The other courts of a regional action (art. 142).
    async fn other_courts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Court>> {
        let ids: Vec<i64> = serde_json::from_str(&self.action.other_court_ids).unwrap_or_default();
        let mut courts = Vec::new();
        for id in ids {
            if let Some(c) = load(ctx, CourtKey(id)).await? {
                courts.push(Court(c));
            }
        }
        Ok(courts)
    }
    /// The council's order, 1 first (art. 137).
    async fn priority(&self) -> Option<i32> {
        self.action.priority
    }
    async fn cost_lines(&self) -> Vec<CostLine> {
        self.lines.iter().map(|l| CostLine { category: l.category, amount_cents: l.amount_cents }).collect()
    }
    /// The costed forecast of the action.
    async fn planned_cents(&self) -> i64 {
        self.lines.iter().map(|l| l.amount_cents).sum()
    }
    /// The School's verdict (art. 139): retained or not; null until the plan is evaluated.
    async fn retained(&self) -> Option<bool> {
        self.action.retained
    }
    /// Why the School did not retain it, or what it said of it.
    async fn evaluation_reason(&self) -> Option<&str> {
        self.action.evaluation_reason.as_deref()
    }
    /// The amount the School retained; null until the plan is evaluated.
    async fn retained_cents(&self) -> Option<i64> {
        self.action.retained_cents
    }
    /// The deconcentrated session the action became when the plan's credits were reserved.
    async fn session(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Session>> {
        match self.action.session_id {
            Some(id) => nested_session(ctx, id).await,
            None => Ok(None),
        }
    }
}

/// A court's annual plan (art. 137).
pub struct Plan {
    pub plan: plan::Model,
    pub actions: Vec<PlanAction>,
    pub adoptions: Vec<plan_adoption::Model>,
    pub council: Option<plan_council_opinion::Model>,
    pub next_step: shared::rules::plan_cycle::NextStep,
    pub online_on: Option<chrono::NaiveDate>,
}

/// The opinion of the council of deconcentrated training (art. 137).
pub struct CouncilOpinion(pub plan_council_opinion::Model);

#[Object]
impl CouncilOpinion {
    /// The day the council met.
    async fn meeting_date(&self) -> Date {
        Date(self.0.meeting_date)
    }
    async fn opinion(&self) -> &str {
        &self.0.opinion
    }
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }
}

/// The next step of a plan and what it lacks (art. 137, 139).
#[derive(SimpleObject)]
pub struct PlanNextStep {
    /// The step, in French; null once the plan is online.
    pub label: Option<String>,
    /// What is missing before it, one item each.
    pub missing: Vec<String>,
}

#[Object]
impl Plan {
    async fn id(&self) -> ID {
        ID(self.plan.id.to_string())
    }
    async fn court(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Court>> {
        Ok(load(ctx, CourtKey(self.plan.court_id)).await?.map(Court))
    }
    async fn year(&self) -> i32 {
        self.plan.year
    }
    async fn status(&self) -> PlanStatus {
        self.plan.status
    }
    /// By the council's priority, then in the order they were added.
    async fn actions(&self) -> &[PlanAction] {
        &self.actions
    }
    /// The whole costed forecast.
    async fn planned_cents(&self) -> i64 {
        self.actions.iter().flat_map(|a| a.lines.iter()).map(|l| l.amount_cents).sum()
    }
    /// The heads of court who adopted it so far.
    async fn adopted_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Person>> {
        let mut people = Vec::new();
        for a in &self.adoptions {
            if let Some(u) = load(ctx, UserKey(a.user_id)).await? {
                people.push(Person::from(&u));
            }
        }
        Ok(people)
    }
    async fn submitted_at(&self) -> Option<DateTime<Utc>> {
        self.plan.submitted_at
    }
    async fn evaluation_comment(&self) -> Option<&str> {
        self.plan.evaluation_comment.as_deref()
    }
    async fn evaluated_at(&self) -> Option<DateTime<Utc>> {
        self.plan.evaluated_at
    }
    /// The council's opinion and the day it met, once recorded (art. 137).
    async fn council_opinion(&self) -> Option<CouncilOpinion> {
        self.council.clone().map(CouncilOpinion)
    }
    /// What the School retained of the forecast, once it evaluated the plan (art. 139).
    async fn retained_cents(&self) -> Option<i64> {
        self.plan.evaluated_at.map(|_| self.actions.iter().filter_map(|a| a.action.retained_cents).sum())
    }
    /// When the director first reserved the court's credits on it (art. 139).
    async fn funded_at(&self) -> Option<DateTime<Utc>> {
        self.plan.funded_at
    }
    /// The day the year's programme went online, with the plan's sessions (art. 139).
    async fn online_on(&self) -> Option<Date> {
        self.online_on.map(Date)
    }
    /// Where the plan stands and what its next step lacks.
    async fn next_step(&self) -> PlanNextStep {
        PlanNextStep { label: self.next_step.label.map(str::to_owned), missing: self.next_step.missing.clone() }
    }
    /// What the caller may do with this plan.
    async fn viewer_can(&self, ctx: &Context<'_>) -> PlanPermissions {
        let adopted_by: Vec<i64> = self.adoptions.iter().map(|a| a.user_id).collect();
        PlanPermissions::of(ctx, &self.plan, &adopted_by)
    }
}

/// Committed, paid and consumed amounts.
#[derive(SimpleObject, Clone, Copy)]
pub struct Amounts {
    pub committed_cents: i64,
    pub paid_cents: i64,
    /// Commitments plus payments made without one: what the credits lose.
    pub consumed_cents: i64,
}

impl From<Totals> for Amounts {
    fn from(t: Totals) -> Self {
        Amounts { committed_cents: t.committed_cents, paid_cents: t.paid_cents, consumed_cents: t.consumed_cents }
    }
}

/// Spending of one category against its forecast.
#[derive(SimpleObject)]
pub struct CategoryBudget {
    pub category: CostCategory,
    pub label: String,
    pub planned_cents: i64,
    pub spent: Amounts,
}

/// One month of the year.
#[derive(SimpleObject)]
pub struct MonthBudget {
    /// `YYYY-MM`.
    pub month: String,
    pub spent: Amounts,
    /// Consumed from January to the end of this month.
    pub cumulative_consumed_cents: i64,
}

/// Each category's forecast against its spending.
pub fn categories(by_category: &[(CostCategory, i64, Totals)]) -> Vec<CategoryBudget> {
    by_category
        .iter()
        .map(|(c, planned, spent)| CategoryBudget {
            category: *c,
            label: c.label_fr().to_owned(),
            planned_cents: *planned,
            spent: (*spent).into(),
        })
        .collect()
}

/// The twelve months of `year`, January first, with what was consumed up to each.
pub fn months(year: i32, totals: &[Totals; 12]) -> Vec<MonthBudget> {
    let mut cumulative = 0;
    totals
        .iter()
        .enumerate()
        .map(|(i, t)| {
            cumulative += t.consumed_cents;
            MonthBudget {
                month: format!("{year}-{:02}", i + 1),
                spent: (*t).into(),
                cumulative_consumed_cents: cumulative,
            }
        })
        .collect()
}

/// One action of the plan against its spending.
pub struct ActionBudget {
    pub action: plan_action::Model,
    pub planned_cents: i64,
    pub spent: Amounts,
}

#[Object]
impl ActionBudget {
    async fn action_id(&self) -> ID {
        ID(self.action.id.to_string())
    }
    async fn title(&self) -> &str {
        &self.action.title
    }
    async fn session(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Session>> {
        match self.action.session_id {
            Some(id) => nested_session(ctx, id).await,
            None => Ok(None),
        }
    }
    async fn planned_cents(&self) -> i64 {
        self.planned_cents
    }
    async fn spent(&self) -> Amounts {
        self.spent
    }
}

/// A decision on the court's credits (art. 139).
pub struct Allocation(pub allocation::Model);

#[Object]
impl Allocation {
    async fn amount_cents(&self) -> i64 {
        self.0.amount_cents
    }
    /// The board of directors' opinion the decision follows (art. 139).
    async fn board_opinion_date(&self) -> Date {
        Date(self.0.board_opinion_date)
    }
    /// The reference of the board's deliberation.
    async fn board_reference(&self) -> Option<&str> {
        self.0.board_reference.as_deref()
    }
    async fn decided_at(&self) -> DateTime<Utc> {
        self.0.decided_at
    }
}

/// A recorded commitment or payment.
pub struct Expense(pub expense::Model);

#[Object]
impl Expense {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn kind(&self) -> ExpenseKind {
        self.0.kind
    }
    async fn category(&self) -> CostCategory {
        self.0.category
    }
    /// Negative for a reversal.
    async fn amount_cents(&self) -> i64 {
        self.0.amount_cents
    }
    async fn date(&self) -> Date {
        Date(self.0.spent_on)
    }
    async fn label(&self) -> &str {
        &self.0.label
    }
    async fn session(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Session>> {
        match self.0.session_id {
            Some(id) => nested_session(ctx, id).await,
            None => Ok(None),
        }
    }
    async fn settles_expense_id(&self) -> Option<ID> {
        self.0.settles_expense_id.map(|id| ID(id.to_string()))
    }
    async fn reverses_expense_id(&self) -> Option<ID> {
        self.0.reverses_expense_id.map(|id| ID(id.to_string()))
    }
    /// Forced beyond the credits by the School, with its reason.
    async fn forced(&self) -> bool {
        self.0.forced
    }
    async fn force_reason(&self) -> Option<&str> {
        self.0.force_reason.as_deref()
    }
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }
}

/// A court's budget dashboard for a year (art. 139).
pub struct CourtBudget(pub CourtFigures);

#[Object]
impl CourtBudget {
    async fn court(&self) -> Court {
        Court(self.0.court.clone())
    }
    /// What the caller may do on this dashboard.
    async fn viewer_can(&self, ctx: &Context<'_>) -> BudgetPermissions {
        BudgetPermissions::of(ctx, &self.0.court)
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn allocated_cents(&self) -> i64 {
        self.0.allocated_cents
    }
    async fn committed_cents(&self) -> i64 {
        self.0.totals.committed_cents
    }
    async fn paid_cents(&self) -> i64 {
        self.0.totals.paid_cents
    }
    async fn consumed_cents(&self) -> i64 {
        self.0.totals.consumed_cents
    }
    async fn remaining_cents(&self) -> i64 {
        self.0.remaining_cents
    }
    /// Planned in the plan but not yet committed.
    async fn forecast_cents(&self) -> i64 {
        self.0.forecast_cents
    }
    async fn by_action(&self) -> Vec<ActionBudget> {
        self.0
            .by_action
            .iter()
            .map(|a| ActionBudget { action: a.action.clone(), planned_cents: a.planned_cents, spent: a.spent.into() })
            .collect()
    }
    async fn by_category(&self) -> Vec<CategoryBudget> {
        categories(&self.0.by_category)
    }
    /// Twelve months, January first.
    async fn monthly(&self) -> Vec<MonthBudget> {
        months(self.0.year, &self.0.months)
    }
    /// Every decision on the credits, oldest first.
    async fn allocations(&self) -> Vec<Allocation> {
        self.0.allocations.iter().cloned().map(Allocation).collect()
    }
    /// Every entry, oldest first.
    async fn expenses(&self) -> Vec<Expense> {
        self.0.entries.iter().cloned().map(Expense).collect()
    }
}

/// One court on the national dashboard.
pub struct CourtBudgetSummary(pub CourtSummary);

#[Object]
impl CourtBudgetSummary {
    async fn court(&self) -> Court {
        Court(self.0.court.clone())
    }
    async fn allocated_cents(&self) -> i64 {
        self.0.allocated_cents
    }
    async fn committed_cents(&self) -> i64 {
        self.0.totals.committed_cents
    }
    async fn paid_cents(&self) -> i64 {
        self.0.totals.paid_cents
    }
    async fn consumed_cents(&self) -> i64 {
        self.0.totals.consumed_cents
    }
    async fn remaining_cents(&self) -> i64 {
        self.0.remaining_cents
    }
    async fn forecast_cents(&self) -> i64 {
        self.0.forecast_cents
    }
}

/// Every court the caller may see, with totals (art. 139).
pub struct BudgetDashboard {
    pub year: i32,
    pub courts: Vec<CourtSummary>,
}

#[Object]
impl BudgetDashboard {
    async fn year(&self) -> i32 {
        self.year
    }
    async fn courts(&self) -> Vec<CourtBudgetSummary> {
        self.courts.iter().cloned().map(CourtBudgetSummary).collect()
    }
    /// The sums over the courts shown.
    async fn totals(&self) -> BudgetTotals {
        let sum = |f: fn(&CourtSummary) -> i64| self.courts.iter().map(f).sum();
        BudgetTotals {
            allocated_cents: sum(|c| c.allocated_cents),
            committed_cents: sum(|c| c.totals.committed_cents),
            paid_cents: sum(|c| c.totals.paid_cents),
            consumed_cents: sum(|c| c.totals.consumed_cents),
            remaining_cents: sum(|c| c.remaining_cents),
            forecast_cents: sum(|c| c.forecast_cents),
        }
    }
}

/// National totals.
#[derive(SimpleObject)]
pub struct BudgetTotals {
    pub allocated_cents: i64,
    pub committed_cents: i64,
    pub paid_cents: i64,
    pub consumed_cents: i64,
    pub remaining_cents: i64,
    pub forecast_cents: i64,
}

/// One action in the execution report.
pub struct ExecutionLine(pub ReportLine);

#[Object]
impl ExecutionLine {
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// Whether the action was in the plan.
    async fn planned(&self) -> bool {
        self.0.planned
    }
    async fn held(&self) -> bool {
        self.0.held()
    }
    async fn session(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Session>> {
        match &self.0.session {
            Some(s) => nested_session(ctx, s.id).await,
            None => Ok(None),
        }
    }
    async fn participants(&self) -> usize {
        self.0.participants
    }
    async fn days_delivered(&self) -> f64 {
        f64::from(self.0.delivered_half_days) / 2.0
    }
    async fn planned_cents(&self) -> i64 {
        self.0.planned_cents
    }
    async fn spent_cents(&self) -> i64 {
        self.0.spent_cents
    }
}

/// The yearly report of a court's deconcentrated programme (art. 143).
pub struct ExecutionReport(pub Report);

#[Object]
impl ExecutionReport {
    async fn court(&self) -> Court {
        Court(self.0.figures.court.clone())
    }
    async fn year(&self) -> i32 {
        self.0.figures.year
    }
    async fn plan_status(&self) -> Option<PlanStatus> {
        self.0.plan_status
    }
    async fn lines(&self) -> Vec<ExecutionLine> {
        self.0.lines.iter().cloned().map(ExecutionLine).collect()
    }
    async fn actions_planned(&self) -> usize {
        self.0.lines.iter().filter(|l| l.planned).count()
    }
    async fn actions_held(&self) -> usize {
        self.0.lines.iter().filter(|l| l.held()).count()
    }
    async fn participants(&self) -> usize {
        self.0.lines.iter().map(|l| l.participants).sum()
    }
    async fn days_delivered(&self) -> f64 {
        f64::from(self.0.lines.iter().map(|l| l.delivered_half_days).sum::<i32>()) / 2.0
    }
    async fn allocated_cents(&self) -> i64 {
        self.0.figures.allocated_cents
    }
    async fn consumed_cents(&self) -> i64 {
        self.0.figures.totals.consumed_cents
    }
    async fn paid_cents(&self) -> i64 {
        self.0.figures.totals.paid_cents
    }
    async fn remaining_cents(&self) -> i64 {
        self.0.figures.remaining_cents
    }
}

/// The day a year's programme went online (art. 139).
pub struct ProgrammeRelease {
    pub release: crate::entities::programme_release::Model,
    /// The deconcentrated sessions published with it, when it is the answer to putting it online.
    pub sessions_published: Option<usize>,
}

#[Object]
impl ProgrammeRelease {
    async fn year(&self) -> i32 {
        self.release.year
    }
    async fn online_on(&self) -> Date {
        Date(self.release.online_on)
    }
    /// How many deconcentrated sessions went online with it, when it was just put online.
    async fn sessions_published(&self) -> Option<i32> {
        self.sessions_published.map(|n| i32::try_from(n).unwrap_or(i32::MAX))
    }
}
