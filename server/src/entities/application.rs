//! A magistrate's ranked wish for a session and everything that happened to it (art. 130–134).

use sea_orm::entity::prelude::*;
use shared::{ApplicationStatus, WithdrawalReason};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "applications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub magistrate_id: i64,
    pub year: i32,
    pub rank: i32,
    pub motivation: Option<String>,
    pub status: ApplicationStatus,
    pub decided_at: Option<DateTimeUtc>,
    pub decided_by: Option<i64>,
    pub decision_reason: Option<String>,
    pub confirmation_due: Option<Date>,
    pub waitlist_position: Option<i32>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub withdrawal_reason: Option<WithdrawalReason>,
    pub withdrawal_details: Option<String>,
    pub withdrawn_at: Option<DateTimeUtc>,
    pub withdrawal_serious: Option<bool>,
    pub withdrawal_assessed_at: Option<DateTimeUtc>,
    pub withdrawal_assessed_by: Option<i64>,
    pub head_of_court_notified: bool,
    /// Half-days credited by attendance (art. 133).
    pub credited_half_days: Option<i32>,
    /// When the participant was reminded to fill the evaluation form (art. 135).
    pub evaluation_reminded_at: Option<DateTimeUtc>,
    /// Whether the participant filled the evaluation form, which does not name them (art. 135).
    pub evaluation_submitted: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The `SEQUENCE` of the last calendar invitation or cancellation sent for this participation
    /// (RFC 5546); none before the first.
    pub calendar_sequence: Option<i32>,
    /// The last message asking to confirm that was sent (`shared::rules::confirmation::
    /// ConfirmationNotice`'s level; 0: none).
    pub confirmation_notice_level: i32,
    /// When the evaluating authorities were told, in their daily digest, that it awaits their
    /// observations (art. 130); none before.
    pub observations_asked_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
