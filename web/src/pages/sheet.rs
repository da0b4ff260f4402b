//! « Ma fiche-formation » (art. 136): the year's trainings requested, accepted, refused, attended and
//! withdrawn from, validated activities, a progress bar toward each obligation (art. 125, 126, 128),
//! the PDF, and the evaluation form of each training attended (art. 135).

use crate::api::model::{SheetEntry, TrainingSheet};
use crate::api::{self};
use crate::components::charts::Meter;
use crate::components::state::{loaded, outcome_view, Empty, Outcome};
use crate::format::{capital, date_short, days, decimal, today};
use crate::router::Link;
use crate::session::use_auth;
use chrono::Datelike;
use leptos::prelude::*;
use serde_json::json;
use shared::rules::session_state::PARTICIPATED;

const SHEET: &str = "query($magistrateId: ID!, $year: Int!)";

crate::decoded! {
    struct Data {
        training_sheet: TrainingSheet = "trainingSheet" ("(magistrateId: $magistrateId, year: $year)"),
    }
}

#[component]
pub fn SheetPage() -> impl IntoView {
    let auth = use_auth();
    let magistrate_id = auth.user().and_then(|me| me.magistrate.map(|m| m.id)).unwrap_or_default();
    let this_year = today().year();
    let year = RwSignal::new(this_year);
    let id_for_query = magistrate_id.clone();
    let data = api::resource::<Data, _>(SHEET, move || json!({ "magistrateId": id_for_query, "year": year.get() }));
    let download = RwSignal::new(Outcome::Idle);
    let on_download = move |_| {
        let path = format!("/export/training-sheet.pdf?magistrate={}&year={}", magistrate_id, year.get_untracked());
        let name = format!("fiche-formation-{}.pdf", year.get_untracked());
        crate::components::state::download(download, path, name);
    };
    view! {
        <h1>"Ma fiche-formation"</h1>
        <div class="filters">
            <div class="field">
                <label for="year">"Année"</label>
                <select id="year" on:change=move |ev| year.set(event_target_value(&ev).parse().unwrap_or(this_year))>
                    {((this_year - 3)..=(this_year + 1)).rev().map(|y| view! {
                        <option value=y.to_string() selected=y == this_year>{y.to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
            <button type="button" on:click=on_download>"Télécharger la fiche (PDF)"</button>
        </div>
        {outcome_view(download)}
        {loaded(data, move |data: Data| view! { <SheetView sheet=data.training_sheet download /> })}
    }
}

#[component]
fn SheetView(sheet: TrainingSheet, download: RwSignal<Outcome>) -> impl IntoView {
    let summary = if sheet.compliant {
        view! { <p class="notice success">{format!("Obligation de formation remplie : {} comptés en {}.", days(sheet.days_counted), sheet.year)}</p> }.into_any()
    } else {
        view! { <p class="notice warn">{format!("{} comptés en {} ; il manque {}.", capital(&days(sheet.days_counted)), sheet.year, days(sheet.shortfall_days))}</p> }.into_any()
    };
    view! {
        {summary}
        <section class="panel" aria-labelledby="obligations">
            <h2 id="obligations">"Obligations"</h2>
            {sheet.obligations.iter().map(|o| view! {
                <Meter
                    label=format!("{} ({})", o.label, o.article)
                    used=o.counted_days
                    total=o.required_days
                    text=format!("{} sur {} requis{}", decimal(o.counted_days), days(o.required_days),
                        if o.met { " — rempli".to_owned() } else { format!(" — manque {}", days(o.shortfall_days)) })
                />
            }).collect_view()}
        </section>
        <EntryTable caption="Formations suivies" entries=sheet.attended.clone() evaluate=true download />
        <EntryTable caption="Formations déconcentrées" entries=sheet.deconcentrated.clone() evaluate=true download />
        <EntryTable caption="Formations demandées" entries=sheet.requested.clone() evaluate=false download />
        <EntryTable caption="Formations acceptées" entries=sheet.accepted.clone() evaluate=false download />
        <EntryTable caption="Formations refusées" entries=sheet.refused.clone() evaluate=false download />
        <EntryTable caption="Désistements" entries=sheet.withdrawn.clone() evaluate=false download />
        <section aria-labelledby="validated">
            <h2 id="validated">"Activités validées (art. 125)"</h2>
            {if sheet.validated_activities.is_empty() {
                view! { <Empty message="Aucune activité validée cette année." /> }.into_any()
            } else {
                view! {
                    <ul>
                        {sheet.validated_activities.iter().map(|v| view! {
                            <li>{format!("{} — {} : {}", v.kind.label_fr(), v.title, days(v.days_credited.unwrap_or(0.0)))}</li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </section>
    }
}

#[component]
/// One list of the sheet; `evaluate` for the trainings taken part in, each with its evaluation
/// (art. 135) and its attestation of attendance (art. 133).
fn EntryTable(
    #[prop(into)] caption: String,
    entries: Vec<SheetEntry>,
    evaluate: bool,
    download: RwSignal<Outcome>,
) -> impl IntoView {
    view! {
        <section>
            <h2>{caption.clone()}</h2>
            {if entries.is_empty() {
                view! { <Empty message="Aucune." /> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table>
                            <caption class="visually-hidden">{caption}</caption>
                            <thead><tr><th scope="col">"Action"</th><th scope="col">"Dates"</th><th scope="col">"État"</th><th scope="col" class="num">"Jours"</th>{evaluate.then(|| view! { <th scope="col">"Évaluation"</th><th scope="col">"Attestation"</th> })}</tr></thead>
                            <tbody>
                                {entries.into_iter().map(|e| {
                                    let can_evaluate = evaluate && PARTICIPATED.contains(&e.status);
                                    let attestation = (format!("/export/attestation.pdf?application={}", e.application_id), format!("attestation-{}.pdf", e.application_id));
                                    let attestation_label = format!("Attestation de présence : {}", e.session.title);
                                    view! {
                                        <tr>
                                            <td>{e.session.title.clone()}</td>
                                            <td>{format!("{} – {}", date_short(e.session.start_date), date_short(e.session.end_date))}</td>
                                            <td>{e.status.label_fr()}</td>
                                            <td class="num">{decimal(e.days)}</td>
                                            {evaluate.then(|| view! {
                                                <td>{can_evaluate.then(|| view! { <Link href=format!("/evaluation/{}", e.application_id)>"Évaluer"</Link> })}</td>
                                                <td>{can_evaluate.then(|| view! {
                                                    <button type="button" class="link" aria-label=attestation_label
                                                        on:click=move |_| crate::components::state::download(download, attestation.0.clone(), attestation.1.clone())>"PDF"</button>
                                                })}</td>
                                            })}
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}
