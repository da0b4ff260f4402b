//! The root: who is logged in, which screen the address names, and the frame around it.

use crate::api;
use crate::components::layout::{home_of, Shell};
use crate::components::state::Loading;
use crate::pages;
use crate::router::{provide_navigator, Route};
use crate::session::{go_to_login, provide_auth, MeData, ME_QUERY};
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let navigator = provide_navigator();
    let auth = provide_auth(navigator);

    // Load the person behind a stored login once; without one, go and log in.
    if api::stored_token().is_some() {
        leptos::task::spawn_local(async move {
            if let Ok(data) = api::query::<MeData>(ME_QUERY, serde_json::Value::Null).await {
                data.install(auth);
            }
        });
    }
    Effect::new(move |_| {
        let route = navigator.route();
        if route != Route::Login && api::stored_token().is_none() {
            go_to_login(&navigator, false);
        }
        if route == Route::Home {
            if let Some(me) = auth.me.get() {
                navigator.replace(home_of(&me));
            }
        }
    });
    // Each new screen gets a title and moves focus to its content, for screen readers and keyboards.
    Effect::new(move |_| {
        let route = navigator.route();
        let title = pages::title(&route);
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!("{title} — Magistra"));
            if let Some(main) = document.get_element_by_id("contenu") {
                use wasm_bindgen::JsCast;
                if let Ok(main) = main.dyn_into::<web_sys::HtmlElement>() {
                    let _ = main.focus();
                }
            }
        }
    });

    // The frame is built once per login; only the page inside it follows the address.
    let on_login_page = Memo::new(move |_| navigator.route() == Route::Login);
    let logged_in = Memo::new(move |_| auth.me.with(Option::is_some));
    move || {
        if on_login_page.get() {
            return view! { <pages::login::LoginPage /> }.into_any();
        }
        if !logged_in.get() {
            return view! { <main id="contenu" class="centered"><Loading /></main> }.into_any();
        }
        view! { <Shell>{move || pages::page(navigator.route())}</Shell> }.into_any()
    }
}
