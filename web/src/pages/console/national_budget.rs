//! The budget of the School's own actions (art. 139), at `/ecole/budget-national`: the budget the
//! director sets for the year against what the national actions' cost lines commit and pay, by
//! category, by action and by month, like a court's dashboard; and the School's scale of speakers'
//! fees for the year, which the actions' fee lines follow.

use crate::api::{self, ApiError};
use crate::components::court_picker::planning_year;
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::loaded;
use crate::format::{money, parse_euros};
use crate::session::use_auth;
use leptos::prelude::*;
use serde_json::json;

crate::decoded! {
    struct Data {
        budget: National = "nationalBudget" ("(year: $y)"),
        rates: Vec<Rate> = "feeScale" ("(year: $y)"),
    }
}

crate::decoded! {
    struct National {
        allocated_cents: i64 = "allocatedCents",
        committed_cents: i64 = "committedCents",
        paid_cents: i64 = "paidCents",
        remaining_cents: i64 = "remainingCents",
        by_action: Vec<ActionLine> = "byAction",
        by_category: Vec<CategoryLine> = "byCategory",
    }
}

crate::decoded! {
    struct ActionLine {
        session: Named = "session",
        estimated_cents: i64 = "estimatedCents",
        spent: Spent = "spent",
    }
}

crate::decoded! {
    struct Named {
        id: String = "id",
        title: String = "title",
    }
}

crate::decoded! {
    struct CategoryLine {
        label: String = "label",
        planned_cents: i64 = "plannedCents",
        spent: Spent = "spent",
    }
}

crate::decoded! {
    struct Spent {
        committed_cents: i64 = "committedCents",
        paid_cents: i64 = "paidCents",
    }
}

crate::decoded! {
    struct Rate {
        label: String = "label",
        unit_label: String = "unitLabel",
        amount_cents: i64 = "amountCents",
    }
}

const SET_BUDGET: &str = "mutation($y: Int!, $a: Int!) { setNationalBudget(year: $y, amountCents: $a) }";
const SET_RATE: &str = "mutation($y: Int!, $i: FeeRateInput!) { setFeeRate(year: $y, input: $i) { id } }";

#[component]
pub fn NationalBudgetPage() -> impl IntoView {
    let can = use_auth().user().map(|m| m.can);
    let director = can.as_ref().is_some_and(|c| c.allocate_credits);
    let school = can.as_ref().is_some_and(|c| c.manage_national_programme);
    let base = planning_year();
    let year = RwSignal::new(base);
    let data = api::resource::<Data, _>("query($y: Int!)", move || json!({ "y": year.get() }));
    let changes = Mutation::new();
    view! {
        <h1>{move || format!("Budget national {} des actions de l’École", year.get())}</h1>
        <p class="lead">"Les honoraires, déplacements et hébergements des actions nationales, engagés puis payés sur le budget que fixe le directeur (art. 139)."</p>
        <div class="filters">
            <div class="field">
                <label for="national-year">"Année"</label>
                <select id="national-year" on:change=move |ev| year.set(event_target_value(&ev).parse().unwrap_or(base))>
                    {((base - 2)..=(base + 1)).rev().map(|y| view! { <option value=y.to_string() selected=y == base>{y.to_string()}</option> }).collect_view()}
                </select>
            </div>
        </div>
        <div aria-live="polite">{changes.outcome()}</div>
        {director.then(|| view! { <BudgetForm year changes /> })}
        {loaded(data, move |d: Data| {
            let b = d.budget;
            view! {
                <div class="figures">
                    <div class="figure"><span class="label">"Budget"</span><span class="value">{money(b.allocated_cents)}</span></div>
                    <div class="figure"><span class="label">"Engagé"</span><span class="value">{money(b.committed_cents)}</span></div>
                    <div class="figure"><span class="label">"Payé"</span><span class="value">{money(b.paid_cents)}</span></div>
                    <div class="figure"><span class="label">"Disponible"</span><span class="value" data-testid="national-remaining">{money(b.remaining_cents)}</span></div>
                </div>
                <table>
                    <caption>"Par action"</caption>
                    <thead><tr><th scope="col">"Action"</th><th scope="col" class="num">"Estimé"</th><th scope="col" class="num">"Engagé"</th><th scope="col" class="num">"Payé"</th></tr></thead>
                    <tbody>{b.by_action.into_iter().map(|a| view! {
                        <tr><th scope="row"><a href=format!("/gestion/couts/{}", a.session.id)>{a.session.title}</a></th><td class="num">{money(a.estimated_cents)}</td><td class="num">{money(a.spent.committed_cents)}</td><td class="num">{money(a.spent.paid_cents)}</td></tr>
                    }).collect_view()}</tbody>
                </table>
                <table>
                    <caption>"Par nature de dépense"</caption>
                    <thead><tr><th scope="col">"Nature"</th><th scope="col" class="num">"Estimé"</th><th scope="col" class="num">"Engagé"</th><th scope="col" class="num">"Payé"</th></tr></thead>
                    <tbody>{b.by_category.into_iter().filter(|c| c.planned_cents != 0).map(|c| view! {
                        <tr><th scope="row">{c.label}</th><td class="num">{money(c.planned_cents)}</td><td class="num">{money(c.spent.committed_cents)}</td><td class="num">{money(c.spent.paid_cents)}</td></tr>
                    }).collect_view()}</tbody>
                </table>
                <h2>"Barème des honoraires des intervenants"</h2>
                <ul class="name-list">{d.rates.into_iter().map(|r| view! { <li>{format!("{} : {} par {}", r.label, money(r.amount_cents), r.unit_label)}</li> }).collect_view()}</ul>
            }
        })}
        {school.then(|| view! { <RateForm year changes /> })}
    }
}

