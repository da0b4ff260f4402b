//! A proposal of the national selection (issue 17): its parameters, hashes and figures.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "allocation_runs")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub year: i32,
    /// Criteria 2–4 in the order used (`CriteriaOrder::wire`).
    pub criteria_order: String,
    pub cap_per_person: i32,
    /// The director's overrides, JSON (`services::allocation::OverrideSpec`).
    pub overrides: String,
    pub seed_sha256: String,
    pub input_sha256: String,
    pub output_sha256: String,
    /// Figures, JSON (`services::allocation::RunStats`).
    pub stats: String,
    /// `PROPOSED`, `APPLIED` or `SUPERSEDED`.
    pub status: String,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub applied_by: Option<i64>,
    pub applied_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
