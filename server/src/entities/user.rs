//! A person who can log in.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The directory's stable HR identifier (`identifiant`); empty for accounts not from it.
    pub hr_id: Option<String>,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    /// `display_name` folded by `shared::search::fold_for_search`.
    pub search_name: String,
    pub active: bool,
    pub created_at: DateTimeUtc,
    /// SHA-256 (hex) of the secret of the person's calendar address; none when they have none.
    pub calendar_token_hash: Option<String>,
    /// Whether the person asked for the digest of new offers (art. 129).
    pub offers_digest: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
