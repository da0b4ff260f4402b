//! The session director the School names for one action, for a year (art. 132); a renewal names the action of the year before it continues.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "session_directors")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub trainer_id: i64,
    /// The year of service on the action: 1, then one more each renewal.
    pub term: i32,
    pub renews_session_id: Option<i64>,
    /// Written when the term goes beyond three years (art. 132).
    pub exceptional_circumstances: Option<String>,
    pub named_by: Option<i64>,
    pub named_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
