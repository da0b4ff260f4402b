//! One applied import of the Ministry's directory: the file it read, who ran it (empty from the
//! command line), when, and what it changed. Each change's audit row names it.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "directory_imports")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub file_name: String,
    pub file_sha256: String,
    pub author_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub created_count: i32,
    pub changed_count: i32,
    pub ended_count: i32,
    pub unchanged_count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
