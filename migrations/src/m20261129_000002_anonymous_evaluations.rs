//! Evaluations anonymous in storage (art. 135): the form no longer names the application it came
//! from. The application keeps only the fact that its magistrate answered (so that nobody answers
//! twice and reminders stop), and the form keeps its session, its marks, its comment and the day,
//! not the moment, it was given. Existing forms are moved over in session order, to a table of
//! a new name (`evaluation_forms`): a table dropped and another renamed to its name in separate
//! statements can meet a pooled SQLite connection that still sees the old one.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
ALTER TABLE applications ADD COLUMN evaluation_submitted BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE applications SET evaluation_submitted = TRUE WHERE id IN (SELECT application_id FROM evaluations);
CREATE TABLE evaluation_forms (
    id {pk},
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    content_score INTEGER NOT NULL,
    speakers_score INTEGER NOT NULL,
    organisation_score INTEGER NOT NULL,
    usefulness_score INTEGER NOT NULL,
    comments TEXT,
    submitted_on DATE NOT NULL
);
INSERT INTO evaluation_forms (session_id, content_score, speakers_score, organisation_score, usefulness_score, comments, submitted_on)
    SELECT session_id, content_score, speakers_score, organisation_score, usefulness_score, comments, {day_of_submission}
    FROM evaluations ORDER BY session_id, content_score, speakers_score, organisation_score, usefulness_score;
DROP TABLE evaluations;
CREATE INDEX ix_evaluation_forms_session ON evaluation_forms(session_id)
"#;

const DOWN: &str = r#"
DROP TABLE evaluation_forms;
CREATE TABLE evaluations (
    id {pk},
    application_id BIGINT NOT NULL UNIQUE REFERENCES applications(id),
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    content_score INTEGER NOT NULL,
    speakers_score INTEGER NOT NULL,
    organisation_score INTEGER NOT NULL,
    usefulness_score INTEGER NOT NULL,
    comments TEXT,
    submitted_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_evaluations_session ON evaluations(session_id);
ALTER TABLE applications DROP COLUMN evaluation_submitted
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let day = match manager.get_database_backend() {
            DatabaseBackend::Postgres => "CAST(submitted_at AS DATE)",
            _ => "date(submitted_at)",
        };
        run_script(manager, &UP.replace("{day_of_submission}", day)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, DOWN).await
    }
}
