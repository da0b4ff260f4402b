//! An action's costs (art. 132, 139), at `/gestion/couts/:id`: its lines (speakers' fees from the
//! School's scale, travel and accommodation of speakers and participants), estimated then actual;
//! the School reaches it from its actions, a court's delegate and finance officer from the court's
//! action, whose credits the lines commit. The server decides who may write (`actionCosts` and
//! `addActionCost` answer `FORBIDDEN` otherwise) and refuses beyond the credits.

use crate::api::{self, ApiError};
use crate::components::date_field::DateField;
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::loaded;
use crate::format::{money, parse_euros};
use crate::session::use_auth;
use chrono::Datelike;
use leptos::prelude::*;
use serde_json::json;

crate::decoded! {
    struct Data {
        session: Titled = "session" ("(id: $s)"),
        lines: Vec<Line> = "actionCosts" ("(sessionId: $s)"),
    }
}

crate::decoded! {
    struct Titled {
        title: String = "title",
        start_date: chrono::NaiveDate = "startDate",
        scope: String = "scope",
    }
}

crate::decoded! {
    struct Line {
        id: String = "id",
        category_label: String = "categoryLabel",
        beneficiary: String = "beneficiary",
        label: String = "label",
        estimated_cents: i64 = "estimatedCents",
        actual_cents: Option<i64> = "actualCents",
    }
}

crate::decoded! {
    struct Scale {
        rates: Vec<Rate> = "feeScale" ("(year: $y)"),
    }
}

crate::decoded! {
    struct Rate {
        id: String = "id",
        label: String = "label",
        unit_label: String = "unitLabel",
        amount_cents: i64 = "amountCents",
    }
}

crate::decoded! {
    struct Agreements {
        agreements: Vec<Agreement> = "sessionAgreements" ("(sessionId: $s)"),
    }
}

crate::decoded! {
    struct Agreement {
        partner: String = "partner",
        object: String = "object",
        amount_cents: i64 = "amountCents",
        starts_on: chrono::NaiveDate = "startsOn",
        ends_on: chrono::NaiveDate = "endsOn",
    }
}

const AGREE: &str = "mutation($s: ID!, $i: AgreementInput!) { recordAgreement(sessionId: $s, input: $i) { id } }";
const ADD: &str = "mutation($s: ID!, $i: ActionCostInput!) { addActionCost(sessionId: $s, input: $i) { id } }";
const ACTUAL: &str =
    "mutation($l: ID!, $a: Int!, $f: String) { recordActualCost(lineId: $l, actualCents: $a, forceReason: $f) { id } }";

#[component]
pub fn CostsPage(id: String) -> impl IntoView {
    let session = id.clone();
    let data = api::resource::<Data, _>("query($s: ID!)", move || json!({ "s": session.clone() }));
    let changes = Mutation::new();
    view! {
        {loaded(data, move |d: Data| {
            let estimated: i64 = d.lines.iter().map(|l| l.estimated_cents).sum();
            let actual: i64 = d.lines.iter().map(|l| l.actual_cents.unwrap_or(l.estimated_cents)).sum();
            let year = d.session.start_date.year();
            let back = if d.session.scope == "NATIONAL" { format!("/ecole/selection/{id}") } else { format!("/cour/sessions/{id}") };
            view! {
                <p class="muted"><a href=back>"Retour à l’action"</a>" · "<a href=format!("/gestion/programmes/{id}")>"Programme de l’action"</a></p>
                <h1>{format!("Coûts — {}", d.session.title)}</h1>
                <p class="lead" data-testid="cost-totals">{format!("Estimé : {} · Réel ou, à défaut, estimé : {}", money(estimated), money(actual))}</p>
                <table>
                    <caption>"Lignes de coût"</caption>
                    <thead><tr><th scope="col">"Nature"</th><th scope="col">"Libellé"</th><th scope="col">"Pour"</th><th scope="col" class="num">"Estimé"</th><th scope="col" class="num">"Réel"</th><th scope="col">"Montant réel"</th></tr></thead>
                    <tbody>
                        {d.lines.into_iter().map(|l| view! { <LineRow line=l changes /> }).collect_view()}
                    </tbody>
                </table>
                <LineForm id=id.clone() year changes />
                <AgreementsPanel id=id.clone() changes />
            }
        })}
        <div aria-live="polite">{changes.outcome()}</div>
    }
}

