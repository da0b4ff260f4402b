//! A person in the trainers' directory (art. 132): a magistrate of the directory (with an account) or an outside speaker, with their body, expertise and contact.

use sea_orm::entity::prelude::*;
use shared::TrainerKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "trainers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// The account of a magistrate or School staff member; none for an outside speaker.
    pub user_id: Option<i64>,
    pub full_name: String,
    /// Their body or employer: « Magistrat », « Barreau de Lyon », « Université Lyon 3 »…
    pub body: String,
    pub kind: TrainerKind,
    pub expertise: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
