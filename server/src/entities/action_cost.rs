//! One line of an action's costs (art. 132, 139): a speaker's fee from the scale, or the travel or
//! accommodation of a speaker or a participant; estimated, then actual; charged to the national
//! budget (no court) or to a court's credits, where its commitment and payment are the court's
//! own entries.

use sea_orm::entity::prelude::*;
use shared::{CostBeneficiary, CostCategory};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "action_costs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub year: i32,
    pub category: CostCategory,
    pub beneficiary: CostBeneficiary,
    pub trainer_id: Option<i64>,
    pub magistrate_id: Option<i64>,
    pub label: String,
    pub fee_rate_id: Option<i64>,
    pub units: Option<i32>,
    pub estimated_cents: i64,
    pub actual_cents: Option<i64>,
    /// The court whose credits carry it; none for the national budget.
    pub court_id: Option<i64>,
    pub commitment_id: Option<i64>,
    pub payment_id: Option<i64>,
    pub estimated_on: Date,
    pub actual_on: Option<Date>,
    pub recorded_by: Option<i64>,
    pub recorded_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
