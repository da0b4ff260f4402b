//! Logging in: argon2id verification off the async runtime, the same answer and the same work
//! for an unknown e-mail, a wrong password or a disabled account, and throttling after repeated
//! failures per account and per address (`RATE_LIMITED`).

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set};
use shared::ErrorCode;

use crate::auth::{password, CurrentUser, JwtKeys};
use crate::entities::{login_failure, user};
use crate::error::{AppError, AppResult};

/// Failures allowed per account within [`WINDOW_MINUTES`].
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 5;
/// Failures allowed per address within [`WINDOW_MINUTES`] (several people may share one address).
pub const MAX_FAILURES_PER_ADDRESS: u64 = 30;
/// How long failures count.
pub const WINDOW_MINUTES: i64 = 15;

/// A token and the person it is for.
pub struct LoggedIn {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: CurrentUser,
}

fn bad_credentials() -> AppError {
    AppError::client(ErrorCode::Unauthenticated, "Adresse électronique ou mot de passe incorrect.")
}

fn subjects(email: &str, address: Option<IpAddr>) -> Vec<(String, u64)> {
    let mut out = vec![(format!("email:{email}"), MAX_FAILURES_PER_ACCOUNT)];
    if let Some(ip) = address {
        out.push((format!("ip:{ip}"), MAX_FAILURES_PER_ADDRESS));
    }
    out
}

/// Checks `email` and `password` and issues a token; `now` is the clock's time for throttling.
pub async fn login(
    db: &DatabaseConnection,
    keys: &JwtKeys,
    email: &str,
    secret: String,
    address: Option<IpAddr>,
    now: DateTime<Utc>,
) -> AppResult<LoggedIn> {
    // No address has control characters, and PostgreSQL refuses NUL in text: answer at once.
    if email.len() > 320 || secret.len() > 1024 || email.chars().any(char::is_control) {
        return Err(bad_credentials());
    }
    let email = email.trim().to_lowercase();
    let since = now - Duration::minutes(WINDOW_MINUTES);
    for (subject, limit) in subjects(&email, address) {
        let recent = login_failure::Entity::find()
            .filter(login_failure::Column::Subject.eq(subject))
            .filter(login_failure::Column::At.gt(since))
            .count(db)
            .await?;
        if recent >= limit {
            return Err(AppError::client(
                ErrorCode::RateLimited,
                format!("Trop de tentatives de connexion : réessayez dans {WINDOW_MINUTES} minutes."),
            ));
        }
    }
    let found = user::Entity::find().filter(user::Column::Email.eq(email.clone())).one(db).await?;
    let verified = match &found {
        Some(u) => password::verify(secret, u.password_hash.clone()).await? && u.active,
        None => {
            // Same cost as a real verification, so timing does not reveal which accounts exist.
            password::hash(secret).await?;
            false
        }
    };
    let Some(found) = found.filter(|_| verified) else {
        for (subject, _) in subjects(&email, address) {
            login_failure::ActiveModel { subject: Set(subject), at: Set(now), ..Default::default() }.insert(db).await?;
        }
        return Err(bad_credentials());
    };
    login_failure::Entity::delete_many()
        .filter(login_failure::Column::Subject.eq(format!("email:{email}")))
        .exec(db)
        .await?;
    let user = CurrentUser::load(db, found.id).await?.ok_or_else(bad_credentials)?;
    // Token lifetimes are checked by jsonwebtoken against the system time, so they are issued
    // from it too, not from the injectable clock that drives the regulation's deadlines.
    let (token, expires_at) = keys.issue(user.id, Utc::now())?;
    Ok(LoggedIn { token, expires_at, user })
}

/// Forgets failures older than a day.
pub async fn prune_failures(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<u64> {
    Ok(login_failure::Entity::delete_many()
        .filter(login_failure::Column::At.lt(now - Duration::days(1)))
        .exec(db)
        .await?
        .rows_affected)
}
