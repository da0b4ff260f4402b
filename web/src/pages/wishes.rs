//! « Mes vœux »: the magistrate's wishes by year in rank order — reorder, cancel before a decision,
//! confirm a selection before its due date (with a countdown), withdraw with a reason (art. 130–134).

use crate::api::model::Application;
use crate::api::{self};
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::{loaded, outcome_view, Empty, Outcome};
use crate::format::{capital, countdown, date_long, date_short};
use crate::router::Link;
use leptos::prelude::*;
use serde_json::{json, Value};
use shared::{ApplicationStatus, WithdrawalReason};

const WISHES: &str = "query";

crate::decoded! {
    struct Data {
        my_applications: Vec<Application> = "myApplications",
    }
}

fn status_tone(status: ApplicationStatus) -> &'static str {
    match status {
        ApplicationStatus::Selected | ApplicationStatus::Confirmed | ApplicationStatus::Attended => "status good",
        ApplicationStatus::Refused | ApplicationStatus::Lapsed | ApplicationStatus::Absent => "status bad",
        ApplicationStatus::Waitlisted | ApplicationStatus::Submitted | ApplicationStatus::Partial => "status wait",
        _ => "status",
    }
}

#[component]
pub fn WishesPage() -> impl IntoView {
    let changes = Mutation::new();
    let data = api::resource::<Data, _>(WISHES, || Value::Null);
    view! {
        <h1>"Mes vœux"</h1>
        <p class="lead">
            "Classez vos vœux par ordre de préférence (art. 130). Une fois retenu, confirmez votre participation avant la date indiquée (art. 131)."
        </p>
        <div aria-live="polite">{changes.outcome()}</div>
        {loaded(data, move |data: Data| {
            let wishes = data.my_applications;
            if wishes.is_empty() {
                return view! {
                    <Empty message="Vous n’avez encore présenté aucune candidature." />
                    <p><Link href="/programme">"Parcourir le programme"</Link></p>
                }.into_any();
            }
            let wishes = crate::order::by_key(wishes, |w| crate::order::numbers(-i64::from(w.year), w.rank));
            let mut years: Vec<i32> = wishes.iter().map(|w| w.year).collect();
            years.dedup();
            years
                .into_iter()
                .map(|year| {
                    let of_year: Vec<Application> = wishes
                        .iter()
                        .filter(|w| w.year == year)
                        .cloned()
                        .collect();
                    view! { <YearWishes year wishes=of_year changes /> }
                })
                .collect_view()
                .into_any()
        })}
    }
}

