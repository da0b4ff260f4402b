//! The root: who is logged in, which screen the address names, and the frame around it.

use crate::api;
use crate::components::layout::{home_of, PublicShell, Shell};
use crate::components::mutation::Task;
use crate::components::state::{LoadFailed, Loading};
use crate::pages;
use crate::router::{provide_navigator, HOME, LOGIN};
use crate::session::{go_to_login, provide_auth, MeData};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let navigator = provide_navigator();
    let auth = provide_auth(navigator);
    api::provide_freshness();

    // Load the person behind a stored login; without one, go and log in. A failure (server away,
    // line down) is shown with « Réessayer » rather than an endless spinner.
    let who = Task::new();
    let load_me = move || {
        who.run(async move {
            let data = api::query::<MeData>("query", serde_json::Value::Null).await?;
            data.install(auth);
            Ok(serde_json::Value::Null)
        });
    };
    if api::stored_token().is_some() {
        load_me();
    }
    let me_failed = move || match who.result() {
        Some(Err(error)) if !who.pending() && error.code != shared::ErrorCode::Unauthenticated => Some(error),
        _ => None,
    };
    Effect::new(move |_| {
        let route = navigator.route();
        if !route.is(LOGIN) && !route.public() && api::stored_token().is_none() {
            go_to_login(&navigator, false);
        }
        if route.is(HOME) {
            if let Some(me) = auth.me.get() {
                navigator.replace(home_of(&me));
            }
        }
    });
    // Each new screen gets a title and moves focus to its content, for screen readers and keyboards.
    Effect::new(move |_| {
        let route = navigator.route();
        let title = route.title();
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!("{title} — Magistra"));
        }
        crate::components::focus::focus_by_id("contenu");
    });

    // The frame is built once per login; only the page inside it follows the address.
    let on_login_page = Memo::new(move |_| navigator.route().is(LOGIN));
    let logged_in = Memo::new(move |_| auth.me.with(Option::is_some));
    // Someone not logged in reads the public programme in a lighter frame (art. 129).
    let visiting = Memo::new(move |_| !logged_in.get() && navigator.route().public() && api::stored_token().is_none());
    move || {
        if on_login_page.get() {
            return view! { <pages::login::LoginPage /> }.into_any();
        }
        if visiting.get() {
            return view! { <PublicShell>{move || navigator.route().draw()}</PublicShell> }.into_any();
        }
        if !logged_in.get() {
            if let Some(error) = me_failed() {
                let retry = Callback::new(move |()| load_me());
                return view! { <main id="contenu" class="centered"><LoadFailed error retry /></main> }.into_any();
            }
            return view! { <main id="contenu" class="centered"><Loading /></main> }.into_any();
        }
        view! { <Shell>{move || navigator.route().draw()}</Shell> }.into_any()
    }
}
