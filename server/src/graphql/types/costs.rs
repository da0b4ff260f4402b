//! What actions cost as the API gives it (art. 132, 139): the scale of fees, an action's lines,
//! and the dashboard of the School's national budget.

use async_graphql::{Object, SimpleObject, ID};
use shared::{CostBeneficiary, CostCategory, FeeUnit};

use crate::entities::{action_cost, fee_rate};
use crate::graphql::scalars::Date;
use crate::services::national_budget::NationalFigures;

use super::budget::{categories, months, Amounts, CategoryBudget, MonthBudget};
use super::Session;

/// A rate of the School's scale of speakers' fees.
pub struct FeeRate(pub fee_rate::Model);

#[Object]
impl FeeRate {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn label(&self) -> &str {
        &self.0.label
    }
    async fn unit(&self) -> FeeUnit {
        self.0.unit
    }
    async fn unit_label(&self) -> &'static str {
        self.0.unit.label_fr()
    }
    async fn amount_cents(&self) -> i64 {
        self.0.amount_cents
    }
}

/// One line of an action's costs, estimated then actual.
pub struct ActionCost(pub action_cost::Model);

#[Object]
impl ActionCost {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn category(&self) -> CostCategory {
        self.0.category
    }
    async fn category_label(&self) -> &'static str {
        self.0.category.label_fr()
    }
    async fn beneficiary(&self) -> CostBeneficiary {
        self.0.beneficiary
    }
    async fn label(&self) -> &str {
        &self.0.label
    }
    async fn trainer_id(&self) -> Option<ID> {
        self.0.trainer_id.map(|id| ID(id.to_string()))
    }
    async fn units(&self) -> Option<i32> {
        self.0.units
    }
    async fn estimated_cents(&self) -> i64 {
        self.0.estimated_cents
    }
    async fn actual_cents(&self) -> Option<i64> {
        self.0.actual_cents
    }
    /// The court whose credits carry it; null for the national budget.
    async fn court_id(&self) -> Option<ID> {
        self.0.court_id.map(|id| ID(id.to_string()))
    }
    async fn estimated_on(&self) -> Date {
        Date(self.0.estimated_on)
    }
    async fn actual_on(&self) -> Option<Date> {
        self.0.actual_on.map(Date)
    }
}

/// One action on the national dashboard: its lines' estimate against what it committed and paid.
#[derive(SimpleObject)]
pub struct NationalAction {
    pub session: Session,
    pub estimated_cents: i64,
    pub spent: Amounts,
}

/// The dashboard of the School's own actions for a year, like a court's (art. 139).
#[derive(SimpleObject)]
pub struct NationalBudget {
    pub year: i32,
    /// The budget the director set; 0 before.
    pub allocated_cents: i64,
    pub committed_cents: i64,
    pub paid_cents: i64,
    pub consumed_cents: i64,
    pub remaining_cents: i64,
    pub by_action: Vec<NationalAction>,
    pub by_category: Vec<CategoryBudget>,
    /// Twelve months, January first.
    pub monthly: Vec<MonthBudget>,
}

impl From<NationalFigures> for NationalBudget {
    fn from(f: NationalFigures) -> Self {
        Self {
            year: f.year,
            allocated_cents: f.allocated_cents,
            committed_cents: f.totals.committed_cents,
            paid_cents: f.totals.paid_cents,
            consumed_cents: f.totals.consumed_cents,
            remaining_cents: f.remaining_cents,
            by_category: categories(&f.by_category),
            monthly: months(f.year, &f.months),
            by_action: f
                .by_action
                .into_iter()
                .map(|(s, estimated_cents, spent)| NationalAction {
                    session: Session(s),
                    estimated_cents,
                    spent: spent.into(),
                })
                .collect(),
        }
    }
}
