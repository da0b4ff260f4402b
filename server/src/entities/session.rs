//! A training action of the national or a deconcentrated programme.

use sea_orm::entity::prelude::*;
use shared::{Scope, SessionFormat, SessionStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub code: Option<String>,
    pub title: String,
    pub search_title: String,
    pub description: Option<String>,
    pub format: SessionFormat,
    pub scope: Scope,
    pub year: i32,
    pub start_date: Date,
    pub end_date: Date,
    pub duration_half_days: i32,
    pub location: Option<String>,
    pub capacity: i32,
    /// Seats held by selected, confirmed or attending applications; kept by conditional updates.
    pub seats_taken: i32,
    pub applications_open: Date,
    pub applications_close: Date,
    /// JSON array of function titles.
    /// A JSON array of the ids, in `functions`, of the functions the action is meant for.
    pub target_functions: String,
    /// Prise-de-fonction training (art. 126) for the functions it targets (for any, without target).
    pub onboarding: bool,
    pub status: SessionStatus,
    pub cancel_reason: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The IANA time zone its dates and deadlines are read in: the School's, or the organising
    /// court's for a deconcentrated action.
    pub time_zone: String,
    /// When the action went out in the digest of new offers (art. 129); none before.
    pub offers_announced_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The zone its dates and deadlines are read in.
    pub fn zone(&self) -> shared::rules::local_time::Tz {
        shared::rules::local_time::zone_named(&self.time_zone)
    }

    /// The calendar day it is at `now` where the action is held.
    pub fn today(&self, now: chrono::DateTime<chrono::Utc>) -> chrono::NaiveDate {
        shared::rules::local_time::today_in(now, self.zone())
    }

    /// The functions of the reference list the action is meant for (their ids; none: open to all).
    pub fn target_function_ids(&self) -> Vec<i64> {
        serde_json::from_str(&self.target_functions).unwrap_or_default()
    }
}
