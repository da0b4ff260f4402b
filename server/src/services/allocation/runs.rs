//! Reading proposals: a year's runs, one run, its actions with their cut-offs, and how many
//! decisions were changed by hand after it.

use sea_orm::sea_query::Query;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};

use shared::AllocationOutcome;

use crate::auth::policy;
use crate::entities::{allocation_run, allocation_run_action, allocation_run_wish, audit_log};
use crate::error::{AppError, AppResult};
use crate::services::{Env, ListWindow};

use super::OverrideSpec;

/// `year`'s runs, the latest first.
pub async fn of_year(env: &Env<'_>, year: i32) -> AppResult<Vec<allocation_run::Model>> {
    policy::ensure(policy::can_read_allocation_runs(env.user))?;
    Ok(allocation_run::Entity::find()
        .filter(allocation_run::Column::Year.eq(year))
        .order_by_desc(allocation_run::Column::Id)
        .limit(ListWindow::MAX)
        .all(env.db)
        .await?)
}

/// One run.
pub async fn one(env: &Env<'_>, id: i64) -> AppResult<allocation_run::Model> {
    policy::ensure(policy::can_read_allocation_runs(env.user))?;
    find(env.db, id).await
}

pub(super) async fn find(db: &impl ConnectionTrait, id: i64) -> AppResult<allocation_run::Model> {
    allocation_run::Entity::find_by_id(id).one(db).await?.ok_or_else(|| AppError::not_found("Proposition"))
}

/// A window on a run's actions, the most asked first.
pub async fn actions(
    db: &impl ConnectionTrait,
    run_id: i64,
    window: ListWindow,
) -> AppResult<Vec<allocation_run_action::Model>> {
    Ok(allocation_run_action::Entity::find()
        .filter(allocation_run_action::Column::RunId.eq(run_id))
        .order_by_desc(allocation_run_action::Column::Applicants)
        .order_by_asc(allocation_run_action::Column::SessionId)
        .offset(window.offset)
        .limit(window.first)
        .all(db)
        .await?)
}

/// The director's overrides of a run.
pub fn overrides(run: &allocation_run::Model) -> Vec<OverrideSpec> {
    serde_json::from_str(&run.overrides).unwrap_or_default()
}

/// Decisions taken by hand on the run's applications after it: after it was applied (less the
/// decisions the adoption itself made), or, for a proposal not applied, after it was made.
pub async fn manual_changes(db: &impl ConnectionTrait, run: &allocation_run::Model) -> AppResult<u64> {
    let of_run = Query::select()
        .column(allocation_run_wish::Column::ApplicationId)
        .from(allocation_run_wish::Entity)
        .and_where(allocation_run_wish::Column::RunId.eq(run.id))
        .to_owned();
    let decisions = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("application.decide"))
        .filter(audit_log::Column::Entity.eq("application"))
        .filter(audit_log::Column::EntityId.in_subquery(of_run));
    let Some(applied_at) = run.applied_at else {
        return Ok(decisions.filter(audit_log::Column::At.gt(run.created_at)).count(db).await?);
    };
    let since = decisions.filter(audit_log::Column::At.gte(applied_at)).count(db).await?;
    let adopted = allocation_run_wish::Entity::find()
        .filter(allocation_run_wish::Column::RunId.eq(run.id))
        .filter(
            Condition::any()
                .add(allocation_run_wish::Column::Outcome.is_in([
                    AllocationOutcome::Placed.as_str(),
                    AllocationOutcome::Forced.as_str(),
                    AllocationOutcome::Overlaps.as_str(),
                    AllocationOutcome::CapReached.as_str(),
                ]))
                .add(allocation_run_wish::Column::WaitlistPosition.is_not_null()),
        )
        .count(db)
        .await?;
    Ok(since.saturating_sub(adopted))
}
