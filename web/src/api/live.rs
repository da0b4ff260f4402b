//! The `budgetChanged` subscription over GraphQL on WebSocket (`graphql-transport-ws`), so a court's
//! dashboard updates as soon as someone records an expense, wherever they are.

use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// An open subscription; dropping it closes the socket.
pub struct Subscription {
    socket: web_sys::WebSocket,
    _on_open: Closure<dyn FnMut()>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.socket.set_onopen(None);
        self.socket.set_onmessage(None);
        let _ = self.socket.close();
    }
}

/// Subscribes to `document`; `on_data` receives each `data` payload.
pub fn subscribe(document: &str, variables: Value, mut on_data: impl FnMut(Value) + 'static) -> Option<Subscription> {
    let window = web_sys::window()?;
    let location = window.location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    let url = format!("{scheme}://{}/graphql/ws", location.host().ok()?);
    let socket = web_sys::WebSocket::new_with_str(&url, "graphql-transport-ws").ok()?;
    let token = super::stored_token().unwrap_or_default();
    let start = json!({ "id": "1", "type": "subscribe", "payload": { "query": document, "variables": variables } });
    let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });

    let opened = socket.clone();
    let on_open = Closure::<dyn FnMut()>::new(move || {
        let _ = opened.send_with_str(&init.to_string());
    });
    let acked = socket.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let Some(text) = event.data().as_string() else { return };
        let Ok(message) = serde_json::from_str::<Value>(&text) else { return };
        match message.get("type").and_then(Value::as_str) {
            Some("connection_ack") => {
                let _ = acked.send_with_str(&start.to_string());
            }
            Some("next") => {
                if let Some(data) = message.pointer("/payload/data") {
                    on_data(data.clone());
                }
            }
            Some("ping") => {
                let _ = acked.send_with_str(r#"{"type":"pong"}"#);
            }
            _ => {}
        }
    });
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Some(Subscription { socket, _on_open: on_open, _on_message: on_message })
}
