//! `activityReports`, `executionReportSendings`: what a court reported (art. 138, 143).

use async_graphql::{Context, Object, ID};
use shared::values::programme_year;

use crate::graphql::context::{env, parse_id};
use crate::graphql::types::reports::{ActivityReport, ExecutionReportSending};
use crate::services::court_reports;

#[derive(Default)]
pub struct ReportsQuery;

#[Object]
impl ReportsQuery {
    /// The activity reports a court sent the heads of its jurisdictions, latest first.
    async fn activity_reports(&self, ctx: &Context<'_>, court_id: ID) -> async_graphql::Result<Vec<ActivityReport>> {
        let env = env(ctx)?;
        let court = parse_id(&court_id, "Cour d’appel")?;
        Ok(court_reports::activity_reports(&env, court).await?.into_iter().map(ActivityReport).collect())
    }

    /// Each sending of the written part of a court's execution report of `year`, latest first.
    async fn execution_report_sendings(
        &self,
        ctx: &Context<'_>,
        court_id: ID,
        year: i32,
    ) -> async_graphql::Result<Vec<ExecutionReportSending>> {
        let env = env(ctx)?;
        let court = parse_id(&court_id, "Cour d’appel")?;
        let rows = court_reports::execution_sendings(&env, court, programme_year(year)?).await?;
        Ok(rows.into_iter().map(ExecutionReportSending).collect())
    }
}
