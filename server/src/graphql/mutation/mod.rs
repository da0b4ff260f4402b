//! Mutations, one object per aggregate, merged.

mod applications;
mod auth;
mod budget;
mod calendar;
pub(crate) mod cycle;
mod notifications;
mod people;
mod records;
mod selection;
mod sessions;

use async_graphql::MergedObject;

/// Every mutation.
#[derive(MergedObject, Default)]
pub struct Mutation(
    auth::AuthMutation,
    sessions::SessionMutation,
    applications::ApplicationMutation,
    cycle::CycleMutation,
    notifications::NotificationMutation,
    people::PeopleMutation,
    budget::BudgetMutation,
    records::RecordsMutation,
    selection::SelectionMutation,
    calendar::CalendarMutation,
);
