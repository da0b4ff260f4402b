//! Validation requests (art. 125): a magistrate asks for research, a publication or a diploma to count;
//! the director decides, once, with the days credited; the School follows them.

use crate::api::model::ValidationRequest;
use crate::api::{self, ApiError};
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::{loaded, Empty};
#[cfg(feature = "console")]
use crate::format::decimal;
use crate::format::{date_long, days, today};
use crate::session::use_auth;
use chrono::Datelike;
use leptos::prelude::*;
use serde_json::{json, Value};
use shared::{ValidationKind, ValidationStatus};

const LIST: &str = "query($pending: Boolean)";
const REQUEST: &str = "mutation($input: ValidationRequestInput!) { requestValidation(input: $input) { id } }";
#[cfg(feature = "console")]
const DECIDE: &str = "mutation($id: ID!, $approved: Boolean!, $days: Float, $comment: String) { \
    decideValidation(id: $id, approved: $approved, daysCredited: $days, comment: $comment) { id status } }";

crate::decoded! {
    struct Data {
        validation_requests: Vec<ValidationRequest> = "validationRequests" ("(pendingOnly: $pending)"),
    }
}

#[component]
pub fn ValidationsPage() -> impl IntoView {
    let auth = use_auth();
    let me = auth.user();
    let is_director = me.as_ref().map(|m| m.can.decide_validations).unwrap_or(false);
    let is_magistrate = me.as_ref().map(|m| m.magistrate.is_some()).unwrap_or(false);
    let pending_only = RwSignal::new(is_director);
    // The director's decisions, kept by the page: a decided request leaves the pending list, and
    // the page still says what became of it.
    let deciding = Mutation::new();
    let data = api::resource::<Data, _>(LIST, move || json!({ "pending": pending_only.get() }));
    view! {
        <h1>"Demandes de validation"</h1>
        <p class="lead">"Travaux de recherche, publications et diplômes peuvent compter dans l’obligation de formation (art. 125)."</p>
        {is_magistrate.then(|| view! { <RequestForm /> })}
        <div aria-live="polite">{deciding.outcome()}</div>
        <section aria-labelledby="requests">
            <h2 id="requests">{if is_director { "Demandes reçues" } else { "Mes demandes" }}</h2>
            {is_director.then(|| view! {
                <div class="field checkbox">
                    <input id="pending" type="checkbox" prop:checked=move || pending_only.get()
                        on:change=move |ev| pending_only.set(event_target_checked(&ev)) />
                    <label for="pending">"En attente de décision uniquement"</label>
                </div>
            })}
            {loaded(data, move |data: Data| {
                if data.validation_requests.is_empty() {
                    return view! { <Empty message="Aucune demande." /> }.into_any();
                }
                view! {
                    <ul class="notifications">
                        {data.validation_requests.into_iter().map(|request| view! { <RequestItem request is_director deciding /> }).collect_view()}
                    </ul>
                }.into_any()
            })}
        </section>
    }
}

#[component]
fn RequestItem(request: ValidationRequest, is_director: bool, deciding: Mutation) -> impl IntoView {
    let pending = request.status == ValidationStatus::Pending;
    let decided = match request.status {
        ValidationStatus::Approved => format!("Validée : {}", days(request.days_credited.unwrap_or(0.0))),
        ValidationStatus::Rejected => "Rejetée".to_owned(),
        ValidationStatus::Pending => "En attente de la décision du directeur".to_owned(),
    };
    view! {
        <li data-testid="validation">
            <p><strong>{format!("{} — {}", request.kind.label_fr(), request.title)}</strong></p>
            <p class="meta">
                <span>{format!("Année {}", request.year)}</span>
                <span>{format!("{} demandés", days(request.days_requested))}</span>
                <span>{format!("Déposée le {}", date_long(request.created_at.date_naive()))}</span>
            </p>
            {request.description.clone().map(|d| view! { <p class="description">{d}</p> })}
            <p class=if pending { "status wait" } else if request.status == ValidationStatus::Approved { "status good" } else { "status bad" }>{decided}</p>
            {request.comment.clone().map(|c| view! { <p class="side">{format!("Commentaire : {c}")}</p> })}
            {(is_director && pending).then(|| decide_form(request.clone(), deciding))}
        </li>
    }
}

/// The director's decision on a request, in the console's build (`/ecole/validations`).
#[cfg(feature = "console")]
fn decide_form(request: ValidationRequest, deciding: Mutation) -> AnyView {
    view! { <DecideForm request deciding /> }.into_any()
}

