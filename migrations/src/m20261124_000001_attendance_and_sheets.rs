//! Attendance per half-day (art. 133), evaluations (art. 135), validation requests (art. 125) and
//! the record of training sheets transmitted at year end (art. 136).

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
ALTER TABLE applications ADD COLUMN credited_half_days INTEGER;
ALTER TABLE applications ADD COLUMN evaluation_reminded_at TIMESTAMPTZ;
CREATE TABLE attendance (
    id {pk},
    application_id BIGINT NOT NULL REFERENCES applications(id),
    day DATE NOT NULL,
    half_day TEXT NOT NULL,
    present BOOLEAN NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_attendance ON attendance(application_id, day, half_day);
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
CREATE TABLE validation_requests (
    id {pk},
    magistrate_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    description TEXT,
    year INTEGER NOT NULL,
    requested_half_days INTEGER NOT NULL,
    status TEXT NOT NULL,
    credited_half_days INTEGER,
    decision_comment TEXT,
    decided_by BIGINT REFERENCES users(id),
    decided_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_validation_requests_magistrate ON validation_requests(magistrate_id, year);
CREATE TABLE sheet_transmissions (
    id {pk},
    magistrate_id BIGINT NOT NULL REFERENCES users(id),
    year INTEGER NOT NULL,
    recipient TEXT NOT NULL,
    recipient_user_id BIGINT REFERENCES users(id),
    transmitted_by BIGINT REFERENCES users(id),
    transmitted_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_sheet_transmissions ON sheet_transmissions(magistrate_id, year, recipient);
CREATE INDEX ix_applications_magistrate_year ON applications(magistrate_id, year)
"#;

const DOWN: &str = r#"
DROP INDEX ix_applications_magistrate_year; DROP TABLE sheet_transmissions; DROP TABLE validation_requests;
DROP TABLE evaluations; DROP TABLE attendance;
ALTER TABLE applications DROP COLUMN evaluation_reminded_at; ALTER TABLE applications DROP COLUMN credited_half_days
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
