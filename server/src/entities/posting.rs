//! One posting of a person's career: where (a jurisdiction, a court of appeal, the Cour de
//! cassation or another body), which function, bench or prosecution, from and to (art. 126).

use sea_orm::entity::prelude::*;
use shared::{Assignment, Bench};

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "postings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub assignment: Assignment,
    pub court_id: Option<i64>,
    pub jurisdiction_id: Option<i64>,
    /// The body, for `Assignment::Other`.
    pub other_body: Option<String>,
    pub function_id: i64,
    pub bench: Bench,
    pub started_on: Date,
    /// The day it ended (the next posting starts that day); empty while it lasts.
    pub ended_on: Option<Date>,
    /// The directory import that opened it, if one did.
    pub import_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
