//! The one clock every deadline reads. Production uses the system clock; tests hold a
//! [`ManualClock`] and move it.

use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, Utc};

/// A source of the current time.
pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;

    /// The calendar day it is at the School (Europe/Paris).
    fn today(&self) -> NaiveDate {
        shared::rules::local_time::school_today(self.now())
    }
}

/// The machine's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stays where it is put.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<RwLock<DateTime<Utc>>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        Self(Arc::new(RwLock::new(at)))
    }

    pub fn set(&self, at: DateTime<Utc>) {
        if let Ok(mut guard) = self.0.write() {
            *guard = at;
        }
    }

    pub fn advance(&self, by: chrono::Duration) {
        if let Ok(mut guard) = self.0.write() {
            *guard += by;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        self.0.read().map(|guard| *guard).unwrap_or_else(|poisoned| *poisoned.into_inner())
    }
}

/// The clock shared by every part of the server.
pub type SharedClock = Arc<dyn Clock>;
