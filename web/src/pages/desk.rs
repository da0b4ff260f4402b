//! A session's desk, shared by the School's selection board (national sessions, art. 131) and the
//! delegate's screen for the court's sessions (art. 140–141): applicants with their rank, the
//! observations, days done and shortfall and the new-function flag under a capacity meter; decisions
//! one by one or in bulk; withdrawal assessments (art. 134); the attendance sheet (art. 133); closing.

use crate::api::model::{Application, AttendanceRecord, Session};
use crate::api::{self};
use crate::components::charts::Meter;
use crate::components::mutation::Mutation;
use crate::components::state::{download, loaded, outcome_view, Empty, Outcome};
use crate::format::{date_long, date_short, days, decimal, plural, today};
use crate::pages::follow_up::{CancelSession, Evaluations};
use crate::pages::new_session::EditSession;
use crate::router::Link;
use leptos::prelude::*;
use serde_json::{json, Value};
use shared::rules::lifecycle::{transition, Action};
use shared::rules::observation_period::EARLY_DECISION_HOLD;
use shared::{ApplicationStatus, Decision, HalfDay, Scope};

const BY_SESSION: &str = "query($s: ID!)";
/// Sent once as is; asked again with `early` once the person confirms deciding while observations
/// are still awaited (art. 130).
const DECIDE: &str = "mutation($s: ID!, $d: [DecisionInput!]!, $early: Boolean) { decideApplications(sessionId: $s, decisions: $d, confirmEarly: $early) { id status } }";
const ASSESS: &str = "mutation($a: ID!, $serious: Boolean!, $notify: Boolean!) { assessWithdrawal(applicationId: $a, serious: $serious, notifyHeadOfCourt: $notify) { id } }";
const RECORD: &str =
    "mutation($s: ID!, $e: [AttendanceInput!]!) { recordAttendance(sessionId: $s, entries: $e) { id status } }";
const PUBLISH: &str = "mutation($id: ID!) { publishSession(id: $id) { id status } }";
const CLOSE: &str = "mutation($id: ID!) { closeSession(sessionId: $id) { id status } }";

crate::decoded! {
    struct Standing {
        magistrate_id: String = "magistrateId",
        days_counted: f64 = "daysCounted",
        shortfall_days: f64 = "shortfallDays",
    }
}

crate::decoded! {
    struct Data {
        session: Option<Session> = "session" ("(id: $s)"),
        applicants: Vec<Application> = "sessionApplicants" ("(sessionId: $s)"),
        standings: Vec<Standing> = "applicantStandings" ("(sessionId: $s)"),
    }
}

crate::decoded! {
    struct Sheet {
        records: Vec<AttendanceRecord> = "sessionAttendance" ("(sessionId: $s)"),
    }
}

fn half_day_lower(half: HalfDay) -> &'static str {
    match half {
        HalfDay::Morning => "matin",
        HalfDay::Afternoon => "après-midi",
    }
}

#[component]
pub fn Desk(id: String, #[prop(into)] back: String, #[prop(into)] back_label: String) -> impl IntoView {
    let changes = Mutation::new();
    let editing = Mutation::new();
    let session_id = id.clone();
    let data = api::resource::<Data, _>(BY_SESSION, move || json!({ "s": session_id }));
    view! {
        <p class="breadcrumb"><Link href=back>{back_label}</Link>" › session"</p>
        <div aria-live="polite">{changes.outcome()}</div>
        {loaded(data, move |data: Data| match data.session {
            None => view! { <h1>"Action introuvable"</h1> }.into_any(),
            Some(session) => view! { <DeskView session applicants=data.applicants standings=data.standings changes editing /> }.into_any(),
        })}
    }
}

