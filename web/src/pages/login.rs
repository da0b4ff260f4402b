//! The login page: single sign-on when the server offers it, else (and for the break-glass
//! administrator) an e-mail and a local password. After logging in, the person returns to the
//! screen they were sent away from — an address of Magistra only (`shared::builds`).

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

crate::decoded! {
    /// Whether the Ministry's single sign-on is offered (`MAGISTRA_OIDC_ISSUER` set on the server).
    struct SignInOptions {
        single_sign_on: bool = "singleSignOn",
    }
}

/// The token single sign-on left in its cookie (`__Host-` in production), wiped once read.
fn take_token_cookie() -> Option<String> {
    use wasm_bindgen::JsCast;
    let name = shared::builds::SIGN_IN_TOKEN_COOKIE;
    let secure_name = format!("__Host-{name}");
    let document: web_sys::HtmlDocument = web_sys::window()?.document()?.dyn_into().ok()?;
    let cookies = document.cookie().ok()?;
    let _ = document.set_cookie(&format!("{name}=; Path=/; Max-Age=0; SameSite=Lax"));
    let _ = document.set_cookie(&format!("{secure_name}=; Path=/; Max-Age=0; SameSite=Lax; Secure"));
    cookies.split(';').find_map(|pair| {
        let (key, value) = pair.trim().split_once('=')?;
        ((key == name || key == secure_name) && !value.is_empty()).then(|| value.to_owned())
    })
}

#[component]
pub fn LoginPage() -> impl IntoView {
    let navigator = use_navigator();
    let auth = use_auth();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let expired = query_param("expiree").is_some();
    // Logging in, then reading who logged in: one action, so the button cannot send it twice.
    // Single sign-on comes back with its token in the address's fragment (`crate::sso` on the
    // server): it is taken, wiped from the address at once, and the same reading follows.
    let signing_in = Task::new();
    let sign_in = move |variables: Option<serde_json::Value>, next: Option<String>| {
        signing_in.run(async move {
            let result = async {
                if let Some(variables) = variables {
                    let data = api::query::<LoginData>(LOGIN, variables).await?;
                    api::store_token(Some(&data.login.token));
                }
                api::query::<MeData>("query", serde_json::Value::Null).await
            }
            .await;
            match result {
                Ok(data) => {
                    let target = next
                        .or_else(|| query_param("suite"))
                        .filter(|next| shared::builds::is_return_address(next))
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
    // Single sign-on comes back with the token in a short-lived cookie (server's `sso::TOKEN_COOKIE`),
    // set only for the browser that began the sign-in; it is taken and wiped at once.
    let sso = query_param("sso");
    if sso.as_deref() == Some("ok") {
        match take_token_cookie() {
            Some(token) => {
                api::store_token(Some(&token));
                sign_in(None, None);
            }
            None => error.set(Some(ApiError::invalid(
                "La connexion par l’authentification unique n’a pas abouti dans ce navigateur : reprenez-la ici.",
            ))),
        }
    }
    let sso_refusal = sso.filter(|kind| kind != "ok").map(|kind| match kind.as_str() {
        "inconnu" => "Votre identifiant n’est celui d’aucun compte Magistra : l’administrateur doit d’abord importer l’annuaire qui vous contient.",
        "desactive" => "Votre compte Magistra est désactivé : adressez-vous à l’administrateur.",
        _ => "La connexion par l’authentification unique n’a pas abouti. Réessayez ; si cela se reproduit, prévenez l’administrateur.",
    });
    let options = api::resource::<SignInOptions, _>("query", || serde_json::Value::Null);
    let sso_href = move || {
        let next = query_param("suite").unwrap_or_default();
        format!("/auth/oidc/login?suite={}", js_sys::encode_uri_component(&next).as_string().unwrap_or_default())
    };
    let busy = move || signing_in.pending();

    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        error.set(None);
        sign_in(Some(json!({ "email": email.get_untracked().trim(), "password": password.get_untracked() })), None);
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
                {sso_refusal.map(|message| view! { <p class="notice error" role="alert">{message}</p> })}
                {move || options.get().and_then(Result::ok).filter(|o| o.single_sign_on).map(|_| view! {
                    <p class="sso"><a class="button-link" href=sso_href>"Se connecter par l’authentification unique"</a></p>
                    <p class="muted">"Ou, pour un compte local :"</p>
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
