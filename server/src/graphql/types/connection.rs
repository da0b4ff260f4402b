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

/// The weight of a page of `first` rows in the complexity of an operation.
pub fn page_weight(first: Option<i32>) -> usize {
    first.unwrap_or(DEFAULT_PAGE).clamp(1, MAX_PAGE) as usize
}

/// Checks a window on a long list (`first` rows after `offset`).
pub fn list_window(
    first: Option<i32>,
    offset: Option<i32>,
) -> Result<crate::services::ListWindow, crate::error::AppError> {
    use crate::services::ListWindow;
    let first = first
        .map_or(Ok(ListWindow::DEFAULT), |f| u64::try_from(f).map_err(|_| ()))
        .ok()
        .filter(|f| (1..=ListWindow::MAX).contains(f))
        .ok_or_else(|| {
            crate::error::AppError::validation("first", format!("entre 1 et {} éléments", ListWindow::MAX))
        })?;
    let offset = u64::try_from(offset.unwrap_or(0))
        .map_err(|_| crate::error::AppError::validation("offset", "un décalage positif ou nul"))?;
    Ok(ListWindow { first, offset })
}

/// The weight of a window of `first` rows in the complexity of an operation.
pub fn list_weight(first: Option<i32>) -> usize {
    first.map_or(crate::services::ListWindow::DEFAULT as usize, |f| {
        f.clamp(1, crate::services::ListWindow::MAX as i32) as usize
    })
}

/// Checks a requested page size.
pub fn page_size(first: Option<i32>) -> Result<u64, crate::error::AppError> {
    let first = first.unwrap_or(DEFAULT_PAGE);
    if (1..=MAX_PAGE).contains(&first) {
        Ok(first as u64)
    } else {
        Err(crate::error::AppError::validation("first", format!("entre 1 et {MAX_PAGE} éléments par page")))
    }
}
