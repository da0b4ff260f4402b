//! The reference data the directory import reads (issue 16): the list of functions, the courts of
//! appeal and their jurisdictions. Names are added and corrected here; nothing is deleted, since
//! careers and sessions point to them.

use super::person::CourtOfAppeal;
use super::ConsoleHeader;
use crate::api::model::Named;
use crate::api::{self, ApiError};
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::loaded;
use leptos::prelude::*;
use serde_json::{json, Value};

crate::decoded! {
    struct Data {
        functions: Vec<Named> = "functions",
        courts: Vec<CourtOfAppeal> = "courts",
    }
}

const FUNCTION: &str = "mutation($id: ID, $name: String!) { saveFunction(id: $id, name: $name) { id } }";
const JURISDICTION: &str =
    "mutation($id: ID, $court: ID!, $name: String!) { saveJurisdiction(id: $id, courtId: $court, name: $name) { id } }";
const COURT: &str = "mutation($id: ID!, $name: String!) { renameCourt(id: $id, name: $name) { id } }";

/// A name to add, or — with `choices` — one of them to rename.
#[component]
fn NameForm(
    legend: &'static str,
    /// The prefix of the form's element ids.
    key: &'static str,
    document: &'static str,
    done: &'static str,
    #[prop(optional)] choices: Option<Signal<Vec<Named>>>,
    /// The court the name belongs to (a jurisdiction's).
    #[prop(optional)]
    court: Option<Signal<String>>,
) -> impl IntoView {
    let chosen = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let saving = Mutation::new();
    Effect::new(move |seen: Option<usize>| {
        let done = saving.done();
        if seen.is_some_and(|seen| seen != done) {
            name.set(String::new());
        }
        done
    });
    let renaming = choices.is_some();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let new_name = name.get_untracked().trim().to_owned();
        let id = chosen.get_untracked();
        if renaming && id.is_empty() {
            saving.refuse(ApiError::invalid("Choisissez d’abord le nom à corriger."));
            return;
        }
        if new_name.is_empty() {
            saving.refuse(ApiError::invalid("Indiquez le nom."));
            return;
        }
        let mut variables = json!({ "id": if renaming { json!(id) } else { Value::Null }, "name": new_name });
        if let Some(court) = court {
            variables["court"] = json!(court.get_untracked());
        }
        saving.send(document, variables, done);
    };
    let choice_id = format!("{key}-choice");
    let name_id = format!("{key}-name");
    view! {
        <form class="name-form" on:submit=submit>
            <fieldset>
                <legend>{legend}</legend>
                {choices.map(|choices| {
                    let choice_id = choice_id.clone();
                    view! {
                        <div class="field">
                            <label for=choice_id.clone()>"Nom actuel"</label>
                            <select id=choice_id on:change=move |ev| chosen.set(event_target_value(&ev))>
                                <option value="">"— choisir —"</option>
                                {move || choices.get().into_iter().map(|c| view! { <option value=c.id.clone() selected=c.id == chosen.get_untracked()>{c.name}</option> }).collect_view()}
                            </select>
                        </div>
                    }
                })}
                <div class="field grow">
                    <label for=name_id.clone()>{if renaming { "Nouveau nom" } else { "Nom" }}</label>
                    <input id=name_id type="text" bind:value=name />
                </div>
                <SendButton mutation=saving submit=true label=if renaming { "Corriger" } else { "Ajouter" } />
            </fieldset>
            <div aria-live="polite">{saving.outcome()}</div>
        </form>
    }
}

#[component]
pub fn ReferencePage() -> impl IntoView {
    let data = api::resource::<Data, _>("query", || Value::Null);
    let court = RwSignal::new(String::new());
    let loaded_data = move || data.get().and_then(Result::ok);
    let functions = Signal::derive(move || loaded_data().map(|d| d.functions).unwrap_or_default());
    let courts = Signal::derive(move || {
        loaded_data()
            .map(|d| d.courts.into_iter().map(|c| Named { id: c.id, name: c.name }).collect())
            .unwrap_or_default()
    });
    let jurisdictions = Signal::derive(move || {
        let chosen = court.get();
        loaded_data()
            .and_then(|d| d.courts.into_iter().find(|c| c.id == chosen))
            .map(|c| c.jurisdictions)
            .unwrap_or_default()
    });
    view! {
        <ConsoleHeader title="Données de référence" />
        <p class="lead">"L’import de l’annuaire reconnaît les fonctions, les cours d’appel et les juridictions par leur nom : une ligne qui en cite un inconnu est refusée. Ajoutez ou corrigez ici ; rien n’est supprimé, car les carrières et les actions y renvoient."</p>
        // The forms stay outside the loaded part: a save reloads the lists, not the forms and
        // their outcome.
        <section class="panel">
            <h2>"Fonctions"</h2>
            {loaded(data, |data: Data| view! { <p>{format!("{} fonctions dans la liste.", data.functions.len())}</p> })}
            <NameForm legend="Ajouter une fonction" key="new-function" document=FUNCTION done="Fonction ajoutée." />
            <NameForm legend="Corriger le nom d’une fonction" key="function" document=FUNCTION done="Fonction renommée." choices=functions />
        </section>
        <section class="panel">
            <h2>"Cours d’appel et juridictions"</h2>
            <NameForm legend="Corriger le nom d’une cour d’appel" key="court" document=COURT done="Cour d’appel renommée." choices=courts />
            <div class="field">
                <label for="jurisdictions-court">"Juridictions de la cour d’appel de"</label>
                <select id="jurisdictions-court" on:change=move |ev| court.set(event_target_value(&ev))>
                    <option value="">"— choisir —"</option>
                    {move || courts.get().into_iter().map(|c| view! { <option value=c.id.clone() selected=c.id == court.get_untracked()>{c.name}</option> }).collect_view()}
                </select>
            </div>
            <Show when=move || !court.get().is_empty()>
                <ul class="name-list">{move || jurisdictions.get().into_iter().map(|j| view! { <li>{j.name}</li> }).collect_view()}</ul>
                <NameForm legend="Ajouter une juridiction à cette cour" key="new-jurisdiction" document=JURISDICTION done="Juridiction ajoutée." court=court.into() />
                <NameForm legend="Corriger le nom d’une juridiction de cette cour" key="jurisdiction" document=JURISDICTION done="Juridiction renommée." choices=jurisdictions court=court.into() />
            </Show>
        </section>
    }
}
