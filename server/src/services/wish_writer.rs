//! Group commit of wishes: on the day the programme opens, the wishes that arrive while one batch
//! is being written go together into the next transaction.
//!
//! One task per server process takes every wish waiting (at most [`MOST_PER_BATCH`]) and writes
//! them (two batches at once on PostgreSQL, one on SQLite) in one transaction of four statements whatever their number: `BEGIN`, one `INSERT …
//! SELECT` whose rows exist only for the sessions still published, open today and open to the
//! magistrate's court, one multi-row insert into the audit log, `COMMIT`. The unique indexes
//! that carry "one live wish per session" and "one wish per rank and year" (art. 130) skip a
//! second wish with `ON CONFLICT DO NOTHING`, so no wish can fail the others of its batch; a wish
//! written nowhere comes back as `None` and [`super::applications`] then says why.
//!
//! On SQLite, where one transaction at a time writes the file, a wish used to hold the writers'
//! turn for its own four round trips and its own `fsync`; a batch shares them. On PostgreSQL it
//! saves the statements and commits of every wish but the first. A wish is answered only once its
//! batch is committed, so an acknowledged wish survives a crash (BENCHMARKS.md).

use std::sync::Arc;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, OnConflict, Query, SelectStatement, UnionType};
use sea_orm::{DatabaseBackend, DatabaseConnection, EntityTrait, FromQueryResult};
use tokio::sync::{mpsc, oneshot, Semaphore};

use crate::db::begin_write;
use crate::entities::{application, audit_log, session};
use crate::error::{AppError, AppResult};
use shared::ApplicationStatus;

use super::audit::{snapshot, Change};
use super::offer_sql::open_to_magistrate;

/// Wishes written by one transaction at most (each carries 11 bound values; SQLite allows
/// 32,766 per statement and 500 terms per compound `SELECT`).
const MOST_PER_BATCH: usize = 128;

/// Batches written at once on PostgreSQL (BENCHMARKS.md, fourth runs).
const POSTGRES_WRITERS: usize = 2;

/// A wish to write if its session is still open to the magistrate (published, inside its window,
/// national or organised by their court).
#[derive(Clone, Debug)]
pub struct NewWish {
    pub session_id: i64,
    pub magistrate_id: i64,
    /// The magistrate's court, for the sessions of a deconcentrated programme.
    pub court_id: Option<i64>,
    pub rank: i32,
    pub motivation: Option<String>,
    pub now: DateTime<Utc>,
    /// The request that made the wish, for its audit row.
    pub request_id: Option<String>,
}

struct Pending {
    wish: NewWish,
    reply: oneshot::Sender<AppResult<Option<application::Model>>>,
}

/// The way into this process's wish writer; cheap to clone.
#[derive(Clone)]
pub struct WishWriter {
    queue: mpsc::UnboundedSender<Pending>,
}

impl WishWriter {
    /// Starts the writer of `db` on the current Tokio runtime; it stops when the last
    /// [`WishWriter`] is dropped.
    pub fn start(db: DatabaseConnection) -> Self {
        let (queue, waiting) = mpsc::unbounded_channel();
        tokio::spawn(write_until_closed(db, waiting));
        Self { queue }
    }

    /// Writes `wish` with the others waiting; `None` if its session is no longer open to the
    /// magistrate or a unique index refused it (already applied, rank taken).
    pub async fn write(&self, wish: NewWish) -> AppResult<Option<application::Model>> {
        let (reply, answer) = oneshot::channel();
        self.queue.send(Pending { wish, reply }).map_err(|_| AppError::internal("the wish writer has stopped"))?;
        answer.await.map_err(|_| AppError::internal("the wish writer dropped a wish"))?
    }
}

/// Batches being written at once: one on SQLite, whose file takes one writer at a time; two on
/// PostgreSQL, so that wishes gather and wait for a commit while another batch commits.
fn writers_for(db: &DatabaseConnection) -> usize {
    match db.get_database_backend() {
        DatabaseBackend::Sqlite => 1,
        _ => POSTGRES_WRITERS,
    }
}

async fn write_until_closed(db: DatabaseConnection, mut waiting: mpsc::UnboundedReceiver<Pending>) {
    let writers = Arc::new(Semaphore::new(writers_for(&db)));
    let mut batch = Vec::with_capacity(MOST_PER_BATCH);
    // A free writer first, then every wish waiting by then.
    while let Ok(writer) = writers.clone().acquire_owned().await {
        if waiting.recv_many(&mut batch, MOST_PER_BATCH).await == 0 {
            break;
        }
        let pending = std::mem::take(&mut batch);
        let db = db.clone();
        // Its own task, so that a panic fails this batch's wishes (their answers are dropped)
        // and not every wish after it; the writer is free again when the task ends, either way.
        tokio::spawn(async move {
            write_batch(&db, pending).await;
            drop(writer);
        });
    }
}

