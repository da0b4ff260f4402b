//! A commitment or a payment on a court's credits; corrected only by a reversing entry (art. 139).

use sea_orm::entity::prelude::*;
use shared::{CostCategory, ExpenseKind};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "expenses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub court_id: i64,
    pub year: i32,
    pub session_id: Option<i64>,
    pub category: CostCategory,
    /// Negative for a reversal.
    pub amount_cents: i64,
    pub kind: ExpenseKind,
    pub spent_on: Date,
    pub label: String,
    pub settles_expense_id: Option<i64>,
    pub reverses_expense_id: Option<i64>,
    pub forced: bool,
    pub force_reason: Option<String>,
    pub recorded_by: Option<i64>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