#[component]
fn BudgetForm(year: RwSignal<i32>, changes: Mutation) -> impl IntoView {
    let amount = RwSignal::new(String::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(cents) = parse_euros(&amount.get_untracked()) else {
            return changes.refuse(ApiError::invalid("Indiquez le budget en euros."));
        };
        changes.send(SET_BUDGET, json!({ "y": year.get_untracked(), "a": cents }), "Le budget national est fixé.");
    };
    view! {
        <form class="panel" on:submit=submit aria-labelledby="set-budget">
            <h2 id="set-budget">"Fixer le budget national"</h2>
            <div class="field"><label for="national-amount">"Montant (€)"</label><input id="national-amount" type="text" inputmode="decimal" bind:value=amount /></div>
            <SendButton mutation=changes submit=true class="primary" label="Fixer le budget" />
        </form>
    }
}

#[component]
fn RateForm(year: RwSignal<i32>, changes: Mutation) -> impl IntoView {
    let label = RwSignal::new(String::new());
    let unit = RwSignal::new("HALF_DAY".to_owned());
    let amount = RwSignal::new(String::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(cents) = parse_euros(&amount.get_untracked()) else {
            return changes.refuse(ApiError::invalid("Indiquez le tarif en euros."));
        };
        let input = json!({ "label": label.get_untracked(), "unit": unit.get_untracked(), "amountCents": cents });
        changes.send(SET_RATE, json!({ "y": year.get_untracked(), "i": input }), "Le tarif est au barème.");
    };
    view! {
        <form class="panel" on:submit=submit aria-labelledby="set-rate">
            <h2 id="set-rate">"Ajouter ou modifier un tarif"</h2>
            <div class="field grow"><label for="rate-label">"Intervention"</label><input id="rate-label" type="text" bind:value=label /></div>
            <div class="field">
                <label for="rate-unit">"Par"</label>
                <select id="rate-unit" on:change=move |ev| unit.set(event_target_value(&ev))>
                    <option value="HALF_DAY">"demi-journée"</option>
                    <option value="HOUR">"heure"</option>
                    <option value="DAY">"journée"</option>
                </select>
            </div>
            <div class="field"><label for="rate-amount">"Tarif (€)"</label><input id="rate-amount" type="text" inputmode="decimal" bind:value=amount /></div>
            <SendButton mutation=changes submit=true label="Enregistrer le tarif" />
        </form>
    }
}
