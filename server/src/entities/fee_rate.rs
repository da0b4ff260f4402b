//! A rate of the School's scale of speakers' fees for a year (art. 132): what one unit (an hour,
//! a half-day, a day) of a kind of intervention is paid.

use sea_orm::entity::prelude::*;
use shared::FeeUnit;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "fee_rates")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub year: i32,
    pub label: String,
    pub unit: FeeUnit,
    pub amount_cents: i64,
    pub set_by: Option<i64>,
    pub set_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
