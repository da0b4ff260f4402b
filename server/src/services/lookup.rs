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
