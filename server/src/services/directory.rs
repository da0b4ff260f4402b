//! Reference data and people: the courts with their jurisdictions, and the magistrate directory
//! within the caller's reach.

use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::search::fold_for_search;

use crate::auth::policy::{self, MagistrateReach};
use crate::entities::{court, magistrate, user};
use crate::error::{AppError, AppResult};

use super::Env;

/// The 36 courts of appeal, by name.
pub async fn courts(env: &Env<'_>) -> AppResult<Vec<court::Model>> {
    courts_raw(env.db).await
}

/// The courts, by name, for code that has no caller (reference data, public).
pub async fn courts_raw(db: &impl sea_orm::ConnectionTrait) -> AppResult<Vec<court::Model>> {
    Ok(court::Entity::find().order_by_asc(court::Column::Name).all(db).await?)
}

/// One page of magistrates with their career facts.
pub struct MagistratePage {
    pub rows: Vec<(user::Model, magistrate::Model)>,
    pub total: u64,
    pub has_next: bool,
}

/// Where a page starts: after this (search name, id).
pub type MagistrateCursor = (String, i64);

/// Lists the magistrates the caller may see, alphabetically, optionally in one court and
/// matching `search` (name or e-mail, accents ignored).
pub async fn magistrates(
    env: &Env<'_>,
    court_id: Option<i64>,
    search: Option<&str>,
    first: u64,
    after: Option<MagistrateCursor>,
) -> AppResult<MagistratePage> {
    let reach = policy::magistrate_reach(env.user).ok_or_else(AppError::forbidden)?;
    let mut profile = Condition::all();
    if let MagistrateReach::Limited { courts, evaluator_of } = reach {
        if let Some(court_id) = court_id {
            policy::ensure(courts.contains(&court_id) || evaluator_of.is_some())?;
        }
        let mut any = Condition::any().add(magistrate::Column::CourtId.is_in(courts));
        if let Some(evaluator) = evaluator_of {
            any = any.add(magistrate::Column::EvaluatorId.eq(evaluator));
        }
        profile = profile.add(any);
    }
    if let Some(court_id) = court_id {
        profile = profile.add(magistrate::Column::CourtId.eq(court_id));
    }
    let ids =
        Query::select().column(magistrate::Column::UserId).from(magistrate::Entity).cond_where(profile).to_owned();
    let mut cond = Condition::all().add(user::Column::Id.in_subquery(ids));
    if let Some(term) = search.map(fold_for_search).filter(|s| !s.is_empty()) {
        // Folding already removed `%` and `_`, so the pattern has no wildcard of the user's.
        let pattern = format!("%{term}%");
        cond = cond.add(
            Condition::any().add(user::Column::SearchName.like(pattern.clone())).add(user::Column::Email.like(pattern)),
        );
    }
    let total = user::Entity::find().filter(cond.clone()).count(env.db).await?;
    let mut page = user::Entity::find().filter(cond);
    if let Some((name, id)) = after {
        page = page.filter(
            Condition::any()
                .add(user::Column::SearchName.gt(name.clone()))
                .add(Condition::all().add(user::Column::SearchName.eq(name)).add(user::Column::Id.gt(id))),
        );
    }
    let mut users =
        page.order_by_asc(user::Column::SearchName).order_by_asc(user::Column::Id).limit(first + 1).all(env.db).await?;
    let has_next = users.len() as u64 > first;
    users.truncate(first as usize);
    let profiles = magistrate::Entity::find()
        .filter(magistrate::Column::UserId.is_in(users.iter().map(|u| u.id)))
        .all(env.db)
        .await?;
    let rows = users
        .into_iter()
        .filter_map(|u| profiles.iter().find(|p| p.user_id == u.id).cloned().map(|p| (u, p)))
        .collect();
    Ok(MagistratePage { rows, total, has_next })
}
