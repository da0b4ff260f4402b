//! The School adds a national action to the programme as a draft (art. 129), then publishes it from
//! its desk. Every field keeps what was typed when the server refuses it.

use crate::api::ApiError;
use crate::components::mutation::{Mutation, SendButton};
use crate::router::{use_navigator, Link};
use leptos::prelude::*;
use serde_json::{json, Value};
use shared::SessionFormat;

const CREATE: &str = "mutation($input: SessionInput!) { createSession(input: $input) { id } }";

#[component]
fn TextField(
    #[prop(into)] id: String,
    #[prop(into)] label: String,
    value: RwSignal<String>,
    #[prop(optional, into)] kind: Option<String>,
) -> impl IntoView {
    let kind = kind.unwrap_or_else(|| "text".to_owned());
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type=kind bind:value=value />
        </div>
    }
}

#[component]
pub fn NewSessionPage() -> impl IntoView {
    let navigator = use_navigator();
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let format = RwSignal::new(SessionFormat::Session.as_str().to_owned());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let duration = RwSignal::new(String::new());
    let location = RwSignal::new(String::new());
    let capacity = RwSignal::new("20".to_owned());
    let open = RwSignal::new(String::new());
    let close = RwSignal::new(String::new());
    let functions = RwSignal::new(String::new());
    let creating = Mutation::new();
    // Once created, the draft opens on its desk, where it is published.
    Effect::new(move |_| {
        if let Some(id) =
            creating.answer().as_ref().and_then(|data| data.pointer("/createSession/id")).and_then(Value::as_str)
        {
            navigator.go(&format!("/ecole/selection/{id}"));
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let fail = |message: &str| creating.refuse(ApiError::invalid(message));
        let Ok(days) = crate::format::parse_decimal(&duration.get_untracked()).ok_or(()) else {
            return fail("Indiquez la durée en jours (ex. 3 ou 2,5).");
        };
        let Ok(seats) = capacity.get_untracked().trim().parse::<i64>() else {
            return fail("Indiquez le nombre de places (un nombre entier).");
        };
        if [start, end, open, close].iter().any(|d| d.get_untracked().is_empty()) {
            return fail("Renseignez les dates de l’action et de la période d’inscription.");
        }
        let targets: Vec<String> =
            functions.get_untracked().split(',').map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()).collect();
        let text = description.get_untracked();
        let place = location.get_untracked();
        let input = json!({
            "title": title.get_untracked().trim(), "format": format.get_untracked(), "scope": "NATIONAL",
            "description": if text.trim().is_empty() { Value::Null } else { json!(text.trim()) },
            "location": if place.trim().is_empty() { Value::Null } else { json!(place.trim()) },
            "startDate": start.get_untracked(), "endDate": end.get_untracked(), "durationDays": days, "capacity": seats,
            "applicationsOpen": open.get_untracked(), "applicationsClose": close.get_untracked(), "targetFunctions": targets,
        });
        creating.send(CREATE, json!({ "input": input }), "Le brouillon est créé.");
    };
    view! {
        <p class="breadcrumb"><Link href="/ecole/programme">"Programme national"</Link>" › nouvelle action"</p>
        <h1>"Nouvelle action de formation"</h1>
        <form class="panel" on:submit=submit>
            <TextField id="new-title" label="Intitulé" value=title />
            <div class="field">
                <label for="new-format">"Format"</label>
                <select id="new-format" on:change=move |ev| format.set(event_target_value(&ev))>
                    {SessionFormat::ALL.iter().map(|f| view! { <option value=f.as_str()>{f.label_fr()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="new-description">"Présentation"</label>
                <textarea id="new-description" rows="4" bind:value=description></textarea>
            </div>
            <TextField id="new-start" label="Premier jour" value=start kind="date" />
            <TextField id="new-end" label="Dernier jour" value=end kind="date" />
            <TextField id="new-duration" label="Durée (jours)" value=duration />
            <TextField id="new-location" label="Lieu" value=location />
            <TextField id="new-capacity" label="Places" value=capacity kind="number" />
            <TextField id="new-open" label="Ouverture des inscriptions" value=open kind="date" />
            <TextField id="new-close" label="Clôture des inscriptions" value=close kind="date" />
            <TextField id="new-functions" label="Fonctions visées (séparées par des virgules)" value=functions />
            <div aria-live="polite">{creating.outcome()}</div>
            <SendButton mutation=creating submit=true class="primary" label="Créer le brouillon" />
        </form>
    }
}
