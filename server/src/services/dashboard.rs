//! The shared budget dashboard (art. 139): one court's figures in detail, and every court's in one
//! national view. Figures are computed from the recorded entries, never stored twice.

use std::collections::{BTreeMap, HashMap};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Statement};
use shared::rules::budget::{by_category, by_month, by_session, forecast_cents, remaining_cents, Totals};
use shared::rules::plan_cycle::counted_cents;
use shared::CostCategory;

use crate::auth::policy;
use crate::entities::{allocation, court, court_budget, plan, plan_action};
use crate::error::{AppError, AppResult};

use super::budget::{as_entry, entries};
use super::{plans, Env};

/// One action of the plan with its forecast and what was spent on its session.
#[derive(Clone)]
pub struct ActionFigures {
    pub action: plan_action::Model,
    pub planned_cents: i64,
    pub spent: Totals,
}

/// A court's budget for a year.
#[derive(Clone)]
pub struct CourtFigures {
    pub court: court::Model,
    pub year: i32,
    pub allocated_cents: i64,
    pub totals: Totals,
    pub remaining_cents: i64,
    pub forecast_cents: i64,
    pub by_action: Vec<ActionFigures>,
    /// Spending by session charged to no plan action (or to sessions outside the plan).
    pub unplanned: BTreeMap<i64, Totals>,
    pub by_category: Vec<(CostCategory, i64, Totals)>,
    pub months: [Totals; 12],
    pub allocations: Vec<allocation::Model>,
    pub entries: Vec<crate::entities::expense::Model>,
}

/// One court's dashboard.
pub async fn court_budget(env: &Env<'_>, court_id: i64, year: i32) -> AppResult<CourtFigures> {
    policy::ensure(policy::can_read_court_budget(env.user, court_id))?;
    figures(env.db, court_id, year).await
}

/// Computes one court's figures without checking rights (for the subscription, which checked them).
pub async fn figures(db: &impl ConnectionTrait, court_id: i64, year: i32) -> AppResult<CourtFigures> {
    let court =
        court::Entity::find_by_id(court_id).one(db).await?.ok_or_else(|| AppError::not_found("Cour d’appel"))?;
    let allocated_cents = court_budget::Entity::find()
        .filter(court_budget::Column::CourtId.eq(court_id))
        .filter(court_budget::Column::Year.eq(year))
        .one(db)
        .await?
        .map(|b| b.allocated_cents)
        .unwrap_or(0);
    let rows = entries(db, vec![court_id], year).await?;
    let list: Vec<_> = rows.iter().map(as_entry).collect();
    let totals = Totals::of(&list);
    let per_session = by_session(&list);
    let plan = plan::Entity::find()
        .filter(plan::Column::CourtId.eq(court_id))
        .filter(plan::Column::Year.eq(year))
        .one(db)
        .await?;
    let actions = match &plan {
        Some(p) => plans::actions_of(db, p.id).await?,
        None => Vec::new(),
    };
    let lines = plans::cost_lines(db, actions.iter().map(|a| a.id).collect()).await?;
    let planned =
        |action_id: i64| lines.iter().filter(|l| l.action_id == action_id).map(|l| l.amount_cents).sum::<i64>();
    let by_action: Vec<ActionFigures> = actions
        .iter()
        .map(|a| ActionFigures {
            action: a.clone(),
            planned_cents: planned(a.id),
            spent: a.session_id.and_then(|s| per_session.get(&s).copied()).unwrap_or_default(),
        })
        .collect();
    let planned_list: Vec<(Option<i64>, i64)> = by_action
        .iter()
        .map(|a| (a.action.session_id, counted_cents(a.planned_cents, a.action.retained, a.action.retained_cents)))
        .collect();
    let mut unplanned = per_session.clone();
    for a in &actions {
        if let Some(s) = a.session_id {
            unplanned.remove(&s);
        }
    }
    let spent_by_category = by_category(&list);
    let by_category = CostCategory::ALL
        .iter()
        .map(|c| {
            let planned_cents = lines.iter().filter(|l| l.category == *c).map(|l| l.amount_cents).sum();
            (*c, planned_cents, spent_by_category.get(c).copied().unwrap_or_default())
        })
        .collect();
    let allocations = allocation::Entity::find()
        .filter(allocation::Column::CourtId.eq(court_id))
        .filter(allocation::Column::Year.eq(year))
        .order_by_asc(allocation::Column::Id)
        .all(db)
        .await?;
    Ok(CourtFigures {
        court,
        year,
        allocated_cents,
        remaining_cents: remaining_cents(allocated_cents, totals.consumed_cents),
        forecast_cents: forecast_cents(&planned_list, &per_session),
        totals,
        by_action,
        unplanned,
        by_category,
        months: by_month(&list, year),
        allocations,
        entries: rows,
    })
}

