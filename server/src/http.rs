//! The HTTP surface: `POST /graphql` with its guards (JSON only, 64 KiB, at most 5 operations per
//! batch, a request timeout), the files under `/export/`, GraphiQL outside production, `/health`
//! (readiness, also `/health/ready`) and `/health/live` (liveness), `/metrics` (Prometheus),
//! and the web client at `/`.

use async_graphql::{BatchRequest, BatchResponse, Response as GqlResponse};

use axum::body::Bytes;
use axum::extract::{ConnectInfo, DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use tower_http::compression::CompressionLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::graphql::context::{ClientAddress, RequestUser, TokenRefused};
use crate::graphql::{loaders, AppSchema};
use crate::headers::{cache_policy, security_headers, SecurityHeaders};
use crate::services::catalogue::ProgrammeRevision;
use crate::services::REQUEST_ID;
use crate::state::AppState;

/// Largest request body accepted.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Most operations in one batch.
pub const MAX_BATCH: usize = 5;
/// Where the console's files are served, and the folder of `web/dist` they are built into.
pub const CONSOLE: &str = "administration";

/// What the handlers of the router share.
#[derive(Clone)]
pub(crate) struct Http {
    pub(crate) state: AppState,
    pub(crate) schema: AppSchema,
}

/// The router of the whole server.
pub fn router(state: AppState, schema: AppSchema) -> Router {
    let production = state.settings.environment.is_production();
    let web_dist = state.settings.web_dist.clone();
    let timeout = state.settings.request_timeout;
    let exports = crate::exports::routes().with_state(state.clone());
    let directory = crate::directory_upload::routes().with_state(state.clone());
    let sso = crate::sso::routes().with_state(state.clone());
    let rules_page = crate::rules_page::routes().with_state(state.clone());
    let calendar_feed = crate::calendar_feed::routes().with_state(state.clone());
    let headers = SecurityHeaders::for_client(&web_dist, production);
    #[cfg(feature = "bench-ceiling")]
    let ceiling = crate::ceiling::routes().with_state(state.clone());
    let http = Http { state, schema };
    let mut router = Router::new()
        .merge(exports)
        .merge(directory)
        .merge(sso)
        .merge(rules_page)
        .merge(calendar_feed)
        // Answers compressed when the client accepts it (Brotli or gzip): a page of the
        // programme shrinks about tenfold on a slow line.
        .route(
            "/graphql",
            post(graphql)
                .layer::<_, std::convert::Infallible>(DefaultBodyLimit::max(MAX_BODY_BYTES))
                .layer::<_, std::convert::Infallible>(CompressionLayer::new()),
        )
        .route("/graphql/ws", get(crate::ws::graphql_ws))
        .route("/health", get(health))
        .route("/health/ready", get(health))
        .route("/health/live", get(alive))
        .route("/metrics", get(metrics));
    if !production {
        router = router.route("/graphiql", get(graphiql));
        #[cfg(feature = "bench-ceiling")]
        {
            router = router.merge(ceiling);
        }
    }
    let router = if web_dist.join("index.html").exists() {
        // The client's files as `scripts/build-web` left them: each beside its `.br` and `.gz`,
        // sent to a browser that accepts them; hashed names cached for a year, the page never.
        let index = ServeFile::new(web_dist.join("index.html")).precompressed_br().precompressed_gzip();
        let files = ServeDir::new(&web_dist).precompressed_br().precompressed_gzip().fallback(index);
        let cached = axum::middleware::from_fn(cache_policy);
        // The console of the School and the administrator is a second build of the client
        // (`scripts/build-web`, into `web/dist/administration`), so that the magistrates' client
        // keeps its weight: its addresses (`shared::builds`) are answered with its own page.
        let console_dist = web_dist.join(CONSOLE);
        let mut router = router;
        if console_dist.join("index.html").exists() {
            let console_index = ServeFile::new(console_dist.join("index.html")).precompressed_br().precompressed_gzip();
            for prefix in shared::builds::CONSOLE_PREFIXES {
                router = if *prefix == format!("/{CONSOLE}") {
                    let files = ServeDir::new(&console_dist)
                        .precompressed_br()
                        .precompressed_gzip()
                        .fallback(console_index.clone());
                    router.nest_service(prefix, tower::Layer::layer(&cached, files))
                } else {
                    router.nest_service(prefix, tower::Layer::layer(&cached, console_index.clone()))
                };
            }
        }
        router.fallback_service(tower::Layer::layer(&cached, files))
    } else {
        router.route("/", get(placeholder))
    };
    router
        .layer(axum::middleware::from_fn_with_state(headers, security_headers))
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, timeout))
        .layer(TraceLayer::new_for_http())
        .with_state(http)
}

