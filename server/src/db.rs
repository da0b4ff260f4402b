//! Connections and write transactions on SQLite or PostgreSQL.
//!
//! SQLite gets WAL, a busy timeout and foreign keys on every connection, and every write
//! transaction starts with `BEGIN IMMEDIATE` so that a read-then-write never fails with
//! "database is locked" under concurrency (TOOLCHAIN.md).
//!
//! SQLite lets one transaction write a file at a time. Writers of this process wait for their
//! turn in a first-come queue ([`WriteTransaction`]) before `BEGIN IMMEDIATE`, instead of
//! sleeping in SQLite's busy handler, which backs off up to 100 ms at a time and left the CPU
//! idle on opening day while the p99 of a wish climbed (BENCHMARKS.md). The busy timeout stays
//! for writers of other processes (a backup, a migration). PostgreSQL needs no queue: its row
//! locks already wake waiters in order.

use std::collections::HashMap;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex as BlockingMutex};
use std::time::Duration;

use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr,
    ExecResult, QueryResult, SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// Connections to PostgreSQL: `MAGISTRA_DB_CONNECTIONS` if set, else three per core of this
/// machine (at least 4, at most 32). More only queue in PostgreSQL's backends: on 2 cores, 6
/// connections carried the opening day in 99.5 s where 16 took 111.6 s (BENCHMARKS.md, third runs).
fn postgres_pool_size() -> u32 {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2) as u32;
    std::env::var("MAGISTRA_DB_CONNECTIONS")
        .ok()
        .and_then(|n| n.trim().parse().ok())
        .filter(|n| (1..=1_000).contains(n))
        .unwrap_or_else(|| (3 * cores).clamp(4, 32))
}

/// How long a request waits for a connection. On PostgreSQL a request gives up after 5 s (the
/// opening day's p99 is under 100 ms), so that while the database is away the server answers an
/// error promptly instead of holding every request until its timeout; a connection refused is
/// tried again within that time, so a restart of a second or two is ridden through. SQLite's
/// connections are local and only wait for one another.
fn acquire_timeout(url: &str) -> Duration {
    if url.starts_with("sqlite") {
        Duration::from_secs(30)
    } else {
        Duration::from_secs(5)
    }
}

/// Opens the database named by `url` (`sqlite://…` or `postgres://…`).
pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url);
    options
        .sqlx_logging(false)
        .max_connections(if url.starts_with("sqlite") { 8 } else { postgres_pool_size() })
        .acquire_timeout(acquire_timeout(url))
        .map_sqlx_sqlite_opts(|opts: SqliteConnectOptions| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .busy_timeout(Duration::from_secs(30))
                .foreign_keys(true)
                .create_if_missing(true)
        });
    Database::connect(options).await
}

/// A write transaction. On SQLite it holds this process's turn to write the database file
/// until it is committed, rolled back or dropped.
pub struct WriteTransaction {
    // Declared first so it ends (and its rollback is sent) before the turn passes on.
    txn: DatabaseTransaction,
    _turn: Option<OwnedMutexGuard<()>>,
}

impl WriteTransaction {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

impl Deref for WriteTransaction {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTransaction {
    fn get_database_backend(&self) -> DatabaseBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

/// The queue of writers of one SQLite file in this process.
fn sqlite_writers(db: &DatabaseConnection) -> Arc<Mutex<()>> {
    static QUEUES: LazyLock<BlockingMutex<HashMap<PathBuf, Arc<Mutex<()>>>>> = LazyLock::new(Default::default);
    let file = db.get_sqlite_connection_pool().connect_options().get_filename().to_path_buf();
    let mut queues = QUEUES.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    queues.entry(file).or_default().clone()
}

/// Starts a write transaction: on SQLite, the writer's turn then `BEGIN IMMEDIATE`; on
/// PostgreSQL, a plain `BEGIN`.
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTransaction, DbErr> {
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => {
            let turn = sqlite_writers(db).lock_owned().await;
            let txn = db
                .begin_with_options(TransactionOptions {
                    sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                    ..TransactionOptions::default()
                })
                .await?;
            Ok(WriteTransaction { txn, _turn: Some(turn) })
        }
        _ => Ok(WriteTransaction { txn: db.begin().await?, _turn: None }),
    }
}
