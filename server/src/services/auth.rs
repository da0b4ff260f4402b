//! Logging in: argon2id verification off the async runtime, the same answer and the same work
//! for an unknown e-mail, a wrong password or a disabled account.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use shared::ErrorCode;

use crate::auth::{password, CurrentUser, JwtKeys};
use crate::entities::user;
use crate::error::{AppError, AppResult};

/// A token and the person it is for.
pub struct LoggedIn {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: CurrentUser,
}

fn bad_credentials() -> AppError {
    AppError::client(ErrorCode::Unauthenticated, "Adresse électronique ou mot de passe incorrect.")
}

/// Checks `email` and `password` and issues a token.
pub async fn login(db: &DatabaseConnection, keys: &JwtKeys, email: &str, secret: String) -> AppResult<LoggedIn> {
    if email.len() > 320 || secret.len() > 1024 {
        return Err(bad_credentials());
    }
    let email = email.trim().to_lowercase();
    let found = user::Entity::find().filter(user::Column::Email.eq(email)).one(db).await?;
    let Some(found) = found else {
        // Same cost as a real verification, so timing does not reveal which accounts exist.
        password::hash(secret).await?;
        return Err(bad_credentials());
    };
    if !password::verify(secret, found.password_hash.clone()).await? || !found.active {
        return Err(bad_credentials());
    }
    let user = CurrentUser::load(db, found.id).await?.ok_or_else(bad_credentials)?;
    // Token lifetimes are checked by jsonwebtoken against the system time, so they are issued
    // from it too, not from the injectable clock that drives the regulation's deadlines.
    let (token, expires_at) = keys.issue(user.id, Utc::now())?;
    Ok(LoggedIn { token, expires_at, user })
}