/// The client's build has none: the School's menu leads to the console's page.
#[cfg(not(feature = "console"))]
fn decide_form(_: ValidationRequest, _: Mutation) -> AnyView {
    ().into_any()
}

#[cfg(feature = "console")]
#[component]
fn DecideForm(request: ValidationRequest, deciding: Mutation) -> impl IntoView {
    let days_text = RwSignal::new(decimal(request.days_requested));
    let comment = RwSignal::new(String::new());
    let id = request.id.clone();
    let decide = move |approved: bool| {
        let days: Option<f64> = if approved {
            match crate::format::parse_decimal(&days_text.get_untracked()).ok_or(()) {
                Ok(value) => Some(value),
                Err(_) => {
                    deciding
                        .refuse(ApiError::invalid("Indiquez le nombre de jours validés, par demi-journées (ex. 1,5)."));
                    return;
                }
            }
        } else {
            None
        };
        let text = comment.get_untracked();
        let variables = json!({ "id": id, "approved": approved, "days": days,
            "comment": if text.trim().is_empty() { Value::Null } else { json!(text.trim()) } });
        let decided = if approved { "La demande est validée." } else { "La demande est rejetée." };
        deciding.send(DECIDE, variables, decided);
    };
    let approve = decide.clone();
    let field = format!("days-{}", request.id);
    let comment_field = format!("comment-{}", request.id);
    view! {
        <div class="panel">
            <div class="field">
                <label for=field.clone()>"Jours validés"</label>
                <input id=field type="text" inputmode="decimal" bind:value=days_text />
            </div>
            <div class="field">
                <label for=comment_field.clone()>"Commentaire"</label>
                <input id=comment_field type="text" bind:value=comment />
            </div>
            <div class="actions">
                <button type="button" class="primary" disabled=move || deciding.pending() on:click=move |_| approve(true)>"Valider"</button>
                <button type="button" disabled=move || deciding.pending() on:click=move |_| decide(false)>"Rejeter"</button>
            </div>
        </div>
    }
}

#[component]
fn RequestForm() -> impl IntoView {
    let kind = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let description = RwSignal::new(String::new());
    let days_text = RwSignal::new(String::new());
    let year = today().year();
    let requesting = Mutation::new();
    // Once sent, the form is emptied for another request.
    Effect::new(move |seen: Option<usize>| {
        let done = requesting.done();
        if seen.is_some_and(|seen| seen != done) {
            title.set(String::new());
            description.set(String::new());
            days_text.set(String::new());
        }
        done
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if kind.get_untracked().is_empty() || title.get_untracked().trim().is_empty() {
            requesting.refuse(ApiError::invalid("Choisissez le type d’activité et donnez-lui un titre."));
            return;
        }
        let Ok(requested) = crate::format::parse_decimal(&days_text.get_untracked()).ok_or(()) else {
            requesting.refuse(ApiError::invalid("Indiquez le nombre de jours demandés (ex. 2 ou 1,5)."));
            return;
        };
        let text = description.get_untracked();
        let variables = json!({ "input": {
            "kind": kind.get_untracked(), "title": title.get_untracked().trim(), "year": year, "daysRequested": requested,
            "description": if text.trim().is_empty() { Value::Null } else { json!(text.trim()) },
        }});
        requesting.send(REQUEST, variables, "Votre demande est transmise au directeur de l’École.");
    };
    view! {
        <form class="panel" on:submit=submit aria-labelledby="new-request">
            <h2 id="new-request">{format!("Nouvelle demande pour {year}")}</h2>
            <div class="field">
                <label for="kind">"Type d’activité"</label>
                <select id="kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="">"Choisir"</option>
                    {ValidationKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{k.label_fr()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="vtitle">"Intitulé"</label>
                <input id="vtitle" type="text" bind:value=title />
            </div>
            <div class="field">
                <label for="vdescription">"Description"</label>
                <textarea id="vdescription" rows="3" bind:value=description></textarea>
            </div>
            <div class="field">
                <label for="vdays">"Jours demandés"</label>
                <input id="vdays" type="text" inputmode="decimal" aria-describedby="vdays-help" bind:value=days_text />
                <p id="vdays-help" class="help">"Par demi-journées, de 0,5 à 60 jours."</p>
            </div>
            <div aria-live="polite">{requesting.outcome()}</div>
            <SendButton mutation=requesting submit=true class="primary" label="Demander la validation" />
        </form>
    }
}
