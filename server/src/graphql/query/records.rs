//! `trainingSheet`, `complianceReport`, `sessionEvaluations`, `sessionAttendance`, `validationRequests`.

use async_graphql::{Context, Object, ID};
use shared::values::programme_year;

use crate::graphql::context::{env, parse_id};
use crate::graphql::types::connection::{list_weight, list_window};
use crate::graphql::types::sheet::{
    AttendanceRecord, ComplianceReport, SessionEvaluations, TrainingSheet, ValidationRequest,
};
use crate::services::{attendance, evaluations, sheets, validations};

#[derive(Default)]
pub struct RecordsQuery;

/// The weight of one training sheet in an operation's complexity: building it reads every
/// application, session and validation of a magistrate's year.
const SHEET_WEIGHT: usize = 50;

#[Object]
impl RecordsQuery {
    /// A magistrate's training sheet for a year (art. 136).
    #[graphql(complexity = "SHEET_WEIGHT + child_complexity")]
    async fn training_sheet(
        &self,
        ctx: &Context<'_>,
        magistrate_id: ID,
        year: i32,
    ) -> async_graphql::Result<TrainingSheet> {
        let env = env(ctx)?;
        let id = parse_id(&magistrate_id, "Magistrat")?;
        Ok(TrainingSheet(sheets::sheet(&env, id, programme_year(year)?).await?))
    }

    /// Who in a court is short of an obligation, by how much (art. 125, 126, 128).
    async fn compliance_report(
        &self,
        ctx: &Context<'_>,
        court_id: ID,
        year: i32,
    ) -> async_graphql::Result<ComplianceReport> {
        let env = env(ctx)?;
        let court_id = parse_id(&court_id, "Cour d’appel")?;
        let year = programme_year(year)?;
        let (magistrates, short) = sheets::compliance(&env, court_id, year).await?;
        Ok(ComplianceReport { court_id, year, magistrates, short })
    }

    /// A session's evaluations: response rate, averages and comments, without names (art. 135).
    async fn session_evaluations(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
    ) -> async_graphql::Result<SessionEvaluations> {
        let env = env(ctx)?;
        let report = evaluations::report(&env, parse_id(&session_id, "Action de formation")?).await?;
        let [content, speakers, organisation, usefulness] = report.averages;
        let response_rate = report.response_rate();
        Ok(SessionEvaluations {
            participants: report.participants,
            responses: report.responses,
            response_rate,
            average_content: content,
            average_speakers: speakers,
            average_organisation: organisation,
            average_usefulness: usefulness,
            comments: report.comments,
        })
    }

    /// The attendance sheet of a session, for those who record it (art. 133).
    async fn session_attendance(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
    ) -> async_graphql::Result<Vec<AttendanceRecord>> {
        let env = env(ctx)?;
        let rows = attendance::sheet(&env, parse_id(&session_id, "Action de formation")?).await?;
        Ok(rows.into_iter().map(AttendanceRecord).collect())
    }

    /// The caller's validation requests; for the director and the School, everyone's; newest
    /// first, `first` (100 by default, 200 at most) after `offset`.
    #[graphql(complexity = "list_weight(first) * child_complexity")]
    async fn validation_requests(
        &self,
        ctx: &Context<'_>,
        pending_only: Option<bool>,
        first: Option<i32>,
        offset: Option<i32>,
    ) -> async_graphql::Result<Vec<ValidationRequest>> {
        let env = env(ctx)?;
        let window = list_window(first, offset)?;
        Ok(validations::list(&env, pending_only.unwrap_or(false), window)
            .await?
            .into_iter()
            .map(ValidationRequest)
            .collect())
    }
}
