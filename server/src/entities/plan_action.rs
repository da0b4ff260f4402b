//! One action of a plan, with its dates, audience and the council's priority (art. 137).

use sea_orm::entity::prelude::*;
use shared::SessionFormat;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "plan_actions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub plan_id: i64,
    pub title: String,
    pub format: SessionFormat,
    pub planned_start: Date,
    pub planned_end: Date,
    pub expected_participants: i32,
    /// Other courts of a regional action (art. 142), as a JSON array of ids.
    pub other_court_ids: String,
    /// The council's order, 1 first (art. 137).
    pub priority: Option<i32>,
    /// The deconcentrated session created when the plan's credits are reserved (art. 139).
    pub session_id: Option<i64>,
    pub created_at: DateTimeUtc,
    /// The School's verdict (art. 139): retained or not, once the plan is evaluated.
    pub retained: Option<bool>,
    /// Why the School did not retain it, or what it retained it on.
    pub evaluation_reason: Option<String>,
    /// The amount the School retained.
    pub retained_cents: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
