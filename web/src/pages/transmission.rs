//! Transmission of the year's training sheets to each magistrate, their evaluator and the Ministry
//! (art. 136), by the director; each is sent once and recorded.

use crate::api::json::Decode;
use crate::components::mutation::Mutation;
use crate::components::state::Success;
use crate::format::today;
use chrono::Datelike;
use leptos::prelude::*;
use serde_json::json;

const TRANSMIT: &str = "mutation($y: Int!) { transmitTrainingSheets(year: $y) { sheets transmissions alreadySent } }";

crate::decoded! {
    struct Data {
        report: Report = "transmitTrainingSheets",
    }
}

crate::decoded! {
    struct Report {
        sheets: i64 = "sheets",
        transmissions: i64 = "transmissions",
        already_sent: i64 = "alreadySent",
    }
}

#[component]
pub fn TransmissionPage() -> impl IntoView {
    let last_year = today().year() - 1;
    let year = RwSignal::new(last_year.to_string());
    let confirming = RwSignal::new(false);
    let transmitting = Mutation::new();
    let busy = move || transmitting.pending();
    let report = move || {
        transmitting.answer().and_then(|data| Data::decode(Some(&data))).map(|data| {
            let message = format!(
                "{} fiches traitées : {} envois effectués, {} déjà transmis auparavant.",
                data.report.sheets, data.report.transmissions, data.report.already_sent
            );
            view! { <Success message /> }
        })
    };
    let send = move |_| {
        let Ok(chosen) = year.get_untracked().parse::<i32>() else { return };
        confirming.set(false);
        transmitting.send(TRANSMIT, json!({ "y": chosen }), "");
    };
    view! {
        <h1>"Transmission des fiches-formation"</h1>
        <p class="lead">"Chaque fiche de l’année est adressée au magistrat, à son autorité d’évaluation et au ministère de la Justice (art. 136). Un envoi déjà fait n’est jamais répété."</p>
        <div class="panel">
            <div class="field">
                <label for="transmit-year">"Année"</label>
                <select id="transmit-year" on:change=move |ev| year.set(event_target_value(&ev))>
                    {((last_year - 2)..=(last_year + 1)).rev().map(|y| view! { <option value=y.to_string() selected=y == last_year>{y.to_string()}</option> }).collect_view()}
                </select>
            </div>
            <Show when=move || !confirming.get() fallback=move || view! {
                <p class="notice warn" role="alert">{move || format!("Transmettre toutes les fiches {} ? Cette opération envoie les courriels.", year.get())}</p>
                <div class="actions">
                    <button type="button" class="primary" on:click=send>"Oui, transmettre"</button>
                    <button type="button" on:click=move |_| confirming.set(false)>"Annuler"</button>
                </div>
            }>
                <button type="button" class="primary" disabled=busy on:click=move |_| confirming.set(true)>"Transmettre les fiches"</button>
            </Show>
            {move || busy().then(|| view! { <p class="loading" role="status"><span class="spinner" aria-hidden="true"></span>"Transmission en cours…"</p> })}
            <div aria-live="polite">{transmitting.outcome()}{report}</div>
        </div>
    }
}
