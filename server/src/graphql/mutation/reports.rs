//! `sendExecutionReport`, `sendActivityReport` (art. 138, 143).

use async_graphql::{Context, Object, ID};
use shared::values::{programme_year, required_text};

use crate::graphql::context::{env, parse_id};
use crate::graphql::scalars::Date;
use crate::graphql::types::reports::{ActivityReport, ExecutionReportSending};
use crate::services::court_reports;

#[derive(Default)]
pub struct ReportsMutation;

#[Object]
impl ReportsMutation {
    /// Sends the written part of the court's execution report of `year` to the director of the
    /// School, beside its figures (the court's delegate or coordinator, art. 143).
    async fn send_execution_report(
        &self,
        ctx: &Context<'_>,
        court_id: ID,
        year: i32,
        narrative: String,
    ) -> async_graphql::Result<ExecutionReportSending> {
        let env = env(ctx)?;
        let court = parse_id(&court_id, "Cour d’appel")?;
        let text = required_text("narrative", &narrative, 20_000)?;
        Ok(ExecutionReportSending(
            court_reports::send_execution_report(&env, court, programme_year(year)?, text).await?,
        ))
    }

    /// Tells the heads of each jurisdiction of the court's territory what was held from `from` to
    /// `to`, who came from their jurisdiction and what is coming (art. 138).
    async fn send_activity_report(
        &self,
        ctx: &Context<'_>,
        court_id: ID,
        from: Date,
        to: Date,
    ) -> async_graphql::Result<ActivityReport> {
        let env = env(ctx)?;
        let court = parse_id(&court_id, "Cour d’appel")?;
        Ok(ActivityReport(court_reports::send_activity_report(&env, court, from.0, to.0).await?))
    }
}
