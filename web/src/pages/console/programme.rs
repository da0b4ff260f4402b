//! An action's programme by half-day and its speakers (art. 132), at `/ecole/programmes/:id`: the
//! session director (or the School) writes the sequences and proposes them; the director of the
//! School validates them or sends them back with a comment; the speakers' clashes with other
//! actions are shown and kept only with their reason. The server decides who may do what
//! (`viewerCan`); this page only asks.

use crate::api::{self, ApiError};
use crate::components::date_field::DateField;
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::loaded;
use crate::format::date_long;
use chrono::Datelike;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde_json::json;

crate::decoded! {
    struct Data {
        programme: Programme = "sessionProgramme" ("(sessionId: $s)"),
    }
}

crate::decoded! {
    struct Programme {
        session: Action = "session",
        status_label: String = "statusLabel",
        review_comment: Option<String> = "reviewComment",
        director: Option<Director> = "director",
        sequences: Vec<Sequence> = "sequences",
        conflicts: Vec<Clash> = "conflicts",
        viewer_can: Can = "viewerCan",
    }
}

crate::decoded! {
    struct Action {
        title: String = "title",
        start_date: NaiveDate = "startDate",
        end_date: NaiveDate = "endDate",
        scope: String = "scope",
    }
}

crate::decoded! {
    struct Director {
        term: i32 = "term",
        trainer: Option<Choice> = "trainer",
    }
}

crate::decoded! {
    struct Sequence {
        day: NaiveDate = "day",
        half_day: String = "halfDay",
        title: String = "title",
        speakers: Vec<Choice> = "speakers",
    }
}

crate::decoded! {
    struct Choice {
        id: String = "id",
        full_name: String = "fullName",
    }
}

crate::decoded! {
    struct Clash {
        trainer_name: String = "trainerName",
        other_session_title: String = "otherSessionTitle",
        day: NaiveDate = "day",
        half_day: String = "halfDay",
        reason: Option<String> = "reason",
    }
}

crate::decoded! {
    struct Can {
        edit: bool = "edit",
        propose: bool = "propose",
        review: bool = "review",
        name_director: bool = "nameDirector",
    }
}

crate::decoded! {
    struct People {
        trainers: Vec<Person> = "trainers",
    }
}

crate::decoded! {
    struct Person {
        id: String = "id",
        full_name: String = "fullName",
        user_id: Option<String> = "userId",
    }
}

crate::decoded! {
    struct Directed {
        trainer: Given = "trainer" ("(id: $t)"),
    }
}

crate::decoded! {
    struct Given {
        actions: Vec<GivenAction> = "actions",
    }
}

crate::decoded! {
    struct GivenAction {
        session: Edition = "session",
        directed: bool = "directed",
    }
}

crate::decoded! {
    struct Edition {
        id: String = "id",
        title: String = "title",
        year: i32 = "year",
    }
}

crate::decoded! {
    struct Directory {
        trainers: Vec<Choice> = "trainers",
    }
}

const SAVE: &str =
    "mutation($s: ID!, $i: ProgrammeInput!) { saveSessionProgramme(sessionId: $s, input: $i) { status } }";
const PROPOSE: &str = "mutation($s: ID!) { proposeSessionProgramme(sessionId: $s) { status } }";
const NAME: &str = "mutation($s: ID!, $i: NominationInput!) { nameSessionDirector(sessionId: $s, input: $i) { term } }";
const REVIEW: &str =
    "mutation($s: ID!, $v: Boolean!, $c: String) { reviewSessionProgramme(sessionId: $s, validate: $v, comment: $c) { status } }";

fn half_label(half: &str) -> &'static str {
    if half == "MORNING" {
        "Matin"
    } else {
        "Après-midi"
    }
}

