//! Queries, one object per aggregate, merged.

mod applications;
pub mod budget;
mod costs;
mod directory;
mod notifications;
mod people;
mod records;
mod reports;
mod selection;
mod sessions;
mod trainers;

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
    costs::CostsQuery,
    records::RecordsQuery,
    reports::ReportsQuery,
    selection::SelectionQuery,
    trainers::TrainersQuery,
);
