//! `trainingNeeds`, `plan`, `programmeRelease`, `courtBudget`, `budgetDashboard`, `executionReport`.

use async_graphql::{Context, Object, ID};
use shared::values::programme_year;

use crate::graphql::context::{env, parse_id};
use crate::graphql::types::budget::{
    BudgetDashboard, CourtBudget, ExecutionReport, Plan, PlanAction, ProgrammeRelease, TrainingNeed,
};
use crate::services::plans::{self, PlanView};
use crate::services::{dashboard, execution, plan_funding};

#[derive(Default)]
pub struct BudgetQuery;

/// The API view of a loaded plan.
pub fn plan_type(view: PlanView) -> Plan {
    let actions = view
        .actions
        .into_iter()
        .map(|a| {
            let lines = view.lines.iter().filter(|l| l.action_id == a.id).cloned().collect();
            PlanAction { action: a, lines }
        })
        .collect();
    Plan {
        plan: view.plan,
        actions,
        adoptions: view.adoptions,
        council: view.council,
        next_step: view.next_step,
        online_on: view.online_on,
    }
}

#[Object]
impl BudgetQuery {
    /// Needs collected from a court's magistrates (art. 137), for its delegate and coordinator.
    async fn training_needs(
        &self,
        ctx: &Context<'_>,
        court_id: ID,
        year: i32,
    ) -> async_graphql::Result<Vec<TrainingNeed>> {
        let env = env(ctx)?;
        let court_id = parse_id(&court_id, "Cour d’appel")?;
        Ok(plans::needs(&env, court_id, programme_year(year)?).await?.into_iter().map(TrainingNeed).collect())
    }

    /// A court's plan for a year, if one was opened (art. 137).
    async fn plan(&self, ctx: &Context<'_>, court_id: ID, year: i32) -> async_graphql::Result<Option<Plan>> {
        let env = env(ctx)?;
        let court_id = parse_id(&court_id, "Cour d’appel")?;
        match plans::get(&env, court_id, programme_year(year)?).await? {
            Some(found) => Ok(Some(plan_type(plans::view(env.db, found).await?))),
            None => Ok(None),
        }
    }

    /// When the programme of a year went online, national and deconcentrated together (art. 139);
    /// null until it has.
    async fn programme_release(&self, ctx: &Context<'_>, year: i32) -> async_graphql::Result<Option<ProgrammeRelease>> {
        let env = env(ctx)?;
        let found = plan_funding::release_of(env.db, programme_year(year)?).await?;
        Ok(found.map(|release| ProgrammeRelease { release, sessions_published: None }))
    }

    /// A court's shared budget dashboard (art. 139).
    async fn court_budget(&self, ctx: &Context<'_>, court_id: ID, year: i32) -> async_graphql::Result<CourtBudget> {
        let env = env(ctx)?;
        let court_id = parse_id(&court_id, "Cour d’appel")?;
        Ok(CourtBudget(dashboard::court_budget(&env, court_id, programme_year(year)?).await?))
    }

    /// Every court the caller may see in one view, with totals (art. 139).
    async fn budget_dashboard(&self, ctx: &Context<'_>, year: i32) -> async_graphql::Result<BudgetDashboard> {
        let env = env(ctx)?;
        let year = programme_year(year)?;
        Ok(BudgetDashboard { year, courts: dashboard::dashboard(&env, year).await? })
    }

    /// The yearly execution report of a court's programme (art. 143).
    async fn execution_report(
        &self,
        ctx: &Context<'_>,
        court_id: ID,
        year: i32,
    ) -> async_graphql::Result<ExecutionReport> {
        let env = env(ctx)?;
        let court_id = parse_id(&court_id, "Cour d’appel")?;
        Ok(ExecutionReport(execution::report(&env, court_id, programme_year(year)?).await?))
    }
}
