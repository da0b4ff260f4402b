//! Events that live views subscribe to: a court's budget changed. On PostgreSQL the event goes
//! through `NOTIFY`, and every server process relays what it hears with `LISTEN` to its own
//! subscribers, so a dashboard open on one server sees an expense recorded through another.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio::sync::broadcast;

/// The PostgreSQL channel budget events travel on.
pub const CHANNEL: &str = "magistra_budget";

/// A court's budget figures for a year changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BudgetChanged {
    pub court_id: i64,
    pub year: i32,
}

impl BudgetChanged {
    fn encode(self) -> String {
        format!("{}:{}", self.court_id, self.year)
    }

    fn decode(text: &str) -> Option<Self> {
        let (court, year) = text.split_once(':')?;
        Some(Self { court_id: court.parse().ok()?, year: year.parse().ok()? })
    }
}

/// A change as this process's subscribers receive it, numbered in the order it was heard, so
/// that the figures it calls for are computed once for all of them ([`crate::live::FanOut`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Heard {
    pub change: BudgetChanged,
    pub seq: u64,
}

/// The server's event bus.
#[derive(Clone)]
pub struct Events {
    budget: broadcast::Sender<Heard>,
    heard: Arc<AtomicU64>,
    /// Set on PostgreSQL: events are sent with `pg_notify` and come back through the listener.
    notifier: Option<DatabaseConnection>,
}

impl Events {
    /// A bus local to this process (SQLite), or relayed by PostgreSQL when `postgres` is given.
    pub fn new(postgres: Option<DatabaseConnection>) -> Self {
        Self { budget: broadcast::channel(1_024).0, heard: Arc::new(AtomicU64::new(0)), notifier: postgres }
    }

    /// Hands a change to this process's subscribers, with its number.
    fn relay_locally(&self, change: BudgetChanged) {
        let seq = self.heard.fetch_add(1, Ordering::Relaxed);
        let _ = self.budget.send(Heard { change, seq });
    }

    /// Announces a change to every subscriber of every server process.
    pub async fn budget_changed(&self, event: BudgetChanged) {
        match &self.notifier {
            Some(db) => {
                let statement = sea_orm::Statement::from_sql_and_values(
                    db.get_database_backend(),
                    "SELECT pg_notify($1, $2)",
                    [CHANNEL.into(), event.encode().into()],
                );
                if let Err(e) = db.execute_raw(statement).await {
                    tracing::error!(error = ?e, "pg_notify failed; announcing locally only");
                    self.relay_locally(event);
                }
            }
            None => self.relay_locally(event),
        }
    }

    pub fn subscribe_budget(&self) -> broadcast::Receiver<Heard> {
        self.budget.subscribe()
    }

    /// Relays PostgreSQL notifications to this process's subscribers, reconnecting after errors.
    pub async fn listen(self, database_url: String) {
        loop {
            match self.relay(&database_url).await {
                Ok(()) => return,
                Err(e) => {
                    tracing::warn!(error = ?e, "LISTEN connection lost; reconnecting");
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
    }

    async fn relay(&self, database_url: &str) -> anyhow::Result<()> {
        let mut listener = sea_orm::sqlx::postgres::PgListener::connect(database_url).await?;
        listener.listen(CHANNEL).await?;
        loop {
            let notification = listener.recv().await?;
            if let Some(event) = BudgetChanged::decode(notification.payload()) {
                self.relay_locally(event);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_travels_as_court_and_year() {
        let event = BudgetChanged { court_id: 19, year: 2027 };
        assert_eq!(BudgetChanged::decode(&event.encode()), Some(event));
        assert_eq!(BudgetChanged::decode("19"), None);
    }
}
