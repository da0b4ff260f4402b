//! The HTTP surface: `POST /graphql` with its guards (JSON only, 64 KiB, at most 5 operations per
//! batch, a request timeout), the files under `/export/`, GraphiQL outside production, `/health`,
//! and the web client at `/`.

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql::{BatchRequest, BatchResponse, Response as GqlResponse};
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State, WebSocketUpgrade};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::graphql::context::{ClientAddress, RequestUser};
use crate::graphql::{loaders, AppSchema};
use crate::services::catalogue::ProgrammeRevision;
use crate::services::REQUEST_ID;
use crate::state::AppState;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Most operations in one batch.
pub const MAX_BATCH: usize = 5;

#[derive(Clone)]
struct Http {
    state: AppState,
    schema: AppSchema,
}

/// The router of the whole server.
pub fn router(state: AppState, schema: AppSchema) -> Router {
    let production = state.settings.environment.is_production();
    let web_dist = state.settings.web_dist.clone();
    let timeout = state.settings.request_timeout;
    let exports = crate::exports::routes().with_state(state.clone());
    let state_for_ceiling = state.clone();
    let http = Http { state, schema };
    let mut router = Router::new()
        .merge(exports)
        .route("/graphql", post(graphql).layer(DefaultBodyLimit::max(MAX_BODY_BYTES)))
        .route("/graphql/ws", get(graphql_ws))
        .route("/health", get(health));
    if !production {
        router = router.route("/graphiql", get(graphiql)).merge(crate::ceiling::routes().with_state(state_for_ceiling));
    }
    let router = if web_dist.join("index.html").exists() {
        let index = web_dist.join("index.html");
        router.fallback_service(ServeDir::new(&web_dist).fallback(ServeFile::new(index)))
    } else {
        router.route("/", get(placeholder))
    };
    router
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(TraceLayer::new_for_http())
        .with_state(http)
}

fn error_body(status: StatusCode, code: &str, message: &str) -> Response {
    (status, Json(json!({ "errors": [{ "message": message, "extensions": { "code": code } }] }))).into_response()
}

async fn graphql(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/json"));
    if !is_json {
        return error_body(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "VALIDATION",
            "Le corps de la requête doit être du JSON.",
        );
    }
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(_) => return error_body(StatusCode::BAD_REQUEST, "VALIDATION", "Requête GraphQL illisible."),
    };
    let (user, programme_revision) = match authenticate_with_programme_revision(&http.state, &headers).await {
        Ok(Some((user, revision))) => (Some(user), Some(ProgrammeRevision(revision))),
        Ok(None) => (None, None),
        Err(e) => {
            tracing::error!(request_id, error = ?e, "loading the current user");
            return error_body(StatusCode::INTERNAL_SERVER_ERROR, "INTERNAL", shared::ErrorCode::Internal.message_fr());
        }
    };
    let requests = match batch {
        BatchRequest::Single(one) => vec![one],
        BatchRequest::Batch(many) if many.len() <= MAX_BATCH && !many.is_empty() => many,
        BatchRequest::Batch(_) => {
            return error_body(
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                &format!("Un envoi groupé compte de 1 à {MAX_BATCH} opérations."),
            )
        }
    };
    let single = requests.len() == 1 && !body.trim_ascii_start().starts_with(b"[");
    let forwarded_for = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let client = crate::client_address::client_address(peer.ip(), forwarded_for, &http.state.settings.trusted_proxies);
    let mut responses = Vec::with_capacity(requests.len());
    for (index, request) in requests.into_iter().enumerate() {
        let mut request = request
            .data(RequestUser(user.clone()))
            .data(ClientAddress(Some(client)))
            .data(loaders::for_request(http.state.db.clone()));
        // Only the first operation: one after it may follow a change made by an earlier one.
        if let (0, Some(revision)) = (index, programme_revision) {
            request = request.data(revision);
        }
        let response = REQUEST_ID.scope(request_id.clone(), http.schema.execute(request)).await;
        responses.push(with_codes(response));
    }
    let body = if single { BatchResponse::Single(responses.remove(0)) } else { BatchResponse::Batch(responses) };
    let mut response = Json(body).into_response();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    response
}

/// Gives every error without a code (parse, validation, limits) the code `VALIDATION`.
fn with_codes(mut response: GqlResponse) -> GqlResponse {
    for error in &mut response.errors {
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", "VALIDATION");
        }
    }
    response
}

/// The user a valid bearer token names; `None` without a token or with an invalid one.
pub async fn authenticate(state: &AppState, headers: &HeaderMap) -> Result<Option<CurrentUser>, AppError> {
    Ok(authenticate_with_programme_revision(state, headers).await?.map(|(user, _)| user))
}

/// The user a valid bearer token names and the programme's revision, read in one statement.
pub async fn authenticate_with_programme_revision(
    state: &AppState,
    headers: &HeaderMap,
) -> Result<Option<(CurrentUser, i64)>, AppError> {
    match bearer(headers).and_then(|token| state.keys.verify(token)) {
        Some(user_id) => CurrentUser::load_with_programme_revision(&state.db, user_id).await,
        None => Ok(None),
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// GraphQL over WebSocket (both the `graphql-transport-ws` and `graphql-ws` protocols) for
/// subscriptions; the token comes in the `connection_init` payload as `Authorization: Bearer …`
/// (or `token`).
async fn graphql_ws(State(http): State<Http>, protocol: GraphQLProtocol, upgrade: WebSocketUpgrade) -> Response {
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            let state = http.state.clone();
            GraphQLWebSocket::new(socket, http.schema.clone(), protocol)
                .on_connection_init(move |payload| async move {
                    let token = payload
                        .get("Authorization")
                        .or_else(|| payload.get("authorization"))
                        .and_then(|v| v.as_str())
                        .and_then(|v| v.strip_prefix("Bearer "))
                        .or_else(|| payload.get("token").and_then(|v| v.as_str()))
                        .map(str::to_owned);
                    let user = match token.and_then(|t| state.keys.verify(&t)) {
                        Some(id) => CurrentUser::load(&state.db, id).await.ok().flatten(),
                        None => None,
                    };
                    let mut data = async_graphql::Data::default();
                    data.insert(RequestUser(user));
                    data.insert(loaders::for_request(state.db.clone()));
                    Ok(data)
                })
                .serve()
        })
        .into_response()
}

async fn health(State(http): State<Http>) -> Response {
    match http.state.db.ping().await {
        Ok(()) => Json(json!({ "status": "ok" })).into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "unavailable" }))).into_response()
        }
    }
}

async fn graphiql() -> Html<String> {
    Html(
        async_graphql::http::GraphiQLSource::build()
            .endpoint("/graphql")
            .subscription_endpoint("/graphql/ws")
            .title("Magistra — GraphiQL")
            .finish(),
    )
}

async fn placeholder() -> Html<&'static str> {
    Html(include_str!("placeholder.html"))
}
