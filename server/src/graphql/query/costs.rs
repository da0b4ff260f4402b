//! `feeScale`, `actionCosts`, `nationalBudget`: the scale of speakers' fees, an action's cost
//! lines, and the dashboard of the School's own actions (art. 132, 139).

use async_graphql::{Context, Object, ID};
use shared::values::programme_year;

use crate::graphql::context::{env, parse_id};
use crate::graphql::types::costs::{ActionCost, FeeRate, NationalBudget};
use crate::services::{action_costs, national_budget};

#[derive(Default)]
pub struct CostsQuery;

#[Object]
impl CostsQuery {
    /// The School's scale of speakers' fees for `year`.
    async fn fee_scale(&self, ctx: &Context<'_>, year: i32) -> async_graphql::Result<Vec<FeeRate>> {
        let env = env(ctx)?;
        Ok(action_costs::fee_scale(&env, programme_year(year)?).await?.into_iter().map(FeeRate).collect())
    }

    /// An action's cost lines, estimated then actual.
    async fn action_costs(&self, ctx: &Context<'_>, session_id: ID) -> async_graphql::Result<Vec<ActionCost>> {
        let env = env(ctx)?;
        let id = parse_id(&session_id, "Action de formation")?;
        Ok(action_costs::lines(&env, id).await?.into_iter().map(ActionCost).collect())
    }

    /// The dashboard of the School's own actions for `year`, like a court's (the School, the Ministry).
    async fn national_budget(&self, ctx: &Context<'_>, year: i32) -> async_graphql::Result<NationalBudget> {
        let env = env(ctx)?;
        Ok(national_budget::figures(&env, programme_year(year)?).await?.into())
    }
}
