//! A training need put forward by a magistrate to the court's delegate (art. 137).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "training_needs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub court_id: i64,
    pub magistrate_id: i64,
    pub year: i32,
    pub theme: String,
    pub description: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
