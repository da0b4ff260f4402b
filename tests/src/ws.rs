//! GraphQL over WebSocket for the tests: a `graphql-transport-ws` client on loopback.

use std::time::Duration;

use futures::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

/// An open WebSocket to the server.
pub type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens `/graphql/ws` on the server at `base`, with the `graphql-transport-ws` protocol.
pub async fn open(base: &str) -> Socket {
    let mut request = format!("{}/graphql/ws", base.replace("http://", "ws://")).into_client_request().unwrap();
    request.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    tokio_tungstenite::connect_async(request).await.unwrap().0
}

/// Sends one JSON message.
pub async fn send(socket: &mut Socket, message: Value) {
    socket.send(Message::Text(message.to_string().into())).await.unwrap();
}

/// Sends `connection_init` with `payload` and returns the server's first answer: a JSON message
/// (`connection_ack`), or `{"closed": code, "reason": …}` when it closed the connection.
pub async fn init(socket: &mut Socket, payload: Value) -> Value {
    send(socket, json!({ "type": "connection_init", "payload": payload })).await;
    next(socket, Duration::from_secs(10)).await.unwrap_or_else(|| json!({ "closed": "timeout" }))
}

/// A connection authenticated with `token`, after its `connection_ack`.
pub async fn connect(base: &str, token: &str) -> Socket {
    let mut socket = open(base).await;
    let ack = init(&mut socket, json!({ "Authorization": format!("Bearer {token}") })).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket
}

/// The next JSON message, or the close frame as `{"closed": code, "reason": …}`; `None` when
/// nothing came within `wait`.
pub async fn next(socket: &mut Socket, wait: Duration) -> Option<Value> {
    loop {
        match tokio::time::timeout(wait, socket.next()).await {
            Err(_) => return None,
            Ok(None) => return Some(json!({ "closed": "eof" })),
            Ok(Some(Err(e))) => return Some(json!({ "closed": "error", "reason": e.to_string() })),
            Ok(Some(Ok(Message::Text(text)))) => return Some(serde_json::from_str(&text).unwrap()),
            Ok(Some(Ok(Message::Close(frame)))) => {
                let (code, reason) =
                    frame.map(|f| (u16::from(f.code), f.reason.to_string())).unwrap_or((0, String::new()));
                return Some(json!({ "closed": code, "reason": reason }));
            }
            Ok(Some(Ok(_))) => continue,
        }
    }
}

/// The next JSON message, which must come within ten seconds.
pub async fn next_json(socket: &mut Socket) -> Value {
    next(socket, Duration::from_secs(10)).await.expect("a message within ten seconds")
}

/// Subscribes with `id` to `query` and its `variables`.
pub async fn subscribe(socket: &mut Socket, id: &str, query: &str, variables: Value) {
    send(socket, json!({ "id": id, "type": "subscribe", "payload": { "query": query, "variables": variables } })).await;
}
