//! One training sheet sent to one recipient at year end (art. 136); never sent twice.

use sea_orm::entity::prelude::*;
use shared::SheetRecipient;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sheet_transmissions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub magistrate_id: i64,
    pub year: i32,
    pub recipient: SheetRecipient,
    pub recipient_user_id: Option<i64>,
    pub transmitted_by: Option<i64>,
    pub transmitted_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
