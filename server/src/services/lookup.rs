//! Loading the rows a use case acts on, with `NOT_FOUND` for unknown ids and a row lock on the
//! session where capacity or the waitlist is about to change.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::auth::MagistrateProfile;
use crate::entities::{application, magistrate, session, session_court};
use crate::error::{AppError, AppResult};

pub async fn session(db: &impl ConnectionTrait, id: i64) -> AppResult<session::Model> {
    session::Entity::find_by_id(id).one(db).await?.ok_or_else(|| AppError::not_found("Action de formation"))
}

/// The session row, locked until the transaction ends (`FOR UPDATE` on PostgreSQL; SQLite's
/// `BEGIN IMMEDIATE` already serializes writers).
pub async fn session_for_update(db: &impl ConnectionTrait, id: i64) -> AppResult<session::Model> {
    session::Entity::find_by_id(id)
        .lock_exclusive()
        .one(db)
        .await?
        .ok_or_else(|| AppError::not_found("Action de formation"))
}

/// The time zone an action's dates and deadlines are read in: the School's for the national
/// programme, the organising court's for a deconcentrated action (of several, the one with the
/// smallest id, whatever order they are named in).
pub async fn action_time_zone(db: &impl ConnectionTrait, scope: shared::Scope, court_ids: &[i64]) -> AppResult<String> {
    let school = shared::rules::local_time::SCHOOL_TIME_ZONE.name().to_owned();
    let Some(first) = court_ids.iter().min().filter(|_| scope == shared::Scope::Deconcentrated) else {
        return Ok(school);
    };
    Ok(crate::entities::court::Entity::find_by_id(*first).one(db).await?.map(|c| c.time_zone).unwrap_or(school))
}

pub async fn session_courts(db: &impl ConnectionTrait, session_id: i64) -> AppResult<Vec<i64>> {
    Ok(session_court::Entity::find()
        .filter(session_court::Column::SessionId.eq(session_id))
        .all(db)
        .await?
        .into_iter()
        .map(|row| row.court_id)
        .collect())
}

pub async fn application(db: &impl ConnectionTrait, id: i64) -> AppResult<application::Model> {
    application::Entity::find_by_id(id).one(db).await?.ok_or_else(|| AppError::not_found("Candidature"))
}

pub async fn magistrate_profile(db: &impl ConnectionTrait, user_id: i64) -> AppResult<MagistrateProfile> {
    let row = magistrate::Entity::find_by_id(user_id).one(db).await?.ok_or_else(|| AppError::not_found("Magistrat"))?;
    Ok(MagistrateProfile::from(&row))
}

/// An application read under its session's row lock, with the session: every change of status
/// that can move seats goes through here, so two transactions never act on a stale status.
pub async fn application_locked(db: &impl ConnectionTrait, id: i64) -> AppResult<(application::Model, session::Model)> {
    let first = application(db, id).await?;
    let locked = session_for_update(db, first.session_id).await?;
    Ok((application(db, id).await?, locked))
}
