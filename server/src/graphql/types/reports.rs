//! What a court reported (art. 138, 143), as the API gives it.

use async_graphql::{Context, Object, ID};
use chrono::{DateTime, Utc};

use crate::entities::{activity_report, execution_report_sending};
use crate::graphql::loaders::{load, UserKey};
use crate::graphql::scalars::Date;

use super::Person;

/// One sending of the written part of a court's execution report to the director (art. 143).
pub struct ExecutionReportSending(pub execution_report_sending::Model);

#[Object]
impl ExecutionReportSending {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// The delegate's text beside the figures.
    async fn narrative(&self) -> &str {
        &self.0.narrative
    }
    async fn sent_at(&self) -> DateTime<Utc> {
        self.0.sent_at
    }
    async fn sent_by(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        match self.0.sent_by {
            Some(id) => Ok(load(ctx, UserKey(id)).await?.as_ref().map(Person::from)),
            None => Ok(None),
        }
    }
}

/// A periodic activity report sent to the heads of the jurisdictions of the territory (art. 138).
pub struct ActivityReport(pub activity_report::Model);

#[Object]
impl ActivityReport {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn period_from(&self) -> Date {
        Date(self.0.period_from)
    }
    async fn period_to(&self) -> Date {
        Date(self.0.period_to)
    }
    /// How many heads of jurisdiction it reached.
    async fn recipients(&self) -> i32 {
        self.0.recipients
    }
    async fn sent_at(&self) -> DateTime<Utc> {
        self.0.sent_at
    }
}
