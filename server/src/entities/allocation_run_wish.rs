//! One wish in a proposal: where the magistrate stood at the action, and what became of the wish.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "allocation_run_wishes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub run_id: i64,
    pub application_id: i64,
    pub magistrate_id: i64,
    pub session_id: i64,
    pub rank: i32,
    /// `Need::wire`, if the action meets one.
    pub need: Option<String>,
    /// `UNFAVOURABLE`, `RESERVED` or `FAVOURABLE_OR_NONE`.
    pub observation: String,
    pub targets_function: bool,
    pub recent_half_days: i32,
    /// `Outcome::kind`.
    pub outcome: String,
    pub round: Option<i32>,
    /// The last admitted (a refusal) or the overlapping action (an overlap).
    pub other_id: Option<i64>,
    pub waitlist_position: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
