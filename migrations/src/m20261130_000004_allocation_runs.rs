//! The national selection's proposals (issue 17): each run with its parameters, hashes and
//! figures; every wish's standing and outcome, from which each magistrate's explanation is
//! written; each action's places and cut-off.

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = "
CREATE TABLE allocation_runs (
    id {pk},
    year INTEGER NOT NULL,
    criteria_order TEXT NOT NULL,
    cap_per_person INTEGER NOT NULL,
    overrides TEXT NOT NULL,
    seed_sha256 TEXT NOT NULL,
    input_sha256 TEXT NOT NULL,
    output_sha256 TEXT NOT NULL,
    stats TEXT NOT NULL,
    status TEXT NOT NULL,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    applied_by BIGINT REFERENCES users(id),
    applied_at TIMESTAMPTZ
);
CREATE INDEX allocation_runs_year ON allocation_runs (year, id);
CREATE TABLE allocation_run_wishes (
    id {pk},
    run_id BIGINT NOT NULL REFERENCES allocation_runs(id),
    application_id BIGINT NOT NULL REFERENCES applications(id),
    magistrate_id BIGINT NOT NULL,
    session_id BIGINT NOT NULL,
    rank INTEGER NOT NULL,
    need TEXT,
    observation TEXT NOT NULL,
    targets_function BOOLEAN NOT NULL,
    recent_half_days INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    round INTEGER,
    other_id BIGINT,
    waitlist_position INTEGER
);
CREATE INDEX allocation_run_wishes_person ON allocation_run_wishes (run_id, magistrate_id);
CREATE INDEX allocation_run_wishes_action ON allocation_run_wishes (run_id, session_id);
CREATE INDEX allocation_run_wishes_application ON allocation_run_wishes (application_id);
CREATE TABLE allocation_run_actions (
    run_id BIGINT NOT NULL REFERENCES allocation_runs(id),
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    capacity INTEGER NOT NULL,
    places INTEGER NOT NULL,
    applicants INTEGER NOT NULL,
    placed INTEGER NOT NULL,
    cutoff_criterion TEXT,
    cutoff_magistrate_id BIGINT,
    PRIMARY KEY (run_id, session_id)
)
";

const DOWN: &str = "
DROP TABLE allocation_run_actions;
DROP TABLE allocation_run_wishes;
DROP TABLE allocation_runs
";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, DOWN).await
    }
}
