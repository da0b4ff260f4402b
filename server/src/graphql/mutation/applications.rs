//! `apply`, `reorderWishes`, `cancelApplication`, `giveObservation`.

use async_graphql::{Context, Object, ID};
use shared::values::{optional_text, programme_year, Rank};
use shared::Opinion;

use crate::graphql::context::{env, parse_id};
use crate::graphql::types::Application;
use crate::services::{applications, review};
use crate::state::AppState;

#[derive(Default)]
pub struct ApplicationMutation;

#[Object]
impl ApplicationMutation {
    /// Applies to a session with a preference rank (art. 130).
    async fn apply(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
        rank: i32,
        motivation: Option<String>,
    ) -> async_graphql::Result<Application> {
        let env = env(ctx)?;
        let session_id = parse_id(&session_id, "Action de formation")?;
        let rank = Rank::parse(rank)?;
        let motivation = optional_text("motivation", motivation.as_deref(), 4_000)?;
        let writer = &ctx.data::<AppState>()?.wishes;
        Ok(Application(applications::apply(&env, writer, session_id, rank, motivation).await?))
    }

    /// Ranks the caller's wishes of `year` in the order given.
    async fn reorder_wishes(
        &self,
        ctx: &Context<'_>,
        year: i32,
        application_ids: Vec<ID>,
    ) -> async_graphql::Result<Vec<Application>> {
        let env = env(ctx)?;
        let year = programme_year(year)?;
        let ids = application_ids.iter().map(|id| parse_id(id, "Candidature")).collect::<Result<Vec<_>, _>>()?;
        Ok(applications::reorder(&env, year, &ids).await?.into_iter().map(Application).collect())
    }

    /// Cancels a wish before any decision.
    async fn cancel_application(&self, ctx: &Context<'_>, application_id: ID) -> async_graphql::Result<Application> {
        let env = env(ctx)?;
        Ok(Application(applications::cancel(&env, parse_id(&application_id, "Candidature")?).await?))
    }

    /// The evaluator's or head of court's advisory opinion (art. 130).
    async fn give_observation(
        &self,
        ctx: &Context<'_>,
        application_id: ID,
        opinion: Opinion,
        comment: Option<String>,
    ) -> async_graphql::Result<Application> {
        let env = env(ctx)?;
        let id = parse_id(&application_id, "Candidature")?;
        let comment = optional_text("comment", comment.as_deref(), 4_000)?;
        Ok(Application(review::give_observation(&env, id, opinion, comment).await?))
    }
}
