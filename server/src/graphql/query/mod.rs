//! Queries, one object per aggregate, merged.

mod applications;
mod directory;
mod notifications;
mod records;
mod sessions;

use async_graphql::MergedObject;

/// Every query.
#[derive(MergedObject, Default)]
pub struct Query(
    directory::DirectoryQuery,
    sessions::SessionQuery,
    applications::ApplicationQuery,
    notifications::NotificationQuery,
    records::RecordsQuery,
);
