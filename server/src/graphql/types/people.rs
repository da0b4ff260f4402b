//! The administrator's view of a person (issue 16): account, HR identifier, career, postings as a
//! history, and grants of roles with their ids; and the reference list of functions.

use async_graphql::{Context, Object, SimpleObject, ID};
use shared::{Assignment, Bench, Role};

use crate::entities::{function, posting, role_assignment, user};
use crate::graphql::scalars::Date;
use crate::services::people::PersonRecord;

use super::court::{court_of, jurisdiction_of, Court, Jurisdiction};
use super::person::Magistrate;

/// A function of the reference list.
#[derive(SimpleObject)]
pub struct Function {
    pub id: ID,
    pub name: String,
}

impl From<function::Model> for Function {
    fn from(f: function::Model) -> Self {
        Self { id: ID(f.id.to_string()), name: f.name }
    }
}

/// An account as the administrator finds it in a search.
pub struct Account(pub user::Model);

#[Object]
impl Account {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    /// The directory's HR identifier; none for an account that did not come from it.
    async fn identifier(&self) -> Option<&str> {
        self.0.hr_id.as_deref()
    }
    /// A disabled account can no longer sign in; its history stays.
    async fn active(&self) -> bool {
        self.0.active
    }
}

/// One person with their career, postings and grants.
pub struct PersonDetail(pub PersonRecord);

#[Object]
impl PersonDetail {
    async fn account(&self) -> Account {
        Account(self.0.user.clone())
    }
    /// The present career facts, for a magistrate.
    async fn career(&self) -> Option<Magistrate> {
        self.0.career.clone().map(|profile| Magistrate { user: self.0.user.clone(), profile })
    }
    /// Every posting, oldest first.
    async fn postings(&self) -> Vec<Posting> {
        self.0.postings.iter().cloned().map(Posting).collect()
    }
    async fn grants(&self) -> Vec<Grant> {
        self.0.grants.iter().cloned().map(Grant).collect()
    }
}

/// One posting of a career (art. 126).
pub struct Posting(pub posting::Model);

#[Object]
impl Posting {
    async fn assignment(&self) -> Assignment {
        self.0.assignment
    }
    async fn court(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Court>> {
        court_of(ctx, self.0.court_id).await
    }
    async fn jurisdiction(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Jurisdiction>> {
        jurisdiction_of(ctx, self.0.jurisdiction_id).await
    }
    /// The body, for another assignment (central administration, secondment).
    async fn other_body(&self) -> Option<&str> {
        self.0.other_body.as_deref()
    }
    async fn function_id(&self) -> ID {
        ID(self.0.function_id.to_string())
    }
    /// The function's name in the reference list.
    async fn function_name(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let found =
            crate::graphql::loaders::load(ctx, crate::graphql::loaders::FunctionKey(self.0.function_id)).await?;
        Ok(found.map(|f| f.name).unwrap_or_default())
    }
    async fn bench(&self) -> Bench {
        self.0.bench
    }
    async fn started_on(&self) -> Date {
        Date(self.0.started_on)
    }
    /// The day it ended; none while it lasts.
    async fn ended_on(&self) -> Option<Date> {
        self.0.ended_on.map(Date)
    }
}

/// A role granted to a person, with its scope.
pub struct Grant(pub role_assignment::Model);

#[Object]
impl Grant {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn role(&self) -> Role {
        self.0.role
    }
    async fn court(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Court>> {
        court_of(ctx, self.0.court_id).await
    }
    async fn jurisdiction(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Jurisdiction>> {
        jurisdiction_of(ctx, self.0.jurisdiction_id).await
    }
}
