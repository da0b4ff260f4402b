//! Who gives the national actions and what they hold (art. 132): the trainers' directory, the
//! session director named per action, the programme by half-day with its speakers and its
//! validation, agreements with outside bodies, and the reasons recorded when a conflict (a
//! speaker or a participant in two actions at once) is let through.

use sea_orm_migration::prelude::*;

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

const UP: &str = r#"
CREATE TABLE trainers (
    id {pk},
    user_id BIGINT REFERENCES users(id),
    full_name TEXT NOT NULL,
    body TEXT NOT NULL,
    kind TEXT NOT NULL,
    expertise TEXT NOT NULL,
    email TEXT,
    phone TEXT,
    created_by BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_trainers_user ON trainers(user_id);
CREATE TABLE session_directors (
    id {pk},
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    trainer_id BIGINT NOT NULL REFERENCES trainers(id),
    term INTEGER NOT NULL,
    renews_session_id BIGINT REFERENCES sessions(id),
    exceptional_circumstances TEXT,
    named_by BIGINT REFERENCES users(id),
    named_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_session_directors_session ON session_directors(session_id);
CREATE INDEX ix_session_directors_trainer ON session_directors(trainer_id);
CREATE TABLE session_programmes (
    id {pk},
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    status TEXT NOT NULL,
    proposed_by BIGINT REFERENCES users(id),
    proposed_at TIMESTAMPTZ,
    reviewed_by BIGINT REFERENCES users(id),
    reviewed_at TIMESTAMPTZ,
    review_comment TEXT,
    updated_at TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX ux_session_programmes_session ON session_programmes(session_id);
CREATE TABLE programme_sequences (
    id {pk},
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    position INTEGER NOT NULL,
    day DATE NOT NULL,
    half_day TEXT NOT NULL,
    title TEXT NOT NULL
);
CREATE INDEX ix_programme_sequences_session ON programme_sequences(session_id);
CREATE TABLE sequence_speakers (
    id {pk},
    sequence_id BIGINT NOT NULL REFERENCES programme_sequences(id),
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    trainer_id BIGINT NOT NULL REFERENCES trainers(id),
    day DATE NOT NULL,
    half_day TEXT NOT NULL
);
CREATE INDEX ix_sequence_speakers_trainer ON sequence_speakers(trainer_id, day, half_day);
CREATE INDEX ix_sequence_speakers_session ON sequence_speakers(session_id);
CREATE TABLE session_agreements (
    id {pk},
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    partner TEXT NOT NULL,
    object TEXT NOT NULL,
    amount_cents BIGINT NOT NULL,
    starts_on DATE NOT NULL,
    ends_on DATE NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_session_agreements_session ON session_agreements(session_id);
CREATE TABLE conflict_overrides (
    id {pk},
    kind TEXT NOT NULL,
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    other_session_id BIGINT NOT NULL REFERENCES sessions(id),
    trainer_id BIGINT REFERENCES trainers(id),
    magistrate_id BIGINT REFERENCES users(id),
    reason TEXT NOT NULL,
    recorded_by BIGINT REFERENCES users(id),
    recorded_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX ix_conflict_overrides_session ON conflict_overrides(session_id)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for table in [
            "conflict_overrides",
            "session_agreements",
            "sequence_speakers",
            "programme_sequences",
            "session_programmes",
            "session_directors",
            "trainers",
        ] {
            db.execute_unprepared(&format!("DROP TABLE {table}")).await?;
        }
        Ok(())
    }
}