#[component]
fn YearWishes(year: i32, wishes: Vec<Application>, changes: Mutation) -> impl IntoView {
    let live: Vec<Application> = wishes.iter().filter(|w| w.status != ApplicationStatus::Cancelled).cloned().collect();
    let cancelled: Vec<Application> =
        wishes.iter().filter(|w| w.status == ApplicationStatus::Cancelled).cloned().collect();
    let order: Vec<String> = live.iter().map(|w| w.id.clone()).collect();
    let count = live.len();
    view! {
        <section aria-labelledby=format!("year-{year}")>
            <h2 id=format!("year-{year}")>{format!("Année {year}")}</h2>
            <ol class="wishes">
                {live
                    .into_iter()
                    .enumerate()
                    .map(|(index, wish)| view! { <WishItem wish index count order=order.clone() year changes /> })
                    .collect_view()}
            </ol>
            {(!cancelled.is_empty()).then(|| view! {
                <details>
                    <summary>{format!("Candidatures annulées ({})", cancelled.len())}</summary>
                    <ul>
                        {cancelled.into_iter().map(|w| view! {
                            <li>{w.session.map(|s| s.title).unwrap_or_default()}</li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </section>
    }
}

const REORDER: &str =
    "mutation($year: Int!, $ids: [ID!]!) { reorderWishes(year: $year, applicationIds: $ids) { id rank } }";
const CANCEL: &str = "mutation($id: ID!) { cancelApplication(applicationId: $id) { id status } }";
const CONFIRM: &str = "mutation($id: ID!) { confirmParticipation(applicationId: $id) { id status } }";
const WITHDRAW: &str =
    "mutation($id: ID!, $reason: WithdrawalReason!, $details: String!) { withdraw(applicationId: $id, reason: $reason, details: $details) { id status } }";

#[component]
fn WishItem(
    wish: Application,
    index: usize,
    count: usize,
    order: Vec<String>,
    year: i32,
    changes: Mutation,
) -> impl IntoView {
    let session = wish.session.clone();
    let title = session.as_ref().map(|s| s.title.clone()).unwrap_or_default();
    let session_href = session.as_ref().map(|s| format!("/sessions/{}", s.id)).unwrap_or_default();
    let id = wish.id.clone();
    let status = wish.status;
    let can = wish.can.clone().unwrap_or(crate::api::model::ApplicationCan {
        cancel: false,
        confirm: false,
        withdraw: false,
        evaluate: false,
    });
    let move_by = move |offset: isize| {
        let mut ids = order.clone();
        let target = index as isize + offset;
        if target < 0 || target as usize >= ids.len() {
            return;
        }
        ids.swap(index, target as usize);
        changes.send(REORDER, json!({ "year": year, "ids": ids }), "L’ordre de vos vœux est enregistré.");
    };
    let move_up = move_by.clone();
    let withdrawing = RwSignal::new(false);
    let dates = session
        .as_ref()
        .map(|s| format!("du {} au {}", date_short(s.start_date), date_short(s.end_date)))
        .unwrap_or_default();
    let due_line = match (status, wish.confirmation_due_date) {
        (ApplicationStatus::Selected, Some(due)) => Some(view! {
            <p class="warn" data-testid="countdown">
                {format!("À confirmer au plus tard le {} — {}", date_long(due), countdown(due))}
            </p>
        }),
        _ => None,
    };
    let id_cancel = id.clone();
    let id_confirm = id.clone();
    let id_withdraw = id.clone();
    let title_for_labels = title.clone();
    let title_for_cancel = title.clone();
    let title_for_why = title.clone();
    view! {
        <li class="wish" data-testid="wish">
            <span class="rank" aria-label=format!("Vœu numéro {}", wish.rank)>{wish.rank}</span>
            <div>
                <p><strong><Link href=session_href>{title.clone()}</Link></strong></p>
                <p class="meta">
                    <span class=status_tone(status)>{status.label_fr()}</span>
                    <span>{dates}</span>
                    {wish.waitlist_position.map(|p| view! { <span>{format!("Rang {p} en liste d’attente")}</span> })}
                </p>
                {due_line}
                {wish.observation_deadline.filter(|_| wish.observations_awaited).map(|d| view! {
                    <p class="side" data-testid="observation-deadline">{format!("Observations des autorités d’évaluation attendues jusqu’au {}", date_long(d))}</p>
                })}
                {wish.observations.iter().map(|o| view! {
                    <p class="side">{format!("Avis du {} : {}{}", match o.authority { shared::ObservationAuthority::Evaluator => "chef de juridiction", shared::ObservationAuthority::HeadOfCourt => "chef de cour" }, o.opinion.label_fr(),
                        o.comment.as_ref().map(|c| format!(" — « {c} »")).unwrap_or_default())}</p>
                }).collect_view()}
                {wish.withdrawal.as_ref().map(|w| view! {
                    <p class="side">{format!("Désistement pour {} : {}{}", w.reason.label_fr(), w.details,
                        match w.serious { Some(true) => " (motif jugé sérieux)", Some(false) => " (motif jugé non sérieux)", None => "" })}</p>
                })}
                <Show when=move || withdrawing.get()>
                    <WithdrawForm id=id_withdraw.clone() changes withdrawing />
                </Show>
                {(status != ApplicationStatus::Submitted && status != ApplicationStatus::Cancelled)
                    .then(|| view! { <Why id=id.clone() year title=title_for_why /> })}
            </div>
            <div class="wish-actions actions">
                {shared::rules::is_live(status).then(|| {
                    let up_label = format!("Monter « {} »", title_for_labels);
                    let down_label = format!("Descendre « {} »", title_for_labels);
                    let move_down = move_by.clone();
                    let move_up = move_up.clone();
                    view! {
                        <button type="button" aria-label=up_label disabled=move || index == 0 || changes.pending() on:click=move |_| move_up(-1)>"↑"</button>
                        <button type="button" aria-label=down_label disabled=move || index + 1 == count || changes.pending() on:click=move |_| move_down(1)>"↓"</button>
                    }
                })}
                {can.cancel.then(|| view! {
                    <SendButton mutation=changes label="Annuler" aria_label=format!("Annuler « {} »", title_for_cancel)
                        on_press=Callback::new(move |()| changes.send(CANCEL, json!({ "id": id_cancel.clone() }), "Votre candidature est annulée.")) />
                })}
                {can.confirm.then(|| view! {
                    <SendButton mutation=changes class="primary" label="Confirmer ma participation"
                        on_press=Callback::new(move |()| changes.send(CONFIRM, json!({ "id": id_confirm.clone() }), "Votre participation est confirmée.")) />
                })}
                {can.withdraw.then(|| view! {
                    <button type="button" aria-expanded=move || withdrawing.get().to_string() on:click=move |_| withdrawing.update(|w| *w = !*w)>
                        "Me désister"
                    </button>
                })}
            </div>
        </li>
    }
}

crate::decoded! {
    struct Decided {
        wishes: Vec<WishRun> = "myApplications" ("(year: $y)"),
    }
}

crate::decoded! {
    struct WishRun {
        id: String = "id",
        run: Option<String> = "allocationRunId",
    }
}

crate::decoded! {
    struct Explained {
        explanation: WhyText = "allocationExplanation" ("(runId: $r, magistrateId: $m)"),
    }
}

crate::decoded! {
    struct WhyText {
        paragraphs: Vec<String> = "paragraphs",
    }
}

/// The adopted proposal's explanation of the wish `id`, if a proposal decided it.
async fn why(id: String, year: i32, magistrate: String) -> Result<Option<WhyText>, api::ApiError> {
    let decided = api::query::<Decided>("query($y: Int)", json!({ "y": year })).await?;
    let Some(run) = decided.wishes.into_iter().find(|w| w.id == id).and_then(|w| w.run) else { return Ok(None) };
    let variables = json!({ "r": run, "m": magistrate });
    Ok(Some(api::query::<Explained>("query($r: ID!, $m: ID!)", variables).await?.explanation))
}

/// « Pourquoi ? »: how the adopted proposal decided on this wish, and on the magistrate's others
/// (CRPA L311-3-1), read when asked.
#[component]
fn Why(id: String, year: i32, title: String) -> impl IntoView {
    let auth = crate::session::use_auth();
    let open = RwSignal::new(false);
    let answer: RwSignal<Option<Result<Option<WhyText>, api::ApiError>>> = RwSignal::new(None);
    let ask = move |_| {
        open.update(|o| *o = !*o);
        if answer.get_untracked().is_some() {
            return;
        }
        let magistrate = auth.me.get_untracked().map(|me| me.id).unwrap_or_default();
        let id = id.clone();
        leptos::task::spawn_local(async move { answer.set(Some(why(id, year, magistrate).await)) });
    };
    view! {
        <button type="button" class="link" aria-expanded=move || open.get().to_string()
            aria-label=format!("Pourquoi cette décision pour « {title} » ?") on:click=ask>"Pourquoi ?"</button>
        <Show when=move || open.get()>
            <div class="explanation" aria-live="polite">
                {move || match answer.get() {
                    None => view! { <crate::components::state::Loading /> }.into_any(),
                    Some(Err(error)) => view! { <crate::components::state::ErrorNotice error /> }.into_any(),
                    Some(Ok(None)) => view! {
                        <p>"Cette décision a été prise par le directeur sans proposition algorithmique. "
                            <a href="/regles-de-selection">"Règles de sélection"</a></p>
                    }.into_any(),
                    Some(Ok(Some(why))) => view! {
                        {why.paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
                        <p><a href="/regles-de-selection">"Règles de sélection publiées"</a></p>
                    }.into_any(),
                }}
            </div>
        </Show>
    }
}

#[component]
fn WithdrawForm(id: String, changes: Mutation, withdrawing: RwSignal<bool>) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let details = RwSignal::new(String::new());
    let local = RwSignal::new(Outcome::Idle);
    let application_id = id.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if reason.get_untracked().is_empty() || details.get_untracked().trim().is_empty() {
            local.set(Outcome::Failed(api::ApiError::invalid(
                "Indiquez le motif et précisez-le : un désistement doit être motivé (art. 134).",
            )));
            return;
        }
        withdrawing.set(false);
        changes.send(
            WITHDRAW,
            json!({ "id": application_id, "reason": reason.get_untracked(), "details": details.get_untracked().trim() }),
            "Votre désistement est enregistré ; l’École en est informée.",
        );
    };
    view! {
        <form class="panel stack" on:submit=submit aria-label="Désistement">
            <div class="field">
                <label for=format!("reason-{id}")>"Motif"</label>
                <select id=format!("reason-{id}") on:change=move |ev| reason.set(event_target_value(&ev))>
                    <option value="">"Choisir un motif"</option>
                    {WithdrawalReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{capital(r.label_fr())}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for=format!("details-{id}")>"Précisions"</label>
                <textarea id=format!("details-{id}") rows="3" bind:value=details></textarea>
            </div>
            {outcome_view(local)}
            <SendButton mutation=changes submit=true class="danger" label="Confirmer le désistement" />
        </form>
    }
}
