//! Client-side routes: each screen has a French address, the browser's back button works, and a link
//! is a real `<a href>` (so it opens in a new tab and works from the keyboard).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// One screen of the client, as [`crate::pages::screens`] lists them: its address (a segment
/// `:id` stands for a parameter), the browser tab's title, and how it is drawn from its parameters.
/// Adding a screen is adding one entry there.
pub struct Screen {
    pub path: &'static str,
    pub title: &'static str,
    /// Open without a login (the programme is public, art. 129).
    pub public: bool,
    pub draw: fn(&[String]) -> AnyView,
}

impl Screen {
    /// The parameters of `parts` when they fit this screen's address.
    fn fit(&self, parts: &[&str]) -> Option<Vec<String>> {
        let pattern: Vec<&str> = self.path.split('/').filter(|p| !p.is_empty()).collect();
        if pattern.len() != parts.len() {
            return None;
        }
        let mut params = Vec::new();
        for (expected, part) in pattern.iter().zip(parts) {
            if expected.starts_with(':') {
                params.push((*part).to_owned());
            } else if expected != part {
                return None;
            }
        }
        Some(params)
    }
}

/// A parsed address: which screen, with which parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct Route {
    /// The screen's address pattern, as listed (`/sessions/:id`); [`NOT_FOUND`] when none fits.
    pub screen: &'static str,
    pub params: Vec<String>,
}

/// The pattern of the page shown when no screen fits the address.
pub const NOT_FOUND: &str = "*";
/// The login screen's address.
pub const LOGIN: &str = "/connexion";
/// The address that sends each person to their own first screen.
pub const HOME: &str = "/";

impl Route {
    pub fn parse(path: &str) -> Route {
        let parts: Vec<&str> = path.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
        crate::pages::screens()
            .find_map(|screen| screen.fit(&parts).map(|params| Route { screen: screen.path, params }))
            .unwrap_or(Route { screen: NOT_FOUND, params: Vec::new() })
    }

    pub fn is(&self, pattern: &str) -> bool {
        self.screen == pattern
    }

    fn entry(&self) -> Option<&'static Screen> {
        crate::pages::screens().find(|s| s.path == self.screen)
    }

    /// Whether a visitor who has not logged in may see it.
    pub fn public(&self) -> bool {
        self.entry().is_some_and(|s| s.public)
    }

    /// The browser tab's title.
    pub fn title(&self) -> &'static str {
        self.entry().map(|s| s.title).unwrap_or("Page introuvable")
    }

    /// The screen itself.
    pub fn draw(&self) -> AnyView {
        match self.entry() {
            Some(screen) => (screen.draw)(&self.params),
            None => crate::pages::not_found(),
        }
    }
}

/// The current path and query, as the address bar shows them.
pub fn current_location() -> String {
    web_sys::window()
        .and_then(|w| {
            let location = w.location();
            Some(format!("{}{}", location.pathname().ok()?, location.search().ok()?))
        })
        .unwrap_or_else(|| "/".to_owned())
}

/// The value of `name` in the address's query string.
pub fn query_param(name: &str) -> Option<String> {
    let search = web_sys::window()?.location().search().ok()?;
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        (key == name).then(|| js_sys::decode_uri_component(value).ok().and_then(|v| v.as_string())).flatten()
    })
}

#[derive(Clone, Copy)]
pub struct Navigator {
    path: RwSignal<String>,
}

impl Navigator {
    pub fn route(&self) -> Route {
        let path = self.path.get();
        Route::parse(path.split('?').next().unwrap_or("/"))
    }

    /// Goes to `target` (a path with an optional query) and records it in the history.
    pub fn go(&self, target: &str) {
        if load_elsewhere(target, false) {
            return;
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(target));
        }
        self.path.set(target.to_owned());
        if let Some(window) = web_sys::window() {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }

    /// Replaces the current entry (for redirects that should not stay in the history).
    pub fn replace(&self, target: &str) {
        if load_elsewhere(target, true) {
            return;
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(target));
        }
        self.path.set(target.to_owned());
    }
}

/// An address this build of the client has no screen for (the administration console's, from the
/// magistrates' client) is loaded whole from the server, which serves the build that has it; `true`
/// when it was.
fn load_elsewhere(target: &str, replacing: bool) -> bool {
    if !Route::parse(target.split('?').next().unwrap_or(HOME)).is(NOT_FOUND) {
        return false;
    }
    // Never another site: an address that is not plainly Magistra's is not followed at all.
    if !shared::builds::is_plain_address(target) {
        return true;
    }
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        let _ = if replacing { location.replace(target) } else { location.assign(target) };
    }
    true
}

/// Sets up the navigator for the app and follows the browser's back and forward buttons.
pub fn provide_navigator() -> Navigator {
    let navigator = Navigator { path: RwSignal::new(current_location()) };
    let on_pop = Closure::<dyn FnMut()>::new(move || navigator.path.set(current_location()));
    if let Some(window) = web_sys::window() {
        let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    }
    on_pop.forget();
    provide_context(navigator);
    navigator
}

pub fn use_navigator() -> Navigator {
    expect_context::<Navigator>()
}

/// A link inside the app: a plain `<a href>` that changes screens without reloading.
#[component]
pub fn Link(#[prop(into)] href: String, children: Children, #[prop(optional, into)] class: String) -> impl IntoView {
    let navigator = use_navigator();
    let target = href.clone();
    let on_click = move |event: web_sys::MouseEvent| {
        if event.ctrl_key() || event.meta_key() || event.shift_key() || event.button() != 0 {
            return;
        }
        event.prevent_default();
        navigator.go(&target);
    };
    view! { <a href=href class=class on:click=on_click>{children()}</a> }
}
