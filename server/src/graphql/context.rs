//! Reading the request's user and the shared state from a resolver's context.

use async_graphql::Context;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::services::Env;
use crate::state::AppState;
use shared::ErrorCode;

/// The address the request came from, for login throttling.
pub struct ClientAddress(pub Option<std::net::IpAddr>);

/// The authenticated user of this request, if any.
pub struct RequestUser(pub Option<CurrentUser>);

/// The request came with a token that did not authenticate anyone.
pub struct TokenRefused(pub bool);

pub fn state<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a AppState> {
    ctx.data::<AppState>().map_err(|_| AppError::internal("AppState missing from schema data").into())
}

/// The caller, or `UNAUTHENTICATED`.
pub fn user<'a>(ctx: &Context<'a>) -> async_graphql::Result<&'a CurrentUser> {
    signed_in(ctx).ok_or_else(|| AppError::unauthenticated().into())
}

/// The caller, if signed in.
pub fn signed_in<'a>(ctx: &Context<'a>) -> Option<&'a CurrentUser> {
    match ctx.data::<RequestUser>() {
        Ok(RequestUser(Some(user))) => Some(user),
        _ => None,
    }
}

/// The service environment for an authenticated caller, at the clock's current time.
pub fn env<'a>(ctx: &Context<'a>) -> async_graphql::Result<Env<'a>> {
    let state = state(ctx)?;
    Ok(Env {
        db: &state.db,
        user: user(ctx)?,
        now: state.clock.now(),
        events: &state.events,
        organizer: state.settings.organizer(),
    })
}

/// The extension of a `RATE_LIMITED` error that says in how many seconds to try again.
pub const RETRY_AFTER: &str = "retryAfter";

/// Someone not logged in, for the public reads.
static VISITOR: std::sync::LazyLock<CurrentUser> = std::sync::LazyLock::new(CurrentUser::visitor);

/// The caller, or the visitor when nobody logged in: for what the regulation makes public.
pub fn caller_or_visitor<'a>(ctx: &Context<'a>) -> &'a CurrentUser {
    signed_in(ctx).unwrap_or(&VISITOR)
}

/// The service environment for a public read: the caller if logged in, else the visitor, counted
/// against their address's ceiling (`visitor_limit`). The resolver asks the policy whether the
/// visitor may read it.
pub fn public_env<'a>(ctx: &Context<'a>) -> async_graphql::Result<Env<'a>> {
    if ctx.data_opt::<TokenRefused>().is_some_and(|refused| refused.0) {
        return Err(AppError::unauthenticated().into());
    }
    let state = state(ctx)?;
    let user = caller_or_visitor(ctx);
    if let (true, Some(ClientAddress(Some(client)))) = (user.is_visitor(), ctx.data_opt::<ClientAddress>()) {
        state.visitors.admit(*client, std::time::Instant::now()).map_err(|wait| {
            let seconds = wait.as_secs() + 1;
            let unit = if seconds > 1 { "secondes" } else { "seconde" };
            let error: async_graphql::Error = AppError::client(
                ErrorCode::RateLimited,
                format!("Trop de demandes depuis votre adresse : réessayez dans {seconds} {unit}, ou connectez-vous."),
            )
            .into();
            // Read by the HTTP layer, which answers 429 with `Retry-After`.
            async_graphql::ErrorExtensions::extend_with(error, |_, extensions| extensions.set(RETRY_AFTER, seconds))
        })?;
    }
    Ok(Env {
        db: &state.db,
        user,
        now: state.clock.now(),
        events: &state.events,
        organizer: state.settings.organizer(),
    })
}

/// Reads an `ID` as a row id; an id that is not a number names nothing.
pub fn parse_id(id: &async_graphql::ID, what: &str) -> async_graphql::Result<i64> {
    id.parse::<i64>().map_err(|_| AppError::not_found(what).into())
}
