//! Research, a publication or a diploma put forward to count toward the obligation (art. 125).

use sea_orm::entity::prelude::*;
use shared::{ValidationKind, ValidationStatus};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "validation_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub magistrate_id: i64,
    pub kind: ValidationKind,
    pub title: String,
    pub description: Option<String>,
    pub year: i32,
    pub requested_half_days: i32,
    pub status: ValidationStatus,
    pub credited_half_days: Option<i32>,
    pub decision_comment: Option<String>,
    pub decided_by: Option<i64>,
    pub decided_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
