//! The dashboard of the School's own (national) actions, like a court's (art. 139): the budget
//! the director set for the year against what the actions' cost lines commit and pay, by
//! category, by action and by month. Figures are computed from the lines, never stored twice.

use std::collections::{BTreeMap, HashMap};

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::rules::action_costs::{as_entry, Line};
use shared::rules::budget::{by_category, by_month, by_session, remaining_cents, Totals};
use shared::CostCategory;

use crate::auth::policy;
use crate::entities::{action_cost, session};
use crate::error::AppResult;

use super::action_costs::national_row;
use super::Env;

/// The national budget's figures for a year.
pub struct NationalFigures {
    pub year: i32,
    pub allocated_cents: i64,
    pub totals: Totals,
    pub remaining_cents: i64,
    /// Each action with its estimated lines' total and what it committed and paid.
    pub by_action: Vec<(session::Model, i64, Totals)>,
    pub by_category: Vec<(CostCategory, i64, Totals)>,
    pub months: [Totals; 12],
}

/// The national dashboard of `year`, for the School and the Ministry.
pub async fn figures(env: &Env<'_>, year: i32) -> AppResult<NationalFigures> {
    policy::ensure(policy::can_read_national_budget(env.user))?;
    let allocated_cents = national_row(env.db, year).await?.map_or(0, |b| b.allocated_cents);
    let rows = action_cost::Entity::find()
        .filter(action_cost::Column::Year.eq(year))
        .filter(action_cost::Column::CourtId.is_null())
        .order_by_asc(action_cost::Column::Id)
        .all(env.db)
        .await?;
    let lines: Vec<Line> = rows
        .iter()
        .map(|r| Line {
            session_id: r.session_id,
            category: r.category,
            estimated_cents: r.estimated_cents,
            actual_cents: r.actual_cents,
            date: r.actual_on.unwrap_or(r.estimated_on),
        })
        .collect();
    let entries: Vec<_> = lines.iter().map(as_entry).collect();
    let totals = Totals::of(&entries);
    let mut estimated: BTreeMap<i64, i64> = BTreeMap::new();
    for line in &lines {
        *estimated.entry(line.session_id).or_default() += line.estimated_cents;
    }
    let spent = by_session(&entries);
    let sessions: HashMap<i64, session::Model> = session::Entity::find()
        .filter(session::Column::Id.is_in(estimated.keys().copied().collect::<Vec<_>>()))
        .all(env.db)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let mut by_action: Vec<(session::Model, i64, Totals)> = estimated
        .iter()
        .filter_map(|(id, cents)| Some((sessions.get(id)?.clone(), *cents, spent.get(id).copied().unwrap_or_default())))
        .collect();
    by_action.sort_by(|a, b| a.0.start_date.cmp(&b.0.start_date).then(a.0.id.cmp(&b.0.id)));
    let spent_by_category = by_category(&entries);
    let by_category = CostCategory::ALL
        .iter()
        .map(|c| {
            let planned = lines.iter().filter(|l| l.category == *c).map(|l| l.estimated_cents).sum();
            (*c, planned, spent_by_category.get(c).copied().unwrap_or_default())
        })
        .collect();
    Ok(NationalFigures {
        year,
        allocated_cents,
        remaining_cents: remaining_cents(allocated_cents, totals.consumed_cents),
        totals,
        by_action,
        by_category,
        months: by_month(&entries, year),
    })
}
