//! Files under `/export/`, authorized with the same bearer token as the API: a training sheet as
//! PDF, a court's sheets as one PDF or as CSV, a magistrate's confirmed sessions as iCalendar,
//! attestations of attendance as PDF (one, or all of an action's), and everything Magistra holds on
//! the caller as one JSON file (« Mes données », GDPR art. 15).

pub mod attestation;
pub mod csv;
pub mod pdf;
pub mod report;

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde::Deserialize;
use shared::ErrorCode;

use crate::auth::{policy, CurrentUser};
use crate::entities::{court, jurisdiction};
use crate::error::AppError;
use crate::services::{attestations, execution, lookup, sheets, Env};
use crate::state::AppState;

/// Names of courts and jurisdictions, for documents.
pub struct Names {
    pub courts: HashMap<i64, String>,
    pub jurisdictions: HashMap<i64, String>,
}

impl Names {
    async fn load(db: &sea_orm::DatabaseConnection) -> Result<Self, AppError> {
        Ok(Self {
            courts: court::Entity::find().all(db).await?.into_iter().map(|c| (c.id, c.name)).collect(),
            jurisdictions: jurisdiction::Entity::find().all(db).await?.into_iter().map(|j| (j.id, j.name)).collect(),
        })
    }
}

/// The service environment of an export's caller, now.
fn env_of<'a>(state: &'a AppState, user: &'a CurrentUser) -> Env<'a> {
    Env { db: &state.db, user, now: state.clock.now(), events: &state.events, organizer: state.settings.organizer() }
}

/// The export routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/export/training-sheet.pdf", get(sheet_pdf))
        .route("/export/court-sheets.pdf", get(court_pdf))
        .route("/export/court-sheets.csv", get(court_csv))
        .route("/export/sessions.ics", get(sessions_ics))
        .route("/export/execution-report.pdf", get(execution_pdf))
        .route("/export/execution-report.csv", get(execution_csv))
        .route("/export/session-participants.csv", get(participants_csv))
        .route("/export/attestation.pdf", get(attestation_pdf))
        .route("/export/attestations.pdf", get(attestations_pdf))
        .route("/export/my-data.json", get(my_data_json))
}

#[derive(Deserialize)]
struct SheetParams {
    magistrate: i64,
    year: i32,
}

#[derive(Deserialize)]
struct CourtParams {
    court: i64,
    year: i32,
}

#[derive(Deserialize)]
struct CalendarParams {
    magistrate: i64,
}

fn failure(error: AppError) -> Response {
    let status = match error.code() {
        ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Validation => StatusCode::BAD_REQUEST,
        ErrorCode::InvalidTransition | ErrorCode::Conflict => StatusCode::CONFLICT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let message = match &error {
        AppError::Client { message, .. } => message.clone(),
        AppError::Internal(cause) => {
            tracing::error!(error = ?cause, "export failed");
            ErrorCode::Internal.message_fr().to_owned()
        }
    };
    (status, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], message).into_response()
}

fn file(content_type: &'static str, name: String, body: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\"")),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

async fn caller(state: &AppState, headers: &HeaderMap) -> Result<CurrentUser, AppError> {
    crate::http::authenticate(state, headers).await?.ok_or_else(AppError::unauthenticated)
}

/// Documents rendered at once; the others wait their turn.
const RENDERERS: usize = 2;
static RENDERING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(RENDERERS);

/// Renders a document off the async workers (a court's PDF takes seconds of CPU), a bounded number
/// at a time, so that a burst of exports cannot starve the API's requests.
async fn render_off_workers<T: Send + 'static>(render: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let _turn = RENDERING.acquire().await.map_err(AppError::internal)?;
    tokio::task::spawn_blocking(render).await.map_err(AppError::internal)
}

fn check_year(year: i32) -> Result<i32, AppError> {
    Ok(shared::values::programme_year(year)?)
}

async fn sheet_pdf(State(state): State<AppState>, headers: HeaderMap, Query(p): Query<SheetParams>) -> Response {
    let run = async {
        let user = caller(&state, &headers).await?;
        let env = env_of(&state, &user);
        let sheet = sheets::sheet(&env, p.magistrate, check_year(p.year)?).await?;
        let names = Names::load(&state.db).await?;
        let today = env.today();
        let bytes = render_off_workers(move || pdf::render(&[sheet], &names, today)).await?;
        Ok::<_, AppError>(file("application/pdf", format!("fiche-formation-{}-{}.pdf", p.magistrate, p.year), bytes))
    };
    run.await.unwrap_or_else(failure)
}

/// The caller's own data, the document `myData` answers, as a file to keep.
async fn my_data_json(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let run = async {
        let user = caller(&state, &headers).await?;
        let env = env_of(&state, &user);
        let data = crate::services::my_data::my_data(&env).await?;
        let body = serde_json::to_vec_pretty(&data).map_err(AppError::internal)?;
        Ok::<_, AppError>(file("application/json", format!("mes-donnees-{}.json", env.today()), body))
    };
    run.await.unwrap_or_else(failure)
}

async fn court_pdf(State(state): State<AppState>, headers: HeaderMap, Query(p): Query<CourtParams>) -> Response {
    let run = async {
        let user = caller(&state, &headers).await?;
        let env = env_of(&state, &user);
        let sheets = sheets::court_sheets(&env, p.court, check_year(p.year)?).await?;
        let names = Names::load(&state.db).await?;
        let today = env.today();
        let bytes = render_off_workers(move || pdf::render(&sheets, &names, today)).await?;
        Ok::<_, AppError>(file("application/pdf", format!("fiches-formation-cour-{}-{}.pdf", p.court, p.year), bytes))
    };
    run.await.unwrap_or_else(failure)
}

