//! The login page. After logging in, the person returns to the screen they were sent away from.

use crate::api::{self, ApiError};
use crate::components::layout::home_of;
use crate::components::mutation::Task;
use crate::components::state::ErrorNotice;
use crate::router::{query_param, use_navigator};
use crate::session::{use_auth, MeData};
use leptos::prelude::*;
use serde_json::json;

crate::decoded! {
    struct LoginData {
        login: LoginPayload = "login" ("(email: $email, password: $password)"),
    }
}

crate::decoded! {
    struct LoginPayload {
        token: String = "token",
    }
}

const LOGIN: &str = "mutation($email: String!, $password: String!)";

#[component]
pub fn LoginPage() -> impl IntoView {
    let navigator = use_navigator();
    let auth = use_auth();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let expired = query_param("expiree").is_some();
    // Logging in, then reading who logged in: one action, so the button cannot send it twice.
    let signing_in = Task::new();
    let sign_in = move |variables: serde_json::Value| {
        signing_in.run(async move {
            let result = async {
                let data = api::query::<LoginData>(LOGIN, variables).await?;
                api::store_token(Some(&data.login.token));
                api::query::<MeData>("query", serde_json::Value::Null).await
            }
            .await;
            match result {
                Ok(data) => {
                    let target = query_param("suite")
                        .filter(|next| {
                            next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/connexion")
                        })
                        .unwrap_or_else(|| home_of(&data.me).to_owned());
                    data.install(auth);
                    navigator.replace(&target);
                }
                Err(mut failure) => {
                    api::store_token(None);
                    if failure.code == shared::ErrorCode::Unauthenticated {
                        failure.message = "Adresse électronique ou mot de passe incorrect.".to_owned();
                    }
                    error.set(Some(failure));
                }
            }
            Ok(serde_json::Value::Null)
        });
    };
    let busy = move || signing_in.pending();

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        error.set(None);
        sign_in(json!({ "email": email.get_untracked().trim(), "password": password.get_untracked() }));
    };

    view! {
        <main id="contenu" class="login" tabindex="-1">
            <div class="login-card">
                <h1>"Magistra"</h1>
                <p class="lead">"Formation continue des magistrats — École nationale de la magistrature"</p>
                {expired
                    .then(|| {
                        view! {
                            <p class="notice info" role="status">
                                "Votre session a expiré. Reconnectez-vous pour reprendre là où vous en étiez."
                            </p>
                        }
                    })}
                <form on:submit=submit novalidate>
                    <h2>"Connexion"</h2>
                    <div class="field">
                        <label for="email">"Adresse électronique"</label>
                        <input id="email" type="email" autocomplete="username" required bind:value=email />
                    </div>
                    <div class="field">
                        <label for="password">"Mot de passe"</label>
                        <input
                            id="password"
                            type="password"
                            autocomplete="current-password"
                            required
                            bind:value=password
                        />
                    </div>
                    {move || error.get().map(|error| view! { <ErrorNotice error /> })}
                    <button type="submit" class="primary" disabled=busy aria-busy=move || busy().to_string()>
                        {move || if busy() { "Connexion…" } else { "Se connecter" }}
                    </button>
                </form>
                <p class="login-public">
                    <a href="/programme">"Consulter le programme sans vous connecter"</a>
                </p>
            </div>
        </main>
    }
}
