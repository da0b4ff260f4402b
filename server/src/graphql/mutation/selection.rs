//! `proposeAllocation`, `applyAllocation`: the director's national selection (issue 17).

use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use shared::rules::allocation::{CriteriaOrder, Criterion};
use shared::AllocationOverrideKind;

use crate::error::AppError;
use crate::graphql::context::{env, parse_id, state};
use crate::graphql::types::allocation::AllocationRun;
use crate::services::allocation::propose::{self, RunInput};
use crate::services::allocation::{apply, OverrideSpec};

#[derive(Default)]
pub struct SelectionMutation;

/// What the director asks of a proposal.
#[derive(InputObject)]
pub struct AllocationInput {
    /// Criteria 2–4 in the order to compare them (each once); the School's default when absent.
    pub criteria_order: Option<Vec<Criterion>>,
    /// Actions one magistrate may get at most (1 to 10; 2 when absent).
    pub cap_per_person: Option<u32>,
    #[graphql(default)]
    pub overrides: Vec<AllocationOverrideInput>,
}

/// One override: a forced place, an exclusion or a changed capacity, with its reason.
#[derive(InputObject)]
pub struct AllocationOverrideInput {
    pub kind: AllocationOverrideKind,
    pub session_id: ID,
    pub magistrate_id: Option<ID>,
    pub capacity: Option<i32>,
    pub reason: String,
}

/// What adopting a proposal decided.
#[derive(SimpleObject)]
pub struct AppliedAllocation {
    pub run: AllocationRun,
    pub selected: u32,
    pub waitlisted: u32,
    /// Wishes the cap or an overlap left without a place, refused with that reason.
    pub refused: u32,
}

/// Actions per magistrate when the director does not say.
const DEFAULT_CAP: u32 = 2;

#[Object]
impl SelectionMutation {
    /// Runs and stores a proposal for `year`'s national actions whose wishes have closed (the director).
    async fn propose_allocation(
        &self,
        ctx: &Context<'_>,
        year: i32,
        input: AllocationInput,
    ) -> async_graphql::Result<AllocationRun> {
        let env = env(ctx)?;
        let order = match input.criteria_order {
            None => CriteriaOrder::default(),
            Some(given) => <[Criterion; 3]>::try_from(given).ok().and_then(CriteriaOrder::new).ok_or_else(|| {
                AppError::validation(
                    "criteriaOrder",
                    "l’ordre range les critères 2 à 4 — observation, fonction visée, formation récente — chacun une fois",
                )
            })?,
        };
        let overrides = input
            .overrides
            .into_iter()
            .map(|o| {
                Ok(OverrideSpec {
                    kind: o.kind,
                    session_id: parse_id(&o.session_id, "Action de formation")?,
                    magistrate_id: o.magistrate_id.as_ref().map(|m| parse_id(m, "Magistrat")).transpose()?,
                    capacity: o.capacity,
                    reason: o.reason.trim().to_owned(),
                })
            })
            .collect::<async_graphql::Result<Vec<_>>>()?;
        let input = RunInput { order, cap_per_person: input.cap_per_person.unwrap_or(DEFAULT_CAP), overrides };
        Ok(AllocationRun(propose::run(&env, year, input).await?))
    }

    /// Adopts a proposal: its places become selections and its waitlists waitlists, each notice
    /// saying an algorithm proposed it (R311-3-1-1) (the director).
    async fn apply_allocation(&self, ctx: &Context<'_>, run_id: ID) -> async_graphql::Result<AppliedAllocation> {
        let env = env(ctx)?;
        let adoptions = &state(ctx)?.adoptions;
        let (run, applied) = apply::apply(&env, parse_id(&run_id, "Proposition")?, adoptions).await?;
        Ok(AppliedAllocation {
            run: AllocationRun(run),
            selected: applied.selected,
            waitlisted: applied.waitlisted,
            refused: applied.refused,
        })
    }
}
