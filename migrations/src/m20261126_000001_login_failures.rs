//! Failed logins, counted per account and per address to throttle password guessing; kept in the
//! database so that every server behind a load balancer sees the same counts.

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE login_failures (
    id {pk},
    subject TEXT NOT NULL,
    at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_login_failures ON login_failures(subject, at)
"#;

const DOWN: &str = "DROP TABLE login_failures";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, DOWN).await
    }
}
