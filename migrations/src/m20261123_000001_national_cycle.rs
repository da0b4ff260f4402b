//! The reference data, people, roles, the national programme, applications with their
//! observations, the notification outbox and the audit log (art. 129–134).

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE courts (
    id {pk},
    name TEXT NOT NULL UNIQUE,
    region TEXT NOT NULL,
    overseas BOOLEAN NOT NULL
);
CREATE TABLE jurisdictions (
    id {pk},
    court_id BIGINT NOT NULL REFERENCES courts(id),
    name TEXT NOT NULL UNIQUE
);
CREATE INDEX ix_jurisdictions_court ON jurisdictions(court_id);
CREATE TABLE users (
    id {pk},
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    search_name TEXT NOT NULL,
    active BOOLEAN NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);
CREATE TABLE role_assignments (
    id {pk},
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    court_id BIGINT REFERENCES courts(id),
    jurisdiction_id BIGINT REFERENCES jurisdictions(id)
);
CREATE INDEX ix_role_assignments_user ON role_assignments(user_id);
CREATE INDEX ix_role_assignments_role ON role_assignments(role, court_id);
CREATE TABLE magistrates (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    court_id BIGINT NOT NULL REFERENCES courts(id),
    jurisdiction_id BIGINT NOT NULL REFERENCES jurisdictions(id),
    function_title TEXT NOT NULL,
    function_since DATE NOT NULL,
    function_new BOOLEAN NOT NULL,
    recruitment_path TEXT NOT NULL,
    appointed_on DATE NOT NULL,
    evaluator_id BIGINT REFERENCES users(id)
);
CREATE INDEX ix_magistrates_court ON magistrates(court_id);
CREATE INDEX ix_magistrates_evaluator ON magistrates(evaluator_id);
CREATE TABLE sessions (
    id {pk},
    code TEXT UNIQUE,
    title TEXT NOT NULL,
    search_title TEXT NOT NULL,
    description TEXT,
    format TEXT NOT NULL,
    scope TEXT NOT NULL,
    year INTEGER NOT NULL,
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    duration_half_days INTEGER NOT NULL,
    location TEXT,
    capacity INTEGER NOT NULL,
    seats_taken INTEGER NOT NULL DEFAULT 0,
    applications_open DATE NOT NULL,
    applications_close DATE NOT NULL,
    target_functions TEXT NOT NULL,
    status TEXT NOT NULL,
    cancel_reason TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    CHECK (seats_taken >= 0 AND seats_taken <= capacity)
);
CREATE INDEX ix_sessions_start ON sessions(start_date, id);
CREATE TABLE session_courts (
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    court_id BIGINT NOT NULL REFERENCES courts(id),
    PRIMARY KEY (session_id, court_id)
);
CREATE INDEX ix_session_courts_court ON session_courts(court_id);
CREATE TABLE applications (
    id {pk},
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    magistrate_id BIGINT NOT NULL REFERENCES users(id),
    year INTEGER NOT NULL,
    rank INTEGER NOT NULL,
    motivation TEXT,
    status TEXT NOT NULL,
    decided_at TIMESTAMPTZ,
    decided_by BIGINT REFERENCES users(id),
    decision_reason TEXT,
    confirmation_due DATE,
    waitlist_position INTEGER,
    confirmed_at TIMESTAMPTZ,
    withdrawal_reason TEXT,
    withdrawal_details TEXT,
    withdrawn_at TIMESTAMPTZ,
    withdrawal_serious BOOLEAN,
    withdrawal_assessed_at TIMESTAMPTZ,
    withdrawal_assessed_by BIGINT REFERENCES users(id),
    head_of_court_notified BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_applications_live_per_session ON applications(session_id, magistrate_id) WHERE status <> 'CANCELLED';
CREATE UNIQUE INDEX ux_applications_rank ON applications(magistrate_id, year, rank) WHERE status <> 'CANCELLED';
CREATE UNIQUE INDEX ux_applications_waitlist ON applications(session_id, waitlist_position) WHERE waitlist_position IS NOT NULL;
CREATE INDEX ix_applications_session_status ON applications(session_id, status);
CREATE INDEX ix_applications_due ON applications(status, confirmation_due);
CREATE TABLE observations (
    id {pk},
    application_id BIGINT NOT NULL REFERENCES applications(id),
    authority TEXT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    opinion TEXT NOT NULL,
    comment TEXT,
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_observations_authority ON observations(application_id, authority);
CREATE TABLE notifications (
    id {pk},
    user_id BIGINT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    session_id BIGINT REFERENCES sessions(id),
    application_id BIGINT REFERENCES applications(id),
    created_at TIMESTAMPTZ NOT NULL,
    read_at TIMESTAMPTZ,
    delivered_at TIMESTAMPTZ,
    delivery TEXT
);
CREATE INDEX ix_notifications_user ON notifications(user_id, id);
CREATE INDEX ix_notifications_outbox ON notifications(id) WHERE delivered_at IS NULL;
CREATE TABLE audit_log (
    id {pk},
    at TIMESTAMPTZ NOT NULL,
    actor_id BIGINT REFERENCES users(id),
    request_id TEXT,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id BIGINT NOT NULL,
    before_state TEXT,
    after_state TEXT
);
CREATE INDEX ix_audit_entity ON audit_log(entity, entity_id)
"#;

const DOWN: &str = r#"
DROP TABLE audit_log; DROP TABLE notifications; DROP TABLE observations; DROP TABLE applications;
DROP TABLE session_courts; DROP TABLE sessions; DROP TABLE magistrates; DROP TABLE role_assignments;
DROP TABLE users; DROP TABLE jurisdictions; DROP TABLE courts
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