/// One court's line on the national dashboard.
#[derive(Clone)]
pub struct CourtSummary {
    pub court: court::Model,
    pub allocated_cents: i64,
    pub totals: Totals,
    pub remaining_cents: i64,
    pub forecast_cents: i64,
}

/// Every court the caller may see, with national totals; four aggregate statements in all.
pub async fn dashboard(env: &Env<'_>, year: i32) -> AppResult<Vec<CourtSummary>> {
    let courts: Vec<court::Model> = court::Entity::find()
        .order_by_asc(court::Column::Name)
        .all(env.db)
        .await?
        .into_iter()
        .filter(|c| policy::sees_every_court(env.user) || policy::can_read_court_budget(env.user, c.id))
        .collect();
    policy::ensure(!courts.is_empty())?;
    let db = env.db;
    let backend = db.get_database_backend();
    // Every value is a bound parameter (`$1` on both databases through sea-orm's placeholders).
    let query = |sql: &str| Statement::from_sql_and_values(backend, sql, [year.into()]);
    let allocated: HashMap<i64, i64> = court_budget::Entity::find()
        .filter(court_budget::Column::Year.eq(year))
        .all(db)
        .await?
        .into_iter()
        .map(|b| (b.court_id, b.allocated_cents))
        .collect();
    let sums = db
        .query_all_raw(query(
            "SELECT court_id, kind, CASE WHEN settles_expense_id IS NULL THEN 0 ELSE 1 END AS settles, \
             CAST(SUM(amount_cents) AS BIGINT) AS total FROM expenses WHERE year = $1 \
             GROUP BY court_id, kind, CASE WHEN settles_expense_id IS NULL THEN 0 ELSE 1 END",
        ))
        .await?;
    let mut totals: HashMap<i64, Totals> = HashMap::new();
    for row in sums {
        let court_id: i64 = row.try_get("", "court_id")?;
        let kind: String = row.try_get("", "kind")?;
        let settles: i32 = row.try_get("", "settles")?;
        let total: i64 = row.try_get("", "total")?;
        let t = totals.entry(court_id).or_default();
        let kind = shared::ExpenseKind::parse(&kind).ok_or_else(|| AppError::internal("unknown expense kind"))?;
        t.add(&shared::rules::budget::Entry {
            kind,
            amount_cents: total,
            category: CostCategory::Other,
            session_id: None,
            settles_commitment: settles == 1,
            date: chrono::NaiveDate::MIN,
        });
    }
    let committed = db
        .query_all_raw(query(
            "SELECT court_id, session_id, CAST(SUM(amount_cents) AS BIGINT) AS total FROM expenses \
             WHERE year = $1 AND kind = 'COMMITTED' AND session_id IS NOT NULL GROUP BY court_id, session_id",
        ))
        .await?;
    let mut committed_by: HashMap<i64, BTreeMap<i64, Totals>> = HashMap::new();
    for row in committed {
        let court_id: i64 = row.try_get("", "court_id")?;
        let session_id: i64 = row.try_get("", "session_id")?;
        let total: i64 = row.try_get("", "total")?;
        committed_by
            .entry(court_id)
            .or_default()
            .insert(session_id, Totals { committed_cents: total, ..Totals::default() });
    }
    let planned = db
        .query_all_raw(query(
            "SELECT p.court_id AS court_id, a.session_id AS session_id, a.retained AS retained, \
             a.retained_cents AS retained_cents, CAST(SUM(l.amount_cents) AS BIGINT) AS total \
             FROM plans p JOIN plan_actions a ON a.plan_id = p.id JOIN plan_cost_lines l ON l.action_id = a.id \
             WHERE p.year = $1 GROUP BY p.court_id, a.id, a.session_id, a.retained, a.retained_cents",
        ))
        .await?;
    let mut planned_by: HashMap<i64, Vec<(Option<i64>, i64)>> = HashMap::new();
    for row in planned {
        let court_id: i64 = row.try_get("", "court_id")?;
        let session_id: Option<i64> = row.try_get("", "session_id")?;
        let total: i64 = row.try_get("", "total")?;
        let retained: Option<bool> = row.try_get("", "retained")?;
        let retained_cents: Option<i64> = row.try_get("", "retained_cents")?;
        planned_by.entry(court_id).or_default().push((session_id, counted_cents(total, retained, retained_cents)));
    }
    let empty = BTreeMap::new();
    Ok(courts
        .into_iter()
        .map(|court| {
            let allocated_cents = allocated.get(&court.id).copied().unwrap_or(0);
            let totals = totals.get(&court.id).copied().unwrap_or_default();
            let forecast = forecast_cents(
                planned_by.get(&court.id).map(Vec::as_slice).unwrap_or(&[]),
                committed_by.get(&court.id).unwrap_or(&empty),
            );
            CourtSummary {
                remaining_cents: remaining_cents(allocated_cents, totals.consumed_cents),
                forecast_cents: forecast,
                allocated_cents,
                totals,
                court,
            }
        })
        .collect())
}
