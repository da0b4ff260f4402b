//! Training sheets, compliance reports, validation requests, evaluations and attendance as the API
//! shows them.

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use shared::rules::obligations::{ObligationKind, ObligationStatus};
use shared::{ApplicationStatus, HalfDay, SheetRecipient, ValidationKind, ValidationStatus, WithdrawalReason};

use crate::entities::{attendance, validation_request};
use crate::graphql::loaders::{load, CourtKey};
use crate::graphql::scalars::Date;
use crate::services::sheets::{SheetLine, TrainingSheet as Sheet};

use super::{Court, Magistrate, Session};

fn days(half_days: i32) -> f64 {
    f64::from(half_days) / 2.0
}

/// One training on a sheet.
pub struct SheetEntry(pub SheetLine);

#[Object]
impl SheetEntry {
    async fn application_id(&self) -> ID {
        ID(self.0.application.id.to_string())
    }
    async fn session(&self) -> Session {
        Session(self.0.session.clone())
    }
    async fn status(&self) -> ApplicationStatus {
        self.0.application.status
    }
    /// Days credited by attendance (art. 133).
    async fn days(&self) -> f64 {
        days(self.0.credited_half_days())
    }
    async fn withdrawal_reason(&self) -> Option<WithdrawalReason> {
        self.0.application.withdrawal_reason
    }
    async fn withdrawal_details(&self) -> Option<&str> {
        self.0.application.withdrawal_details.as_deref()
    }
}

/// Where the magistrate stands on one obligation (art. 125, 126, 128).
pub struct Obligation(pub ObligationStatus);

#[Object]
impl Obligation {
    async fn kind(&self) -> ObligationKind {
        self.0.kind
    }
    async fn article(&self) -> &'static str {
        self.0.kind.article()
    }
    async fn label(&self) -> &'static str {
        self.0.kind.label_fr()
    }
    async fn required_days(&self) -> f64 {
        days(self.0.required_half_days)
    }
    async fn counted_days(&self) -> f64 {
        days(self.0.counted_half_days)
    }
    async fn shortfall_days(&self) -> f64 {
        days(self.0.shortfall_half_days())
    }
    async fn met(&self) -> bool {
        self.0.met()
    }
}

/// A recorded transmission of a sheet.
#[derive(SimpleObject)]
pub struct Transmission {
    pub recipient: SheetRecipient,
    pub transmitted_at: DateTime<Utc>,
}

/// A magistrate's yearly training sheet (fiche-formation, art. 136).
pub struct TrainingSheet(pub Sheet);

#[Object]
impl TrainingSheet {
    async fn magistrate(&self) -> Magistrate {
        Magistrate { user: self.0.magistrate.clone(), profile: self.0.profile.clone() }
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// National trainings requested (every wish of the year but those cancelled before a decision).
    async fn requested(&self) -> Vec<SheetEntry> {
        self.0.national.iter().cloned().map(SheetEntry).collect()
    }
    /// National trainings accepted (selected at some point).
    async fn accepted(&self) -> Vec<SheetEntry> {
        self.0
            .national
            .iter()
            .filter(|l| {
                shared::rules::sheet::was_accepted(l.application.status, l.application.confirmation_due.is_some())
            })
            .cloned()
            .map(SheetEntry)
            .collect()
    }
    async fn refused(&self) -> Vec<SheetEntry> {
        self.entries(|s| s == ApplicationStatus::Refused)
    }
    /// National trainings actually followed, with their days.
    async fn attended(&self) -> Vec<SheetEntry> {
        self.entries(shared::rules::sheet::was_attended)
    }
    /// National trainings withdrawn from, with the reason (art. 134).
    async fn withdrawn(&self) -> Vec<SheetEntry> {
        self.entries(|s| s == ApplicationStatus::Withdrawn)
    }
    /// Deconcentrated trainings of the year (art. 137–141).
    async fn deconcentrated(&self) -> Vec<SheetEntry> {
        self.0.deconcentrated.iter().cloned().map(SheetEntry).collect()
    }
    /// Research, publications and diplomas validated by the director (art. 125).
    async fn validated_activities(&self) -> Vec<ValidationRequest> {
        self.0
            .validations
            .iter()
            .filter(|v| v.status == ValidationStatus::Approved)
            .cloned()
            .map(ValidationRequest)
            .collect()
    }
    /// Every day counted toward the year's obligations.
    async fn days_counted(&self) -> f64 {
        days(self.0.days.total)
    }
    async fn obligations(&self) -> Vec<Obligation> {
        self.0.obligations.iter().copied().map(Obligation).collect()
    }
    /// What is still missing, in days (the largest shortfall among the obligations).
    async fn shortfall_days(&self) -> f64 {
        days(self.0.shortfall_half_days())
    }
    async fn compliant(&self) -> bool {
        self.0.shortfall_half_days() == 0
    }
    async fn transmissions(&self) -> Vec<Transmission> {
        self.0
            .transmissions
            .iter()
            .map(|t| Transmission { recipient: t.recipient, transmitted_at: t.transmitted_at })
            .collect()
    }
}

impl TrainingSheet {
    fn entries(&self, keep: impl Fn(ApplicationStatus) -> bool) -> Vec<SheetEntry> {
        self.0.national.iter().filter(|l| keep(l.application.status)).cloned().map(SheetEntry).collect()
    }
}

/// Who in a court is short of an obligation.
pub struct ComplianceReport {
    pub court_id: i64,
    pub year: i32,
    pub magistrates: usize,
    pub short: Vec<Sheet>,
}

#[Object]
impl ComplianceReport {
    async fn court(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Court>> {
        Ok(load(ctx, CourtKey(self.court_id)).await?.map(Court))
    }
    async fn year(&self) -> i32 {
        self.year
    }
    /// Magistrates of the court.
    async fn magistrate_count(&self) -> usize {
        self.magistrates
    }
    /// How many are short of at least one obligation.
    async fn short_count(&self) -> usize {
        self.short.len()
    }
    /// Those short of an obligation, the largest shortfall first.
    async fn lines(&self) -> Vec<ComplianceLine<'_>> {
        self.short.iter().map(|s| ComplianceLine { sheet: s }).collect()
    }
}

/// One magistrate short of an obligation.
pub struct ComplianceLine<'a> {
    sheet: &'a Sheet,
}

