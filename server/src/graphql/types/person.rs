//! People: the logged-in user with their roles, magistrates with their career facts, and the
//! short form used for authors and evaluators.

use async_graphql::{Context, Object, SimpleObject, ID};
use shared::{Bench, RecruitmentPath, Role};

use crate::auth::{CurrentUser, Grant};
use crate::entities::{magistrate, user};
use crate::graphql::loaders::{load, HistoryKey, MagistrateKey, UserKey};
use crate::graphql::scalars::Date;

use super::court::{court_of, jurisdiction_of, Court, Jurisdiction};
use super::permissions::ViewerCapabilities;
use crate::graphql::context::state;

/// A person named on a record: an evaluator, the author of an observation.
#[derive(SimpleObject)]
pub struct Person {
    pub id: ID,
    pub display_name: String,
}

impl From<&user::Model> for Person {
    fn from(u: &user::Model) -> Self {
        Person { id: ID(u.id.to_string()), display_name: u.display_name.clone() }
    }
}

/// The logged-in person.
pub struct User(pub CurrentUser);

#[Object]
impl User {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn email(&self) -> &str {
        &self.0.email
    }
    async fn display_name(&self) -> &str {
        &self.0.display_name
    }
    /// Every role held, each with its scope.
    async fn roles(&self) -> Vec<RoleGrant> {
        self.0.grants.iter().cloned().map(RoleGrant).collect()
    }
    /// What this person may do across Magistra (the menu of the web client).
    async fn viewer_can(&self, ctx: &Context<'_>) -> async_graphql::Result<ViewerCapabilities> {
        let courts = crate::services::directory::courts_raw(&state(ctx)?.db).await?;
        Ok(ViewerCapabilities::of(&self.0, &courts))
    }
    /// Whether the person has an open calendar address (`openCalendarFeed`).
    async fn calendar_feed_open(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(load(ctx, UserKey(self.0.id)).await?.is_some_and(|u| u.calendar_token_hash.is_some()))
    }
    /// Whether the person asked for the daily digest of new offers (`setOffersDigest`, art. 129).
    async fn offers_digest(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(load(ctx, UserKey(self.0.id)).await?.is_some_and(|u| u.offers_digest))
    }
    /// The career facts, for a magistrate.
    async fn magistrate(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Magistrate>> {
        let Some(row) = load(ctx, MagistrateKey(self.0.id)).await? else { return Ok(None) };
        let Some(u) = load(ctx, UserKey(self.0.id)).await? else { return Ok(None) };
        Ok(Some(Magistrate { user: u, profile: row }))
    }
}

/// One role and where it applies: a court, a jurisdiction, or the whole country when both are empty.
pub struct RoleGrant(pub Grant);

#[Object]
impl RoleGrant {
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

/// A magistrate and the facts that set their obligations (art. 126, 128).
pub struct Magistrate {
    pub user: user::Model,
    pub profile: magistrate::Model,
}

#[Object]
impl Magistrate {
    async fn id(&self) -> ID {
        ID(self.user.id.to_string())
    }
    async fn display_name(&self) -> &str {
        &self.user.display_name
    }
    async fn email(&self) -> &str {
        &self.user.email
    }
    /// The court of appeal of the territory; none at the Cour de cassation or in another body.
    async fn court(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Court>> {
        court_of(ctx, self.profile.court_id).await
    }
    async fn jurisdiction(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Jurisdiction>> {
        jurisdiction_of(ctx, self.profile.jurisdiction_id).await
    }
    /// Bench or prosecution.
    async fn bench(&self) -> Bench {
        self.profile.bench
    }
    /// The function held, e.g. « Juge des enfants ».
    async fn function_title(&self) -> &str {
        &self.profile.function_title
    }
    async fn function_since(&self) -> Date {
        Date(self.profile.function_since)
    }
    /// In the twelve months after taking up a function never held before, as the postings say
    /// (art. 126).
    async fn function_new(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let today = state(ctx)?.clock.today();
        let history = load(ctx, HistoryKey(self.user.id)).await?.unwrap_or_default();
        Ok(crate::services::careers::in_new_function_period(&history, today))
    }
    async fn recruitment_path(&self) -> RecruitmentPath {
        self.profile.recruitment_path
    }
    async fn appointed_on(&self) -> Date {
        Date(self.profile.appointed_on)
    }
    /// The evaluating authority (art. 130).
    async fn evaluator(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        match self.profile.evaluator_id {
            Some(id) => Ok(load(ctx, UserKey(id)).await?.as_ref().map(Person::from)),
            None => Ok(None),
        }
    }
}
