//! One decision of the director on a court's credits, kept as history (art. 139).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "allocations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub court_id: i64,
    pub year: i32,
    pub amount_cents: i64,
    pub board_opinion_date: Date,
    /// The reference of the board's deliberation; absent for credits reserved before issue 19.
    pub board_reference: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