#[component]
pub fn ProgrammePage(id: String) -> impl IntoView {
    let session = id.clone();
    let data = api::resource::<Data, _>("query($s: ID!)", move || json!({ "s": session.clone() }));
    // Outside the part drawn from the data, so that the outcome of a step stays on screen when the
    // programme is read again (a proposed programme has no editor any more).
    let changes = Mutation::new();
    view! {
        {loaded(data, move |data: Data| {
            let p = data.programme;
            let national = p.session.scope == "NATIONAL";
            // The School goes back to the action's desk, a court to its own; a session director, who
            // is neither, to the action's public page (art. 129).
            let school = p.viewer_can.name_director;
            let back = match (national, school) {
                (false, _) => format!("/cour/sessions/{id}"),
                (true, true) => format!("/ecole/selection/{id}"),
                (true, false) => format!("/sessions/{id}"),
            };
            let dates = format!("du {} au {}", date_long(p.session.start_date), date_long(p.session.end_date));
            let director = p.director.map(|d| {
                let name = d.trainer.map(|t| t.full_name).unwrap_or_default();
                format!("Directeur de session : {name} ({}, art. 132)", shared::rules::session_programme::term_fr(d.term))
            });
            view! {
                <p class="muted"><a href=back>"Retour à l’action"</a>
                    {(school || !national).then(|| view! { " · "<a href=format!("/gestion/couts/{id}")>"Coûts de l’action"</a> })}</p>
                <h1>{format!("Programme — {}", p.session.title)}</h1>
                {(!national).then(|| view! { <p>"Le programme tel qu’il a été donné part à l’École avec la liste définitive, à la clôture de l’action (art. 141)."</p> })}
                <p class="lead">{dates}</p>
                <p><strong data-testid="programme-status">{p.status_label}</strong></p>
                {director.map(|d| view! { <p>{d}</p> })}
                {p.review_comment.map(|c| view! { <p class="notice" role="note">{format!("Commentaire du directeur de l’École : {c}")}</p> })}
                <Clashes clashes=p.conflicts />
                <SequenceTable sequences=p.sequences.clone() />
                {p.viewer_can.edit.then(|| view! {
                    <Editor id=id.clone() start=p.session.start_date sequences=p.sequences propose=p.viewer_can.propose changes />
                })}
                {p.viewer_can.review.then(|| view! { <Review id=id.clone() changes /> })}
                {(national && p.viewer_can.name_director).then(|| view! { <NameDirector id=id.clone() year=p.session.start_date.year() changes /> })}
            }
        })}
        <div aria-live="polite">{changes.outcome()}</div>
    }
}

#[component]
fn Clashes(clashes: Vec<Clash>) -> impl IntoView {
    (!clashes.is_empty()).then(|| {
        view! {
            <section class="panel" aria-labelledby="clashes">
                <h2 id="clashes">"Conflits d’intervenants"</h2>
                <ul>
                    {clashes.into_iter().map(|c| {
                        let why = c.reason.map_or_else(|| "non justifié".to_owned(), |r| format!("maintenu : {r}"));
                        view! { <li data-testid="clash">{format!("{} intervient aussi dans « {} » le {} ({}) — {why}", c.trainer_name, c.other_session_title, date_long(c.day), half_label(&c.half_day).to_lowercase())}</li> }
                    }).collect_view()}
                </ul>
            </section>
        }
    })
}

