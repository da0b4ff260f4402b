//! Loading what the policy needs to judge one object, then asking it: the rules stay in
//! `auth/policy.rs`, these only fetch their inputs (and only on the path that needs them).

use sea_orm::ConnectionTrait;

use crate::auth::policy::{self, SessionScope};
use crate::entities::application;
use crate::error::AppResult;

use super::{lookup, Env};

/// For an action that only the application's magistrate may take: `Ok` for them; `FORBIDDEN`
/// for someone who may read the application; `NOT_FOUND` for anyone else, who may not even
/// know that it exists.
pub async fn ensure_own_application(
    env: &Env<'_>,
    db: &impl ConnectionTrait,
    app: &application::Model,
) -> AppResult<()> {
    if policy::owns_application(env.user, app.magistrate_id) {
        return Ok(());
    }
    ensure_can_read_application(env, db, app).await?;
    policy::ensure(false)
}

/// `NOT_FOUND` unless the caller may read `app` (its magistrate, their reviewers, whoever sees
/// the session's applicants).
pub async fn ensure_can_read_application(
    env: &Env<'_>,
    db: &impl ConnectionTrait,
    app: &application::Model,
) -> AppResult<()> {
    if policy::owns_application(env.user, app.magistrate_id) {
        return Ok(());
    }
    let profile = lookup::magistrate_profile(db, app.magistrate_id).await?;
    let session = lookup::session(db, app.session_id).await?;
    let courts = lookup::session_courts(db, app.session_id).await?;
    let scope = SessionScope { scope: session.scope, court_ids: &courts };
    policy::ensure_visible(policy::can_read_application(env.user, app.magistrate_id, &profile, &scope), "Candidature")
}
