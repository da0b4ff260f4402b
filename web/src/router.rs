//! Client-side routes: each screen has a French address, the browser's back button works, and a link
//! is a real `<a href>` (so it opens in a new tab and works from the keyboard).

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Every screen of the client.
#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Login,
    Home,
    Programme,
    Session(String),
    Wishes,
    Notifications,
    Sheet,
    Evaluation(String),
    Validations,
    Needs,
    Review,
    Compliance,
    Plan,
    Budget,
    Expense,
    CourtSessions,
    CourtSession(String),
    ManageProgramme,
    NewSession,
    Selection(String),
    Dashboard,
    Transmission,
    NotFound,
}

impl Route {
    pub fn parse(path: &str) -> Route {
        let parts: Vec<&str> = path.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Route::Home,
            ["connexion"] => Route::Login,
            ["programme"] => Route::Programme,
            ["sessions", id] => Route::Session((*id).to_owned()),
            ["mes-voeux"] => Route::Wishes,
            ["notifications"] => Route::Notifications,
            ["ma-fiche"] => Route::Sheet,
            ["evaluation", id] => Route::Evaluation((*id).to_owned()),
            ["validations"] => Route::Validations,
            ["besoins"] => Route::Needs,
            ["avis"] => Route::Review,
            ["conformite"] => Route::Compliance,
            ["plan"] => Route::Plan,
            ["budget"] => Route::Budget,
            ["budget", "depense"] => Route::Expense,
            ["cour", "sessions"] => Route::CourtSessions,
            ["cour", "sessions", id] => Route::CourtSession((*id).to_owned()),
            ["ecole", "programme"] => Route::ManageProgramme,
            ["ecole", "programme", "nouvelle"] => Route::NewSession,
            ["ecole", "selection", id] => Route::Selection((*id).to_owned()),
            ["ecole", "tableau-de-bord"] => Route::Dashboard,
            ["ecole", "transmission"] => Route::Transmission,
            _ => Route::NotFound,
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
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(target));
        }
        self.path.set(target.to_owned());
    }
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