#[component]
fn DeskView(
    session: Session,
    applicants: Vec<Application>,
    standings: Vec<Standing>,
    changes: Mutation,
    editing: Mutation,
) -> impl IntoView {
    let can = session.can.clone();
    let id = session.id.clone();
    let started = session.start_date <= today();
    let deconcentrated = session.scope == Scope::Deconcentrated;
    let holders: Vec<Application> = applicants.iter().filter(|a| a.status.holds_seat()).cloned().collect();
    let withdrawn: Vec<Application> =
        applicants.iter().filter(|a| a.status == ApplicationStatus::Withdrawn).cloned().collect();
    let (publish_id, close_id, csv_id, attestations_id) = (id.clone(), id.clone(), id.clone(), id.clone());
    let downloaded = RwSignal::new(Outcome::Idle);
    let on_download = move |_| {
        download(
            downloaded,
            format!("/export/session-participants.csv?session={csv_id}"),
            "participants.csv".to_owned(),
        )
    };
    let on_attestations = move |_| {
        download(
            downloaded,
            format!("/export/attestations.pdf?session={attestations_id}"),
            "attestations.pdf".to_owned(),
        )
    };
    view! {
        <h1>{session.title.clone()}</h1>
        <p class="meta">
            <span class="tag">{session.status.label_fr()}</span>
            <span>{session.code.clone()}</span>
            <span>{format!("du {} au {}", date_long(session.start_date), date_long(session.end_date))}</span>
            <span>{session.location.clone().unwrap_or_default()}</span>
        </p>
        <Meter label="Places attribuées" used=session.seats_taken as f64 total=session.capacity as f64
            text=format!("{} sur {} — {} en liste d’attente", session.seats_taken, session.capacity, session.waitlist_length) />
        <div class="actions">
            {programme_link(&id, deconcentrated)}
            <a class="button-link" href=format!("/gestion/couts/{id}")>"Coûts de l’action"</a>
            {can.publish.then(|| view! {
                <button type="button" class="primary" disabled=move || changes.pending() on:click=move |_| changes.send(PUBLISH, json!({ "id": publish_id }), "L’action est publiée au programme.")>"Publier l’action"</button>
            })}
            {can.close.then(|| view! {
                <button type="button" disabled=move || changes.pending() on:click=move |_| changes.send(CLOSE, json!({ "id": close_id }), "La session est close ; la liste définitive est envoyée à l’École.")>"Clore la session et envoyer la liste"</button>
            })}
            {deconcentrated.then(|| view! { <button type="button" on:click=on_download>"Liste des participants (CSV)"</button> })}
            {(started && can.issue_attestations).then(|| view! { <button type="button" on:click=on_attestations>"Attestations de présence (PDF)"</button> })}
        </div>
        {outcome_view(downloaded)}
        <ApplicantBoard session_id=id.clone() applicants standings changes />
        {(!withdrawn.is_empty() && can.assess_withdrawals).then(|| view! { <Withdrawals withdrawn changes /> })}
        {if started && !holders.is_empty() && can.record_attendance {
            view! { <AttendanceSheet session=session.clone() holders changes /> }.into_any()
        } else {
            view! { <h2>"Feuille de présence"</h2><p class="muted">"La feuille de présence s’ouvre au premier jour de l’action."</p> }.into_any()
        }}
        {can.read_evaluations.then(|| view! { <Evaluations session_id=id.clone() /> })}
        {can.manage.then(|| view! { <EditSession session=session.clone() editing /> })}
        {can.cancel.then(|| view! { <CancelSession session_id=id.clone() changes /> })}
    }
}

