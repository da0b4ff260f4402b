//! The programme's revision: a counter the database itself raises whenever a session or the
//! courts it belongs to change, in the same transaction. Every server process reads it before
//! serving a programme page from memory, so a page kept by one process is never served after
//! another process changed a session (`server/src/services/catalogue.rs`).
//!
//! SQLite has one writer at a time, so plain `AFTER` triggers do. On PostgreSQL the counter is
//! raised by deferred constraint triggers, at commit: the counter's row is then the last lock a
//! transaction takes, so two transactions changing different sessions never wait on each other
//! before committing and cannot deadlock through it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "CREATE TABLE catalogue_revision (id INTEGER PRIMARY KEY, revision BIGINT NOT NULL)";
const FIRST_ROW: &str = "INSERT INTO catalogue_revision (id, revision) VALUES (1, 0)";
const WATCHED: [&str; 2] = ["sessions", "session_courts"];

fn sqlite_triggers() -> Vec<String> {
    let mut statements = Vec::new();
    for table in WATCHED {
        for event in ["INSERT", "UPDATE", "DELETE"] {
            statements.push(format!(
                "CREATE TRIGGER tr_{table}_{}_revision AFTER {event} ON {table} \
                 BEGIN UPDATE catalogue_revision SET revision = revision + 1 WHERE id = 1; END",
                event.to_lowercase()
            ));
        }
    }
    statements
}

fn postgres_triggers() -> Vec<String> {
    let mut statements = vec!["CREATE FUNCTION raise_catalogue_revision() RETURNS trigger LANGUAGE plpgsql AS $$ \
         BEGIN UPDATE catalogue_revision SET revision = revision + 1 WHERE id = 1; RETURN NULL; END $$"
        .to_owned()];
    for table in WATCHED {
        statements.push(format!(
            "CREATE CONSTRAINT TRIGGER tr_{table}_revision AFTER INSERT OR UPDATE OR DELETE ON {table} \
             DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION raise_catalogue_revision()"
        ));
    }
    statements
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let triggers = match manager.get_database_backend() {
            DatabaseBackend::Postgres => postgres_triggers(),
            _ => sqlite_triggers(),
        };
        let db = manager.get_connection();
        for statement in [TABLE.to_owned(), FIRST_ROW.to_owned()].into_iter().chain(triggers) {
            db.execute_unprepared(&statement).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => {
                for table in WATCHED {
                    db.execute_unprepared(&format!("DROP TRIGGER tr_{table}_revision ON {table}")).await?;
                }
                db.execute_unprepared("DROP FUNCTION raise_catalogue_revision()").await?;
            }
            _ => {
                for table in WATCHED {
                    for event in ["insert", "update", "delete"] {
                        db.execute_unprepared(&format!("DROP TRIGGER tr_{table}_{event}_revision")).await?;
                    }
                }
            }
        }
        db.execute_unprepared("DROP TABLE catalogue_revision").await?;
        Ok(())
    }
}
