//! The personal calendar address: `GET /calendar/{secret}.ics`, which a calendar client subscribes
//! to without signing in (the secret, shown once and revocable, is the credential). An unknown,
//! revoked or malformed secret gets the same 404 as any missing page.

use axum::extract::{Path, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::services::calendars;
use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new().route("/calendar/{file}", get(feed))
}

async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else { return StatusCode::NOT_FOUND.into_response() };
    match calendars::feed(&state.db, token, state.settings.organizer(), state.clock.now()).await {
        Ok(Some(body)) => (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=900"),
                (header::REFERRER_POLICY, "no-referrer"),
            ],
            body,
        )
            .into_response(),
        Ok(None) => StatusCode::NOT_FOUND.into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "calendar feed failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}
