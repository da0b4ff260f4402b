//! A conflict let through with its reason: a speaker in two actions at the same half-day, or a magistrate selected for two actions sharing a day.

use sea_orm::entity::prelude::*;
use shared::ConflictKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "conflict_overrides")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub kind: ConflictKind,
    pub session_id: i64,
    pub other_session_id: i64,
    pub trainer_id: Option<i64>,
    pub magistrate_id: Option<i64>,
    pub reason: String,
    pub recorded_by: Option<i64>,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
