//! The load tool's ceiling, built only with the `bench-ceiling` feature (never in the product's
//! default build) and mounted only outside production: the same application insert and the same
//! catalogue page as the GraphQL API (the fields `magistra-bench` asks GraphQL for), through bare
//! axum handlers, so `magistra-bench` can print what the GraphQL layer costs.

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use shared::rules::seats_left;
use shared::values::Rank;

use crate::error::AppError;
use crate::services::catalogue::ProgrammeRevision;
use crate::services::sessions::{self, SessionQuery};
use crate::services::{applications, Env};
use crate::state::AppState;

/// The ceiling routes, mounted only outside production.
pub fn routes() -> Router<AppState> {
    Router::new().route("/ceiling/apply", post(apply)).route("/ceiling/sessions", get(catalogue))
}

#[derive(Deserialize)]
struct ApplyBody {
    session_id: i64,
    rank: i32,
}

#[derive(Deserialize)]
struct Page {
    first: Option<u64>,
}

fn refuse(error: AppError) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({ "code": error.code().as_str() }))).into_response()
}

async fn apply(State(state): State<AppState>, headers: HeaderMap, Json(body): Json<ApplyBody>) -> Response {
    let run = async {
        let user = crate::http::authenticate(&state, &headers).await?.ok_or_else(AppError::unauthenticated)?;
        let env = Env { db: &state.db, user: &user, now: state.clock.now(), events: &state.events };
        let created = applications::apply(&env, &state.wishes, body.session_id, Rank::parse(body.rank)?, None).await?;
        Ok::<_, AppError>(Json(json!({ "id": created.id, "status": created.status })).into_response())
    };
    run.await.unwrap_or_else(refuse)
}

async fn catalogue(State(state): State<AppState>, headers: HeaderMap, Query(page): Query<Page>) -> Response {
    let run = async {
        let (user, revision) = crate::http::authenticate_with_programme_revision(&state, &headers)
            .await?
            .ok_or_else(AppError::unauthenticated)?;
        let env = Env { db: &state.db, user: &user, now: state.clock.now(), events: &state.events };
        let filter = SessionQuery { open_for_applications: true, ..SessionQuery::default() };
        let found = sessions::list(
            &env,
            &state.catalogue,
            &filter,
            page.first.unwrap_or(50).min(100),
            None,
            Some(ProgrammeRevision(revision)),
        )
        .await?;
        let rows: Vec<_> = found
            .rows
            .iter()
            .map(|s| {
                json!({
                    "id": s.id.to_string(),
                    "code": s.code,
                    "title": s.title,
                    "format": s.format,
                    "startDate": s.start_date,
                    "endDate": s.end_date,
                    "seatsLeft": seats_left(s.capacity, s.seats_taken),
                })
            })
            .collect();
        Ok::<_, AppError>(Json(json!({ "totalCount": found.total, "rows": rows })).into_response())
    };
    run.await.unwrap_or_else(refuse)
}
