//! A magistrate's career facts: where they serve, their function, how they were recruited and
//! who evaluates them (art. 126, 128, 130).

use sea_orm::entity::prelude::*;
use shared::RecruitmentPath;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "magistrates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    pub court_id: i64,
    pub jurisdiction_id: i64,
    pub function_title: String,
    pub function_since: Date,
    /// Named to a function never held before (art. 126).
    pub function_new: bool,
    pub recruitment_path: RecruitmentPath,
    pub appointed_on: Date,
    /// The head of jurisdiction who evaluates this magistrate (art. 130).
    pub evaluator_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