async fn court_csv(State(state): State<AppState>, headers: HeaderMap, Query(p): Query<CourtParams>) -> Response {
    let run = async {
        let user = caller(&state, &headers).await?;
        let env = env_of(&state, &user);
        let sheets = sheets::court_sheets(&env, p.court, check_year(p.year)?).await?;
        let names = Names::load(&state.db).await?;
        Ok::<_, AppError>(file(
            "text/csv; charset=utf-8",
            format!("fiches-formation-cour-{}-{}.csv", p.court, p.year),
            csv::render(&sheets, &names).into_bytes(),
        ))
    };
    run.await.unwrap_or_else(failure)
}

async fn sessions_ics(State(state): State<AppState>, headers: HeaderMap, Query(p): Query<CalendarParams>) -> Response {
    let run = async {
        let user = caller(&state, &headers).await?;
        let profile = lookup::magistrate_profile(&state.db, p.magistrate).await?;
        policy::ensure_visible(policy::can_read_calendar(&user, p.magistrate, &profile), "Magistrat")?;
        let body = crate::services::calendars::confirmed_actions(
            &state.db,
            p.magistrate,
            state.settings.organizer(),
            state.clock.now(),
        )
        .await?;
        Ok(file("text/calendar; charset=utf-8", format!("formations-{}.ics", p.magistrate), body.into_bytes()))
    };
    run.await.unwrap_or_else(failure)
}

#[derive(Deserialize)]
struct SessionParams {
    session: i64,
}

async fn execution_pdf(State(state): State<AppState>, headers: HeaderMap, Query(p): Query<CourtParams>) -> Response {
    let run = async {
        let user = caller(&state, &headers).await?;
        let env = env_of(&state, &user);
        let report = execution::report(&env, p.court, check_year(p.year)?).await?;
        let today = env.today();
        let bytes = render_off_workers(move || report::pdf(&report, today)).await?;
        Ok::<_, AppError>(file("application/pdf", format!("rapport-execution-{}-{}.pdf", p.court, p.year), bytes))
    };
    run.await.unwrap_or_else(failure)
}

async fn execution_csv(State(state): State<AppState>, headers: HeaderMap, Query(p): Query<CourtParams>) -> Response {
    let run = async {
        let user = caller(&state, &headers).await?;
        let env = env_of(&state, &user);
        let report = execution::report(&env, p.court, check_year(p.year)?).await?;
        Ok::<_, AppError>(file(
            "text/csv; charset=utf-8",
            format!("rapport-execution-{}-{}.csv", p.court, p.year),
            report::csv(&report).into_bytes(),
        ))
    };
    run.await.unwrap_or_else(failure)
}

/// The final list of participants: the session's organisers and the School (art. 141).
async fn participants_csv(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<SessionParams>,
) -> Response {
    let run = async {
        let user = caller(&state, &headers).await?;
        let s = lookup::session(&state.db, p.session).await?;
        let courts = lookup::session_courts(&state.db, p.session).await?;
        let scope = policy::SessionScope { scope: s.scope, court_ids: &courts };
        policy::ensure(policy::can_view_applicants(&user, &scope))?;
        let came = execution::participants(&state.db, p.session).await?;
        let people = crate::entities::user::Entity::find()
            .filter(crate::entities::user::Column::Id.is_in(came.iter().map(|a| a.magistrate_id)))
            .all(&state.db)
            .await?;
        let mut rows: Vec<(crate::entities::user::Model, i32)> = came
            .iter()
            .filter_map(|a| {
                people.iter().find(|u| u.id == a.magistrate_id).map(|u| (u.clone(), a.credited_half_days.unwrap_or(0)))
            })
            .collect();
        rows.sort_by(|a, b| a.0.search_name.cmp(&b.0.search_name));
        Ok(file(
            "text/csv; charset=utf-8",
            format!("participants-{}.csv", s.code.as_deref().unwrap_or("action")),
            report::participants_csv(&s, &rows).into_bytes(),
        ))
    };
    run.await.unwrap_or_else(failure)
}

#[derive(Deserialize)]
struct ApplicationParams {
    application: i64,
}

/// One participant's attestation of attendance (art. 133): theirs, or for the action's organisers.
async fn attestation_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<ApplicationParams>,
) -> Response {
    let run = async {
        let user = caller(&state, &headers).await?;
        let env = env_of(&state, &user);
        let one = attestations::for_application(&env, p.application).await?;
        let today = one.session.today(env.now);
        let name = format!("attestation-{}-{}.pdf", one.session.code.as_deref().unwrap_or("action"), p.application);
        let bytes = render_off_workers(move || attestation::render(&[one], today)).await?;
        Ok::<_, AppError>(file("application/pdf", name, bytes))
    };
    run.await.unwrap_or_else(failure)
}

/// All of an action's attestations of attendance in one document, for the School and the organisers.
async fn attestations_pdf(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<SessionParams>,
) -> Response {
    let run = async {
        let user = caller(&state, &headers).await?;
        let env = env_of(&state, &user);
        let all = attestations::for_session(&env, p.session).await?;
        let today = all.first().map_or_else(|| env.today(), |a| a.session.today(env.now));
        let name = format!(
            "attestations-{}.pdf",
            all.first().and_then(|a| a.session.code.clone()).unwrap_or_else(|| p.session.to_string())
        );
        let bytes = render_off_workers(move || attestation::render(&all, today)).await?;
        Ok::<_, AppError>(file("application/pdf", name, bytes))
    };
    run.await.unwrap_or_else(failure)
}
