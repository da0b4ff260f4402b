//! A periodic report of a court's training activity sent to the heads of the jurisdictions of its
//! territory (art. 138): the period it covers and how many heads it reached.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "activity_reports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub court_id: i64,
    pub period_from: Date,
    pub period_to: Date,
    pub recipients: i32,
    pub sent_by: Option<i64>,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