#[Object]
impl ComplianceLine<'_> {
    async fn magistrate(&self) -> Magistrate {
        Magistrate { user: self.sheet.magistrate.clone(), profile: self.sheet.profile.clone() }
    }
    async fn days_counted(&self) -> f64 {
        days(self.sheet.days.total)
    }
    async fn shortfall_days(&self) -> f64 {
        days(self.sheet.shortfall_half_days())
    }
    /// The obligations not met.
    async fn unmet(&self) -> Vec<Obligation> {
        self.sheet.obligations.iter().filter(|o| !o.met()).copied().map(Obligation).collect()
    }
}

/// A validation request (art. 125).
pub struct ValidationRequest(pub validation_request::Model);

#[Object]
impl ValidationRequest {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn kind(&self) -> ValidationKind {
        self.0.kind
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn days_requested(&self) -> f64 {
        days(self.0.requested_half_days)
    }
    async fn status(&self) -> ValidationStatus {
        self.0.status
    }
    async fn days_credited(&self) -> Option<f64> {
        self.0.credited_half_days.map(days)
    }
    async fn comment(&self) -> Option<&str> {
        self.0.decision_comment.as_deref()
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
}

/// A session's evaluations, without names (art. 135).
#[derive(SimpleObject)]
pub struct SessionEvaluations {
    pub participants: u64,
    pub responses: u64,
    /// Responses ÷ participants, from 0 to 1.
    pub response_rate: f64,
    pub average_content: Option<f64>,
    pub average_speakers: Option<f64>,
    pub average_organisation: Option<f64>,
    pub average_usefulness: Option<f64>,
    pub comments: Vec<String>,
}

/// One recorded half-day.
pub struct AttendanceRecord(pub attendance::Model);

#[Object]
impl AttendanceRecord {
    async fn application_id(&self) -> ID {
        ID(self.0.application_id.to_string())
    }
    async fn date(&self) -> Date {
        Date(self.0.day)
    }
    async fn half_day(&self) -> HalfDay {
        self.0.half_day
    }
    async fn present(&self) -> bool {
        self.0.present
    }
    async fn recorded_at(&self) -> DateTime<Utc> {
        self.0.recorded_at
    }
}

/// An applicant's days counted and shortfall in the session's year, beside their application.
pub struct ApplicantStanding(pub Sheet);

#[Object]
impl ApplicantStanding {
    async fn magistrate_id(&self) -> ID {
        ID(self.0.magistrate.id.to_string())
    }
    async fn days_counted(&self) -> f64 {
        days(self.0.days.total)
    }
    async fn shortfall_days(&self) -> f64 {
        days(self.0.shortfall_half_days())
    }
}
