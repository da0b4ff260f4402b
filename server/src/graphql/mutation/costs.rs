//! `setFeeRate`, `setNationalBudget`, `addActionCost`, `recordActualCost` (art. 132, 139).

use async_graphql::{Context, InputObject, Object, ID};
use shared::values::{optional_text, programme_year, required_text};
use shared::{CostBeneficiary, CostCategory, FeeUnit};

use crate::graphql::context::{env, parse_id};
use crate::graphql::types::costs::{ActionCost, FeeRate};
use crate::services::action_costs::{self, FeeRateInput as NewRate, LineDraft};

/// A rate of the scale of speakers' fees.
#[derive(InputObject)]
pub struct FeeRateInput {
    pub label: String,
    pub unit: FeeUnit,
    pub amount_cents: i64,
}

/// A line of an action's costs: a fee from the scale (`feeRateId` and `units`), or an estimated
/// amount for travel or accommodation.
#[derive(InputObject)]
pub struct ActionCostInput {
    pub category: CostCategory,
    pub beneficiary: CostBeneficiary,
    /// The speaker, when they are in the School's trainers' directory (a court's local speaker is
    /// named by the label).
    pub trainer_id: Option<ID>,
    /// The participant, for their travel or accommodation (optional: a line may cover several).
    pub magistrate_id: Option<ID>,
    pub label: String,
    pub fee_rate_id: Option<ID>,
    pub units: Option<i32>,
    pub estimated_cents: Option<i64>,
    /// The court whose credits carry a deconcentrated action's line, when it has several.
    pub court_id: Option<ID>,
    /// The School's reason to go beyond the credits or the budget.
    pub force_reason: Option<String>,
}

#[derive(Default)]
pub struct CostsMutation;

#[Object]
impl CostsMutation {
    /// Sets a rate of the year's scale of speakers' fees (the School).
    async fn set_fee_rate(&self, ctx: &Context<'_>, year: i32, input: FeeRateInput) -> async_graphql::Result<FeeRate> {
        let env = env(ctx)?;
        let rate = NewRate {
            label: required_text("label", &input.label, 200)?,
            unit: input.unit,
            amount_cents: input.amount_cents,
        };
        Ok(FeeRate(action_costs::set_fee_rate(&env, programme_year(year)?, rate).await?))
    }

    /// Sets the budget of the School's own actions for a year (the director); returns it in cents.
    async fn set_national_budget(&self, ctx: &Context<'_>, year: i32, amount_cents: i64) -> async_graphql::Result<i64> {
        let env = env(ctx)?;
        Ok(action_costs::set_national_budget(&env, programme_year(year)?, amount_cents).await?.allocated_cents)
    }

    /// Adds a line to an action's costs; its estimate is committed on the court's credits or on
    /// the national budget.
    async fn add_action_cost(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
        input: ActionCostInput,
    ) -> async_graphql::Result<ActionCost> {
        let env = env(ctx)?;
        let fee = match (input.fee_rate_id, input.units) {
            (Some(rate), Some(units)) => Some((parse_id(&rate, "Tarif")?, units)),
            (Some(_), None) => {
                return Err(crate::error::AppError::validation("units", "indiquez le nombre d’unités").into())
            }
            _ => None,
        };
        let draft = LineDraft {
            category: input.category,
            beneficiary: input.beneficiary,
            trainer_id: input.trainer_id.map(|t| parse_id(&t, "Formateur")).transpose()?,
            magistrate_id: input.magistrate_id.map(|m| parse_id(&m, "Magistrat")).transpose()?,
            label: required_text("label", &input.label, 300)?,
            fee,
            estimated_cents: input.estimated_cents,
            court_id: input.court_id.map(|c| parse_id(&c, "Cour d’appel")).transpose()?,
            force_reason: optional_text("forceReason", input.force_reason.as_deref(), 2_000)?,
        };
        let id = parse_id(&session_id, "Action de formation")?;
        Ok(ActionCost(action_costs::add_line(&env, id, draft).await?))
    }

    /// Records what a line actually cost; it replaces the estimate on the dashboards.
    async fn record_actual_cost(
        &self,
        ctx: &Context<'_>,
        line_id: ID,
        actual_cents: i64,
        force_reason: Option<String>,
    ) -> async_graphql::Result<ActionCost> {
        let env = env(ctx)?;
        let reason = optional_text("forceReason", force_reason.as_deref(), 2_000)?;
        let line = parse_id(&line_id, "Ligne de coût")?;
        Ok(ActionCost(action_costs::record_actual(&env, line, actual_cents, reason).await?))
    }
}
