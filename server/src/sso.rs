//! The browser's side of single sign-on (issue 16). `GET /auth/oidc/login?suite=/path` sends the
//! person to the OpenID provider (`auth::oidc`); `GET /auth/oidc/callback` takes them back, finds
//! the account whose HR identifier the provider vouches for, and hands the web client a Magistra
//! token in the address's fragment (`/connexion#jeton=…`), which the browser sends to no server and
//! the client wipes at once. No account is ever created here. A refusal lands on the login page with
//! its kind (`?sso=inconnu`, `desactive`, `echec`), which the page words in French; its cause goes to
//! the log only. Starting sign-ins is limited per address like the public reads.
//!
//! A sign-in is bound to the browser that started it (against login CSRF): `/auth/oidc/login` sets
//! the cookie [`BINDING_COOKIE`] to the sign-in's state; the callback goes on only when the browser
//! sends it back with that state, and the client takes the token from the fragment only when the
//! fragment names the state the cookie holds — a link made by someone else carries neither.

use axum::extract::{ConnectInfo, Query, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;

use crate::entities::user;
use crate::state::AppState;

/// The sign-in routes; they answer 404 when single sign-on is not configured.
pub fn routes() -> Router<AppState> {
    Router::new().route("/auth/oidc/login", get(login)).route("/auth/oidc/callback", get(callback))
}

#[derive(Deserialize)]
struct LoginParams {
    suite: Option<String>,
}

#[derive(Deserialize)]
struct CallbackParams {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The cookie that binds a sign-in to the browser that started it; the web client reads it too.
pub const BINDING_COOKIE: &str = "magistra_sso";

/// The binding cookie for `state` (empty: cleared), secure in production.
fn binding(state: &str, production: bool) -> String {
    let max_age = if state.is_empty() { 0 } else { crate::auth::oidc::PENDING_LIFETIME.as_secs() };
    let secure = if production { "; Secure" } else { "" };
    format!("{BINDING_COOKIE}={state}; Path=/; Max-Age={max_age}; SameSite=Lax{secure}")
}

/// The binding cookie's value the browser sent.
fn bound_state(headers: &HeaderMap) -> Option<String> {
    headers.get_all(axum::http::header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|cookies| {
        cookies.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == BINDING_COOKIE && !value.is_empty()).then(|| value.to_owned())
        })
    })
}

/// Where the login page shows why single sign-on did not let the person in.
fn refused(kind: &str) -> Response {
    Redirect::to(&format!("/connexion?sso={kind}")).into_response()
}

/// Only an address inside Magistra is followed after signing in.
fn inside(next: Option<String>) -> Option<String> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/connexion") && n.len() < 512)
}

async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    Query(params): Query<LoginParams>,
) -> Response {
    let Some(oidc) = state.oidc.clone() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let client = crate::client_address::client_address(peer.ip(), forwarded, &state.settings.trusted_proxies);
    if state.visitors.admit(client, std::time::Instant::now()).is_err() {
        return axum::http::StatusCode::TOO_MANY_REQUESTS.into_response();
    }
    match oidc.begin(inside(params.suite)).await {
        Ok((authorize, sign_in)) => {
            let production = state.settings.environment.is_production();
            ([(axum::http::header::SET_COOKIE, binding(&sign_in, production))], Redirect::to(&authorize))
                .into_response()
        }
        Err(error) => {
            tracing::warn!(%error, "single sign-on could not start");
            refused("echec")
        }
    }
}

async fn callback(State(state): State<AppState>, headers: HeaderMap, Query(params): Query<CallbackParams>) -> Response {
    let Some(oidc) = state.oidc.clone() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let (Some(code), Some(sign_in), None) = (params.code, params.state, params.error.as_ref()) else {
        tracing::warn!(error = ?params.error, "the provider sent the person back without a code");
        return refused("echec");
    };
    if bound_state(&headers).as_deref() != Some(sign_in.as_str()) {
        tracing::warn!("a sign-in came back to a browser that did not start it");
        return refused("echec");
    }
    let signed_in = match oidc.finish(&code, &sign_in).await {
        Ok(signed_in) => signed_in,
        Err(error) => {
            tracing::warn!(%error, "single sign-on refused");
            return refused("echec");
        }
    };
    let found = user::Entity::find().filter(user::Column::HrId.eq(signed_in.hr_id.clone())).one(&state.db).await;
    let account = match found {
        Ok(Some(account)) => account,
        Ok(None) => {
            tracing::warn!(hr_id = %signed_in.hr_id, "single sign-on of an identifier no account has");
            return refused("inconnu");
        }
        Err(error) => {
            tracing::error!(%error, "single sign-on: reading the account failed");
            return refused("echec");
        }
    };
    if !account.active {
        tracing::warn!(user = account.id, "single sign-on of a disabled account");
        return refused("desactive");
    }
    // Token lifetimes are checked against the system time, so they are issued from it (as a login).
    match state.keys.issue(account.id, chrono::Utc::now()) {
        Ok((token, _)) => {
            tracing::info!(user = account.id, "signed in through single sign-on");
            let next = inside(signed_in.next).map(|n| format!("&suite={}", url_encode(&n))).unwrap_or_default();
            Redirect::to(&format!("/connexion#jeton={token}&sso={sign_in}{next}")).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "single sign-on: issuing the token failed");
            refused("echec")
        }
    }
}

/// Percent-encoding of everything but the unreserved characters (RFC 3986).
fn url_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
