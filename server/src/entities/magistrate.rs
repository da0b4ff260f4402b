//! A magistrate's present career facts, the projection of their current posting (`posting`) and of
//! the directory: where they serve, their function, bench or prosecution, how they were recruited
//! and who evaluates them (art. 126, 128, 130).

use sea_orm::entity::prelude::*;
use shared::{Bench, RecruitmentPath};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "magistrates")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: i64,
    /// The court of appeal of the territory; empty at the Cour de cassation or in another body.
    pub court_id: Option<i64>,
    /// The jurisdiction; empty when posted at a court of appeal, the Cour de cassation or elsewhere.
    pub jurisdiction_id: Option<i64>,
    pub function_title: String,
    /// The day the present function was taken up, as the directory says.
    pub function_since: Date,
    pub bench: Bench,
    pub recruitment_path: RecruitmentPath,
    pub appointed_on: Date,
    /// The evaluating authority (art. 130).
    pub evaluator_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
