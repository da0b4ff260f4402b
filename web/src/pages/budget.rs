//! The court's shared budget dashboard (art. 139): credits against committed and paid, consumption
//! month by month, spending by category, the entries — updated live through `budgetChanged`.

use crate::api::json::Decode;
use crate::api::model::CourtBudget;
use crate::api::{self, live, Freshness};
use crate::components::charts::{Bar, HorizontalBars, MonthlyColumns};
use crate::components::court_picker::{CourtYear, CourtYearPicker};
use crate::components::state::{loaded, Empty};
use crate::format::{date_short, money, month_label, month_short};
use crate::router::Link;
use leptos::prelude::*;
use serde_json::json;

crate::decoded! {
    struct Data {
        budget: CourtBudget = "courtBudget" ("(courtId: $c, year: $y)"),
    }
}

crate::decoded! {
    struct Pushed {
        budget: CourtBudget = "budgetChanged" ("(courtId: $c, year: $y)"),
    }
}

#[component]
pub fn BudgetPage() -> impl IntoView {
    let selection = CourtYear::new();
    let data = api::resource::<Data, _>(
        "query($c: ID!, $y: Int!)",
        move || json!({ "c": selection.court.get(), "y": selection.year.get() }),
    );
    // The figures pushed by the server replace the loaded ones until the court or year changes.
    let pushed = RwSignal::new(None::<CourtBudget>);
    let live_state = RwSignal::new("connexion…");
    let freshness = Freshness::current();
    let subscription = StoredValue::new_local(None::<live::Subscription>);
    Effect::new(move |_| {
        let court = selection.court.get();
        let year = selection.year.get();
        pushed.set(None);
        subscription.set_value(None);
        if court.is_empty() {
            return;
        }
        let opened = live::subscribe(
            &api::json::document::<Pushed>("subscription($c: ID!, $y: Int)"),
            json!({ "c": court, "y": year }),
            move |payload| {
                if let Some(Pushed { budget }) = Pushed::decode(Some(&payload)) {
                    pushed.set(Some(budget));
                    live_state.set("mis à jour à l’instant");
                }
            },
            // Back after a drop: the figures are read again, as they may have moved meanwhile.
            move |link| match link {
                live::Link::Open => live_state.set("en direct"),
                live::Link::Lost => live_state.set("connexion perdue, reconnexion…"),
                live::Link::Reopened => {
                    pushed.set(None);
                    freshness.changed();
                    live_state.set("en direct");
                }
            },
        );
        if opened.is_none() {
            live_state.set("hors ligne");
        }
        subscription.set_value(opened);
    });
    on_cleanup(move || subscription.set_value(None));
    view! {
        <h1>"Budget de la formation déconcentrée"</h1>
        <CourtYearPicker selection />
        <p class="meta"><span class="status good" data-testid="live">{move || format!("Tableau partagé — {}", live_state.get())}</span></p>
        {loaded(data, move |data: Data| {
            let initial = data.budget;
            let may_record = initial.can.record_expense;
            move || view! {
                {may_record.then(|| view! { <p><Link href="/budget/depense">"Saisir une dépense"</Link></p> })}
                <BudgetView budget=pushed.get().unwrap_or_else(|| initial.clone()) />
            }
        })}
        <ExecutionReport />
    }
}

/// The court's reports (art. 138, 143) are written and sent from the console, served at `/gestion/`.
#[component]
fn ExecutionReport() -> impl IntoView {
    view! {
        <section aria-labelledby="execution" class="panel">
            <h2 id="execution">"Rapport d’exécution (art. 143)"</h2>
            <a class="button-link" href="/gestion/rapports">"Rapports de la cour (art. 138, 143)"</a>
        </section>
    }
}

#[component]
fn BudgetView(budget: CourtBudget) -> impl IntoView {
    let credits = vec![
        Bar { label: "Crédits réservés".to_owned(), cents: budget.allocated_cents, tone: "credits" },
        Bar { label: "Engagé".to_owned(), cents: budget.committed_cents, tone: "committed" },
        Bar { label: "Payé".to_owned(), cents: budget.paid_cents, tone: "paid" },
        Bar { label: "Prévisionnel restant".to_owned(), cents: budget.forecast_cents, tone: "" },
    ];
    let months: Vec<(String, String, i64)> = budget
        .monthly
        .iter()
        .map(|m| (month_label(&m.month), month_short(&m.month).to_owned(), m.spent.consumed_cents))
        .collect();
    let categories: Vec<Bar> = budget
        .by_category
        .iter()
        .filter(|c| c.spent.consumed_cents > 0 || c.planned_cents > 0)
        .map(|c| Bar { label: c.category.label_fr().to_owned(), cents: c.spent.consumed_cents, tone: "" })
        .collect();
    let remaining_class = if budget.remaining_cents < 0 { "value bad" } else { "value" };
    view! {
        <div class="figures" data-testid="figures">
            <div class="figure"><span class="label">"Crédits réservés"</span><span class="value">{money(budget.allocated_cents)}</span></div>
            <div class="figure"><span class="label">"Engagé"</span><span class="value">{money(budget.committed_cents)}</span></div>
            <div class="figure"><span class="label">"Payé"</span><span class="value">{money(budget.paid_cents)}</span></div>
            <div class="figure"><span class="label">"Disponible"</span><span class=remaining_class data-testid="remaining">{money(budget.remaining_cents)}</span></div>
            <div class="figure"><span class="label">"Prévisionnel non engagé"</span><span class="value">{money(budget.forecast_cents)}</span></div>
        </div>
        <HorizontalBars caption="Crédits, engagements et paiements" bars=credits />
        <MonthlyColumns caption=format!("Consommation mois par mois en {}", budget.year) months />
        {if categories.is_empty() {
            view! { <Empty message="Aucune dépense par catégorie pour l’instant." /> }.into_any()
        } else {
            view! { <HorizontalBars caption="Dépenses par catégorie" bars=categories /> }.into_any()
        }}
        <h2>"Écritures"</h2>
        {if budget.expenses.is_empty() {
            view! { <Empty message="Aucune écriture cette année." /> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table>
                        <caption class="visually-hidden">"Écritures de l’année"</caption>
                        <thead><tr><th scope="col">"Date"</th><th scope="col">"Nature"</th><th scope="col">"Catégorie"</th><th scope="col">"Libellé"</th><th scope="col" class="num">"Montant"</th></tr></thead>
                        <tbody>
                            {budget.expenses.iter().map(|e| view! {
                                <tr>
                                    <td>{date_short(e.date)}</td>
                                    <td>{e.kind.label_fr()}{e.forced.then_some(" (dépassement autorisé)")}</td>
                                    <td>{e.category.label_fr()}</td>
                                    <td>{e.label.clone()}</td>
                                    <td class="num">{money(e.amount_cents)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}
