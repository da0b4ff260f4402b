//! A message to a person: readable in the app, and the outbox row the mailer delivers.

use sea_orm::entity::prelude::*;
use shared::NotificationKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub user_id: i64,
    pub kind: NotificationKind,
    pub title: String,
    pub body: String,
    pub session_id: Option<i64>,
    pub application_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
    /// `smtp` or `log`, once delivered.
    pub delivery: Option<String>,
    /// Failed attempts so far (a delivered message keeps the count of those before it).
    pub delivery_attempts: i32,
    /// When the outbox may try again after a temporary refusal.
    pub next_attempt_at: Option<DateTimeUtc>,
    /// The mail server's last refusal, for the School.
    pub delivery_error: Option<String>,
    /// When the outbox gave up on this message.
    pub abandoned_at: Option<DateTimeUtc>,
    /// The iCalendar object (RFC 5546, with its `METHOD`) the e-mail carries, if any.
    pub calendar: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "super::user::Entity", from = "Column::UserId", to = "super::user::Column::Id")]
    User,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
