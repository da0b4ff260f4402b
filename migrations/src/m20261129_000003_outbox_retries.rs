//! The outbox keeps count of its attempts: how many were made, when the next one is due, what the
//! mail server answered last, and when the message was given up on (see
//! `shared::rules::delivery`). A message given up on leaves the outbox's index but stays readable.

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
ALTER TABLE notifications ADD COLUMN delivery_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE notifications ADD COLUMN next_attempt_at TIMESTAMPTZ;
ALTER TABLE notifications ADD COLUMN delivery_error TEXT;
ALTER TABLE notifications ADD COLUMN abandoned_at TIMESTAMPTZ;
DROP INDEX ix_notifications_outbox;
CREATE INDEX ix_notifications_waiting ON notifications(id) WHERE delivered_at IS NULL AND abandoned_at IS NULL;
CREATE INDEX ix_notifications_troubled ON notifications(id) WHERE delivery_attempts > 0 AND delivered_at IS NULL
"#;

const DOWN: &str = r#"
DROP INDEX ix_notifications_troubled;
DROP INDEX ix_notifications_waiting;
CREATE INDEX ix_notifications_outbox ON notifications(id) WHERE delivered_at IS NULL;
ALTER TABLE notifications DROP COLUMN abandoned_at;
ALTER TABLE notifications DROP COLUMN delivery_error;
ALTER TABLE notifications DROP COLUMN next_attempt_at;
ALTER TABLE notifications DROP COLUMN delivery_attempts
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, DOWN).await
    }
}
