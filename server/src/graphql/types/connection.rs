//! Cursor connections for long lists (sessions, magistrates).

use async_graphql::SimpleObject;

use super::{Magistrate, Session};

/// Where a page stands.
#[derive(SimpleObject)]
pub struct PageInfo {
    pub has_next_page: bool,
    /// Pass as `after` to get the next page.
    pub end_cursor: Option<String>,
}

#[derive(SimpleObject)]
pub struct SessionEdge {
    pub cursor: String,
    pub node: Session,
}

/// A page of the programme.
#[derive(SimpleObject)]
pub struct SessionConnection {
    pub edges: Vec<SessionEdge>,
    pub page_info: PageInfo,
    /// How many sessions match the filter, over all pages.
    pub total_count: u64,
}

#[derive(SimpleObject)]
pub struct MagistrateEdge {
    pub cursor: String,
    pub node: Magistrate,
}

/// A page of the magistrate directory.
#[derive(SimpleObject)]
pub struct MagistrateConnection {
    pub edges: Vec<MagistrateEdge>,
    pub page_info: PageInfo,
    pub total_count: u64,
}

/// Largest page a client may ask for.
pub const MAX_PAGE: i32 = 100;
/// Page size when none is asked.
pub const DEFAULT_PAGE: i32 = 20;

/// Checks a requested page size.
pub fn page_size(first: Option<i32>) -> Result<u64, crate::error::AppError> {
    let first = first.unwrap_or(DEFAULT_PAGE);
    if (1..=MAX_PAGE).contains(&first) {
        Ok(first as u64)
    } else {
        Err(crate::error::AppError::validation("first", format!("entre 1 et {MAX_PAGE} éléments par page")))
    }
}
