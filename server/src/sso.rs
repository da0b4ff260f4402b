//! The browser's side of single sign-on (issue 16). `GET /auth/oidc/login?suite=/path` sends the
//! person to the OpenID provider (`auth::oidc`); `GET /auth/oidc/callback` takes them back, finds
//! the account whose HR identifier the provider vouches for, and hands the web client a Magistra
//! token in a short-lived cookie that the client takes and wipes at once — never in an address,
//! which the browser's history would keep. No account is ever created here. A refusal lands on the
//! login page with its kind (`?sso=inconnu`, `desactive`, `echec`), which the page words in
//! French; its cause goes to the log only. Starting sign-ins is limited per address like the public
//! reads.
//!
//! A sign-in is bound to the browser that began it (against login CSRF): its signed flow
//! (`auth::oidc::Flow`) lives in an HttpOnly cookie, and the callback goes on only when that
//! browser sends it back with the state the provider returned. In production the cookies carry the
//! `__Host-` prefix, so that no other site of the domain can set them.

use axum::extract::{ConnectInfo, Query, State};
use axum::http::header::{COOKIE, SET_COOKIE};
use axum::http::HeaderMap;
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};
use axum::routing::get;
use axum::Router;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use shared::builds::is_return_address;

use crate::auth::oidc::{form_encode, FLOW_LIFETIME};
use crate::entities::user;
use crate::state::AppState;

/// The cookie that holds a sign-in's signed flow (HttpOnly).
pub const FLOW_COOKIE: &str = "magistra_sso";
/// The cookie that hands the web client its token after a sign-in (read and wiped by the client).
pub const TOKEN_COOKIE: &str = shared::builds::SIGN_IN_TOKEN_COOKIE;
/// How long the client has to take its token.
const TOKEN_COOKIE_SECONDS: u64 = 60;

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

/// A cookie's name as set: `__Host-` in production (HTTPS only, this host only).
fn cookie_name(name: &str, production: bool) -> String {
    if production {
        format!("__Host-{name}")
    } else {
        name.to_owned()
    }
}

/// A `Set-Cookie` value for `name` (empty: cleared).
fn cookie(name: &str, value: &str, max_age: u64, http_only: bool, production: bool) -> String {
    let max_age = if value.is_empty() { 0 } else { max_age };
    let secure = if production { "; Secure" } else { "" };
    let http_only = if http_only { "; HttpOnly" } else { "" };
    format!("{}={value}; Path=/; Max-Age={max_age}; SameSite=Lax{http_only}{secure}", cookie_name(name, production))
}

/// The value of the cookie `name` the browser sent.
fn sent_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers.get_all(COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(|cookies| {
        cookies.split(';').find_map(|pair| {
            let (key, value) = pair.trim().split_once('=')?;
            (key == name && !value.is_empty()).then(|| value.to_owned())
        })
    })
}

/// The login page with why single sign-on did not let the person in; the flow is forgotten.
fn refused(kind: &str, production: bool) -> Response {
    let clear = cookie(FLOW_COOKIE, "", 0, true, production);
    (AppendHeaders([(SET_COOKIE, clear)]), Redirect::to(&format!("/connexion?sso={kind}"))).into_response()
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
    let production = state.settings.environment.is_production();
    let forwarded = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let client = crate::client_address::client_address(peer.ip(), forwarded, &state.settings.trusted_proxies);
    if state.visitors.admit(client, std::time::Instant::now()).is_err() {
        return axum::http::StatusCode::TOO_MANY_REQUESTS.into_response();
    }
    match oidc.begin(params.suite.filter(|s| is_return_address(s))).await {
        Ok((authorize, flow)) => {
            let flow = cookie(FLOW_COOKIE, &flow, FLOW_LIFETIME.as_secs(), true, production);
            (AppendHeaders([(SET_COOKIE, flow)]), Redirect::to(&authorize)).into_response()
        }
        Err(error) => {
            tracing::warn!(%error, "single sign-on could not start");
            refused("echec", production)
        }
    }
}

async fn callback(State(state): State<AppState>, headers: HeaderMap, Query(params): Query<CallbackParams>) -> Response {
    let Some(oidc) = state.oidc.clone() else {
        return axum::http::StatusCode::NOT_FOUND.into_response();
    };
    let production = state.settings.environment.is_production();
    let (Some(code), Some(sign_in), None) = (params.code, params.state, params.error.as_ref()) else {
        tracing::warn!(error = ?params.error, "the provider sent the person back without a code");
        return refused("echec", production);
    };
    let flow = sent_cookie(&headers, &cookie_name(FLOW_COOKIE, production))
        .ok_or(crate::auth::oidc::SignInError::State)
        .and_then(|signed| oidc.flow(&signed, &sign_in));
    let flow = match flow {
        Ok(flow) => flow,
        Err(error) => {
            tracing::warn!(%error, "a sign-in came back to a browser that did not begin it, or too late");
            return refused("echec", production);
        }
    };
    let signed_in = match oidc.finish(&code, flow).await {
        Ok(signed_in) => signed_in,
        Err(error) => {
            tracing::warn!(%error, "single sign-on refused");
            return refused("echec", production);
        }
    };
    let found = user::Entity::find().filter(user::Column::HrId.eq(signed_in.hr_id.clone())).one(&state.db).await;
    let account = match found {
        Ok(Some(account)) => account,
        Ok(None) => {
            tracing::warn!(hr_id = %signed_in.hr_id, "single sign-on of an identifier no account has");
            return refused("inconnu", production);
        }
        Err(error) => {
            tracing::error!(%error, "single sign-on: reading the account failed");
            return refused("echec", production);
        }
    };
    if !account.active {
        tracing::warn!(user = account.id, "single sign-on of a disabled account");
        return refused("desactive", production);
    }
    // Token lifetimes are checked against the system time, so they are issued from it (as a login).
    match state.keys.issue(account.id, chrono::Utc::now()) {
        Ok((token, _)) => {
            tracing::info!(user = account.id, "signed in through single sign-on");
            let next = signed_in
                .next
                .filter(|n| is_return_address(n))
                .map(|n| format!("&suite={}", form_encode(&n)))
                .unwrap_or_default();
            let cookies = [
                (SET_COOKIE, cookie(FLOW_COOKIE, "", 0, true, production)),
                (SET_COOKIE, cookie(TOKEN_COOKIE, &token, TOKEN_COOKIE_SECONDS, false, production)),
            ];
            (AppendHeaders(cookies), Redirect::to(&format!("/connexion?sso=ok{next}"))).into_response()
        }
        Err(error) => {
            tracing::error!(%error, "single sign-on: issuing the token failed");
            refused("echec", production)
        }
    }
}
