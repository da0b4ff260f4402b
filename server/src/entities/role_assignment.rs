//! One role held by a person, with its scope: a court, a jurisdiction, or national when both are
//! empty. A regional coordinator holds one row per court it coordinates.

use sea_orm::entity::prelude::*;
use shared::Role;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "role_assignments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub role: Role,
    pub court_id: Option<i64>,
    pub jurisdiction_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
