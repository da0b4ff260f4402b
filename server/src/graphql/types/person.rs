//! People: the logged-in user with their roles, magistrates with their career facts, and the
//! short form used for authors and evaluators.

use async_graphql::{Context, Object, SimpleObject, ID};
use shared::{RecruitmentPath, Role};

use crate::auth::{CurrentUser, Grant};
use crate::entities::{magistrate, user};
use crate::graphql::loaders::{load, CourtKey, JurisdictionKey, MagistrateKey, UserKey};
use crate::graphql::scalars::Date;

use super::court::{Court, Jurisdiction};
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
        match self.0.court_id {
            Some(id) => Ok(load(ctx, CourtKey(id)).await?.map(Court)),
            None => Ok(None),
        }
    }
    async fn jurisdiction(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Jurisdiction>> {
        match self.0.jurisdiction_id {
            Some(id) => Ok(load(ctx, JurisdictionKey(id)).await?.map(Jurisdiction)),
            None => Ok(None),
        }
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
    async fn court(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Court>> {
        Ok(load(ctx, CourtKey(self.profile.court_id)).await?.map(Court))
    }
    async fn jurisdiction(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Jurisdiction>> {
        Ok(load(ctx, JurisdictionKey(self.profile.jurisdiction_id)).await?.map(Jurisdiction))
    }
    /// The function held, e.g. « Juge des enfants ».
    async fn function_title(&self) -> &str {
        &self.profile.function_title
    }
    async fn function_since(&self) -> Date {
        Date(self.profile.function_since)
    }
    /// Named to a function never held before (art. 126).
    async fn function_new(&self) -> bool {
        self.profile.function_new
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
