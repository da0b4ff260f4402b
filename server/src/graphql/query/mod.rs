//! Queries, one object per aggregate, merged.

mod applications;
pub mod budget;
mod directory;
mod notifications;
mod people;
mod records;
mod selection;
mod sessions;

use async_graphql::MergedObject;

/// Every query.
#[derive(MergedObject, Default)]
pub struct Query(
    directory::DirectoryQuery,
    sessions::SessionQuery,
    applications::ApplicationQuery,
    notifications::NotificationQuery,
    people::PeopleQuery,
    budget::BudgetQuery,
    records::RecordsQuery,
    selection::SelectionQuery,
);
