//! Mutations, one object per aggregate, merged.

mod applications;
mod auth;
mod budget;
mod calendar;
mod costs;
pub(crate) mod cycle;
mod notifications;
mod people;
mod records;
mod reports;
mod selection;
mod sessions;
mod trainers;

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
    costs::CostsMutation,
    records::RecordsMutation,
    reports::ReportsMutation,
    selection::SelectionMutation,
    calendar::CalendarMutation,
    trainers::TrainersMutation,
);
