//! Online backups of the SQLite database: `VACUUM INTO` writes a consistent copy while the server
//! keeps serving (readers and writers are not stopped). PostgreSQL is backed up with `pg_dump`
//! (see the README).

use std::path::Path;

use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection};

/// Writes a consistent copy of the SQLite database behind `db` to `target`, which must not exist.
pub async fn backup_sqlite(db: &DatabaseConnection, target: &Path) -> anyhow::Result<()> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        anyhow::bail!("magistra backup copies SQLite databases; back up PostgreSQL with pg_dump (see the README)");
    }
    if target.exists() {
        anyhow::bail!("{} exists already: choose a new file", target.display());
    }
    let path = target.to_str().ok_or_else(|| anyhow::anyhow!("the backup path must be valid UTF-8"))?;
    // The file name is a bound value: `VACUUM INTO` takes an expression.
    let statement = sea_orm::Statement::from_sql_and_values(DatabaseBackend::Sqlite, "VACUUM INTO ?", [path.into()]);
    db.execute_raw(statement).await?;
    Ok(())
}

/// Whether the SQLite file behind `db` passes `PRAGMA integrity_check`.
pub async fn integrity_ok(db: &DatabaseConnection) -> anyhow::Result<bool> {
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(DatabaseBackend::Sqlite, "PRAGMA integrity_check".to_owned()))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no answer to integrity_check"))?;
    Ok(row.try_get_by_index::<String>(0)? == "ok")
}
