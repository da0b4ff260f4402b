//! The national selection (issue 17): what is public of its draw, the proposals, and each
//! magistrate's explanation.

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};

use crate::auth::policy;
use crate::graphql::context::{env, parse_id, public_env};
use crate::graphql::types::allocation::{AllocationExplanation, AllocationRun};
use crate::services::allocation::{explanations, runs};
use crate::services::selection_seed;

/// A year's commitment to its draw: the SHA-256 of the seed, public as soon as the year's first
/// national action is published; the seed itself once the year's national wishes have closed.
#[derive(SimpleObject)]
pub struct SeedCommitment {
    pub year: i32,
    /// SHA-256 of the seed's bytes, in hexadecimal.
    pub sha256: String,
    pub committed_at: DateTime<Utc>,
    /// The seed in hexadecimal, once the wishes have closed; none before.
    pub seed: Option<String>,
}

#[derive(Default)]
pub struct SelectionQuery;

#[Object]
impl SelectionQuery {
    /// The draw's commitment for `year`, readable without signing in, like the programme (L312-1-3);
    /// none before the year's first national action is published.
    async fn allocation_seed_commitment(
        &self,
        ctx: &Context<'_>,
        year: i32,
    ) -> async_graphql::Result<Option<SeedCommitment>> {
        let env = public_env(ctx)?;
        policy::ensure(policy::can_read_programme(env.user))?;
        let year = shared::values::programme_year(year).map_err(crate::error::AppError::from)?;
        let found = selection_seed::commitment(env.db, year, env.today()).await?;
        Ok(found.map(|c| SeedCommitment { year: c.year, sha256: c.sha256, committed_at: c.committed_at, seed: c.seed }))
    }

    /// `year`'s proposals of the national selection, the latest first (the School).
    async fn allocation_runs(&self, ctx: &Context<'_>, year: i32) -> async_graphql::Result<Vec<AllocationRun>> {
        let env = env(ctx)?;
        Ok(runs::of_year(&env, year).await?.into_iter().map(AllocationRun).collect())
    }

    /// One proposal (the School).
    async fn allocation_run(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<AllocationRun> {
        let env = env(ctx)?;
        Ok(AllocationRun(runs::one(&env, parse_id(&id, "Proposition")?).await?))
    }

    /// A magistrate's explanation of a proposal: the criteria, where they stood at each action
    /// they wished and what became of each wish (CRPA L311-3-1); for the magistrate and the School.
    async fn allocation_explanation(
        &self,
        ctx: &Context<'_>,
        run_id: ID,
        magistrate_id: ID,
    ) -> async_graphql::Result<AllocationExplanation> {
        let env = env(ctx)?;
        let magistrate_id = parse_id(&magistrate_id, "Magistrat")?;
        let (run, explanation) = explanations::explain(&env, parse_id(&run_id, "Proposition")?, magistrate_id).await?;
        Ok(AllocationExplanation::new(&run, magistrate_id, explanation))
    }
}
