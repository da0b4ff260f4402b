//! Careers as a history (art. 126): the reference list of functions, each person's postings
//! (assignment, function, bench or prosecution, from, to), the HR identifier that keys the
//! directory import, and the imports themselves. The `magistrates` row becomes the projection of
//! the current posting: its court and jurisdiction may be empty (Cour de cassation, another body),
//! it says bench or prosecution, and `function_new` is gone — whether a function was never held
//! before is read from the postings (`shared::rules::careers`).
//!
//! Existing magistrates get their current posting; one whose old flag said the function had been
//! held before, and who took it up after their nomination, also gets an earlier posting in the
//! same function from their nomination to that day, so that the history says what the flag said.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DatabaseBackend, Statement};

use crate::run_script;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The reference list of functions the migration starts from; the administrator maintains it.
const FUNCTIONS: &str = include_str!("../data/fonctions.txt");

const FUNCTIONS_TABLE: &str = "CREATE TABLE functions (id {pk}, name TEXT NOT NULL UNIQUE)";

/// Everything after the functions table and its rows.
const UP: &str = r#"
CREATE TABLE directory_imports (
    id {pk},
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    author_id BIGINT REFERENCES users(id),
    created_at TIMESTAMPTZ NOT NULL,
    created_count INTEGER NOT NULL,
    changed_count INTEGER NOT NULL,
    ended_count INTEGER NOT NULL,
    unchanged_count INTEGER NOT NULL
);
ALTER TABLE users ADD COLUMN hr_id TEXT;
CREATE UNIQUE INDEX ux_users_hr_id ON users(hr_id) WHERE hr_id IS NOT NULL;
CREATE TABLE postings (
    id {pk},
    user_id BIGINT NOT NULL REFERENCES users(id),
    assignment TEXT NOT NULL,
    court_id BIGINT REFERENCES courts(id),
    jurisdiction_id BIGINT REFERENCES jurisdictions(id),
    other_body TEXT,
    function_id BIGINT NOT NULL REFERENCES functions(id),
    bench TEXT NOT NULL,
    started_on DATE NOT NULL,
    ended_on DATE,
    import_id BIGINT REFERENCES directory_imports(id)
);
CREATE INDEX ix_postings_user ON postings(user_id, started_on);
CREATE UNIQUE INDEX ux_postings_current ON postings(user_id) WHERE ended_on IS NULL;
CREATE TABLE magistrates_current (
    user_id BIGINT PRIMARY KEY REFERENCES users(id),
    court_id BIGINT REFERENCES courts(id),
    jurisdiction_id BIGINT REFERENCES jurisdictions(id),
    function_title TEXT NOT NULL,
    function_since DATE NOT NULL,
    bench TEXT NOT NULL,
    recruitment_path TEXT NOT NULL,
    appointed_on DATE NOT NULL,
    evaluator_id BIGINT REFERENCES users(id)
);
INSERT INTO magistrates_current (user_id, court_id, jurisdiction_id, function_title, function_since, bench,
        recruitment_path, appointed_on, evaluator_id)
    SELECT user_id, court_id, jurisdiction_id, function_title, function_since,
        CASE WHEN function_title LIKE 'Substitut%' OR function_title LIKE '%rocureur%' OR function_title LIKE 'Avocat général%'
            THEN 'PARQUET' ELSE 'SIEGE' END,
        recruitment_path, appointed_on, evaluator_id
    FROM magistrates;
INSERT INTO postings (user_id, assignment, court_id, jurisdiction_id, function_id, bench, started_on, ended_on)
    SELECT m.user_id, 'JURISDICTION', m.court_id, m.jurisdiction_id, f.id, c.bench, m.appointed_on, m.function_since
    FROM magistrates m JOIN functions f ON f.name = m.function_title JOIN magistrates_current c ON c.user_id = m.user_id
    WHERE NOT m.function_new AND m.function_since > m.appointed_on;
INSERT INTO postings (user_id, assignment, court_id, jurisdiction_id, function_id, bench, started_on)
    SELECT m.user_id, 'JURISDICTION', m.court_id, m.jurisdiction_id, f.id, m.bench, m.function_since
    FROM magistrates_current m JOIN functions f ON f.name = m.function_title;
DROP TABLE magistrates;
ALTER TABLE magistrates_current RENAME TO magistrates;
CREATE INDEX ix_magistrates_court ON magistrates(court_id);
CREATE INDEX ix_magistrates_evaluator ON magistrates(evaluator_id)
"#;

const DOWN: &str = r#"
CREATE TABLE magistrates_flagged (
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
INSERT INTO magistrates_flagged
    SELECT m.user_id, m.court_id, m.jurisdiction_id, m.function_title, m.function_since,
        NOT EXISTS (SELECT 1 FROM postings p JOIN functions f ON f.id = p.function_id
            WHERE p.user_id = m.user_id AND f.name = m.function_title AND p.ended_on IS NOT NULL),
        m.recruitment_path, m.appointed_on, m.evaluator_id
    FROM magistrates m WHERE m.court_id IS NOT NULL AND m.jurisdiction_id IS NOT NULL;
DROP TABLE magistrates;
ALTER TABLE magistrates_flagged RENAME TO magistrates;
CREATE INDEX ix_magistrates_court ON magistrates(court_id);
CREATE INDEX ix_magistrates_evaluator ON magistrates(evaluator_id);
DROP TABLE postings;
DROP INDEX ux_users_hr_id;
ALTER TABLE users DROP COLUMN hr_id;
DROP TABLE directory_imports;
DROP TABLE functions
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    /// In one transaction on SQLite too: the table is rebuilt on one connection, all or nothing.
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        run_script(manager, FUNCTIONS_TABLE).await?;
        let backend = manager.get_database_backend();
        for name in FUNCTIONS.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let sql = "INSERT INTO functions (name) VALUES ($1)";
            let sql = if backend == DatabaseBackend::Postgres { sql.to_owned() } else { sql.replace("$1", "?") };
            db.execute_raw(Statement::from_sql_and_values(backend, sql, [name.into()])).await?;
        }
        // Titles held today that the list does not have yet join it, so that every posting has one.
        db.execute_unprepared(
            "INSERT INTO functions (name) SELECT DISTINCT function_title FROM magistrates \
             WHERE function_title NOT IN (SELECT name FROM functions)",
        )
        .await?;
        run_script(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run_script(manager, DOWN).await
    }
}
