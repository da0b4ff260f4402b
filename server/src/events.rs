//! Events that live views subscribe to: a court's budget changed, a person received a
//! notification. On PostgreSQL an event goes through `NOTIFY`, and every server process relays
//! what it hears with `LISTEN` to its own subscribers, so a dashboard open on one server sees an
//! expense recorded through another. A notification's `NOTIFY` is sent inside the transaction that
//! writes it, so PostgreSQL delivers it only once committed; on SQLite (one process, writes one at
//! a time) [`Events::follow_notifications`] reads the new rows in the order they were committed.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use sea_orm::{ConnectionTrait, DatabaseConnection};
use tokio::sync::broadcast;

/// The PostgreSQL channel budget events travel on.
pub const CHANNEL: &str = "magistra_budget";
/// The PostgreSQL channel new notifications travel on.
pub const NOTIFICATION_CHANNEL: &str = "magistra_notification";
/// How often SQLite's new notifications are looked for.
const FOLLOW_EVERY: Duration = Duration::from_millis(250);

/// A notification was written (and committed) for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotificationAdded {
    pub id: i64,
    pub user_id: i64,
}

impl NotificationAdded {
    pub fn encode(self) -> String {
        format!("{}:{}", self.id, self.user_id)
    }

    fn decode(text: &str) -> Option<Self> {
        let (id, user) = text.split_once(':')?;
        Some(Self { id: id.parse().ok()?, user_id: user.parse().ok()? })
    }
}

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
    notifications: broadcast::Sender<NotificationAdded>,
    heard: Arc<AtomicU64>,
    /// Set on PostgreSQL: events are sent with `pg_notify` and come back through the listener.
    notifier: Option<DatabaseConnection>,
}

impl Events {
    /// A bus local to this process (SQLite), or relayed by PostgreSQL when `postgres` is given.
    pub fn new(postgres: Option<DatabaseConnection>) -> Self {
        Self {
            budget: broadcast::channel(1_024).0,
            notifications: broadcast::channel(4_096).0,
            heard: Arc::new(AtomicU64::new(0)),
            notifier: postgres,
        }
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

    pub fn subscribe_notifications(&self) -> broadcast::Receiver<NotificationAdded> {
        self.notifications.subscribe()
    }

    /// On SQLite, hands each newly committed notification to the subscribers, looking every
    /// [`FOLLOW_EVERY`] for rows after the last one seen.
    pub async fn follow_notifications(self, db: DatabaseConnection) {
        use crate::entities::notification;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
        let newest = |db: DatabaseConnection| async move {
            notification::Entity::find()
                .select_only()
                .column_as(notification::Column::Id.max(), "id")
                .into_tuple::<Option<i64>>()
                .one(&db)
                .await
        };
        let mut last = loop {
            match newest(db.clone()).await {
                Ok(id) => break id.flatten().unwrap_or(0),
                Err(e) => tracing::warn!(error = ?e, "following notifications: database unavailable"),
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        };
        let mut tick = tokio::time::interval(FOLLOW_EVERY);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if self.notifications.receiver_count() == 0 {
                if let Ok(id) = newest(db.clone()).await {
                    last = id.flatten().unwrap_or(last);
                }
                continue;
            }
            let rows = notification::Entity::find()
                .select_only()
                .columns([notification::Column::Id, notification::Column::UserId])
                .filter(notification::Column::Id.gt(last))
                .order_by_asc(notification::Column::Id)
                .limit(1_000)
                .into_tuple::<(i64, i64)>()
                .all(&db)
                .await;
            match rows {
                Ok(rows) => {
                    for (id, user_id) in rows {
                        last = id;
                        let _ = self.notifications.send(NotificationAdded { id, user_id });
                    }
                }
                Err(e) => tracing::warn!(error = ?e, "following notifications failed"),
            }
        }
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
        listener.listen_all([CHANNEL, NOTIFICATION_CHANNEL]).await?;
        loop {
            let heard = listener.recv().await?;
            if heard.channel() == NOTIFICATION_CHANNEL {
                if let Some(event) = NotificationAdded::decode(heard.payload()) {
                    let _ = self.notifications.send(event);
                }
            } else if let Some(event) = BudgetChanged::decode(heard.payload()) {
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

    #[test]
    fn a_notification_travels_as_id_and_person() {
        let event = NotificationAdded { id: 7, user_id: 42 };
        assert_eq!(NotificationAdded::decode(&event.encode()), Some(event));
        assert_eq!(NotificationAdded::decode("7"), None);
    }
}
