//! « Avis à donner » (art. 130): the requests a head of jurisdiction or of court may give an opinion on,
//! filtered and sorted, with the magistrate's history beside each; opinions one by one or several at once.

use crate::api::model::Application;
use crate::api::{self, ApiError, Freshness};
use crate::components::mutation::{Mutation, Task};
use crate::components::state::{loaded, outcome_view, Empty, Outcome};
use crate::format::{date_long, date_short, days, plural};
use crate::router::Link;
use chrono::Datelike;
use leptos::prelude::*;
use serde_json::{json, Value};
use shared::Opinion;

const TO_REVIEW: &str = "query($pending: Boolean)";
const OBSERVE: &str = "mutation($id: ID!, $opinion: Opinion!, $comment: String) { \
    giveObservation(applicationId: $id, opinion: $opinion, comment: $comment) { id } }";
const HISTORY: &str = "query($m: ID!, $y: Int!)";

crate::decoded! {
    struct Data {
        applications_to_review: Vec<Application> = "applicationsToReview" ("(pendingOnly: $pending)"),
    }
}

crate::decoded! {
    struct History {
        training_sheet: HistorySheet = "trainingSheet" ("(magistrateId: $m, year: $y)"),
    }
}

crate::decoded! {
    struct HistorySheet {
        year: i32 = "year",
        days_counted: f64 = "daysCounted",
        shortfall_days: f64 = "shortfallDays",
        compliant: bool = "compliant",
        attended: Vec<Titled> = "attended",
        requested: Vec<Counted> = "requested",
        withdrawn: Vec<Counted> = "withdrawn",
    }
}

crate::decoded! {
    /// A request or a withdrawal, only counted.
    #[allow(dead_code)]
    struct Counted {
        status: shared::ApplicationStatus = "status",
    }
}

crate::decoded! {
    struct Titled {
        session: Title = "session",
    }
}

crate::decoded! {
    struct Title {
        title: String = "title",
    }
}

fn name_of(a: &Application) -> String {
    a.magistrate.as_ref().map(|m| m.display_name.clone()).unwrap_or_default()
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let pending_only = RwSignal::new(true);
    let sort = RwSignal::new("session".to_owned());
    let text = RwSignal::new(String::new());
    let selected = RwSignal::new(Vec::<String>::new());
    let observing = Mutation::new();
    let outcome = RwSignal::new(Outcome::Idle);
    let data = api::resource::<Data, _>(TO_REVIEW, move || json!({ "pending": pending_only.get() }));
    view! {
        <h1>"Avis à donner"</h1>
        <p class="lead">"Vos observations sont consultatives ; elles sont transmises à qui décide de la participation (art. 130)."</p>
        <div class="filters">
            <div class="field grow">
                <label for="review-search">"Filtrer (magistrat, action)"</label>
                <input id="review-search" type="search" bind:value=text />
            </div>
            <div class="field">
                <label for="review-sort">"Trier par"</label>
                <select id="review-sort" on:change=move |ev| sort.set(event_target_value(&ev))>
                    <option value="session">"Date de l’action"</option>
                    <option value="name">"Nom du magistrat"</option>
                    <option value="received">"Date de la demande"</option>
                </select>
            </div>
            <div class="field checkbox">
                <input id="review-pending" type="checkbox" prop:checked=move || pending_only.get()
                    on:change=move |ev| { selected.set(Vec::new()); pending_only.set(event_target_checked(&ev)); } />
                <label for="review-pending">"Sans avis de ma part uniquement"</label>
            </div>
        </div>
        <div aria-live="polite">{observing.outcome()}{outcome_view(outcome)}</div>
        {loaded(data, move |data: Data| {
            let rows = data.applications_to_review;
            if rows.is_empty() {
                return view! { <Empty message="Aucune demande n’attend votre avis." /> }.into_any();
            }
            let rows = match sort.get().as_str() {
                "name" => crate::order::by_key(rows, |a| (name_of(a), 0, 0)),
                "received" => crate::order::by_key(rows, |a| crate::order::numbers(a.created_at.timestamp(), 0)),
                _ => crate::order::by_key(rows, |a| {
                    let start = a.session.as_ref().map(|s| i64::from(s.start_date.num_days_from_ce()));
                    crate::order::numbers(start.unwrap_or(i64::MIN), 0)
                }),
            };
            let all_ids: Vec<String> = rows.iter().map(|a| a.id.clone()).collect();
            view! {
                <BulkBar selected all_ids outcome />
                <ul class="notifications">
                    {rows.into_iter().map(|application| {
                        let haystack = crate::format::fold(&format!("{} {}", name_of(&application),
                            application.session.as_ref().map(|s| format!("{} {}", s.title, s.code)).unwrap_or_default()));
                        view! {
                            <li data-testid="request" style:display=move || {
                                let filter = crate::format::fold(&text.get());
                                if filter.is_empty() || haystack.contains(filter.trim()) { "" } else { "none" }
                            }>
                                <RequestRow application selected observing />
                            </li>
                        }
                    }).collect_view()}
                </ul>
            }.into_any()
        })}
    }
}

