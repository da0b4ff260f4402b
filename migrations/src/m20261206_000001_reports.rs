//! What the courts report (art. 138, 143): each sending of the written part of a court's yearly
//! execution report to the director of the School, and each periodic activity report a delegate or
//! coordinator sends the heads of the jurisdictions of the territory.

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE execution_report_sendings (
    id {pk},
    court_id BIGINT NOT NULL REFERENCES courts(id),
    year INTEGER NOT NULL,
    narrative TEXT NOT NULL,
    sent_by BIGINT REFERENCES users(id),
    sent_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_execution_report_sendings_court ON execution_report_sendings(court_id, year);
CREATE TABLE activity_reports (
    id {pk},
    court_id BIGINT NOT NULL REFERENCES courts(id),
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    recipients INTEGER NOT NULL,
    sent_by BIGINT REFERENCES users(id),
    sent_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_activity_reports_court ON activity_reports(court_id)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP TABLE activity_reports").await?;
        db.execute_unprepared("DROP TABLE execution_report_sendings").await?;
        Ok(())
    }
}
