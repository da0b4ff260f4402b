//! `login`, `changePassword` and `logout`.

use async_graphql::{Context, Object, SimpleObject};
use chrono::{DateTime, Utc};

use crate::graphql::context::{env, state, ClientAddress};
use crate::graphql::types::User;
use crate::services::auth;

#[derive(Default)]
pub struct AuthMutation;

/// A bearer token and the person it is for.
#[derive(SimpleObject)]
pub struct AuthPayload {
    pub token: String,
    pub expires_at: DateTime<Utc>,
    pub user: User,
}

#[Object]
impl AuthMutation {
    /// Exchanges an e-mail and a password for a token.
    async fn login(&self, ctx: &Context<'_>, email: String, password: String) -> async_graphql::Result<AuthPayload> {
        let state = state(ctx)?;
        let address = ctx.data::<ClientAddress>().ok().and_then(|a| a.0);
        let done = auth::login(&state.db, &state.keys, &email, password, address, state.clock.now()).await?;
        Ok(AuthPayload { token: done.token, expires_at: done.expires_at, user: User(done.user) })
    }

    /// Changes the caller's local password (12 characters at least), after checking the present one.
    async fn change_password(
        &self,
        ctx: &Context<'_>,
        current_password: String,
        new_password: String,
    ) -> async_graphql::Result<bool> {
        let address = ctx.data::<ClientAddress>().ok().and_then(|a| a.0);
        Ok(auth::change_password(&env(ctx)?, current_password, new_password, address).await?)
    }

    /// Revokes the token this request came with, on every server and over WebSocket; `false` when
    /// it was already revoked.
    async fn logout(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(auth::logout(&env(ctx)?).await?)
    }
}