#[component]
fn ApplicantBoard(
    session_id: String,
    applicants: Vec<Application>,
    standings: Vec<Standing>,
    changes: Mutation,
) -> impl IntoView {
    let checked = RwSignal::new(Vec::<String>::new());
    if applicants.is_empty() {
        return view! { <h2>"Candidats"</h2><Empty message="Aucune candidature pour cette action." /> }.into_any();
    }
    let decidable: Vec<String> = applicants
        .iter()
        .filter(|a| transition(a.status, Action::Decide(Decision::Refused)).is_ok())
        .map(|a| a.id.clone())
        .collect();
    let bulk_session = session_id.clone();
    let bulk = move |decision: Decision| {
        let ids = checked.get_untracked();
        if ids.is_empty() {
            return;
        }
        let decisions: Vec<Value> =
            ids.iter().map(|id| json!({ "applicationId": id, "decision": decision.as_str() })).collect();
        checked.set(Vec::new());
        changes.send_confirming(
            DECIDE,
            json!({ "s": bulk_session, "d": decisions }),
            ("early", EARLY_DECISION_HOLD),
            format!("Décision enregistrée pour {} candidature{} ; chacun est notifié.", ids.len(), plural(ids.len())),
        );
    };
    let all = decidable.clone();
    let awaited = applicants.iter().filter(|a| a.observations_awaited).count();
    view! {
        <h2>"Candidats"</h2>
        {(awaited > 0).then(|| view! {
            <p class="warn" data-testid="observations-awaited">{format!(
                "Observations encore attendues sur {awaited} candidature{} (art. 130) : une décision prise avant la fin de la période vous sera demandée en confirmation.",
                plural(awaited)
            )}</p>
        })}
        <div class="filters" role="group" aria-label="Décision groupée">
            <div class="field checkbox">
                <input id="check-all" type="checkbox" on:change=move |ev| checked.set(if event_target_checked(&ev) { all.clone() } else { Vec::new() }) />
                <label for="check-all">{format!("Cocher les {} candidatures en attente de décision", decidable.len())}</label>
            </div>
            <button type="button" class="primary" disabled=move || checked.get().is_empty() || changes.pending() on:click={ let bulk = bulk.clone(); move |_| bulk(Decision::Selected) }>"Retenir les cochés"</button>
            <button type="button" disabled=move || checked.get().is_empty() || changes.pending() on:click={ let bulk = bulk.clone(); move |_| bulk(Decision::Waitlisted) }>"Liste d’attente"</button>
            <button type="button" disabled=move || checked.get().is_empty() || changes.pending() on:click=move |_| bulk(Decision::Refused)>"Refuser les cochés"</button>
            <span role="status">{move || match checked.get().len() { 0 => String::new(), 1 => "1 cochée".to_owned(), n => format!("{n} cochées") }}</span>
        </div>
        <div class="table-wrap">
            <table>
                <caption class="visually-hidden">"Candidats, par rang de préférence"</caption>
                <thead><tr>
                    <th scope="col">"Choix"</th><th scope="col">"Magistrat"</th><th scope="col" class="num">"Vœu"</th>
                    <th scope="col">"Observations"</th><th scope="col" class="num">"Jours faits"</th><th scope="col" class="num">"Manque"</th>
                    <th scope="col">"État"</th><th scope="col">"Décision"</th>
                </tr></thead>
                <tbody>
                    {applicants.into_iter().map(|a| {
                        let standing = a.magistrate.as_ref().and_then(|m| standings.iter().find(|s| s.magistrate_id == m.id)).cloned();
                        view! { <ApplicantRow application=a standing session_id=session_id.clone() checked changes /> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }.into_any()
}

#[component]
fn ApplicantRow(
    application: Application,
    standing: Option<Standing>,
    session_id: String,
    checked: RwSignal<Vec<String>>,
    changes: Mutation,
) -> impl IntoView {
    let id = application.id.clone();
    let name = application.magistrate.as_ref().map(|m| m.display_name.clone()).unwrap_or_default();
    let can = |d: Decision| transition(application.status, Action::Decide(d)).is_ok();
    let options: Vec<Decision> = Decision::ALL.iter().copied().filter(|d| can(*d)).collect();
    let decidable = !options.is_empty();
    let check_id = format!("pick-{id}");
    let (toggle, is_checked, decide_id) = (id.clone(), id.clone(), id.clone());
    let decide = move |decision: Decision, who: String| {
        changes.send_confirming(
            DECIDE,
            json!({ "s": session_id, "d": [{ "applicationId": decide_id, "decision": decision.as_str() }] }),
            ("early", EARLY_DECISION_HOLD),
            format!("{} : {}.", who, decision.status().label_fr()),
        );
    };
    view! {
        <tr data-testid="applicant">
            <td>{decidable.then(|| view! {
                <input id=check_id.clone() type="checkbox" aria-label=format!("Cocher {name}")
                    prop:checked=move || checked.get().contains(&is_checked)
                    on:change=move |ev| { let on = event_target_checked(&ev); checked.update(|ids| { ids.retain(|i| i != &toggle); if on { ids.push(toggle.clone()); } }); } />
            })}</td>
            <td>
                <strong>{name.clone()}</strong>
                {application.magistrate.as_ref().map(|m| view! {
                    <br /><small class="muted">{format!("{} — {}", m.function_title, m.jurisdiction.as_ref().map(|j| j.name.clone()).unwrap_or_default())}</small>
                    {m.function_new.then(|| view! { <br /><span class="tag">"Nouvelles fonctions"</span> })}
                })}
            </td>
            <td class="num">{application.rank}</td>
            <td>{if application.observations_awaited {
                application.observation_deadline.map(|d| format!("Attendues jusqu’au {}", date_long(d))).unwrap_or_default()
            } else if application.observations.is_empty() { "—".to_owned() } else {
                application.observations.iter().map(|o| format!("{} : {}{}", o.authority.label_fr(), o.opinion.label_fr(), o.comment.as_ref().map(|c| format!(" (« {c} »)")).unwrap_or_default())).collect::<Vec<_>>().join(" ; ")
            }}</td>
            <td class="num">{standing.as_ref().map(|s| decimal(s.days_counted)).unwrap_or_default()}</td>
            <td class="num">{standing.as_ref().map(|s| if s.shortfall_days > 0.0 { days(s.shortfall_days) } else { "—".to_owned() }).unwrap_or_default()}</td>
            <td>{application.status.label_fr()}{application.waitlist_position.map(|p| format!(" (n° {p})"))}</td>
            <td><div class="actions">
                {options.into_iter().map(|d| {
                    let decide = decide.clone();
                    let who = name.clone();
                    let label = match d { Decision::Selected => "Retenir", Decision::Waitlisted => "Attente", Decision::Refused => "Refuser" };
                    view! { <button type="button" aria-label=format!("{label} {who}") disabled=move || changes.pending() on:click=move |_| decide(d, who.clone())>{label}</button> }
                }).collect_view()}
            </div></td>
        </tr>
    }
}

#[component]
fn Withdrawals(withdrawn: Vec<Application>, changes: Mutation) -> impl IntoView {
    view! {
        <h2>"Désistements à apprécier (art. 134)"</h2>
        <ul class="notifications">
            {withdrawn.into_iter().map(|a| {
                let name = a.magistrate.as_ref().map(|m| m.display_name.clone()).unwrap_or_default();
                let w = a.withdrawal.clone();
                let assessed = w.as_ref().and_then(|w| w.serious);
                let notify = RwSignal::new(true);
                let (serious_id, light_id) = (a.id.clone(), a.id.clone());
                let notify_id = format!("notify-{}", a.id);
                view! {
                    <li>
                        <p><strong>{name.clone()}</strong>{w.as_ref().map(|w| format!(" — {} : {}", w.reason.label_fr(), w.details))}</p>
                        {match assessed {
                            Some(serious) => view! {
                                <p class=if serious { "status good" } else { "status bad" }>
                                    {if serious { "Motif jugé sérieux" } else { "Motif jugé non sérieux" }}
                                </p>
                            }.into_any(),
                            None => view! {
                                <div class="actions">
                                    <span class="field checkbox">
                                        <input id=notify_id.clone() type="checkbox" prop:checked=move || notify.get() on:change=move |ev| notify.set(event_target_checked(&ev)) />
                                        <label for=notify_id>"Informer le chef de cour si le motif n’est pas sérieux"</label>
                                    </span>
                                    <button type="button" disabled=move || changes.pending() on:click=move |_| changes.send(ASSESS, json!({ "a": serious_id, "serious": true, "notify": false }), "Désistement apprécié : motif sérieux.")>"Motif sérieux"</button>
                                    <button type="button" class="danger" disabled=move || changes.pending() on:click=move |_| changes.send(ASSESS, json!({ "a": light_id, "serious": false, "notify": notify.get_untracked() }), "Désistement apprécié : motif non sérieux.")>"Motif non sérieux"</button>
                                </div>
                            }.into_any(),
                        }}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn AttendanceSheet(session: Session, holders: Vec<Application>, changes: Mutation) -> impl IntoView {
    let session_id = session.id.clone();
    let sheet = api::resource::<Sheet, _>(BY_SESSION, move || json!({ "s": session_id }));
    let last = session.end_date.min(today());
    let dates: Vec<chrono::NaiveDate> = session.start_date.iter_days().take_while(|d| *d <= last).take(31).collect();
    let record_id = session.id.clone();
    view! {
        <h2>"Feuille de présence (art. 133)"</h2>
        {loaded(sheet, move |sheet: Sheet| {
            // One checkbox per participant and half-day, ticked where presence is recorded.
            let cells: Vec<(String, chrono::NaiveDate, HalfDay, RwSignal<bool>)> = holders
                .iter()
                .flat_map(|a| dates.iter().flat_map(move |d| [HalfDay::Morning, HalfDay::Afternoon].map(|h| (a.id.clone(), *d, h))))
                .map(|(a, d, h)| {
                    let present = sheet.records.iter().find(|r| r.application_id == a && r.date == d && r.half_day == h).map(|r| r.present).unwrap_or(false);
                    (a, d, h, RwSignal::new(present))
                })
                .collect();
            let for_save = cells.clone();
            let record_id = record_id.clone();
            let save = move |_| {
                let entries: Vec<Value> = for_save.iter().map(|(a, d, h, p)| json!({ "applicationId": a, "date": d.to_string(), "halfDay": h.as_str(), "present": p.get_untracked() })).collect();
                changes.send(RECORD, json!({ "s": record_id, "e": entries }), "La feuille de présence est enregistrée.");
            };
            view! {
                <div class="table-wrap">
                    <table>
                        <caption class="visually-hidden">"Présence par demi-journée"</caption>
                        <thead><tr>
                            <th scope="col">"Participant"</th>
                            {dates.iter().flat_map(|d| [HalfDay::Morning, HalfDay::Afternoon].map(|h| view! { <th scope="col">{format!("{} {}", date_short(*d), half_day_lower(h))}</th> })).collect_view()}
                        </tr></thead>
                        <tbody>
                            {holders.iter().map(|a| {
                                let name = a.magistrate.as_ref().map(|m| m.display_name.clone()).unwrap_or_default();
                                let row: Vec<_> = cells.iter().filter(|c| c.0 == a.id).cloned().collect();
                                view! {
                                    <tr>
                                        <th scope="row">{name.clone()}<br /><small class="muted">{a.status.label_fr()}</small></th>
                                        {row.into_iter().map(|(_, d, h, present)| view! {
                                            <td><input type="checkbox" aria-label=format!("{name}, {} {}", date_short(d), half_day_lower(h))
                                                prop:checked=move || present.get() on:change=move |ev| present.set(event_target_checked(&ev)) /></td>
                                        }).collect_view()}
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                <button type="button" class="primary" disabled=move || changes.pending() on:click=save>"Enregistrer la feuille de présence"</button>
            }
        })}
    }
}

/// The link to a national action's programme and speakers (art. 132), in the console's build.
#[cfg(feature = "console")]
fn programme_link(id: &str, deconcentrated: bool) -> Option<impl IntoView> {
    (!deconcentrated).then(
        || view! { <a class="button-link" href=format!("/ecole/programmes/{id}")>"Programme et intervenants"</a> },
    )
}

/// The client's build has none: national actions are prepared from the console.
#[cfg(not(feature = "console"))]
fn programme_link(_: &str, _: bool) -> Option<()> {
    None
}
