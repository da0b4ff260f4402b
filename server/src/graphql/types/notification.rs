//! A notification as the app shows it.

use async_graphql::{Object, ID};
use chrono::{DateTime, Utc};
use shared::NotificationKind;

use crate::entities::notification;

/// A message to the logged-in person.
pub struct Notification(pub notification::Model);

#[Object]
impl Notification {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn kind(&self) -> NotificationKind {
        self.0.kind
    }
    async fn title(&self) -> &str {
        &self.0.title
    }
    async fn body(&self) -> &str {
        &self.0.body
    }
    async fn session_id(&self) -> Option<ID> {
        self.0.session_id.map(|id| ID(id.to_string()))
    }
    async fn application_id(&self) -> Option<ID> {
        self.0.application_id.map(|id| ID(id.to_string()))
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn read_at(&self) -> Option<DateTime<Utc>> {
        self.0.read_at
    }
    async fn read(&self) -> bool {
        self.0.read_at.is_some()
    }
    /// Whether the e-mail copy has gone out (by SMTP or to the mail log).
    async fn emailed(&self) -> bool {
        self.0.delivered_at.is_some()
    }
}
