//! The national budget dashboard (art. 139): every court's credits, commitments, payments and
//! forecast with the totals; the director reserves each court's credits from here after the
//! board's opinion, and the School puts the year's programme online, the courts' deconcentrated
//! programmes with it.

use crate::api::{self, ApiError};
use crate::components::court_picker::planning_year;
use crate::components::date_field::DateField;
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::loaded;
use crate::format::{date_long, money, parse_euros, today};
use crate::session::use_auth;
use leptos::prelude::*;
use serde_json::json;

const DASHBOARD: &str = "query($y: Int!)";
const ALLOCATE: &str = "mutation($c: ID!, $y: Int!, $a: Int!, $d: Date!, $r: String!) { allocateCredits(courtId: $c, year: $y, amountCents: $a, boardOpinionDate: $d, boardReference: $r) { amountCents } }";
const ONLINE: &str = "mutation($y: Int!) { putProgrammeOnline(year: $y) { sessionsPublished } }";

crate::decoded! {
    struct Data {
        dashboard: Dashboard = "budgetDashboard" ("(year: $y)"),
        release: Option<Release> = "programmeRelease" ("(year: $y)"),
    }
}

crate::decoded! {
    struct Release {
        online_on: chrono::NaiveDate = "onlineOn",
    }
}

/// The board of directors' opinion the director's reservations follow (art. 139).
#[derive(Clone, Copy)]
struct Board {
    date: RwSignal<String>,
    reference: RwSignal<String>,
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
    let school = auth.user().map(|m| m.can.manage_national_programme).unwrap_or(false);
    let board = Board { date: RwSignal::new(today().to_string()), reference: RwSignal::new(String::new()) };
    let year = RwSignal::new(planning_year());
    let allocating = Mutation::new();
    let data = api::resource::<Data, _>(DASHBOARD, move || json!({ "y": year.get() }));
    let base = planning_year();
    view! {
        <h1>"Tableau de bord national"</h1>
        <p><a href="/ecole/budget-national">"Budget national des actions de l’École"</a></p>
        <div class="filters">
            <div class="field">
                <label for="dash-year">"Année"</label>
                <select id="dash-year" on:change=move |ev| year.set(event_target_value(&ev).parse().unwrap_or(base))>
                    {((base - 2)..=(base + 1)).rev().map(|y| view! { <option value=y.to_string() selected=y == base>{y.to_string()}</option> }).collect_view()}
                </select>
            </div>
        </div>
        <div aria-live="polite">{allocating.outcome()}</div>
        {director.then(|| view! {
            <fieldset class="panel">
                <legend>"Avis du conseil d’administration (art. 139)"</legend>
                <DateField id="board-date" label="Date de l’avis" value=board.date />
                <div class="field"><label for="board-reference">"Référence de la délibération"</label><input id="board-reference" type="text" bind:value=board.reference /></div>
            </fieldset>
        })}
        {loaded(data, move |data: Data| {
            let t = data.dashboard.totals;
            let shown = year.get_untracked();
            view! {
                {match data.release {
                    Some(r) => view! { <p class="notice info">{format!("Programme {shown} en ligne depuis le {} (national et déconcentré, art. 139).", date_long(r.online_on))}</p> }.into_any(),
                    None => school.then(|| view! {
                        <button type="button" class="primary" disabled=move || allocating.pending() on:click=move |_| allocating.send(ONLINE, json!({ "y": shown }), format!("Le programme {shown} est en ligne, avec les programmes déconcentrés des cours dont les crédits sont réservés."))>
                            {format!("Mettre en ligne le programme {shown}")}
                        </button>
                    }).into_any(),
                }}
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
                                    {director.then(|| view! { <td><AllocateForm court_id=line.court.id.clone() court_name=line.court.name.clone() year=year.get_untracked() board allocating /></td> })}
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
fn AllocateForm(court_id: String, court_name: String, year: i32, board: Board, allocating: Mutation) -> impl IntoView {
    let amount = RwSignal::new(String::new());
    let field = format!("allocate-{court_id}");
    let button_label = format!("Réserver les crédits de la cour d’appel de {court_name}");
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(cents) = parse_euros(&amount.get_untracked()) else {
            allocating.refuse(ApiError::invalid("Indiquez un montant en euros (ex. 25 000)."));
            return;
        };
        let variables = json!({ "c": court_id, "y": year, "a": cents, "d": board.date.get_untracked(), "r": board.reference.get_untracked().trim() });
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