#[component]
fn BulkBar(selected: RwSignal<Vec<String>>, all_ids: Vec<String>, outcome: RwSignal<Outcome>) -> impl IntoView {
    let opinion = RwSignal::new(Opinion::Favorable.as_str().to_owned());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let freshness = Freshness::current();
    // One opinion per request, in turn, with the count shown as it goes; an action, so the
    // button cannot start a second round while one runs.
    let round = Task::new();
    let give_all = move |ids: Vec<String>, chosen: String| {
        round.run(async move {
            let total = ids.len();
            progress.set(Some((0, total)));
            for (done, id) in ids.into_iter().enumerate() {
                if let Err(error) = api::send(OBSERVE, json!({ "id": id, "opinion": chosen })).await {
                    outcome.set(Outcome::Failed(error));
                    progress.set(None);
                    freshness.changed();
                    return Ok(Value::Null);
                }
                progress.set(Some((done + 1, total)));
            }
            progress.set(None);
            selected.set(Vec::new());
            outcome.set(Outcome::Done(format!("Avis enregistré pour {total} demande{}.", plural(total))));
            freshness.changed();
            Ok(Value::Null)
        })
    };
    let apply = move |_| {
        let ids = selected.get_untracked();
        if ids.is_empty() {
            return;
        }
        if give_all(ids, opinion.get_untracked()) {
            outcome.set(Outcome::Idle);
        }
    };
    let count = move || selected.get().len();
    view! {
        <div class="filters" role="group" aria-label="Avis groupé">
            <div class="field checkbox">
                <input id="select-all" type="checkbox"
                    prop:checked={
                        let total = all_ids.len();
                        move || total > 0 && count() == total
                    }
                    on:change={
                        let ids = all_ids.clone();
                        move |ev| selected.set(if event_target_checked(&ev) { ids.clone() } else { Vec::new() })
                    } />
                <label for="select-all">"Tout cocher"</label>
            </div>
            <div class="field">
                <label for="bulk-opinion">"Avis pour les demandes cochées"</label>
                <select id="bulk-opinion" on:change=move |ev| opinion.set(event_target_value(&ev))>
                    {Opinion::ALL.iter().map(|o| view! { <option value=o.as_str()>{o.label_fr()}</option> }).collect_view()}
                </select>
            </div>
            <button type="button" class="primary" disabled=move || count() == 0 || round.pending() on:click=apply>
                {move || match count() { 0 => "Cochez des demandes".to_owned(), 1 => "Donner cet avis à 1 demande".to_owned(), n => format!("Donner cet avis aux {n} demandes") }}
            </button>
            {move || progress.get().map(|(done, total)| view! {
                <progress max=total.to_string() value=done.to_string() aria-label="Avis en cours d’envoi">{format!("{done}/{total}")}</progress>
                <span role="status">{format!("{done} sur {total}")}</span>
            })}
        </div>
    }
}

