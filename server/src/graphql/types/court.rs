//! Courts of appeal and their jurisdictions.

use async_graphql::{Context, Object, ID};

use crate::entities::{court, jurisdiction};
use crate::graphql::loaders::{load, CourtJurisdictionsKey, CourtKey, JurisdictionKey};

/// The court `id` names, if any, through the request's loader.
pub async fn court_of(ctx: &Context<'_>, id: Option<i64>) -> async_graphql::Result<Option<Court>> {
    match id {
        Some(id) => Ok(load(ctx, CourtKey(id)).await?.map(Court)),
        None => Ok(None),
    }
}

/// The jurisdiction `id` names, if any, through the request's loader.
pub async fn jurisdiction_of(ctx: &Context<'_>, id: Option<i64>) -> async_graphql::Result<Option<Jurisdiction>> {
    match id {
        Some(id) => Ok(load(ctx, JurisdictionKey(id)).await?.map(Jurisdiction)),
        None => Ok(None),
    }
}

/// A court of appeal (cour d’appel) and its territory.
pub struct Court(pub court::Model);

#[Object]
impl Court {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// The region of the court's seat.
    async fn region(&self) -> &str {
        &self.0.region
    }
    async fn overseas(&self) -> bool {
        self.0.overseas
    }
    /// The first-instance courts of its territory.
    async fn jurisdictions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Jurisdiction>> {
        Ok(load(ctx, CourtJurisdictionsKey(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Jurisdiction)
            .collect())
    }
}

/// A first-instance court (juridiction).
pub struct Jurisdiction(pub jurisdiction::Model);

#[Object]
impl Jurisdiction {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn name(&self) -> &str {
        &self.0.name
    }
    async fn court(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Court>> {
        Ok(load(ctx, CourtKey(self.0.court_id)).await?.map(Court))
    }
}
