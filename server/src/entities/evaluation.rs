//! A participant's evaluation form (art. 135), anonymous in storage: it names its session, never
//! the application or the person it came from, and keeps the day it was given, not the moment.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "evaluation_forms")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub content_score: i32,
    pub speakers_score: i32,
    pub organisation_score: i32,
    pub usefulness_score: i32,
    pub comments: Option<String>,
    pub submitted_on: Date,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
