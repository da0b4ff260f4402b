//! Where an action's programme stands (art. 132): proposed by its session director, validated or sent back by the director of the School with a comment.

use sea_orm::entity::prelude::*;
use shared::ProgrammeStatus;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "session_programmes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub session_id: i64,
    pub status: ProgrammeStatus,
    pub proposed_by: Option<i64>,
    pub proposed_at: Option<DateTimeUtc>,
    pub reviewed_by: Option<i64>,
    pub reviewed_at: Option<DateTimeUtc>,
    /// The director's comment when sending it back (or validating with a word).
    pub review_comment: Option<String>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
