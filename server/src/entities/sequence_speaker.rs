//! A speaker of a sequence, with the sequence's half-day repeated so that a speaker's other actions at the same time are found by one index.

use sea_orm::entity::prelude::*;
use shared::HalfDay;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "sequence_speakers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub sequence_id: i64,
    pub session_id: i64,
    pub trainer_id: i64,
    pub day: Date,
    pub half_day: HalfDay,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
