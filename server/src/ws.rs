//! GraphQL over WebSocket at `/graphql/ws` (the `graphql-transport-ws` and `graphql-ws`
//! protocols), for subscriptions only, behind the same guards as HTTP: `connection_init` must
//! carry a valid token (`Authorization: Bearer …` or `token`), else the connection is refused;
//! queries and mutations are refused ([`crate::graphql::guard`]); messages over 64 KiB are
//! refused; a person holds at most [`live::MAX_CONNECTIONS_PER_USER`] connections; the client's
//! address and a request id are set as over HTTP.

use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{ConnectInfo, State, WebSocketUpgrade};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};

use crate::auth::CurrentUser;
use crate::graphql::context::{ClientAddress, RequestUser};
use crate::graphql::guard::OverWebSocket;
use crate::graphql::loaders;
use crate::http::Http;
use crate::live::{self, SlotKind};
use crate::services::REQUEST_ID;
use crate::state::AppState;

/// The token of a `connection_init` payload.
fn token_of(payload: &serde_json::Value) -> Option<String> {
    payload
        .get("Authorization")
        .or_else(|| payload.get("authorization"))
        .and_then(|v| v.as_str())
        .and_then(|v| v.strip_prefix("Bearer "))
        .or_else(|| payload.get("token").and_then(|v| v.as_str()))
        .map(|t| t.trim().to_owned())
}

/// Checks `connection_init`: the person behind a valid, unrevoked token, within their number of
/// connections; the connection's data for every subscription on it.
async fn accept(
    state: AppState,
    payload: serde_json::Value,
    client: std::net::IpAddr,
) -> async_graphql::Result<async_graphql::Data> {
    let refused = || async_graphql::Error::new("Connexion refusée : jeton absent, expiré ou révoqué.");
    let token = token_of(&payload).and_then(|t| state.keys.verify(&t)).ok_or_else(refused)?;
    let user = match CurrentUser::load_for_token(&state.db, &token).await {
        Ok(Some(user)) => user,
        Ok(None) => return Err(refused()),
        Err(e) => {
            tracing::error!(error = ?e, "WebSocket: loading the caller");
            return Err(async_graphql::Error::new(shared::ErrorCode::Internal.message_fr()));
        }
    };
    let slot = state
        .live
        .take(user.id, SlotKind::Connection)
        .map_err(|_| async_graphql::Error::new("Trop de connexions en direct ouvertes : fermez d’autres onglets."))?;
    let mut data = async_graphql::Data::default();
    data.insert(RequestUser(Some(user)));
    data.insert(ClientAddress(Some(client)));
    data.insert(OverWebSocket);
    data.insert(loaders::for_request(state.db.clone()));
    data.insert(slot);
    Ok(data)
}

pub(crate) async fn graphql_ws(
    State(http): State<Http>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let forwarded_for = headers.get("x-forwarded-for").and_then(|v| v.to_str().ok());
    let client = crate::client_address::client_address(peer.ip(), forwarded_for, &http.state.settings.trusted_proxies);
    let request_id = uuid::Uuid::new_v4().to_string();
    upgrade
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .max_message_size(live::MAX_MESSAGE_BYTES)
        .max_frame_size(live::MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| {
            let state = http.state.clone();
            let connection = GraphQLWebSocket::new(socket, http.schema.clone(), protocol)
                .on_connection_init(move |payload| accept(state, payload, client))
                .serve();
            REQUEST_ID.scope(request_id, connection)
        })
        .into_response()
}
