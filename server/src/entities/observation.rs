//! An advisory opinion on an application, by the evaluator or the head of court (art. 130).

use sea_orm::entity::prelude::*;
use shared::{ObservationAuthority, Opinion};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "observations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub application_id: i64,
    pub authority: ObservationAuthority,
    pub author_id: i64,
    pub opinion: Opinion,
    pub comment: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