/// The media type of GraphQL answers: `application/graphql-response+json` when the client
/// accepts it (GraphQL over HTTP), with its status codes, else `application/json`, always 200
/// once the request was read (as before, for clients that expect it).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Media {
    GraphqlResponseJson,
    Json,
}

/// The registered type for GraphQL answers (GraphQL over HTTP, 2023).
const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";

impl Media {
    fn negotiate(headers: &HeaderMap) -> Self {
        let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let wants_graphql = accept.split(',').any(|part| {
            let mut params = part.split(';').map(str::trim);
            let kind = params.next().unwrap_or_default();
            let refused = params.any(|p| p.replace(' ', "") == "q=0");
            kind.eq_ignore_ascii_case(GRAPHQL_RESPONSE_JSON) && !refused
        });
        if wants_graphql {
            Self::GraphqlResponseJson
        } else {
            Self::Json
        }
    }

    fn content_type(self) -> HeaderValue {
        match self {
            Self::GraphqlResponseJson => HeaderValue::from_static("application/graphql-response+json; charset=utf-8"),
            Self::Json => HeaderValue::from_static("application/json"),
        }
    }
}

fn error_body(media: Media, status: StatusCode, code: &str, message: &str) -> Response {
    let mut response =
        (status, Json(json!({ "errors": [{ "message": message, "extensions": { "code": code } }] }))).into_response();
    response.headers_mut().insert(header::CONTENT_TYPE, media.content_type());
    response
}

/// A request error (the document could not be parsed, validated or accepted): nothing ran, so
/// the answer has no `data` and, in `application/graphql-response+json`, a 400 status.
fn is_request_error(response: &GqlResponse) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

async fn graphql(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request_id = uuid::Uuid::new_v4().to_string();
    let media = Media::negotiate(&headers);
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("application/json"));
    if !is_json {
        return error_body(
            media,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "VALIDATION",
            "Le corps de la requête doit être du JSON.",
        );
    }
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(_) => return error_body(media, StatusCode::BAD_REQUEST, "VALIDATION", "Requête GraphQL illisible."),
    };
    let (user, programme_revision) = match authenticate_with_programme_revision(&http.state, &headers).await {
        Ok(Some((user, revision))) => (Some(user), Some(ProgrammeRevision(revision))),
        Ok(None) => (None, None),
        Err(e) => {
            tracing::error!(request_id, error = ?e, "loading the current user");
            return error_body(
                media,
                StatusCode::INTERNAL_SERVER_ERROR,
                "INTERNAL",
                shared::ErrorCode::Internal.message_fr(),
            );
        }
    };
    let requests = match batch {
        BatchRequest::Single(one) => vec![one],
        BatchRequest::Batch(many) if many.len() <= MAX_BATCH && !many.is_empty() => many,
        BatchRequest::Batch(_) => {
            return error_body(
                media,
                StatusCode::BAD_REQUEST,
                "VALIDATION",
                &format!("Un envoi groupé compte de 1 à {MAX_BATCH} opérations."),
            )
        }
    };
    let single = requests.len() == 1 && !body.trim_ascii_start().starts_with(b"[");
    // A token that no longer opens (expired, revoked, disabled account) is refused even where a
    // visitor may read: the person is told to log in again rather than shown a visitor's page.
    let token_refused = user.is_none() && headers.contains_key(header::AUTHORIZATION);
    let forwarded_for = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let client = crate::client_address::client_address(peer.ip(), forwarded_for, &http.state.settings.trusted_proxies);
    let mut responses = Vec::with_capacity(requests.len());
    for (index, request) in requests.into_iter().enumerate() {
        let mut request = request
            .data(RequestUser(user.clone()))
            .data(TokenRefused(token_refused))
            .data(ClientAddress(Some(client)))
            .data(loaders::for_request(http.state.db.clone()));
        // Only the first operation: one after it may follow a change made by an earlier one.
        if let (0, Some(revision)) = (index, programme_revision) {
            request = request.data(revision);
        }
        let response = REQUEST_ID.scope(request_id.clone(), http.schema.execute(request)).await;
        responses.push(with_codes(response));
    }
    let retry_after = retry_after(&responses);
    let nothing_served = single && nothing_served(&responses[0]);
    let request_error = single && media == Media::GraphqlResponseJson && is_request_error(&responses[0]);
    let mut response = if request_error {
        let mut body = serde_json::to_value(responses.remove(0)).unwrap_or_default();
        if let Some(fields) = body.as_object_mut() {
            fields.remove("data");
        }
        (StatusCode::BAD_REQUEST, Json(body)).into_response()
    } else if single {
        Json(BatchResponse::Single(responses.remove(0))).into_response()
    } else {
        Json(BatchResponse::Batch(responses)).into_response()
    };
    response.headers_mut().insert(header::CONTENT_TYPE, media.content_type());
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    // A visitor over their ceiling: said the HTTP way too, so that a browser, a proxy or a crawler
    // waits rather than asking again at once. The status says it only when nothing was served: an
    // answer with some data keeps its 200, so that no client throws that data away.
    if let Some(seconds) = retry_after {
        if nothing_served {
            *response.status_mut() = StatusCode::TOO_MANY_REQUESTS;
        }
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}

