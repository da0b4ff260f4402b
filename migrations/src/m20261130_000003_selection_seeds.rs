//! The seed of each year's national selection draw (issue 17): made once, when the year's first
//! national action is published; its SHA-256 is public from then on, the seed itself once the
//! year's wishes have closed.

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = "
CREATE TABLE selection_seeds (
    year INTEGER PRIMARY KEY,
    seed TEXT NOT NULL,
    committed_at TIMESTAMPTZ NOT NULL
);
";

const DOWN: &str = "DROP TABLE selection_seeds;";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, DOWN).await
    }
}
