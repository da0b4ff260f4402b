//! Programme pages kept in memory while the programme does not change.
//!
//! On the day the programme opens, most requests are the same few pages (the sessions open to
//! the magistrates of one court, 20 to 100 at a time) asked by thousands of magistrates. A page
//! is kept under the programme's revision, a counter the database raises in the same transaction
//! as any change to a session or to the courts it belongs to (migration
//! `m20261127_000001_catalogue_revision`). Each request reads the revision first (one indexed
//! row) and serves a kept page only if it was built at that revision, so a page is never served
//! after a change committed by this process or by another one behind the same load balancer.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, Statement};

use crate::error::{AppError, AppResult};

use super::sessions::{SessionCursor, SessionPage, SessionQuery};

/// Pages kept at most; past this the store starts again empty (searches are many and varied).
const MOST_PAGES: usize = 256;

/// What makes two requests the same page: the filter, the page, the day in every zone an action
/// may be held in, and what the caller may see (drafts of the courts they organise, the sessions
/// open to their court).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PageKey {
    pub filter: SessionQuery,
    pub first: u64,
    pub after: Option<SessionCursor>,
    pub days: Vec<NaiveDate>,
    pub national_staff: bool,
    pub organised_courts: Vec<i64>,
    pub own_court: Option<i64>,
}

#[derive(Default)]
struct Store {
    revision: i64,
    pages: HashMap<PageKey, Arc<SessionPage>>,
}

/// The pages of one server process; cheap to clone.
#[derive(Clone, Default)]
pub struct CataloguePages {
    store: Arc<Mutex<Store>>,
}

impl CataloguePages {
    /// The page built at `revision`, if kept.
    pub fn get(&self, revision: i64, key: &PageKey) -> Option<Arc<SessionPage>> {
        let store = self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        (store.revision == revision).then(|| store.pages.get(key).cloned()).flatten()
    }

    /// Keeps a page built at `revision`; a newer revision empties the store first, an older one
    /// (a request that started before a change) is not kept.
    pub fn put(&self, revision: i64, key: PageKey, page: Arc<SessionPage>) {
        let mut store = self.store.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if revision > store.revision || store.pages.len() >= MOST_PAGES {
            store.pages.clear();
            store.revision = store.revision.max(revision);
        }
        if revision == store.revision {
            store.pages.insert(key, page);
        }
    }
}

/// The programme's revision read with the caller at the start of a request (one statement for
/// both; [`crate::auth::CurrentUser::load_with_programme_revision`]). Read before any row of the
/// page, so a page built after it is never kept under a newer revision than its rows.
#[derive(Clone, Copy, Debug)]
pub struct ProgrammeRevision(pub i64);

/// The programme's revision as committed now.
pub async fn revision(db: &impl ConnectionTrait) -> AppResult<i64> {
    let statement =
        Statement::from_string(db.get_database_backend(), "SELECT revision FROM catalogue_revision WHERE id = 1");
    let row = db.query_one_raw(statement).await?.ok_or_else(|| AppError::internal("no catalogue revision"))?;
    Ok(row.try_get::<i64>("", "revision")?)
}