#[component]
fn SequenceTable(sequences: Vec<Sequence>) -> impl IntoView {
    if sequences.is_empty() {
        return view! { <p>"Aucune séquence pour l’instant."</p> }.into_any();
    }
    view! {
        <table>
            <caption>"Séquences par demi-journée"</caption>
            <thead><tr><th scope="col">"Jour"</th><th scope="col">"Demi-journée"</th><th scope="col">"Séquence"</th><th scope="col">"Intervenants"</th></tr></thead>
            <tbody>
                {sequences.into_iter().map(|s| {
                    let speakers = s.speakers.iter().map(|t| t.full_name.clone()).collect::<Vec<_>>().join(", ");
                    view! { <tr><td>{date_long(s.day)}</td><td>{half_label(&s.half_day)}</td><td>{s.title}</td><td>{speakers}</td></tr> }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The sequences being written, added one by one, then saved and proposed.
#[component]
fn Editor(id: String, start: NaiveDate, sequences: Vec<Sequence>, propose: bool, changes: Mutation) -> impl IntoView {
    let directory = api::resource::<Directory, _>("query", || serde_json::Value::Null);
    let rows = RwSignal::new(sequences);
    let day = RwSignal::new(start.to_string());
    let half = RwSignal::new("MORNING".to_owned());
    let title = RwSignal::new(String::new());
    let chosen = RwSignal::new(Vec::<Choice>::new());
    let reason = RwSignal::new(String::new());
    let add = move |_| {
        let Some(on) = shared::dates::parse_fr(&day.get_untracked()) else {
            return changes.refuse(ApiError::invalid("Date non reconnue : écrivez-la au format jj/mm/aaaa."));
        };
        if title.get_untracked().trim().is_empty() {
            return changes.refuse(ApiError::invalid("Indiquez l’intitulé de la séquence."));
        }
        rows.update(|r| {
            r.push(Sequence {
                day: on,
                half_day: half.get_untracked(),
                title: title.get_untracked().trim().to_owned(),
                speakers: chosen.get_untracked(),
            })
        });
        title.set(String::new());
        chosen.set(Vec::new());
    };
    let session = id.clone();
    let save = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let sequences: Vec<_> = rows
            .get_untracked()
            .into_iter()
            .map(|s| json!({ "day": s.day.to_string(), "halfDay": s.half_day, "title": s.title, "speakerIds": s.speakers.iter().map(|t| t.id.clone()).collect::<Vec<_>>() }))
            .collect();
        let input = json!({ "sequences": sequences, "conflictReason": reason.get_untracked().trim() });
        changes.send(SAVE, json!({ "s": session.clone(), "i": input }), "Le programme est enregistré.");
    };
    let send =
        move |_| changes.send(PROPOSE, json!({ "s": id.clone() }), "Le programme est proposé au directeur de l’École.");
    view! {
        <form class="panel" on:submit=save aria-labelledby="editor">
            <h2 id="editor">"Écrire le programme"</h2>
            <ul class="name-list">
                {move || rows.get().into_iter().enumerate().map(|(n, s)| view! {
                    <li>
                        {format!("{} ({}) : {}", date_long(s.day), half_label(&s.half_day).to_lowercase(), s.title)}
                        " "
                        <button type="button" on:click=move |_| rows.update(|r| { r.remove(n); })>{format!("Retirer la séquence {}", n + 1)}</button>
                    </li>
                }).collect_view()}
            </ul>
            <fieldset>
                <legend>"Nouvelle séquence"</legend>
                <DateField id="sequence-day" label="Jour" value=day />
                <div class="field">
                    <label for="sequence-half">"Demi-journée"</label>
                    <select id="sequence-half" on:change=move |ev| half.set(event_target_value(&ev))>
                        <option value="MORNING">"Matin"</option>
                        <option value="AFTERNOON">"Après-midi"</option>
                    </select>
                </div>
                <div class="field grow"><label for="sequence-title">"Intitulé de la séquence"</label><input id="sequence-title" type="text" bind:value=title /></div>
                // The School's directory, for the School and session directors; a court names its
                // local speakers in the sequence's title.
                {move || directory.get().and_then(Result::ok).map(|d: Directory| view! {
                <fieldset>
                    <legend>"Intervenants (annuaire de l’École)"</legend>
                    {d.trainers.into_iter().map(|t| {
                        let id = format!("speaker-{}", t.id);
                        let mine = t.clone();
                        let checked = move || chosen.get().contains(&mine);
                        let person = t.clone();
                        view! {
                            <div class="check">
                                <input id=id.clone() type="checkbox" prop:checked=checked on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    chosen.update(|c| { c.retain(|x| x != &person); if on { c.push(person.clone()); } });
                                } />
                                <label for=id>{t.full_name}</label>
                            </div>
                        }
                    }).collect_view()}
                </fieldset>
                })}
                <button type="button" on:click=add>"Ajouter la séquence"</button>
            </fieldset>
            <div class="field"><label for="conflict-reason">"Motif en cas de conflit d’intervenant"</label><textarea id="conflict-reason" rows="2" bind:value=reason></textarea></div>
            <SendButton mutation=changes submit=true label="Enregistrer le programme" />
            {propose.then(|| view! { <button type="button" on:click=send>"Proposer au directeur de l’École"</button> })}
        </form>
    }
}

/// The director of the School's decision: validate, or send back with a comment.
#[component]
fn Review(id: String, changes: Mutation) -> impl IntoView {
    let comment = RwSignal::new(String::new());
    let back = id.clone();
    let validate = move |_| {
        changes.send(
            REVIEW,
            json!({ "s": id.clone(), "v": true, "c": comment.get_untracked() }),
            "Le programme est validé.",
        )
    };
    let send_back = move |_| {
        if comment.get_untracked().trim().is_empty() {
            return changes.refuse(ApiError::invalid("Dites au directeur de session ce qu’il faut reprendre."));
        }
        changes.send(
            REVIEW,
            json!({ "s": back.clone(), "v": false, "c": comment.get_untracked() }),
            "Le programme est renvoyé.",
        )
    };
    view! {
        <section class="panel" aria-labelledby="review">
            <h2 id="review">"Décision du directeur de l’École (art. 132)"</h2>
            <div class="field"><label for="review-comment">"Commentaire"</label><textarea id="review-comment" rows="2" bind:value=comment></textarea></div>
            <button type="button" class="primary" on:click=validate>"Valider le programme"</button>
            " "
            <button type="button" on:click=send_back>"Renvoyer avec ce commentaire"</button>
        </section>
    }
}

/// The School names the action's session director for its year, or renews last year's (art. 132).
#[component]
fn NameDirector(id: String, year: i32, changes: Mutation) -> impl IntoView {
    let people = api::resource::<People, _>("query", || serde_json::Value::Null);
    let chosen = RwSignal::new(String::new());
    let renews = RwSignal::new(String::new());
    let circumstances = RwSignal::new(String::new());
    let editions = api::resource::<Directed, _>("query($t: ID!)", move || json!({ "t": chosen.get() }));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if chosen.get_untracked().is_empty() {
            return changes.refuse(ApiError::invalid("Choisissez le directeur de session dans l’annuaire."));
        }
        let renewed = Some(renews.get_untracked()).filter(|r| !r.is_empty());
        let input = json!({ "trainerId": chosen.get_untracked(), "renewsSessionId": renewed, "exceptionalCircumstances": circumstances.get_untracked() });
        changes.send(
            NAME,
            json!({ "s": id.clone(), "i": input }),
            "Le directeur de session est nommé ; il en est informé.",
        );
    };
    view! {
        <form class="panel" on:submit=submit aria-labelledby="name-director">
            <h2 id="name-director">"Nommer le directeur de session (art. 132)"</h2>
            <div class="field">
                <label for="director">"Directeur de session"</label>
                <select id="director" on:change=move |ev| { renews.set(String::new()); chosen.set(event_target_value(&ev)) }>
                    <option value="">"— choisir —"</option>
                    {move || people.get().and_then(Result::ok).map(|p| p.trainers.into_iter().filter(|t| t.user_id.is_some()).map(|t| view! {
                        <option value=t.id>{t.full_name}</option>
                    }).collect_view())}
                </select>
            </div>
            <div class="field">
                <label for="renews">"Renouvellement de la direction de"</label>
                <select id="renews" on:change=move |ev| renews.set(event_target_value(&ev))>
                    <option value="">"— première nomination —"</option>
                    {move || editions.get().and_then(Result::ok).map(|d| d.trainer.actions.into_iter().filter(|a| a.directed && a.session.year + 1 == year).map(|a| view! {
                        <option value=a.session.id>{format!("{} ({})", a.session.title, a.session.year)}</option>
                    }).collect_view())}
                </select>
            </div>
            <div class="field grow"><label for="circumstances">"Circonstances exceptionnelles (au-delà de trois années)"</label><input id="circumstances" type="text" bind:value=circumstances /></div>
            <SendButton mutation=changes submit=true label="Nommer" />
        </form>
    }
}
