//! `recordAttendance`, `submitEvaluation`, `requestValidation`, `decideValidation`,
//! `transmitTrainingSheets`.

use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use shared::values::{optional_text, programme_year, required_text};
use shared::{HalfDay, ValidationKind};

use crate::graphql::context::{env, parse_id};
use crate::graphql::scalars::Date;
use crate::graphql::types::sheet::ValidationRequest;
use crate::graphql::types::Application;
use crate::services::attendance::{self, AttendanceEntry};
use crate::services::evaluations::{self, EvaluationForm};
use crate::services::transmissions;
use crate::services::validations::{self, half_days, ValidationDraft};

#[derive(Default)]
pub struct RecordsMutation;

/// One half-day of one participant (art. 133).
#[derive(InputObject)]
pub struct AttendanceInput {
    pub application_id: ID,
    pub date: Date,
    pub half_day: HalfDay,
    pub present: bool,
}

/// The evaluation form (art. 135): scores from 1 to 5.
#[derive(InputObject)]
pub struct EvaluationInput {
    pub content: i32,
    pub speakers: i32,
    pub organisation: i32,
    /// Usefulness for the functions held.
    pub usefulness: i32,
    pub comments: Option<String>,
}

/// A validation request (art. 125).
#[derive(InputObject)]
pub struct ValidationRequestInput {
    pub kind: ValidationKind,
    pub title: String,
    pub description: Option<String>,
    pub year: i32,
    pub days_requested: f64,
}

/// An evaluation as recorded; the API never links it back to a name.
#[derive(SimpleObject)]
pub struct EvaluationReceipt {
    pub application_id: ID,
    pub submitted_at: chrono::DateTime<chrono::Utc>,
}

/// What a transmission did (art. 136).
#[derive(SimpleObject)]
pub struct TransmissionReport {
    /// Magistrates whose sheet went to at least one new recipient.
    pub sheets: u32,
    /// Transmissions recorded by this call.
    pub transmissions: u32,
    /// Transmissions already made before, not repeated.
    pub already_sent: u32,
}

#[Object]
impl RecordsMutation {
    /// Records or corrects attendance per half-day; returns the participants whose outcome changed.
    async fn record_attendance(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
        entries: Vec<AttendanceInput>,
    ) -> async_graphql::Result<Vec<Application>> {
        let env = env(ctx)?;
        let session_id = parse_id(&session_id, "Action de formation")?;
        if entries.len() > attendance::MAX_ENTRIES {
            return Err(crate::error::AppError::validation("entries", "trop de demi-journées en un envoi").into());
        }
        let entries = entries
            .iter()
            .map(|e| {
                Ok(AttendanceEntry {
                    application_id: parse_id(&e.application_id, "Candidature")?,
                    day: e.date.0,
                    half_day: e.half_day,
                    present: e.present,
                })
            })
            .collect::<async_graphql::Result<Vec<_>>>()?;
        let updated = attendance::record(&env, session_id, &entries).await?;
        Ok(updated.into_iter().map(Application).collect())
    }

    /// The participant's evaluation of a session, once (art. 135).
    async fn submit_evaluation(
        &self,
        ctx: &Context<'_>,
        application_id: ID,
        input: EvaluationInput,
    ) -> async_graphql::Result<EvaluationReceipt> {
        let env = env(ctx)?;
        let id = parse_id(&application_id, "Candidature")?;
        let form = EvaluationForm {
            content: input.content,
            speakers: input.speakers,
            organisation: input.organisation,
            usefulness: input.usefulness,
            comments: optional_text("comments", input.comments.as_deref(), 4_000)?,
        };
        evaluations::submit(&env, id, form).await?;
        // The moment is the receipt's, not the form's: the stored form keeps only the day.
        Ok(EvaluationReceipt { application_id, submitted_at: env.now })
    }

    /// Asks the director to count research, a publication or a diploma (art. 125).
    async fn request_validation(
        &self,
        ctx: &Context<'_>,
        input: ValidationRequestInput,
    ) -> async_graphql::Result<ValidationRequest> {
        let env = env(ctx)?;
        let draft = ValidationDraft {
            kind: input.kind,
            title: required_text("title", &input.title, 300)?,
            description: optional_text("description", input.description.as_deref(), 4_000)?,
            year: programme_year(input.year)?,
            requested_half_days: half_days("daysRequested", input.days_requested)?,
        };
        Ok(ValidationRequest(validations::request(&env, draft).await?))
    }

    /// The director's decision on a validation request, once; the magistrate is notified.
    async fn decide_validation(
        &self,
        ctx: &Context<'_>,
        id: ID,
        approved: bool,
        days_credited: Option<f64>,
        comment: Option<String>,
    ) -> async_graphql::Result<ValidationRequest> {
        let env = env(ctx)?;
        let id = parse_id(&id, "Demande de validation")?;
        let credited = days_credited.map(|d| half_days("daysCredited", d)).transpose()?;
        let comment = optional_text("comment", comment.as_deref(), 2_000)?;
        Ok(ValidationRequest(validations::decide(&env, id, approved, credited, comment).await?))
    }

    /// Sends the year's sheets to each magistrate, their evaluator and the Ministry, once (art. 136).
    async fn transmit_training_sheets(
        &self,
        ctx: &Context<'_>,
        year: i32,
        court_id: Option<ID>,
    ) -> async_graphql::Result<TransmissionReport> {
        let env = env(ctx)?;
        let court_id = court_id.as_ref().map(|id| parse_id(id, "Cour d’appel")).transpose()?;
        let done = transmissions::transmit(&env, programme_year(year)?, court_id).await?;
        Ok(TransmissionReport {
            sheets: done.sheets,
            transmissions: done.transmissions,
            already_sent: done.already_sent,
        })
    }
}
