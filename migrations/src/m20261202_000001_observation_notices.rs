//! The sweep's daily digests name each thing once: when the evaluating authorities were told that a
//! request awaits their observations (art. 130), and when a published action went out in the
//! digest of new offers (art. 129).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE applications ADD COLUMN observations_asked_at TIMESTAMPTZ").await?;
        db.execute_unprepared("ALTER TABLE sessions ADD COLUMN offers_announced_at TIMESTAMPTZ").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("ALTER TABLE sessions DROP COLUMN offers_announced_at").await?;
        db.execute_unprepared("ALTER TABLE applications DROP COLUMN observations_asked_at").await?;
        Ok(())
    }
}