#[component]
fn LineRow(line: Line, changes: Mutation) -> impl IntoView {
    let typed = RwSignal::new(String::new());
    let field = format!("actual-{}", line.id);
    let id = line.id.clone();
    let label = line.label.clone();
    let record = move |_| {
        let Some(cents) = parse_euros(&typed.get_untracked()) else {
            return changes.refuse(ApiError::invalid(&format!("« {label} » : indiquez le montant réel en euros.")));
        };
        changes.send(ACTUAL, json!({ "l": id.clone(), "a": cents }), "Le montant réel est enregistré.");
    };
    view! {
        <tr data-testid="cost-line">
            <td>{line.category_label}</td>
            <td>{line.label.clone()}</td>
            <td>{if line.beneficiary == "SPEAKER" { "Intervenant" } else { "Participant" }}</td>
            <td class="num">{money(line.estimated_cents)}</td>
            <td class="num">{line.actual_cents.map(money).unwrap_or_else(|| "—".to_owned())}</td>
            <td>
                <label class="visually-hidden" for=field.clone()>{format!("Montant réel de « {} »", line.label)}</label>
                <input id=field type="text" inputmode="decimal" size="8" bind:value=typed />
                " "
                <button type="button" on:click=record>"Enregistrer"</button>
            </td>
        </tr>
    }
}

/// A new line: a fee at the scale's rate for a number of units, or an estimated amount.
#[component]
fn LineForm(id: String, year: i32, changes: Mutation) -> impl IntoView {
    let scale = api::resource::<Scale, _>("query($y: Int!)", move || json!({ "y": year }));
    let category = RwSignal::new("SPEAKER_FEES".to_owned());
    let beneficiary = RwSignal::new("SPEAKER".to_owned());
    let label = RwSignal::new(String::new());
    let rate = RwSignal::new(String::new());
    let units = RwSignal::new("1".to_owned());
    let amount = RwSignal::new(String::new());
    let force = RwSignal::new(String::new());
    let fee = move || category.get() == "SPEAKER_FEES";
    // Only the School may go beyond the credits (`policy::may_force_expense`): others are not asked.
    let school = use_auth().user().is_some_and(|m| m.can.manage_national_programme);
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut input = json!({ "category": category.get_untracked(), "beneficiary": beneficiary.get_untracked(), "label": label.get_untracked(), "forceReason": force.get_untracked() });
        if category.get_untracked() == "SPEAKER_FEES" {
            let Ok(n) = units.get_untracked().trim().parse::<i32>() else {
                return changes.refuse(ApiError::invalid("Indiquez le nombre d’unités du barème."));
            };
            input["feeRateId"] = json!(rate.get_untracked());
            input["units"] = json!(n);
        } else {
            let Some(cents) = parse_euros(&amount.get_untracked()) else {
                return changes.refuse(ApiError::invalid("Indiquez le montant estimé en euros."));
            };
            input["estimatedCents"] = json!(cents);
        }
        changes.send(ADD, json!({ "s": id.clone(), "i": input }), "La ligne est ajoutée et engagée.");
    };
    view! {
        <form class="panel" on:submit=submit aria-labelledby="new-line">
            <h2 id="new-line">"Ajouter une ligne"</h2>
            <div class="field">
                <label for="line-category">"Nature"</label>
                <select id="line-category" on:change=move |ev| category.set(event_target_value(&ev))>
                    <option value="SPEAKER_FEES">"Honoraires (barème de l’École)"</option>
                    <option value="TRAVEL">"Déplacement"</option>
                    <option value="ACCOMMODATION">"Hébergement"</option>
                </select>
            </div>
            <div class="field">
                <label for="line-for">"Pour"</label>
                <select id="line-for" on:change=move |ev| beneficiary.set(event_target_value(&ev))>
                    <option value="SPEAKER">"Un intervenant"</option>
                    <option value="PARTICIPANT">"Des participants"</option>
                </select>
            </div>
            <div class="field grow"><label for="line-label">"Libellé"</label><input id="line-label" type="text" bind:value=label /></div>
            <Show when=fee fallback=move || view! {
                <div class="field"><label for="line-amount">"Montant estimé (€)"</label><input id="line-amount" type="text" inputmode="decimal" bind:value=amount /></div>
            }>
                <div class="field">
                    <label for="line-rate">"Tarif du barème"</label>
                    <select id="line-rate" on:change=move |ev| rate.set(event_target_value(&ev))>
                        <option value="">"— choisir —"</option>
                        {move || scale.get().and_then(Result::ok).map(|s| s.rates.into_iter().map(|r| view! {
                            <option value=r.id>{format!("{} — {} par {}", r.label, money(r.amount_cents), r.unit_label)}</option>
                        }).collect_view())}
                    </select>
                </div>
                <div class="field"><label for="line-units">"Unités"</label><input id="line-units" type="number" min="1" bind:value=units /></div>
            </Show>
            {school.then(|| view! {
                <div class="field grow"><label for="line-force">"Motif pour dépasser les crédits ou le budget"</label><input id="line-force" type="text" bind:value=force /></div>
            })}
            <SendButton mutation=changes submit=true class="primary" label="Ajouter la ligne" />
        </form>
    }
}