#[component]
fn RequestRow(application: Application, selected: RwSignal<Vec<String>>, observing: Mutation) -> impl IntoView {
    let id = application.id.clone();
    let magistrate = application.magistrate.clone();
    let session = application.session.clone();
    let name = name_of(&application);
    let show_history = RwSignal::new(false);
    let opinion = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    let check_id = format!("check-{id}");
    let opinion_id = format!("opinion-{id}");
    let comment_id = format!("comment-{id}");
    let checked_id = id.clone();
    let toggle_id = id.clone();
    let give_id = id.clone();
    let give = move |_| {
        if opinion.get_untracked().is_empty() {
            observing.refuse(ApiError::invalid("Choisissez un avis."));
            return;
        }
        let text = comment.get_untracked();
        let variables = json!({ "id": give_id, "opinion": opinion.get_untracked(),
            "comment": if text.trim().is_empty() { Value::Null } else { json!(text.trim()) } });
        observing.send(OBSERVE, variables, "Votre avis est enregistré.");
    };
    let magistrate_id = magistrate.as_ref().map(|m| m.id.clone()).unwrap_or_default();
    let year = application.year;
    view! {
        <div class="two-columns">
            <div>
                <p class="field checkbox">
                    <input id=check_id.clone() type="checkbox"
                        prop:checked=move || selected.get().contains(&checked_id)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            selected.update(|ids| {
                                ids.retain(|i| i != &toggle_id);
                                if on { ids.push(toggle_id.clone()); }
                            });
                        } />
                    <label for=check_id><strong>{name.clone()}</strong></label>
                </p>
                <p class="meta">
                    {magistrate.as_ref().map(|m| view! {
                        <span>{m.function_title.clone()}</span>
                        <span>{m.jurisdiction.as_ref().map(|j| j.name.clone()).unwrap_or_default()}</span>
                        {m.function_new.then(|| view! { <span class="tag">"Nouvelles fonctions"</span> })}
                    })}
                </p>
                <p>
                    {session.clone().map(|s| {
                        let title = s.title.clone();
                        view! {
                            <Link href=format!("/sessions/{}", s.id)>{title}</Link>
                            {format!(" — {} au {}", date_short(s.start_date), date_short(s.end_date))}
                        }
                    })}
                </p>
                <p class="meta"><span>{format!("Vœu n° {}", application.rank)}</span><span>{application.status.label_fr()}</span></p>
                {application.observation_deadline.filter(|_| application.observations_awaited).map(|d| view! {
                    <p class="warn" data-testid="observation-deadline">{format!("Observations jusqu’au {} (art. 130)", date_long(d))}</p>
                })}
                {application.motivation.clone().map(|m| view! { <p class="side">{format!("Motivation : {m}")}</p> })}
                {application.observations.iter().map(|o| view! {
                    <p class="side">{format!("{} : {}{}", o.authority.label_fr(), o.opinion.label_fr(), o.comment.as_ref().map(|c| format!(" — « {c} »")).unwrap_or_default())}</p>
                }).collect_view()}
                <button type="button" class="link" aria-expanded=move || show_history.get().to_string()
                    on:click=move |_| show_history.update(|s| *s = !*s)>
                    {move || if show_history.get() { "Masquer l’historique" } else { "Historique de formation" }}
                </button>
                <Show when=move || show_history.get()>
                    <HistoryPanel magistrate_id=magistrate_id.clone() year />
                </Show>
            </div>
            <div class="panel">
                <div class="field">
                    <label for=opinion_id.clone()>"Avis"</label>
                    <select id=opinion_id on:change=move |ev| opinion.set(event_target_value(&ev))>
                        <option value="">"Choisir"</option>
                        {Opinion::ALL.iter().map(|o| view! { <option value=o.as_str()>{o.label_fr()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=comment_id.clone()>"Commentaire"</label>
                    <textarea id=comment_id rows="2" bind:value=comment></textarea>
                </div>
                <button type="button" class="primary" disabled=move || observing.pending() on:click=give>{format!("Donner l’avis sur la demande de {name}")}</button>
            </div>
        </div>
    }
}

#[component]
fn HistoryPanel(magistrate_id: String, year: i32) -> impl IntoView {
    let history = api::resource::<History, _>(HISTORY, move || json!({ "m": magistrate_id, "y": year }));
    view! {
        <div class="side">
            {loaded(history, |h: History| {
                let sheet = h.training_sheet;
                view! {
                    <p>{format!("{} : {} comptés, {}", sheet.year, days(sheet.days_counted),
                        if sheet.compliant { "obligation remplie".to_owned() } else { format!("il manque {}", days(sheet.shortfall_days)) })}</p>
                    <p>{format!("Suivies : {}", if sheet.attended.is_empty() { "aucune".to_owned() } else { sheet.attended.iter().map(|e| e.session.title.clone()).collect::<Vec<_>>().join(" ; ") })}</p>
                    <p>{format!("Demandées : {} — désistements : {}", sheet.requested.len(), sheet.withdrawn.len())}</p>
                }
            })}
        </div>
    }
}
