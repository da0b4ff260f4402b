//! Expense entry (art. 139): a commitment or a payment against the court's credits. Beyond the
//! credits it is refused, unless the School forces it with a reason, which is recorded.

use crate::api::model::{Connection, Session};
use crate::api::{self, ApiError};
use crate::components::court_picker::{CourtYear, CourtYearPicker};
use crate::components::date_field::DateField;
use crate::components::mutation::{Mutation, SendButton};
use crate::format::{money, parse_euros, today};
use crate::router::Link;
use crate::session::use_auth;
use leptos::prelude::*;
use serde_json::{json, Value};
use shared::{CostCategory, ExpenseKind};

const SESSIONS: &str = "query($c: ID!, $y: Int!)";
const RECORD: &str = "mutation($input: ExpenseInput!) { recordExpense(input: $input) { id amountCents kind } }";

crate::decoded! {
    struct Sessions {
        sessions: Connection<Session> = "sessions" ("(filter: { courtId: $c, scope: DECONCENTRATED, year: $y }, first: 100)"),
    }
}

#[component]
pub fn ExpensePage() -> impl IntoView {
    let auth = use_auth();
    let school = auth.user().map(|m| m.can.force_expense).unwrap_or(false);
    let selection = CourtYear::new();
    let sessions = api::resource::<Sessions, _>(
        SESSIONS,
        move || json!({ "c": selection.court.get(), "y": selection.year.get() }),
    );
    let session = RwSignal::new(String::new());
    let category = RwSignal::new(CostCategory::Catering.as_str().to_owned());
    let kind = RwSignal::new(ExpenseKind::Committed.as_str().to_owned());
    let amount = RwSignal::new(String::new());
    let date = RwSignal::new(today().to_string());
    let label = RwSignal::new(String::new());
    let force = RwSignal::new(String::new());
    let recording = Mutation::new();
    // Once recorded, the amount, label and reason are cleared for the next expense.
    Effect::new(move |seen: Option<usize>| {
        let done = recording.done();
        if seen.is_some_and(|seen| seen != done) {
            amount.set(String::new());
            label.set(String::new());
            force.set(String::new());
        }
        done
    });
    let invalid = move |message: &str| recording.refuse(ApiError::invalid(message));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(cents) = parse_euros(&amount.get_untracked()).filter(|c| *c > 0) else {
            invalid("Indiquez un montant en euros, par exemple 1 250,50.");
            return;
        };
        if label.get_untracked().trim().is_empty() {
            invalid("Donnez un libellé à la dépense (fournisseur, objet).");
            return;
        }
        if shared::dates::parse_fr(&date.get_untracked()).is_none() {
            invalid("Indiquez la date de la dépense au format jj/mm/aaaa.");
            return;
        }
        let mut input = serde_json::Map::new();
        input.insert("courtId".into(), json!(selection.court.get_untracked()));
        input.insert("category".into(), json!(category.get_untracked()));
        input.insert("kind".into(), json!(kind.get_untracked()));
        input.insert("amountCents".into(), json!(cents));
        input.insert("date".into(), json!(date.get_untracked()));
        input.insert("label".into(), json!(label.get_untracked().trim()));
        if !session.get_untracked().is_empty() {
            input.insert("sessionId".into(), json!(session.get_untracked()));
        }
        if !force.get_untracked().trim().is_empty() {
            input.insert("forceReason".into(), json!(force.get_untracked().trim()));
        }
        recording.send(
            RECORD,
            json!({ "input": Value::Object(input) }),
            format!("Dépense de {} enregistrée ; le tableau de bord est à jour.", money(cents)),
        );
    };
    view! {
        <p class="breadcrumb"><Link href="/budget">"Budget"</Link>" › saisie"</p>
        <h1>"Saisir une dépense"</h1>
        <CourtYearPicker selection />
        <form class="panel" on:submit=submit>
            <div class="field">
                <label for="expense-kind">"Nature"</label>
                <select id="expense-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    {ExpenseKind::ALL.iter().map(|k| view! { <option value=k.as_str()>{k.label_fr()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="expense-session">"Action de formation"</label>
                <select id="expense-session" on:change=move |ev| session.set(event_target_value(&ev))>
                    <option value="">"Dépense générale de la cour"</option>
                    {move || sessions.get().and_then(Result::ok).map(|s| s.sessions.nodes.into_iter().map(|s| view! {
                        <option value=s.id.clone()>{format!("{} — {}", s.code, s.title)}</option>
                    }).collect_view())}
                </select>
            </div>
            <div class="field">
                <label for="expense-category">"Catégorie"</label>
                <select id="expense-category" on:change=move |ev| category.set(event_target_value(&ev))>
                    {CostCategory::ALL.iter().map(|c| view! { <option value=c.as_str() selected=*c == CostCategory::Catering>{c.label_fr()}</option> }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="expense-amount">"Montant (€)"</label>
                <input id="expense-amount" type="text" inputmode="decimal" bind:value=amount placeholder="ex. 1 250,50" />
            </div>
            <DateField id="expense-date" label="Date" value=date />
            <div class="field">
                <label for="expense-label">"Libellé"</label>
                <input id="expense-label" type="text" bind:value=label />
            </div>
            {school.then(|| view! {
                <div class="field">
                    <label for="expense-force">"Motif de dépassement (École uniquement)"</label>
                    <input id="expense-force" type="text" bind:value=force aria-describedby="force-help" />
                    <p id="force-help" class="help">"À remplir seulement pour autoriser un engagement au-delà des crédits disponibles."</p>
                </div>
            })}
            <div aria-live="polite">{recording.outcome()}</div>
            <SendButton mutation=recording submit=true class="primary" label="Enregistrer la dépense" />
        </form>
    }
}
