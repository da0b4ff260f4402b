//! One sending of the written part of a court's yearly execution report to the director of the
//! School (art. 143), kept with its text.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "execution_report_sendings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub court_id: i64,
    pub year: i32,
    pub narrative: String,
    pub sent_by: Option<i64>,
    pub sent_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
