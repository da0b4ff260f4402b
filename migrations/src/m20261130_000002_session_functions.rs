//! An action's target functions become ids in the reference list of functions (art. 128, 2°: the
//! days tied to the functions held are matched by identity, not by comparing names). Each name
//! stored so far is looked up in `functions` the way the directory import compares names (case,
//! apostrophes and runs of spaces aside); a name the list lacks joins it, so nothing is lost.
//! And an action may be marked as prise-de-fonction training (`onboarding`, art. 126): only those
//! count toward the theory owed for a function never held before.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{DatabaseBackend, Statement, Value};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The names' comparison key, as `shared::directory::name_key` had it when this was written.
fn key(name: &str) -> String {
    name.replace('’', "'").split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// `sql` with `$n` placeholders, in the backend's own spelling.
fn statement(backend: DatabaseBackend, sql: &str, values: Vec<Value>) -> Statement {
    let sql =
        if backend == DatabaseBackend::Postgres { sql.to_owned() } else { sql.replace("$1", "?").replace("$2", "?") };
    Statement::from_sql_and_values(backend, sql, values)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }

    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        db.execute_unprepared("ALTER TABLE sessions ADD COLUMN onboarding BOOLEAN NOT NULL DEFAULT FALSE").await?;
        let mut known = std::collections::HashMap::new();
        for row in db.query_all_raw(Statement::from_string(backend, "SELECT id, name FROM functions")).await? {
            known.insert(key(&row.try_get::<String>("", "name")?), row.try_get::<i64>("", "id")?);
        }
        let sessions = "SELECT id, target_functions FROM sessions WHERE target_functions <> '[]'";
        for row in db.query_all_raw(Statement::from_string(backend, sessions)).await? {
            let id: i64 = row.try_get("", "id")?;
            let stored: String = row.try_get("", "target_functions")?;
            let Ok(names) = serde_json::from_str::<Vec<String>>(&stored) else { continue };
            let mut ids: Vec<i64> = Vec::new();
            for name in names.iter().map(|n| n.trim()).filter(|n| !n.is_empty()) {
                let function = match known.get(&key(name)) {
                    Some(function) => *function,
                    None => {
                        db.execute_raw(statement(
                            backend,
                            "INSERT INTO functions (name) VALUES ($1)",
                            vec![name.into()],
                        ))
                        .await?;
                        let found = db
                            .query_one_raw(statement(
                                backend,
                                "SELECT id FROM functions WHERE name = $1",
                                vec![name.into()],
                            ))
                            .await?
                            .ok_or_else(|| DbErr::Custom(format!("function « {name} » not found after insert")))?;
                        let function: i64 = found.try_get("", "id")?;
                        known.insert(key(name), function);
                        function
                    }
                };
                if !ids.contains(&function) {
                    ids.push(function);
                }
            }
            let ids = serde_json::to_string(&ids).map_err(|e| DbErr::Custom(e.to_string()))?;
            db.execute_raw(statement(
                backend,
                "UPDATE sessions SET target_functions = $1 WHERE id = $2",
                vec![ids.into(), id.into()],
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        let backend = manager.get_database_backend();
        db.execute_unprepared("ALTER TABLE sessions DROP COLUMN onboarding").await?;
        let mut names = std::collections::HashMap::new();
        for row in db.query_all_raw(Statement::from_string(backend, "SELECT id, name FROM functions")).await? {
            names.insert(row.try_get::<i64>("", "id")?, row.try_get::<String>("", "name")?);
        }
        let sessions = "SELECT id, target_functions FROM sessions WHERE target_functions <> '[]'";
        for row in db.query_all_raw(Statement::from_string(backend, sessions)).await? {
            let id: i64 = row.try_get("", "id")?;
            let stored: String = row.try_get("", "target_functions")?;
            let Ok(ids) = serde_json::from_str::<Vec<i64>>(&stored) else { continue };
            let back: Vec<&String> = ids.iter().filter_map(|i| names.get(i)).collect();
            let back = serde_json::to_string(&back).map_err(|e| DbErr::Custom(e.to_string()))?;
            db.execute_raw(statement(
                backend,
                "UPDATE sessions SET target_functions = $1 WHERE id = $2",
                vec![back.into(), id.into()],
            ))
            .await?;
        }
        Ok(())
    }
}
