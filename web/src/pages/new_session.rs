//! An action's form, written once: the School adds a national action to the programme as a draft
//! (art. 129), then publishes it from its desk; whoever manages an action edits it there (its
//! applicants are told of new dates by the server). Every field keeps what was typed when the
//! server refuses it.

use crate::api::model::Session;
use crate::api::ApiError;
use crate::components::date_field::DateField;
use crate::components::mutation::{Mutation, SendButton};
use crate::format::decimal;
#[cfg(feature = "console")]
use crate::router::{use_navigator, Link};
use leptos::prelude::*;
use serde_json::{json, Value};
use shared::dates::{iso, parse_fr};
use shared::SessionFormat;

#[cfg(feature = "console")]
const CREATE: &str = "mutation($input: SessionInput!) { createSession(input: $input) { id } }";
const UPDATE: &str = "mutation($id: ID!, $input: SessionInput!) { updateSession(id: $id, input: $input) { id } }";

/// What a person types into an action's form.
#[derive(Clone, Copy)]
struct SessionFields {
    title: RwSignal<String>,
    description: RwSignal<String>,
    format: RwSignal<String>,
    start: RwSignal<String>,
    end: RwSignal<String>,
    duration: RwSignal<String>,
    location: RwSignal<String>,
    capacity: RwSignal<String>,
    open: RwSignal<String>,
    close: RwSignal<String>,
    functions: RwSignal<String>,
    onboarding: RwSignal<bool>,
}

impl SessionFields {
    fn new() -> Self {
        let text = || RwSignal::new(String::new());
        Self {
            title: text(),
            description: text(),
            format: RwSignal::new(SessionFormat::Session.as_str().to_owned()),
            start: text(),
            end: text(),
            duration: text(),
            location: text(),
            capacity: RwSignal::new("20".to_owned()),
            open: text(),
            close: text(),
            functions: text(),
            onboarding: RwSignal::new(false),
        }
    }

    /// The form filled with an action as it stands.
    fn of(session: &Session) -> Self {
        let fields = Self::new();
        fields.title.set(session.title.clone());
        fields.description.set(session.description.clone().unwrap_or_default());
        fields.format.set(session.format.as_str().to_owned());
        fields.start.set(iso(session.start_date));
        fields.end.set(iso(session.end_date));
        fields.duration.set(decimal(session.duration_days));
        fields.location.set(session.location.clone().unwrap_or_default());
        fields.capacity.set(session.capacity.to_string());
        fields.open.set(iso(session.applications_open));
        fields.close.set(iso(session.applications_close));
        fields.functions.set(session.target_functions.join(", "));
        fields.onboarding.set(session.onboarding);
        fields
    }

    /// The `SessionInput` typed (scope and courts are the action's own), or why it cannot be sent.
    fn input(&self, scope: &str, court_ids: Vec<String>) -> Result<Value, &'static str> {
        let days = crate::format::parse_decimal(&self.duration.get_untracked())
            .ok_or("Indiquez la durée en jours (ex. 3 ou 2,5).")?;
        let seats = self
            .capacity
            .get_untracked()
            .trim()
            .parse::<i64>()
            .map_err(|_| "Indiquez le nombre de places (un nombre entier).")?;
        if [self.start, self.end, self.open, self.close].iter().any(|d| parse_fr(&d.get_untracked()).is_none()) {
            return Err("Renseignez les dates de l’action et de la période d’inscription, au format jj/mm/aaaa.");
        }
        let targets: Vec<String> =
            self.functions.get_untracked().split(',').map(|f| f.trim().to_owned()).filter(|f| !f.is_empty()).collect();
        let optional = |text: String| if text.trim().is_empty() { Value::Null } else { json!(text.trim()) };
        Ok(json!({
            "title": self.title.get_untracked().trim(), "format": self.format.get_untracked(), "scope": scope,
            "courtIds": court_ids,
            "description": optional(self.description.get_untracked()),
            "location": optional(self.location.get_untracked()),
            "startDate": self.start.get_untracked(), "endDate": self.end.get_untracked(), "durationDays": days,
            "capacity": seats, "applicationsOpen": self.open.get_untracked(),
            "applicationsClose": self.close.get_untracked(), "targetFunctions": targets,
            "onboarding": self.onboarding.get_untracked(),
        }))
    }
}

#[component]
fn TextField(
    #[prop(into)] id: String,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(default = "text")] kind: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input id=id type=kind bind:value=value />
        </div>
    }
}

