//! Tokens revoked before they expire (`logout`): each request's caller statement checks that its
//! token is not listed, so a revoked token is refused everywhere at once, by every server. A row
//! is useless once its token has expired, and is pruned then.

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE revoked_tokens (
    jti TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id),
    revoked_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_revoked_tokens_expiry ON revoked_tokens(expires_at)
"#;

const DOWN: &str = "DROP TABLE revoked_tokens";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, DOWN).await
    }
}