/// Whether an answer carries no data at all: none, or only fields that failed.
fn nothing_served(response: &GqlResponse) -> bool {
    match &response.data {
        async_graphql::Value::Null => true,
        async_graphql::Value::Object(fields) => fields.values().all(|v| matches!(v, async_graphql::Value::Null)),
        _ => false,
    }
}

/// The longest wait any error of these responses asks for (`RATE_LIMITED` with `retryAfter`).
fn retry_after(responses: &[GqlResponse]) -> Option<u64> {
    let waits = responses.iter().flat_map(|r| &r.errors).filter_map(|error| {
        let wait = error.extensions.as_ref()?.get(crate::graphql::context::RETRY_AFTER)?;
        match wait {
            async_graphql::Value::Number(n) => n.as_u64(),
            _ => None,
        }
    });
    waits.max()
}

/// Gives every error without a code its code: `QUERY_TOO_COMPLEX` for async-graphql's own depth
/// and complexity limits, `VALIDATION` for the rest (parse and validation errors).
fn with_codes(mut response: GqlResponse) -> GqlResponse {
    for error in &mut response.errors {
        let code = crate::graphql::guard::code_of(error);
        let extensions = error.extensions.get_or_insert_with(Default::default);
        if extensions.get("code").is_none() {
            extensions.set("code", code.as_str());
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
        Some(token) => CurrentUser::load_with_programme_revision(&state.db, &token).await,
        None => Ok(None),
    }
}

/// The token of an `Authorization: Bearer …` header.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers.get(header::AUTHORIZATION)?.to_str().ok()?.strip_prefix("Bearer ").map(str::trim)
}

/// Liveness: the process answers (nothing else is touched, so a database outage does not get a
/// healthy process restarted).
async fn alive() -> Response {
    Json(json!({ "status": "ok" })).into_response()
}

/// Readiness (`/health` and `/health/ready`): the database answers, else 503.
async fn health(State(http): State<Http>) -> Response {
    match http.state.db.ping().await {
        Ok(()) => Json(json!({ "status": "ok" })).into_response(),
        Err(e) => {
            tracing::error!(error = ?e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "unavailable" }))).into_response()
        }
    }
}

/// The Prometheus figures, for whoever holds the metrics token; without a configured token, for
/// callers on this machine only, and for nobody in production (404, as if it did not exist).
async fn metrics(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
) -> Response {
    let settings = &http.state.settings;
    let allowed = match &settings.metrics_token {
        Some(token) => {
            let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
            same_secret(given.strip_prefix("Bearer ").unwrap_or_default(), token.expose())
        }
        None => !settings.environment.is_production() && peer.ip().is_loopback(),
    };
    if !allowed {
        return StatusCode::NOT_FOUND.into_response();
    }
    let body = http.state.metrics.render(&http.state.db, &http.state.live).await;
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], body).into_response()
}

/// Compares two secrets in a time that does not depend on where they differ.
fn same_secret(given: &str, expected: &str) -> bool {
    given.len() == expected.len() && given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
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

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(data: serde_json::Value) -> GqlResponse {
        GqlResponse::new(async_graphql::Value::from_json(data).unwrap_or(async_graphql::Value::Null))
    }

    #[test]
    fn an_answer_with_only_failed_fields_served_nothing_and_one_with_data_served_something() {
        assert!(nothing_served(&answer(serde_json::Value::Null)));
        assert!(nothing_served(&answer(serde_json::json!({ "sessions": null }))));
        assert!(nothing_served(&answer(serde_json::json!({ "a": null, "b": null }))));
        assert!(!nothing_served(&answer(serde_json::json!({ "a": { "totalCount": 3 }, "b": null }))));
    }
}
