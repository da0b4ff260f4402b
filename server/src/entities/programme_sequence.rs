//! One sequence of an action's programme, on a half-day (art. 132).

use sea_orm::entity::prelude::*;
use shared::HalfDay;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "programme_sequences")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub position: i32,
    pub day: Date,
    pub half_day: HalfDay,
    pub title: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
