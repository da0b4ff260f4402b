//! A notification as the app shows it.

use async_graphql::{Object, ID};
use chrono::{DateTime, Utc};
use shared::NotificationKind;

use crate::entities::{notification, user};

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
    /// The page where the person acts on it (the one its e-mail links to): « Mes vœux » for a
    /// decision, an action's programme for its session director, the plan for a step of the cycle…
    async fn page(&self) -> String {
        crate::mail_content::page_for(self.0.kind, &self.0)
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

/// An e-mail the outbox could not deliver at its last attempt, as the School follows it.
pub struct UndeliveredEmail {
    pub message: notification::Model,
    pub recipient: Option<user::Model>,
}

#[Object]
impl UndeliveredEmail {
    async fn id(&self) -> ID {
        ID(self.message.id.to_string())
    }
    async fn recipient_name(&self) -> Option<&str> {
        self.recipient.as_ref().map(|r| r.display_name.as_str())
    }
    async fn recipient_email(&self) -> Option<&str> {
        self.recipient.as_ref().map(|r| r.email.as_str())
    }
    async fn title(&self) -> &str {
        &self.message.title
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.message.created_at
    }
    /// Attempts made so far.
    async fn attempts(&self) -> i32 {
        self.message.delivery_attempts
    }
    /// What the mail server answered the last time.
    async fn last_error(&self) -> Option<&str> {
        self.message.delivery_error.as_deref()
    }
    /// When the next attempt is due; none once given up.
    async fn next_attempt_at(&self) -> Option<DateTime<Utc>> {
        self.message.next_attempt_at
    }
    /// When the outbox gave up on it (a permanent refusal, or too many attempts).
    async fn given_up_at(&self) -> Option<DateTime<Utc>> {
        self.message.abandoned_at
    }
}
