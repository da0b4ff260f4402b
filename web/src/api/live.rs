//! Subscriptions over GraphQL on WebSocket (`graphql-transport-ws`): a court's dashboard updates as
//! soon as someone records an expense, a notification arrives as it is written. A connection that
//! drops (the server restarted, the network came back) is opened again after 1 s, then 2, 4… up to
//! 30 s, with a random second added so that thousands of pages do not all come back at once; the
//! page is told, so that it can say so and read again what it may have missed. Each attempt logs in
//! with the token stored then; without one (logged out), it stops.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Where a subscription's connection stands.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Link {
    /// Connected and subscribed.
    Open,
    /// The connection dropped; it will be opened again.
    Lost,
    /// Connected again after a drop: what happened meanwhile was not pushed.
    Reopened,
}

/// An open subscription; dropping it closes the socket for good.
pub struct Subscription {
    live: Rc<Live>,
}

struct Handlers {
    _open: Closure<dyn FnMut()>,
    _message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _close: Closure<dyn FnMut()>,
}

struct Live {
    url: String,
    start: String,
    on_data: RefCell<Box<dyn FnMut(Value)>>,
    on_link: Box<dyn Fn(Link)>,
    socket: RefCell<Option<web_sys::WebSocket>>,
    handlers: RefCell<Option<Handlers>>,
    /// Failed attempts since the last connection.
    attempts: Cell<u32>,
    /// Whether it was ever connected (a new connection is then a reopening).
    was_open: Cell<bool>,
    ended: Cell<bool>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.live.ended.set(true);
        if let Some(socket) = self.live.socket.borrow_mut().take() {
            socket.set_onopen(None);
            socket.set_onmessage(None);
            socket.set_onclose(None);
            let _ = socket.close();
        }
        self.live.handlers.borrow_mut().take();
    }
}

/// Subscribes to `document`; `on_data` receives each `data` payload, `on_link` each change of the
/// connection. `None` where the page has no address to connect to.
pub fn subscribe(
    document: &str,
    variables: Value,
    on_data: impl FnMut(Value) + 'static,
    on_link: impl Fn(Link) + 'static,
) -> Option<Subscription> {
    let location = web_sys::window()?.location();
    let scheme = if location.protocol().ok()? == "https:" { "wss" } else { "ws" };
    let live = Rc::new(Live {
        url: format!("{scheme}://{}/graphql/ws", location.host().ok()?),
        start: json!({ "id": "1", "type": "subscribe", "payload": { "query": document, "variables": variables } })
            .to_string(),
        on_data: RefCell::new(Box::new(on_data)),
        on_link: Box::new(on_link),
        socket: RefCell::new(None),
        handlers: RefCell::new(None),
        attempts: Cell::new(0),
        was_open: Cell::new(false),
        ended: Cell::new(false),
    });
    connect(&live);
    Some(Subscription { live })
}

/// Opens the socket and subscribes once the server acknowledges.
fn connect(live: &Rc<Live>) {
    let Some(token) = super::stored_token().filter(|_| !live.ended.get()) else { return };
    let init =
        json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } }).to_string();
    let Ok(socket) = web_sys::WebSocket::new_with_str(&live.url, "graphql-transport-ws") else {
        return retry_later(live);
    };
    let weak = Rc::downgrade(live);
    let opened = socket.clone();
    let open = Closure::<dyn FnMut()>::new(move || {
        let _ = opened.send_with_str(&init);
    });
    let (answering, heard) = (socket.clone(), weak.clone());
    let message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        let Some(live) = heard.upgrade() else { return };
        let Some(text) = event.data().as_string() else { return };
        let Some(message) = super::json::parse(&text) else { return };
        match message.get("type").and_then(Value::as_str) {
            Some("connection_ack") => {
                let _ = answering.send_with_str(&live.start);
                live.attempts.set(0);
                (live.on_link)(if live.was_open.replace(true) { Link::Reopened } else { Link::Open });
            }
            Some("next") => {
                if let Some(data) = message.pointer("/payload/data") {
                    (live.on_data.borrow_mut())(data.clone());
                }
            }
            Some("ping") => {
                let _ = answering.send_with_str(r#"{"type":"pong"}"#);
            }
            // The server ended the subscription (a login that no longer holds, a limit): as a drop.
            Some("complete" | "error") => {
                let _ = answering.close();
            }
            _ => {}
        }
    });
    let close = Closure::<dyn FnMut()>::new(move || {
        if let Some(live) = weak.upgrade().filter(|live| !live.ended.get()) {
            (live.on_link)(Link::Lost);
            retry_later(&live);
        }
    });
    socket.set_onopen(Some(open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(close.as_ref().unchecked_ref()));
    if let Some(previous) = live.socket.replace(Some(socket)) {
        previous.set_onopen(None);
        previous.set_onmessage(None);
        previous.set_onclose(None);
    }
    live.handlers.replace(Some(Handlers { _open: open, _message: message, _close: close }));
}

/// Connects again after the next delay: 1 s, doubling up to 30 s, plus up to a second drawn at random.
fn retry_later(live: &Rc<Live>) {
    let attempt = live.attempts.replace(live.attempts.get() + 1);
    let delay = (1000 << attempt.min(5)).min(30_000) + (js_sys::Math::random() * 1000.0) as i32;
    let weak: Weak<Live> = Rc::downgrade(live);
    let again = Closure::once_into_js(move || {
        if let Some(live) = weak.upgrade() {
            connect(&live);
        }
    });
    if let Some(window) = web_sys::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(again.unchecked_ref(), delay);
    }
}
