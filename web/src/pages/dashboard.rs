//! The national budget dashboard (art. 139): every court's credits, commitments, payments and
//! forecast with the totals; the director reserves each court's credits from here.

use crate::api::{self, ApiError};
use crate::components::court_picker::planning_year;
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::loaded;
use crate::format::{money, parse_euros, today};
use crate::session::use_auth;
use leptos::prelude::*;
use serde_json::json;

const DASHBOARD: &str = "query($y: Int!)";
const ALLOCATE: &str = "mutation($c: ID!, $y: Int!, $a: Int!, $d: Date!) { allocateCredits(courtId: $c, year: $y, amountCents: $a, boardOpinionDate: $d) { amountCents } }";

crate::decoded! {
    struct Data {
        dashboard: Dashboard = "budgetDashboard" ("(year: $y)"),
    }
}

crate::decoded! {
    struct Dashboard {
        totals: Figures = "totals",
        courts: Vec<CourtLine> = "courts",
    }
}

crate::decoded! {
    struct Figures {
        allocated_cents: i64 = "allocatedCents",
        committed_cents: i64 = "committedCents",
        paid_cents: i64 = "paidCents",
        remaining_cents: i64 = "remainingCents",
        forecast_cents: i64 = "forecastCents",
    }
}

crate::decoded! {
    struct CourtLine {
        court: crate::api::model::Court = "court",
        allocated_cents: i64 = "allocatedCents",
        committed_cents: i64 = "committedCents",
        paid_cents: i64 = "paidCents",
        remaining_cents: i64 = "remainingCents",
        forecast_cents: i64 = "forecastCents",
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let auth = use_auth();
    let director = auth.user().map(|m| m.can.allocate_credits).unwrap_or(false);
    let year = RwSignal::new(planning_year());
    let allocating = Mutation::new();
    let data = api::resource::<Data, _>(DASHBOARD, move || json!({ "y": year.get() }));
    let base = planning_year();
    view! {
        <h1>"Tableau de bord national"</h1>
        <div class="filters">
            <div class="field">
                <label for="dash-year">"Année"</label>
                <select id="dash-year" on:change=move |ev| year.set(event_target_value(&ev).parse().unwrap_or(base))>
                    {((base - 2)..=(base + 1)).rev().map(|y| view! { <option value=y.to_string() selected=y == base>{y.to_string()}</option> }).collect_view()}
                </select>
            </div>
        </div>
        <div aria-live="polite">{allocating.outcome()}</div>
        {loaded(data, move |data: Data| {
            let t = data.dashboard.totals;
            view! {
                <div class="figures">
                    <div class="figure"><span class="label">"Crédits réservés"</span><span class="value">{money(t.allocated_cents)}</span></div>
                    <div class="figure"><span class="label">"Engagé"</span><span class="value">{money(t.committed_cents)}</span></div>
                    <div class="figure"><span class="label">"Payé"</span><span class="value">{money(t.paid_cents)}</span></div>
                    <div class="figure"><span class="label">"Disponible"</span><span class="value">{money(t.remaining_cents)}</span></div>
                    <div class="figure"><span class="label">"Prévisionnel non engagé"</span><span class="value">{money(t.forecast_cents)}</span></div>
                </div>
                <div class="table-wrap">
                    <table>
                        <caption>"Par cour d’appel"</caption>
                        <thead><tr><th scope="col">"Cour d’appel"</th><th scope="col" class="num">"Crédits"</th><th scope="col" class="num">"Engagé"</th><th scope="col" class="num">"Payé"</th><th scope="col" class="num">"Disponible"</th><th scope="col" class="num">"Prévisionnel"</th>{director.then(|| view! { <th scope="col">"Réserver des crédits"</th> })}</tr></thead>
                        <tbody>
                            {data.dashboard.courts.into_iter().map(|line| view! {
                                <tr>
                                    <th scope="row">{line.court.name.clone()}</th>
                                    <td class="num">{money(line.allocated_cents)}</td>
                                    <td class="num">{money(line.committed_cents)}</td>
                                    <td class="num">{money(line.paid_cents)}</td>
                                    <td class="num">{money(line.remaining_cents)}</td>
                                    <td class="num">{money(line.forecast_cents)}</td>
                                    {director.then(|| view! { <td><AllocateForm court_id=line.court.id.clone() court_name=line.court.name.clone() year=year.get_untracked() allocating /></td> })}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }
        })}
    }
}

#[component]
fn AllocateForm(court_id: String, court_name: String, year: i32, allocating: Mutation) -> impl IntoView {
    let amount = RwSignal::new(String::new());
    let field = format!("allocate-{court_id}");
    let button_label = format!("Réserver les crédits de la cour d’appel de {court_name}");
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(cents) = parse_euros(&amount.get_untracked()) else {
            allocating.refuse(ApiError::invalid("Indiquez un montant en euros (ex. 25 000)."));
            return;
        };
        let variables = json!({ "c": court_id, "y": year, "a": cents, "d": today().to_string() });
        let done = format!("{} réservés pour la cour d’appel de {court_name} en {year}.", money(cents));
        allocating.send(ALLOCATE, variables, done);
    };
    view! {
        <form class="actions" on:submit=submit>
            <label class="visually-hidden" for=field.clone()>"Montant des crédits en euros"</label>
            <input id=field type="text" inputmode="decimal" size="9" bind:value=amount />
            <SendButton mutation=allocating submit=true label="Réserver" aria_label=button_label />
        </form>
    }
}
