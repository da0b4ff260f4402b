//! The court's deconcentrated plan (art. 137–139), step by step in the regulation's order: the
//! magistrates' needs, the actions with their costed forecast, the council's opinion and order of
//! priority, adoption by both heads of court, submission to the School and its evaluation of each
//! action; the next step and what it lacks are the server's. The School evaluates from the console
//! (`/ecole/plans`), whose build alone carries the evaluation form.

use crate::api::model::{Plan, PlanAction};
use crate::api::{self, ApiError};
use crate::components::court_picker::{CourtYear, CourtYearPicker};
use crate::components::date_field::DateField;
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::{loaded, Empty};
use crate::format::{date_long, date_short, money, parse_euros, today};
use crate::session::use_auth;
use leptos::prelude::*;
use serde_json::json;
use shared::{CostCategory, SessionFormat};

const COURT_YEAR: &str = "query($c: ID!, $y: Int!)";
const CREATE: &str = "mutation($c: ID!, $y: Int!) { createPlan(courtId: $c, year: $y) { id } }";
const ADD: &str = "mutation($p: ID!, $input: PlanActionInput!) { addPlanAction(planId: $p, input: $input) { id } }";
const PRIORITIES: &str = "mutation($p: ID!, $ids: [ID!]!) { setPlanPriorities(planId: $p, actionIds: $ids) { id } }";
const ADOPT: &str = "mutation($p: ID!) { adoptPlan(planId: $p) { id status } }";
const SUBMIT: &str = "mutation($p: ID!) { submitPlan(planId: $p) { id status } }";
const COUNCIL: &str =
    "mutation($p: ID!, $i: CouncilOpinionInput!) { recordCouncilOpinion(planId: $p, input: $i) { id } }";
#[cfg(feature = "console")]
const EVALUATE: &str = "mutation($p: ID!, $c: String, $a: [ActionEvaluationInput!]!) { evaluatePlan(planId: $p, comment: $c, actions: $a) { id } }";

crate::decoded! {
    struct Data {
        plan: Option<Plan> = "plan" ("(courtId: $c, year: $y)"),
    }
}

crate::decoded! {
    struct Needs {
        needs: Vec<Need> = "trainingNeeds" ("(courtId: $c, year: $y)"),
    }
}

crate::decoded! {
    struct Need {
        id: String = "id",
        theme: String = "theme",
        description: Option<String> = "description",
    }
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let auth = use_auth();
    let organised = StoredValue::new(auth.user().map(|m| m.can.organised_courts).unwrap_or_default());
    let selection = CourtYear::new();
    // Opening a plan and reading the needs: the organisers of the selected court (`me.viewerCan`).
    let organiser = move || organised.with_value(|courts| courts.iter().any(|c| c.id == selection.court.get()));
    let changes = Mutation::new();
    // The form's own changes, kept by the page so that its outcome survives the plan read again.
    let adding = Mutation::new();
    let plan =
        api::resource::<Data, _>(COURT_YEAR, move || json!({ "c": selection.court.get(), "y": selection.year.get() }));
    let needs =
        api::resource::<Needs, _>(COURT_YEAR, move || json!({ "c": selection.court.get(), "y": selection.year.get() }));
    view! {
        <h1>"Plan de formation déconcentrée"</h1>
        <CourtYearPicker selection />
        <div aria-live="polite">{changes.outcome()}</div>
        {loaded(plan, move |data: Data| match data.plan {
            None => view! {
                <Empty message="Aucun plan n’est ouvert pour cette année." />
                {organiser().then(|| view! {
                    <button type="button" class="primary" disabled=move || changes.pending() on:click=move |_| changes.send(CREATE,
                        json!({ "c": selection.court.get_untracked(), "y": selection.year.get_untracked() }), "Le plan est ouvert.")>
                        {format!("Ouvrir le plan {}", selection.year.get_untracked())}
                    </button>
                })}
            }.into_any(),
            Some(plan) => view! { <PlanView plan changes adding /> }.into_any(),
        })}
        {move || organiser().then(|| view! {
            <section aria-labelledby="needs">
                <h2 id="needs">"Besoins exprimés par les magistrats"</h2>
                {loaded(needs, |n: Needs| if n.needs.is_empty() {
                    view! { <Empty message="Aucun besoin exprimé pour cette année." /> }.into_any()
                } else {
                    view! { <ul>{n.needs.into_iter().map(|need| view! { <li data-id=need.id><strong>{need.theme}</strong>{need.description.map(|d| format!(" — {d}"))}</li> }).collect_view()}</ul> }.into_any()
                })}
            </section>
        })}
    }
}

