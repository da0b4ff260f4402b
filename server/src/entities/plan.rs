//! A court's annual deconcentrated training plan (art. 137, 139).

use sea_orm::entity::prelude::*;
use shared::PlanStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "plans")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub court_id: i64,
    pub year: i32,
    pub status: PlanStatus,
    pub submitted_at: Option<DateTimeUtc>,
    pub evaluation_comment: Option<String>,
    pub evaluated_at: Option<DateTimeUtc>,
    pub evaluated_by: Option<i64>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the director first reserved the court's credits on it (art. 139).
    pub funded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
