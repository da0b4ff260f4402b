//! When the evaluating authorities were told that a request awaits their observations (art. 130):
//! the daily digest of the deadline sweep names each request once.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE applications ADD COLUMN observations_asked_at TIMESTAMPTZ").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE applications DROP COLUMN observations_asked_at").await?;
        Ok(())
    }
}
