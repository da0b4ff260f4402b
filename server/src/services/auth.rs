//! Logging in and out: argon2id verification off the async runtime (a bounded number at once), the
//! same answer and the same work for an unknown e-mail, a wrong password or a disabled account,
//! throttling that concurrent attempts cannot overrun (`RATE_LIMITED`), and tokens revoked on
//! logout.
//!
//! Throttling counts attempts under three subjects: the account from one address (a few tries),
//! the account from anywhere (a higher ceiling, so that an attacker at one address cannot lock
//! out its owner who logs in from another), and the address (spraying many accounts). An attempt
//! is written down *before* the password is checked and counted after, so N attempts at once are
//! each counted by the later ones: no more than the limit of them ever reach the password check.

use std::net::IpAddr;

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set};
use shared::ErrorCode;

use crate::auth::{password, CurrentUser, JwtKeys};
use crate::entities::{login_failure, revoked_token, user};
use crate::error::{AppError, AppResult};

use super::audit::{self, Change};
use super::Env;

/// Attempts allowed per account from one address within [`WINDOW_MINUTES`].
pub const MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS: u64 = 5;
/// Attempts allowed per account from all addresses together within [`WINDOW_MINUTES`].
pub const MAX_FAILURES_PER_ACCOUNT: u64 = 50;
/// Attempts allowed per address within [`WINDOW_MINUTES`] (several people may share one address).
pub const MAX_FAILURES_PER_ADDRESS: u64 = 30;
/// How long attempts count.
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

fn throttled() -> AppError {
    AppError::client(
        ErrorCode::RateLimited,
        format!("Trop de tentatives de connexion : réessayez dans {WINDOW_MINUTES} minutes."),
    )
}

/// The subjects an attempt counts under, each with its limit.
fn subjects(email: &str, address: Option<IpAddr>) -> Vec<(String, u64)> {
    let from = address.map(|ip| ip.to_string()).unwrap_or_else(|| "inconnue".to_owned());
    let mut out = vec![
        (format!("email:{email}|ip:{from}"), MAX_FAILURES_PER_ACCOUNT_AND_ADDRESS),
        (format!("email:{email}"), MAX_FAILURES_PER_ACCOUNT),
    ];
    if let Some(ip) = address {
        out.push((format!("ip:{ip}"), MAX_FAILURES_PER_ADDRESS));
    }
    out
}

/// Writes this attempt down under each subject, then counts: the ids written, or
/// `RATE_LIMITED` when a subject is over its limit (this attempt included).
async fn record_attempt(
    db: &DatabaseConnection,
    subjects: &[(String, u64)],
    now: DateTime<Utc>,
) -> AppResult<Vec<i64>> {
    let mut written = Vec::with_capacity(subjects.len());
    for (subject, _) in subjects {
        let row = login_failure::ActiveModel { subject: Set(subject.clone()), at: Set(now), ..Default::default() }
            .insert(db)
            .await?;
        written.push(row.id);
    }
    let since = now - Duration::minutes(WINDOW_MINUTES);
    for (subject, limit) in subjects {
        let recent = login_failure::Entity::find()
            .filter(login_failure::Column::Subject.eq(subject.clone()))
            .filter(login_failure::Column::At.gt(since))
            .count(db)
            .await?;
        if recent > *limit {
            return Err(throttled());
        }
    }
    Ok(written)
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
    let subjects = subjects(&email, address);
    let attempt = record_attempt(db, &subjects, now).await?;
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
        return Err(bad_credentials());
    };
    // A success forgets this attempt, and the failures of this account from this address.
    login_failure::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(login_failure::Column::Id.is_in(attempt))
                .add(login_failure::Column::Subject.eq(subjects[0].0.clone())),
        )
        .exec(db)
        .await?;
    let user = CurrentUser::load(db, found.id).await?.ok_or_else(bad_credentials)?;
    // Token lifetimes are checked by jsonwebtoken against the system time, so they are issued
    // from it too, not from the injectable clock that drives the regulation's deadlines.
    let (token, expires_at) = keys.issue(user.id, Utc::now())?;
    Ok(LoggedIn { token, expires_at, user })
}

/// Changes the caller's local password after checking the present one, counted like a login
/// attempt (a stolen session cannot try passwords without limit). Other sessions stay open.
pub async fn change_password(env: &Env<'_>, current: String, new: String, address: Option<IpAddr>) -> AppResult<bool> {
    let new = shared::values::new_password(&new)?.to_owned();
    if current.len() > 1024 {
        return Err(wrong_password());
    }
    let email = env.user.email.trim().to_lowercase();
    let attempt = record_attempt(env.db, &subjects(&email, address), env.now).await?;
    let stored = user::Entity::find_by_id(env.user.id).one(env.db).await?.ok_or_else(AppError::unauthenticated)?;
    if !password::verify(current, stored.password_hash).await? {
        return Err(wrong_password());
    }
    let hash = password::hash(new).await?;
    let txn = crate::db::begin_write(env.db).await?;
    user::Entity::update_many()
        .col_expr(user::Column::PasswordHash, sea_orm::sea_query::Expr::value(hash))
        .filter(user::Column::Id.eq(env.user.id))
        .exec(&txn)
        .await?;
    login_failure::Entity::delete_many().filter(login_failure::Column::Id.is_in(attempt)).exec(&txn).await?;
    audit::record(&txn, Change::by(env, "auth.change_password", "user", env.user.id, None, None)).await?;
    txn.commit().await?;
    Ok(true)
}

fn wrong_password() -> AppError {
    AppError::validation("currentPassword", "Le mot de passe actuel est incorrect.")
}

/// Revokes the token the caller came with: from now on it is refused everywhere, WebSocket
/// included. Returns whether a token was revoked (false when it already was).
pub async fn logout(env: &Env<'_>) -> AppResult<bool> {
    let Some(token) = env.user.token.clone() else { return Ok(false) };
    let txn = crate::db::begin_write(env.db).await?;
    let already = revoked_token::Entity::find_by_id(token.id.clone()).count(&txn).await?;
    if already > 0 {
        return Ok(false);
    }
    revoked_token::ActiveModel {
        jti: Set(token.id.clone()),
        user_id: Set(env.user.id),
        revoked_at: Set(env.now),
        expires_at: Set(token.expires_at),
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        Change::by(env, "auth.logout", "user", env.user.id, None, Some(serde_json::json!({ "jti": token.id }))),
    )
    .await?;
    txn.commit().await?;
    Ok(true)
}

/// Forgets failures older than a day, and revocations of tokens that have expired anyway.
pub async fn prune_failures(db: &DatabaseConnection, now: DateTime<Utc>) -> AppResult<u64> {
    let failures = login_failure::Entity::delete_many()
        .filter(login_failure::Column::At.lt(now - Duration::days(1)))
        .exec(db)
        .await?
        .rows_affected;
    let revocations = revoked_token::Entity::delete_many()
        .filter(revoked_token::Column::ExpiresAt.lt(Utc::now()))
        .exec(db)
        .await?
        .rows_affected;
    Ok(failures + revocations)
}
