//! What a list or a page shows while it loads, when it is empty, and when something went wrong.

use crate::api::json::Decode;
use crate::api::{ApiError, Resource};
use leptos::prelude::*;

#[component]
pub fn Loading(#[prop(optional, into)] label: Option<String>) -> impl IntoView {
    let label = label.unwrap_or_else(|| "Chargement…".to_owned());
    view! { <p class="loading" role="status" aria-live="polite"><span class="spinner" aria-hidden="true"></span>{label}</p> }
}

#[component]
pub fn Empty(#[prop(into)] message: String) -> impl IntoView {
    view! { <p class="empty">{message}</p> }
}

#[component]
pub fn ErrorNotice(error: ApiError) -> impl IntoView {
    view! { <p class="notice error" role="alert">{error.message}</p> }
}

/// A success message, announced to screen readers.
#[component]
pub fn Success(#[prop(into)] message: String) -> impl IntoView {
    view! { <p class="notice success" role="status">{message}</p> }
}

/// Renders a resource: loading, error, or `render` of its data.
pub fn loaded<T, V>(resource: Resource<T>, render: impl Fn(T) -> V + Send + Sync + 'static) -> impl IntoView
where
    T: Decode + 'static,
    V: IntoView + 'static,
{
    move || match resource.get() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => view! { <ErrorNotice error /> }.into_any(),
        Some(Ok(data)) => render(data).into_view().into_any(),
    }
}

/// The outcome of the last action on a page: nothing yet, a success, or an error.
#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    Idle,
    Done(String),
    Failed(ApiError),
}

/// Shows an [`Outcome`].
pub fn outcome_view(outcome: RwSignal<Outcome>) -> impl IntoView {
    move || match outcome.get() {
        Outcome::Idle => ().into_any(),
        Outcome::Done(message) => view! { <Success message /> }.into_any(),
        Outcome::Failed(error) => view! { <ErrorNotice error /> }.into_any(),
    }
}

/// Sends a mutation on the person's behalf: on success shows `success` and bumps `reload` so the
/// page reads the new state; on failure shows the error and keeps everything typed.
pub fn perform(
    outcome: RwSignal<Outcome>,
    reload: RwSignal<u32>,
    document: &'static str,
    variables: serde_json::Value,
    success: impl Into<String>,
) {
    let success = success.into();
    leptos::task::spawn_local(async move {
        match crate::api::query::<serde_json::Value>(document, variables).await {
            Ok(_) => {
                outcome.set(Outcome::Done(success));
                reload.update(|n| *n += 1);
            }
            Err(error) => outcome.set(Outcome::Failed(error)),
        }
    });
}

/// Downloads an export with the login token and reports the outcome.
pub fn download(outcome: RwSignal<Outcome>, path: String, file_name: String) {
    leptos::task::spawn_local(async move {
        match crate::api::download(&path, &file_name).await {
            Ok(()) => outcome.set(Outcome::Done(format!("« {file_name} » est téléchargé."))),
            Err(error) => outcome.set(Outcome::Failed(error)),
        }
    });
}
