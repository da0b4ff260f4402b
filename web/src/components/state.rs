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

/// A load that failed: the error in French and « Réessayer », never an endless spinner.
#[component]
pub fn LoadFailed(error: ApiError, retry: Callback<()>) -> impl IntoView {
    view! {
        <div class="notice error retry" role="alert">
            <p>{error.message}</p>
            <button type="button" on:click=move |_| retry.run(())>"Réessayer"</button>
        </div>
    }
}

/// Renders a resource: loading, error with « Réessayer », or `render` of its data.
pub fn loaded<T, V>(resource: Resource<T>, render: impl Fn(T) -> V + Send + Sync + 'static) -> impl IntoView
where
    T: Decode + 'static,
    V: IntoView + 'static,
{
    let state = move || resource.get().map(|result| result.map(|data| render(data).into_view().into_any()));
    states(Box::new(state), Callback::new(move |()| resource.refetch()))
}

/// What [`loaded`] shows, written once for every resource rather than once per page.
fn states(
    state: Box<dyn Fn() -> Option<Result<AnyView, ApiError>> + Send + Sync>,
    retry: Callback<()>,
) -> impl IntoView {
    move || match state() {
        None => view! { <Loading /> }.into_any(),
        Some(Err(error)) => view! { <LoadFailed error retry /> }.into_any(),
        Some(Ok(view)) => view,
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
        Outcome::Done(message) if message.is_empty() => ().into_any(),
        Outcome::Done(message) => view! { <Success message /> }.into_any(),
        Outcome::Failed(error) => view! { <ErrorNotice error /> }.into_any(),
    }
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