/// The agreements with outside bodies (art. 132), for those who manage the action; nothing for others.
#[component]
fn AgreementsPanel(id: String, changes: Mutation) -> impl IntoView {
    let session = id.clone();
    let listed = api::resource::<Agreements, _>("query($s: ID!)", move || json!({ "s": session.clone() }));
    let partner = RwSignal::new(String::new());
    let object = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let starts = RwSignal::new(String::new());
    let ends = RwSignal::new(String::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Some(cents) = parse_euros(&amount.get_untracked()) else {
            return changes.refuse(ApiError::invalid("Indiquez le montant de la convention en euros."));
        };
        let input = json!({ "partner": partner.get_untracked(), "object": object.get_untracked(), "amountCents": cents, "startsOn": starts.get_untracked(), "endsOn": ends.get_untracked() });
        changes.send(AGREE, json!({ "s": id.clone(), "i": input }), "La convention est enregistrée.");
    };
    move || {
        listed.get().and_then(Result::ok).map(|d| {
            let submit = submit.clone();
            view! {
                <section class="panel" aria-labelledby="agreements">
                    <h2 id="agreements">"Conventions avec un organisme extérieur (art. 132)"</h2>
                    <ul class="name-list">{d.agreements.into_iter().map(|a| view! {
                        <li data-testid="agreement">{format!("{} — {} : {}, du {} au {}", a.partner, a.object, money(a.amount_cents), crate::format::date_long(a.starts_on), crate::format::date_long(a.ends_on))}</li>
                    }).collect_view()}</ul>
                    <form on:submit=submit>
                        <div class="field grow"><label for="agreement-partner">"Organisme partenaire"</label><input id="agreement-partner" type="text" bind:value=partner /></div>
                        <div class="field grow"><label for="agreement-object">"Objet"</label><input id="agreement-object" type="text" bind:value=object /></div>
                        <div class="field"><label for="agreement-amount">"Montant (€)"</label><input id="agreement-amount" type="text" inputmode="decimal" bind:value=amount /></div>
                        <DateField id="agreement-start" label="Du" value=starts />
                        <DateField id="agreement-end" label="Au" value=ends />
                        <SendButton mutation=changes submit=true label="Enregistrer la convention" />
                    </form>
                </section>
            }
        })
    }
}
