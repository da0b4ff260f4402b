//! Live views over WebSocket: how many connections and subscriptions one person may hold, the
//! guard that ends a subscription when its token expires, is revoked or its account is disabled,
//! and the fan-out that computes a court's new figures once per change for every subscriber.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use futures::stream::{self, BoxStream, StreamExt};
use sea_orm::DatabaseConnection;
use tokio::sync::OnceCell;

use crate::auth::{CurrentUser, VerifiedToken};
use crate::error::{AppError, AppResult};

/// Open WebSocket connections one person may hold (several tabs, a phone).
pub const MAX_CONNECTIONS_PER_USER: usize = 8;
/// Live subscriptions one person may hold across their connections.
pub const MAX_SUBSCRIPTIONS_PER_USER: usize = 16;
/// Largest WebSocket message or frame accepted, as for an HTTP body.
pub const MAX_MESSAGE_BYTES: usize = 64 * 1024;

/// What a [`Slot`] holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SlotKind {
    Connection,
    Subscription,
}

/// The counts of live connections and subscriptions per person; cheap to clone.
#[derive(Clone, Default)]
pub struct LiveLimits {
    held: Arc<Mutex<HashMap<(i64, SlotKind), usize>>>,
}

/// One connection or subscription counted against its person until dropped.
pub struct Slot {
    limits: LiveLimits,
    key: (i64, SlotKind),
}

impl LiveLimits {
    /// A slot of `kind` for `user_id`, or `RATE_LIMITED` when they hold the most allowed.
    pub fn take(&self, user_id: i64, kind: SlotKind) -> AppResult<Slot> {
        let most = match kind {
            SlotKind::Connection => MAX_CONNECTIONS_PER_USER,
            SlotKind::Subscription => MAX_SUBSCRIPTIONS_PER_USER,
        };
        let mut held = self.held.lock().map_err(|_| AppError::internal("live limits poisoned"))?;
        let count = held.entry((user_id, kind)).or_default();
        if *count >= most {
            return Err(AppError::client(
                shared::ErrorCode::RateLimited,
                format!("Trop de connexions en direct ouvertes ({most} au plus) : fermez d’autres onglets."),
            ));
        }
        *count += 1;
        Ok(Slot { limits: self.clone(), key: (user_id, kind) })
    }

    /// How many slots of `kind` are held now, by everyone (for `/metrics`).
    pub fn held(&self, kind: SlotKind) -> usize {
        self.held.lock().map(|held| held.iter().filter(|((_, k), _)| *k == kind).map(|(_, n)| n).sum()).unwrap_or(0)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        if let Ok(mut held) = self.limits.held.lock() {
            if let Some(count) = held.get_mut(&self.key) {
                *count = count.saturating_sub(1);
                if *count == 0 {
                    held.remove(&self.key);
                }
            }
        }
    }
}

/// `inner`, ended when `token` expires, or when a check every `recheck` finds the token revoked
/// or the account disabled; `slot` is held as long as the stream lives.
pub fn guarded<T: Send + 'static>(
    inner: BoxStream<'static, T>,
    db: DatabaseConnection,
    token: Option<VerifiedToken>,
    recheck: Duration,
    slot: Slot,
) -> BoxStream<'static, T> {
    let until_expiry = token.as_ref().and_then(|t| (t.expires_at - Utc::now()).to_std().ok()).unwrap_or(Duration::ZERO);
    let deadline = tokio::time::Instant::now() + until_expiry;
    let mut checks = tokio::time::interval_at(tokio::time::Instant::now() + recheck, recheck);
    checks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let state = (inner, db, token, checks, slot);
    stream::unfold(Some(state), move |state| async move {
        let (mut inner, db, token, mut checks, slot) = state?;
        loop {
            tokio::select! {
                item = inner.next() => return item.map(|item| (item, Some((inner, db, token, checks, slot)))),
                () = tokio::time::sleep_until(deadline) => return None,
                _ = checks.tick() => {
                    let still_valid = match &token {
                        Some(t) => matches!(CurrentUser::load_for_token(&db, t).await, Ok(Some(_))),
                        None => false,
                    };
                    if !still_valid {
                        return None;
                    }
                }
            }
        }
    })
    .boxed()
}

/// A court's figures computed once per change and shared by every subscriber who receives it.
#[derive(Clone, Default)]
pub struct FanOut<K: Ord + Clone, V> {
    cells: Arc<Mutex<BTreeMap<K, Arc<OnceCell<V>>>>>,
}

/// Changes remembered by a [`FanOut`]; a subscriber that lags further computes on its own.
const REMEMBERED: usize = 256;

impl<K: Ord + Clone, V: Clone> FanOut<K, V> {
    /// The value for `key`, computed by the first subscriber that asks and shared with the others.
    pub async fn get_or_compute<F, Fut>(&self, key: K, compute: F) -> V
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = V>,
    {
        let cell = match self.cells.lock() {
            Ok(mut cells) => {
                let cell = cells.entry(key).or_default().clone();
                while cells.len() > REMEMBERED {
                    cells.pop_first();
                }
                cell
            }
            Err(_) => Arc::new(OnceCell::new()),
        };
        cell.get_or_init(compute).await.clone()
    }
}
