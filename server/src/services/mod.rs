//! Domain services: each public function is one use case. It checks the caller's rights with
//! `auth::policy`, opens its own write transaction, applies the pure rules of `shared`, writes
//! the audit rows and the notifications in that same transaction, and commits.

pub mod access;
pub mod action_costs;
pub mod agreements;
pub mod allocation;
pub mod applications;
pub mod attendance;
pub mod attestations;
pub mod audit;
pub mod auth;
pub mod budget;
pub mod calendars;
pub mod careers;
pub mod catalogue;
pub mod confirmation_notices;
pub mod conflicts;
pub mod court_reports;
pub mod dashboard;
pub mod decisions;
pub mod directory;
pub mod directory_import;
pub mod evaluations;
pub mod execution;
pub mod lookup;
pub mod my_data;
pub mod national_budget;
pub mod notifications;
pub mod observation_notices;
pub mod offer_digests;
pub mod offer_sql;
pub mod participation;
pub mod people;
pub mod plan_funding;
pub mod plans;
pub mod reference;
pub mod review;
pub mod selection_seed;
pub mod session_directors;
pub mod session_programmes;
pub mod sessions;
pub mod sheets;
pub mod sweep;
pub mod trainers;
pub mod transmissions;
pub mod validations;
pub mod waitlist;
pub mod wish_writer;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::DatabaseConnection;

use crate::auth::CurrentUser;

/// What every use case needs: the database, who acts, and when.
pub struct Env<'a> {
    pub db: &'a DatabaseConnection,
    pub user: &'a CurrentUser,
    pub now: DateTime<Utc>,
    pub events: &'a crate::events::Events,
    /// The School's mailbox that organises calendar invitations (`Settings::organizer`).
    pub organizer: &'a str,
}

impl Env<'_> {
    /// The calendar day it is at the School (Europe/Paris).
    pub fn today(&self) -> NaiveDate {
        shared::rules::local_time::school_today(self.now)
    }
}

/// A window on a list that can grow without bound: at most `first` rows after skipping `offset`.
#[derive(Debug, Clone, Copy)]
pub struct ListWindow {
    pub first: u64,
    pub offset: u64,
}

impl ListWindow {
    /// Most rows one window may hold.
    pub const MAX: u64 = 200;
    /// Rows in a window when none is asked.
    pub const DEFAULT: u64 = 100;
}

tokio::task_local! {
    /// The id of the HTTP request being served, for logs and audit rows.
    pub static REQUEST_ID: String;
}

/// The current request id, or `None` outside a request (timers).
pub fn request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}
