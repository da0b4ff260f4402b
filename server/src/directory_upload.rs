//! The administrator's directory upload (issue 16): `POST /admin/directory/preview` reads the file
//! sent as the body and answers what importing it would change; `POST /admin/directory/import?
//! sha256=…` imports the very file that was previewed (its SHA-256 must match), all or nothing.
//! A file with bad lines answers 422 with every bad line. The caller is checked before the body is
//! read; the body may be up to 16 MiB (the Ministry's 9,000 magistrates take about 1.5 MB).

use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use shared::directory::LineError;

use crate::auth::policy;
use crate::error::AppError;
use crate::services::directory_import::{self, DirectoryFile, ImportReport};
use crate::state::AppState;

/// The largest directory file accepted.
pub const MAX_DIRECTORY_BYTES: usize = 16 * 1024 * 1024;

/// The upload routes.
pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/directory/preview", post(preview)).route("/admin/directory/import", post(import))
}

#[derive(Deserialize)]
struct ImportParams {
    sha256: String,
}

async fn preview(State(state): State<AppState>, headers: HeaderMap, body: Body) -> Response {
    let run = async {
        let (_, bytes) = authorized_body(&state, &headers, body).await?;
        let file = DirectoryFile { name: "annuaire.csv", bytes: &bytes };
        let outcome = directory_import::preview(&state.db, &file, state.clock.today()).await?;
        Ok::<_, AppError>(answer(outcome, &bytes))
    };
    run.await.unwrap_or_else(failure)
}

async fn import(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<ImportParams>,
    body: Body,
) -> Response {
    let run = async {
        let (user, bytes) = authorized_body(&state, &headers, body).await?;
        if hex(&Sha256::digest(&bytes)) != p.sha256.to_lowercase() {
            return Ok((
                StatusCode::CONFLICT,
                Json(json!({ "message": "Ce fichier n’est pas celui de l’aperçu : refaites l’aperçu avant d’importer." })),
            )
                .into_response());
        }
        let file = DirectoryFile { name: "annuaire.csv", bytes: &bytes };
        let outcome = directory_import::apply(&state.db, &file, Some(user.id), state.clock.now()).await?;
        Ok(answer(outcome, &bytes))
    };
    run.await.unwrap_or_else(failure)
}

async fn caller(state: &AppState, headers: &HeaderMap) -> Result<crate::auth::CurrentUser, AppError> {
    crate::http::authenticate(state, headers).await?.ok_or_else(AppError::unauthenticated)
}

/// The caller and the body, read only once the caller is known to be an administrator.
async fn authorized_body(
    state: &AppState,
    headers: &HeaderMap,
    body: Body,
) -> Result<(crate::auth::CurrentUser, axum::body::Bytes), AppError> {
    let user = caller(state, headers).await?;
    policy::ensure(policy::can_administer_people(&user))?;
    Ok((user, read(body).await?))
}

async fn read(body: Body) -> Result<axum::body::Bytes, AppError> {
    axum::body::to_bytes(body, MAX_DIRECTORY_BYTES).await.map_err(|_| {
        AppError::validation(
            "file",
            format!("Fichier trop volumineux : {} Mo au plus.", MAX_DIRECTORY_BYTES / (1024 * 1024)),
        )
    })
}

fn answer(outcome: Result<ImportReport, Vec<LineError>>, bytes: &[u8]) -> Response {
    match outcome {
        Err(errors) => {
            let errors: Vec<Value> = errors.iter().map(|e| json!({ "line": e.line, "reason": e.reason })).collect();
            (StatusCode::UNPROCESSABLE_ENTITY, Json(json!({ "errors": errors }))).into_response()
        }
        Ok(report) => Json(describe(&report, bytes)).into_response(),
    }
}

/// The plan as the screen shows it: created, changed with before and after, ended, unchanged.
fn describe(report: &ImportReport, bytes: &[u8]) -> Value {
    let plan = &report.plan;
    let reference = &report.reference;
    json!({
        "sha256": hex(&Sha256::digest(bytes)),
        "importId": report.import_id,
        "created": plan.created.iter().map(|w| json!({
            "line": w.line,
            "identifier": w.identifier,
            "name": w.display_name,
            "function": reference.function_name(w.function_id),
            "assignment": reference.place_name(&w.place),
        })).collect::<Vec<_>>(),
        "changed": plan.changed.iter().map(|c| json!({
            "line": c.wanted.line,
            "identifier": c.wanted.identifier,
            "name": c.wanted.display_name,
            "fields": c.fields.iter().map(|f| json!({ "field": f.field, "before": f.before, "after": f.after })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
        "ended": plan.ended.iter().map(|e| json!({ "identifier": e.identifier, "name": e.display_name })).collect::<Vec<_>>(),
        "unchanged": plan.unchanged,
    })
}

fn failure(error: AppError) -> Response {
    let status = match error.code() {
        shared::ErrorCode::Unauthenticated => StatusCode::UNAUTHORIZED,
        shared::ErrorCode::Forbidden => StatusCode::FORBIDDEN,
        // The only input refused before the file is read is its size.
        shared::ErrorCode::Validation => StatusCode::PAYLOAD_TOO_LARGE,
        shared::ErrorCode::Conflict => StatusCode::CONFLICT,
        shared::ErrorCode::RateLimited => StatusCode::TOO_MANY_REQUESTS,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let message = match &error {
        AppError::Client { message, .. } => message.clone(),
        AppError::Internal(cause) => {
            tracing::error!(error = ?cause, "directory upload failed");
            shared::ErrorCode::Internal.message_fr().to_owned()
        }
    };
    (status, Json(json!({ "message": message }))).into_response()
}

/// Lower-case hexadecimal.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
