//! One action in a proposal: its places and the cut-off at the margin.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "allocation_run_actions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub run_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub session_id: i64,
    pub capacity: i32,
    /// The places free for the run (capacity less the seats already taken).
    pub places: i32,
    pub applicants: i32,
    pub placed: i32,
    /// The criterion at which the last admitted came before the first the action refused for priority.
    pub cutoff_criterion: Option<String>,
    /// The last admitted.
    pub cutoff_magistrate_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
