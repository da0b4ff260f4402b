//! Who is logged in. The login lives in the browser's storage; when the server says it has expired,
//! the person is sent to the login page and brought back to where they were afterwards.

use crate::api::{self, model::Me};
use crate::router::{current_location, use_navigator, Navigator};
use leptos::prelude::*;

/// The logged-in person, shared by every page.
#[derive(Clone, Copy)]
pub struct Auth {
    pub me: RwSignal<Option<Me>>,
    /// Bumped after any change that may add notifications, so the badge refreshes.
    pub refresh: RwSignal<u32>,
}

impl Auth {
    pub fn user(&self) -> Option<Me> {
        self.me.get()
    }

    pub fn touch(&self) {
        self.refresh.update(|n| *n += 1);
    }
}

crate::decoded! {
    pub struct MeData {
        pub me: Me = "me",
        /// The School's date: deadlines are measured against it, not the browser's clock.
        pub today: chrono::NaiveDate = "today",
    }
}

impl MeData {
    /// Keeps the person and the School's date for the pages.
    pub fn install(self, auth: Auth) {
        crate::format::set_today(self.today);
        auth.me.set(Some(self.me));
    }
}

thread_local! {
    /// The app's login and navigator, reachable from API calls that run outside any component.
    static APP: std::cell::Cell<Option<(Auth, Navigator)>> = const { std::cell::Cell::new(None) };
}

pub fn provide_auth(navigator: Navigator) -> Auth {
    let auth = Auth { me: RwSignal::new(None), refresh: RwSignal::new(0) };
    provide_context(auth);
    APP.with(|app| app.set(Some((auth, navigator))));
    auth
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The stored login was refused: forget it and go to the login page with a way back.
pub fn expired() {
    api::store_token(None);
    if let Some((auth, navigator)) = APP.with(|app| app.get()) {
        auth.me.set(None);
        go_to_login(&navigator, true);
    }
}

/// Sends the person to log in; `expired` says why on the login page.
pub fn go_to_login(navigator: &Navigator, expired: bool) {
    let here = current_location();
    if here.starts_with("/connexion") {
        return;
    }
    let next = js_sys::encode_uri_component(&here).as_string().unwrap_or_default();
    let reason = if expired { "&expiree=1" } else { "" };
    navigator.replace(&format!("/connexion?suite={next}{reason}"));
}

/// Logs out and returns to the login page.
pub fn log_out() {
    api::store_token(None);
    let auth = use_auth();
    auth.me.set(None);
    use_navigator().go("/connexion");
}