/// The fields of the form, their ids starting with `prefix` (two forms may share a page).
#[component]
fn SessionFormFields(fields: SessionFields, prefix: &'static str) -> impl IntoView {
    let id = move |name: &str| format!("{prefix}-{name}");
    let chosen = fields.format;
    view! {
        <TextField id=id("title") label="Intitulé" value=fields.title />
        <div class="field">
            <label for=id("format")>"Format"</label>
            <select id=id("format") on:change=move |ev| chosen.set(event_target_value(&ev))>
                {SessionFormat::ALL.iter().map(|f| {
                    let value = f.as_str();
                    view! { <option value=value selected=move || chosen.get() == value>{f.label_fr()}</option> }
                }).collect_view()}
            </select>
        </div>
        <div class="field">
            <label for=id("description")>"Présentation"</label>
            <textarea id=id("description") rows="4" bind:value=fields.description></textarea>
        </div>
        <DateField id=id("start") label="Premier jour" value=fields.start />
        <DateField id=id("end") label="Dernier jour" value=fields.end />
        <TextField id=id("duration") label="Durée (jours)" value=fields.duration />
        <TextField id=id("location") label="Lieu" value=fields.location />
        <TextField id=id("capacity") label="Places" value=fields.capacity kind="number" />
        <DateField id=id("open") label="Ouverture des inscriptions" value=fields.open />
        <DateField id=id("close") label="Clôture des inscriptions" value=fields.close />
        <TextField id=id("functions") label="Fonctions visées, séparées par des virgules, telles que la liste des fonctions les nomme" value=fields.functions />
        <div class="field checkbox">
            <input id=id("onboarding") type="checkbox" bind:checked=fields.onboarding />
            <label for=id("onboarding")>"Formation de prise de fonction pour ces fonctions (art. 126)"</label>
        </div>
    }
}

#[cfg(feature = "console")]
#[component]
pub fn NewSessionPage() -> impl IntoView {
    let navigator = use_navigator();
    let fields = SessionFields::new();
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
        match fields.input("NATIONAL", Vec::new()) {
            Ok(input) => creating.send(CREATE, json!({ "input": input }), "Le brouillon est créé."),
            Err(reason) => creating.refuse(ApiError::invalid(reason)),
        }
    };
    view! {
        <p class="breadcrumb"><Link href="/ecole/programme">"Programme national"</Link>" › nouvelle action"</p>
        <h1>"Nouvelle action de formation"</h1>
        <form class="panel" on:submit=submit>
            <SessionFormFields fields prefix="new" />
            <div aria-live="polite">{creating.outcome()}</div>
            <SendButton mutation=creating submit=true class="primary" label="Créer le brouillon" />
        </form>
    }
}

/// Editing an action from its desk; the desk's data is read again once saved. `editing` belongs to
/// the desk, so that its outcome stays in the form, open, when the form is drawn again with the
/// saved values. New dates reach every applicant as a notice, from the server.
#[component]
pub fn EditSession(session: Session, editing: Mutation) -> impl IntoView {
    let fields = SessionFields::of(&session);
    let scope = session.scope.as_str();
    let court_ids: Vec<String> = session.courts.iter().map(|c| c.id.clone()).collect();
    let id = session.id;
    // Drawn again just after its save: open, with the outcome in it, and the focus on the outcome, so
    // that keyboard and screen reader users are told and keep their place rather than lose the
    // button. Drawn again after another change of the desk, it leaves the focus where it is.
    let saved = editing.succeeded_since_asked();
    if saved {
        crate::components::focus::focus_once_drawn("edit-outcome");
    }
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        match fields.input(scope, court_ids.clone()) {
            Ok(input) => editing.send(
                UPDATE,
                json!({ "id": id.clone(), "input": input }),
                "L’action est modifiée ; si ses dates ont changé, chaque candidat en est informé.",
            ),
            Err(reason) => editing.refuse(ApiError::invalid(reason)),
        }
    };
    view! {
        <details class="panel" open=saved>
            <summary>"Modifier l’action"</summary>
            <form class="stack" on:submit=submit>
                <SessionFormFields fields prefix="edit" />
                <div id="edit-outcome" aria-live="polite" tabindex="-1">{editing.outcome()}</div>
                <SendButton mutation=editing submit=true class="primary" label="Enregistrer les modifications" />
            </form>
        </details>
    }
}
