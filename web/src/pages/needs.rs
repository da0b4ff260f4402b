//! A magistrate's training need for their court's deconcentrated plan (art. 137).

use crate::api::ApiError;
use crate::components::court_picker::planning_year;
use crate::components::mutation::{Mutation, SendButton};
use crate::session::use_auth;
use leptos::prelude::*;
use serde_json::{json, Value};

const SUBMIT: &str = "mutation($input: TrainingNeedInput!) { submitTrainingNeed(input: $input) { id year theme } }";

#[component]
pub fn NeedsPage() -> impl IntoView {
    let auth = use_auth();
    let court = auth.user().and_then(|me| me.magistrate.and_then(|m| m.court)).map(|c| c.name).unwrap_or_default();
    let next_year = planning_year();
    let theme = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let sending = Mutation::new();
    // Once transmitted, the form is emptied for another need.
    Effect::new(move |seen: Option<usize>| {
        let done = sending.done();
        if seen.is_some_and(|seen| seen != done) {
            theme.set(String::new());
            description.set(String::new());
        }
        done
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if theme.get_untracked().trim().is_empty() {
            sending.refuse(ApiError::invalid("Indiquez le thème de formation souhaité."));
            return;
        }
        let text = description.get_untracked();
        let variables = json!({ "input": { "theme": theme.get_untracked().trim(), "year": next_year,
            "description": if text.trim().is_empty() { Value::Null } else { json!(text.trim()) } } });
        sending.send(SUBMIT, variables, "Votre besoin est transmis au magistrat délégué à la formation.");
    };
    view! {
        <h1>"Besoins de formation"</h1>
        <p class="lead">{format!(
            "Faites connaître au magistrat délégué à la formation de la cour d’appel de {court} les formations qui vous seraient utiles en {next_year} : \
             elles nourrissent le plan de formation déconcentrée (art. 137).")}</p>
        <form class="panel" on:submit=submit>
            <div class="field">
                <label for="theme">"Thème"</label>
                <input id="theme" type="text" bind:value=theme />
            </div>
            <div class="field">
                <label for="need-description">"Précisions"</label>
                <textarea id="need-description" rows="4" bind:value=description></textarea>
            </div>
            <div aria-live="polite">{sending.outcome()}</div>
            <SendButton mutation=sending submit=true class="primary" label="Transmettre mon besoin" />
        </form>
    }
}