#[component]
fn PlanView(plan: Plan, changes: Mutation, adding: Mutation) -> impl IntoView {
    let can = plan.can.clone();
    let actions =
        crate::order::by_key(plan.actions.clone(), |a| crate::order::numbers(a.priority.unwrap_or(i64::MAX), 0));
    let order: Vec<String> = actions.iter().map(|a| a.id.clone()).collect();
    let count = actions.len();
    let (adopt_id, submit_id) = (plan.id.clone(), plan.id.clone());
    #[cfg(feature = "console")]
    let verdicts = can.evaluate.then(|| actions.clone());
    #[cfg(not(feature = "console"))]
    let verdicts: Option<()> = None;
    let step = plan.next_step.clone();
    view! {
        <div class="figures">
            <div class="figure"><span class="label">"État"</span><span class="value" data-testid="plan-status">{plan.status.label_fr()}</span></div>
            <div class="figure"><span class="label">"État prévisionnel chiffré"</span><span class="value">{money(plan.planned_cents)}</span></div>
            <div class="figure"><span class="label">"Actions"</span><span class="value">{count}</span></div>
        </div>
        {step.label.map(|label| view! {
            <div class="notice info" data-testid="plan-next-step">
                <strong>{format!("Prochaine étape : {label}")}</strong>" "{step.missing.join(" ")}
            </div>
        })}
        {plan.council.clone().map(|c| view! { <p>{format!("Avis du conseil du {} : {}", date_long(c.meeting_date), c.opinion)}</p> })}
        {plan.evaluation_comment.clone().map(|c| view! { <p class="notice info">{format!("Évaluation de l’École : {c}")}</p> })}
        {if actions.is_empty() {
            view! { <Empty message="Le plan ne compte encore aucune action." /> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table>
                        <caption>"Actions, dans l’ordre de priorité du conseil de la formation (art. 137)"</caption>
                        <thead><tr><th scope="col" class="num">"Priorité"</th><th scope="col">"Action"</th><th scope="col">"Dates"</th><th scope="col" class="num">"Participants"</th><th scope="col">"Coûts"</th><th scope="col" class="num">"Total"</th>{can.edit.then(|| view! { <th scope="col">"Ordre"</th> })}</tr></thead>
                        <tbody>
                            {actions.into_iter().enumerate().map(|(index, action)| view! { <ActionRow action index count order=order.clone() plan_id=plan.id.clone() editable=can.edit changes /> }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        }}
        {can.record_council_opinion.then(|| view! { <CouncilForm plan_id=plan.id.clone() order=order.clone() changes /> })}
        <div class="actions">
            {can.adopt.then(|| view! {
                <button type="button" class="primary" disabled=move || changes.pending() on:click=move |_| changes.send(ADOPT, json!({ "p": adopt_id }), "Votre arrêté est enregistré.")>"Arrêter le plan"</button>
            })}
            {can.submit.then(|| view! {
                <button type="button" class="primary" disabled=move || changes.pending() on:click=move |_| changes.send(SUBMIT, json!({ "p": submit_id }), "Le plan est transmis à l’École.")>"Transmettre le plan à l’École"</button>
            })}
        </div>
        {verdicts.map(|actions| evaluation(plan.id.clone(), actions, changes))}
        {can.edit.then(|| view! { <ActionForm plan_id=plan.id.clone() adding /> })}
    }
}

#[component]
fn ActionRow(
    action: PlanAction,
    index: usize,
    count: usize,
    order: Vec<String>,
    plan_id: String,
    editable: bool,
    changes: Mutation,
) -> impl IntoView {
    let shift = move |offset: isize| {
        let target = index as isize + offset;
        if target < 0 || target as usize >= order.len() {
            return;
        }
        let mut ids = order.clone();
        ids.swap(index, target as usize);
        changes.send(PRIORITIES, json!({ "p": plan_id, "ids": ids }), "L’ordre de priorité est enregistré.");
    };
    let up = shift.clone();
    let title = action.title.clone();
    view! {
        <tr>
            <td class="num">{action.priority.map(|p| p.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
            <td>{action.title.clone()}<br /><small class="muted">{action.format.label_fr()}</small></td>
            <td>{format!("{} – {}", date_short(action.planned_start), date_short(action.planned_end))}</td>
            <td class="num">{action.expected_participants}</td>
            <td>{action.cost_lines.iter().map(|l| format!("{} : {}", l.category.label_fr(), money(l.amount_cents))).collect::<Vec<_>>().join(" ; ")}</td>
            <td class="num">{money(action.planned_cents)}<br />{match action.retained {
                Some(true) => format!("Retenue : {}", money(action.retained_cents.unwrap_or(0))),
                Some(false) => format!("Non retenue — {}", action.evaluation_reason.clone().unwrap_or_default()),
                None => String::new(),
            }}</td>
            {editable.then(|| view! {
                <td><div class="actions">
                    <button type="button" aria-label=format!("Monter « {title} »") disabled=move || index == 0 || changes.pending() on:click=move |_| up(-1)>"↑"</button>
                    <button type="button" aria-label=format!("Descendre « {title} »") disabled=move || index + 1 == count || changes.pending() on:click=move |_| shift(1)>"↓"</button>
                </div></td>
            })}
        </tr>
    }
}

/// The council's opinion on the draft, with the order of priority as the table shows it (art. 137).
#[component]
fn CouncilForm(plan_id: String, order: Vec<String>, changes: Mutation) -> impl IntoView {
    let date = RwSignal::new(today().to_string());
    let opinion = RwSignal::new(String::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if shared::dates::parse_fr(&date.get_untracked()).is_none() {
            return changes.refuse(ApiError::invalid(
                "Date non reconnue : écrivez-la au format jj/mm/aaaa, par exemple 04/10/2027.",
            ));
        }
        let input = json!({ "meetingDate": date.get_untracked(), "opinion": opinion.get_untracked().trim(), "actionIds": order.clone() });
        changes.send(
            COUNCIL,
            json!({ "p": plan_id.clone(), "i": input }),
            "L’avis du conseil est enregistré, avec l’ordre du tableau.",
        );
    };
    view! {
        <form class="panel" on:submit=submit aria-labelledby="council">
            <h2 id="council">"Avis du conseil de la formation continue déconcentrée"</h2>
            <DateField id="council-date" label="Date de la réunion du conseil" value=date />
            <div class="field"><label for="council-opinion">"Avis du conseil"</label><textarea id="council-opinion" rows="3" bind:value=opinion></textarea></div>
            <SendButton mutation=changes submit=true class="primary" label="Enregistrer l’avis du conseil" />
        </form>
    }
}

/// The School's evaluation form, in the console's build.
#[cfg(feature = "console")]
fn evaluation(plan_id: String, actions: Vec<PlanAction>, changes: Mutation) -> AnyView {
    view! { <EvaluationForm plan_id actions changes /> }.into_any()
}

/// The client's build has none: the School evaluates from the console.
#[cfg(not(feature = "console"))]
fn evaluation(_: String, _: (), _: Mutation) -> AnyView {
    ().into_any()
}

/// The School's verdict on each action, retained with its amount or not with its reason (art. 139).
#[cfg(feature = "console")]
#[component]
fn EvaluationForm(plan_id: String, actions: Vec<PlanAction>, changes: Mutation) -> impl IntoView {
    let comment = RwSignal::new(String::new());
    let rows: Vec<_> = actions
        .into_iter()
        .map(|a| (a, RwSignal::new(true), RwSignal::new(String::new()), RwSignal::new(String::new())))
        .collect();
    let fields = rows.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let mut verdicts = Vec::new();
        for (action, retained, amount, reason) in &rows {
            let typed = amount.get_untracked();
            let cents = if typed.trim().is_empty() { Some(action.planned_cents) } else { parse_euros(&typed) };
            let Some(cents) = cents else {
                return changes.refuse(ApiError::invalid(&format!(
                    "« {} » : indiquez le montant retenu en euros.",
                    action.title
                )));
            };
            let kept = retained.get_untracked();
            verdicts.push(json!({ "actionId": action.id, "retained": kept, "retainedCents": if kept { cents } else { 0 }, "reason": reason.get_untracked().trim() }));
        }
        changes.send(
            EVALUATE,
            json!({ "p": plan_id.clone(), "c": comment.get_untracked(), "a": verdicts }),
            "L’évaluation est enregistrée.",
        );
    };
    view! {
        <form class="panel" on:submit=submit aria-labelledby="evaluation">
            <h2 id="evaluation">"Évaluation pédagogique et financière (art. 139)"</h2>
            {fields.into_iter().enumerate().map(|(i, (action, retained, amount, reason))| view! {
                <fieldset>
                    <legend>{action.title.clone()}</legend>
                    <label><input type="checkbox" bind:checked=retained />{format!(" Retenue (prévu : {})", money(action.planned_cents))}</label>
                    <div class="field"><label for=format!("retained-{i}")>{format!("Montant retenu en € ({})", action.title)}</label><input id=format!("retained-{i}") type="text" inputmode="decimal" placeholder=money(action.planned_cents) bind:value=amount /></div>
                    <div class="field"><label for=format!("reason-{i}")>{format!("Motif ({})", action.title)}</label><input id=format!("reason-{i}") type="text" bind:value=reason /></div>
                </fieldset>
            }).collect_view()}
            <div class="field"><label for="plan-comment">"Observations de l’École"</label><textarea id="plan-comment" rows="3" bind:value=comment></textarea></div>
            <SendButton mutation=changes submit=true class="primary" label="Enregistrer l’évaluation" />
        </form>
    }
}

#[component]
fn ActionForm(plan_id: String, adding: Mutation) -> impl IntoView {
    let title = RwSignal::new(String::new());
    let format = RwSignal::new(SessionFormat::StudyDay.as_str().to_owned());
    let start = RwSignal::new(String::new());
    let end = RwSignal::new(String::new());
    let participants = RwSignal::new("25".to_owned());
    // Cost lines being typed: category and amount in euros.
    let lines = RwSignal::new(vec![(
        RwSignal::new(CostCategory::SpeakerFees.as_str().to_owned()),
        RwSignal::new(String::new()),
    )]);
    // Once added, the title is cleared for the next action; the other fields often repeat.
    Effect::new(move |seen: Option<usize>| {
        let done = adding.done();
        if seen.is_some_and(|seen| seen != done) {
            title.set(String::new());
        }
        done
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let fail = |m: &str| adding.refuse(ApiError::invalid(m));
        let mut cost_lines = Vec::new();
        for (category, amount) in lines.get_untracked() {
            match parse_euros(&amount.get_untracked()) {
                Some(cents) if cents > 0 => {
                    cost_lines.push(json!({ "category": category.get_untracked(), "amountCents": cents }))
                }
                _ => return fail("Chaque ligne de coût doit avoir un montant en euros (ex. 1 200,00)."),
            }
        }
        let Ok(expected) = participants.get_untracked().trim().parse::<i64>() else {
            return fail("Indiquez le nombre de participants attendus.");
        };
        if [start, end].iter().any(|d| shared::dates::parse_fr(&d.get_untracked()).is_none()) {
            return fail("Indiquez les dates prévues, au format jj/mm/aaaa.");
        }
        let input = json!({ "title": title.get_untracked().trim(), "format": format.get_untracked(), "plannedStart": start.get_untracked(),
            "plannedEnd": end.get_untracked(), "expectedParticipants": expected, "costLines": cost_lines });
        adding.send(ADD, json!({ "p": plan_id.clone(), "input": input }), "L’action est ajoutée au plan.");
    };
    view! {
        <form class="panel" on:submit=submit aria-labelledby="add-action">
            <h2 id="add-action">"Ajouter une action"</h2>
            <div class="field"><label for="action-title">"Intitulé"</label><input id="action-title" type="text" bind:value=title /></div>
            <div class="field">
                <label for="action-format">"Format"</label>
                <select id="action-format" on:change=move |ev| format.set(event_target_value(&ev))>
                    {SessionFormat::ALL.iter().map(|f| view! { <option value=f.as_str() selected=*f == SessionFormat::StudyDay>{f.label_fr()}</option> }).collect_view()}
                </select>
            </div>
            <DateField id="action-start" label="Début prévu" value=start />
            <DateField id="action-end" label="Fin prévue" value=end />
            <div class="field"><label for="action-participants">"Participants attendus"</label><input id="action-participants" type="number" min="1" bind:value=participants /></div>
            <fieldset>
                <legend>"État prévisionnel chiffré"</legend>
                {move || lines.get().into_iter().enumerate().map(|(i, (category, amount))| view! {
                    <div class="actions">
                        <span class="field">
                            <label for=format!("line-category-{i}")>{format!("Catégorie (ligne {})", i + 1)}</label>
                            <select id=format!("line-category-{i}") on:change=move |ev| category.set(event_target_value(&ev))>
                                {CostCategory::ALL.iter().map(|c| view! { <option value=c.as_str() selected=c.as_str() == category.get_untracked()>{c.label_fr()}</option> }).collect_view()}
                            </select>
                        </span>
                        <span class="field">
                            <label for=format!("line-amount-{i}")>{format!("Montant en € (ligne {})", i + 1)}</label>
                            <input id=format!("line-amount-{i}") type="text" inputmode="decimal" bind:value=amount />
                        </span>
                    </div>
                }).collect_view()}
                <button type="button" on:click=move |_| lines.update(|l| l.push((RwSignal::new(CostCategory::Travel.as_str().to_owned()), RwSignal::new(String::new()))))>"Ajouter une ligne de coût"</button>
            </fieldset>
            <div aria-live="polite">{adding.outcome()}</div>
            <SendButton mutation=adding submit=true class="primary" label="Ajouter l’action au plan" />
        </form>
    }
}