/// Writes `pending` in one transaction; if that fails as a whole (a user deleted meanwhile, a
/// deadlock with the other batch on PostgreSQL, a lock held by another process for too long),
/// each wish is written alone so that one cannot fail the others.
async fn write_batch(db: &DatabaseConnection, pending: Vec<Pending>) {
    let wishes: Vec<NewWish> = pending.iter().map(|p| p.wish.clone()).collect();
    match write_together(db, &wishes).await {
        Ok(results) => {
            for (p, result) in pending.into_iter().zip(results) {
                let _ = p.reply.send(Ok(result));
            }
        }
        Err(_) if pending.len() > 1 => {
            for p in pending {
                let result = write_together(db, std::slice::from_ref(&p.wish)).await.map(|mut r| r.remove(0));
                let _ = p.reply.send(result);
            }
        }
        Err(e) => {
            if let Some(p) = pending.into_iter().next() {
                let _ = p.reply.send(Err(e));
            }
        }
    }
}

/// Writes `wishes` in one transaction; for each, the row written or `None`.
async fn write_together(db: &DatabaseConnection, wishes: &[NewWish]) -> AppResult<Vec<Option<application::Model>>> {
    let txn = begin_write(db).await?;
    let statement = db.get_database_backend().build(&insert_while_open(wishes)?);
    let mut written = application::Model::find_by_statement(statement).all(&txn).await?;
    // Each row answers one wish: the first of its magistrate and session (a wish sent twice at
    // once is written once; the second copy is answered `None`, then "already applied").
    let results: Vec<Option<application::Model>> = wishes
        .iter()
        .map(|wish| {
            let found = written.iter().position(|row| {
                row.magistrate_id == wish.magistrate_id && row.session_id == wish.session_id && row.rank == wish.rank
            })?;
            Some(written.swap_remove(found))
        })
        .collect();
    let audit_rows: Vec<audit_log::ActiveModel> = wishes
        .iter()
        .zip(&results)
        .filter_map(|(wish, row)| {
            let row = row.as_ref()?;
            let change = Change {
                actor_id: Some(wish.magistrate_id),
                at: wish.now,
                action: "application.apply",
                entity: "application",
                entity_id: row.id,
                before: None,
                after: snapshot(row),
            };
            Some(change.into_row(wish.request_id.clone()))
        })
        .collect();
    if !audit_rows.is_empty() {
        audit_log::Entity::insert_many(audit_rows).exec_without_returning(&txn).await?;
    }
    txn.commit().await?;
    Ok(results)
}

/// `INSERT INTO applications … SELECT … FROM sessions WHERE …` for every wish (`UNION ALL`),
/// skipping rows the unique indexes refuse, returning the rows written.
fn insert_while_open(wishes: &[NewWish]) -> AppResult<sea_orm::sea_query::InsertStatement> {
    use application::Column as A;
    let mut selects = wishes.iter().map(open_session_row);
    let mut rows = selects.next().ok_or_else(|| AppError::internal("an empty batch of wishes"))?;
    for next in selects {
        rows.union(UnionType::All, next);
    }
    Ok(Query::insert()
        .into_table(application::Entity)
        .columns([
            A::SessionId,
            A::MagistrateId,
            A::Year,
            A::Rank,
            A::Motivation,
            A::Status,
            A::HeadOfCourtNotified,
            A::CreatedAt,
            A::UpdatedAt,
        ])
        .select_from(rows)
        .map_err(AppError::internal)?
        .on_conflict(OnConflict::new().do_nothing().to_owned())
        .returning_all()
        .to_owned())
}

/// The row of one wish, present only while its session is open to the magistrate today
/// ([`super::offer_sql::open_to_magistrate`], the SQL of `shared::rules::open_to_magistrate`).
fn open_session_row(wish: &NewWish) -> SelectStatement {
    let s = Alias::new("s");
    Query::select()
        .expr(Expr::col((s.clone(), session::Column::Id)))
        .expr(Expr::val(wish.magistrate_id))
        .expr(Expr::col((s.clone(), session::Column::Year)))
        .expr(Expr::val(wish.rank))
        .expr(Expr::val(wish.motivation.clone()))
        .expr(Expr::val(ApplicationStatus::Submitted))
        .expr(Expr::val(false))
        .expr(Expr::val(wish.now))
        .expr(Expr::val(wish.now))
        .from_as(session::Entity, s.clone())
        .and_where(Expr::col((s.clone(), session::Column::Id)).eq(wish.session_id))
        .and_where(open_to_magistrate(&s, wish.now, wish.court_id))
        .to_owned()
}
