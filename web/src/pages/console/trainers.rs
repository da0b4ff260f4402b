//! The trainers' directory (art. 132), at `/ecole/formateurs`: magistrates and outside speakers
//! with their body, expertise and contact, the actions each gave and the participants' mark for
//! the speakers there; and the form that adds one.

use crate::api::{self, ApiError};
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::loaded;
use crate::format::decimal;
use leptos::prelude::*;
use serde_json::json;

crate::decoded! {
    struct Data {
        trainers: Vec<Trainer> = "trainers",
    }
}

crate::decoded! {
    struct Trainer {
        full_name: String = "fullName",
        body: String = "body",
        kind_label: String = "kindLabel",
        expertise: String = "expertise",
        email: Option<String> = "email",
        actions: Vec<Given> = "actions",
    }
}

crate::decoded! {
    struct Given {
        session: Titled = "session",
        half_days: i64 = "halfDays",
        directed: bool = "directed",
        responses: i64 = "responses",
        speakers_average: Option<f64> = "speakersAverage",
    }
}

crate::decoded! {
    struct Titled {
        id: String = "id",
        title: String = "title",
    }
}

const SAVE: &str = "mutation($i: TrainerInput!) { saveTrainer(input: $i) { id } }";

/// « Titre — direction, 2 demi-journées, intervenants notés 4,5 / 5 (2 réponses) ».
fn given_line(g: &Given) -> String {
    let mut parts = Vec::new();
    if g.directed {
        parts.push("direction de session".to_owned());
    }
    if g.half_days > 0 {
        parts.push(format!("{} demi-journée(s)", g.half_days));
    }
    parts.push(match g.speakers_average {
        Some(mark) => format!("intervenants notés {} / 5 ({} réponses)", decimal(mark), g.responses),
        None => "pas encore d’évaluation".to_owned(),
    });
    format!("{} — {}", g.session.title, parts.join(", "))
}

#[component]
pub fn TrainersPage() -> impl IntoView {
    let data = api::resource::<Data, _>("query", || serde_json::Value::Null);
    view! {
        <h1>"Annuaire des formateurs"</h1>
        <p class="lead">"Coordonnateurs de formation de l’École, coordonnateurs régionaux, enseignants associés et intervenants occasionnels (art. 132)."</p>
        {loaded(data, |d: Data| view! {
            <table>
                <caption>{format!("{} formateurs", d.trainers.len())}</caption>
                <thead><tr><th scope="col">"Nom"</th><th scope="col">"Corps ou organisme"</th><th scope="col">"Qualité"</th><th scope="col">"Expertise"</th><th scope="col">"Actions données"</th></tr></thead>
                <tbody>
                    {d.trainers.into_iter().map(|t| view! {
                        <tr data-testid="trainer">
                            <td>{t.full_name}<br /><span class="muted">{t.email.unwrap_or_default()}</span></td>
                            <td>{t.body}</td>
                            <td>{t.kind_label}</td>
                            <td>{t.expertise}</td>
                            <td><ul>{t.actions.iter().map(|g| view! { <li><a href=format!("/ecole/programmes/{}", g.session.id)>{given_line(g)}</a></li> }).collect_view()}</ul></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        <NewTrainer />
    }
}

#[component]
fn NewTrainer() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let body = RwSignal::new(String::new());
    let kind = RwSignal::new("OCCASIONAL_SPEAKER".to_owned());
    let expertise = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let saving = Mutation::new();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if name.get_untracked().trim().is_empty() || body.get_untracked().trim().is_empty() {
            return saving.refuse(ApiError::invalid("Indiquez le nom et le corps ou l’organisme."));
        }
        let input = json!({ "fullName": name.get_untracked(), "body": body.get_untracked(), "kind": kind.get_untracked(), "expertise": expertise.get_untracked(), "email": email.get_untracked(), "phone": phone.get_untracked() });
        saving.send(SAVE, json!({ "i": input }), "Le formateur est ajouté à l’annuaire.");
    };
    view! {
        <form class="panel" on:submit=submit aria-labelledby="new-trainer">
            <h2 id="new-trainer">"Ajouter un formateur"</h2>
            <div class="field"><label for="trainer-name">"Nom et prénom"</label><input id="trainer-name" type="text" bind:value=name /></div>
            <div class="field"><label for="trainer-body">"Corps ou organisme"</label><input id="trainer-body" type="text" bind:value=body /></div>
            <div class="field">
                <label for="trainer-kind">"Qualité"</label>
                <select id="trainer-kind" on:change=move |ev| kind.set(event_target_value(&ev))>
                    <option value="OCCASIONAL_SPEAKER">"Intervenant occasionnel"</option>
                    <option value="ASSOCIATE_TEACHER">"Enseignant associé"</option>
                    <option value="REGIONAL_COORDINATOR">"Coordonnateur régional de formation"</option>
                    <option value="SCHOOL_COORDINATOR">"Coordonnateur de formation de l’École"</option>
                </select>
            </div>
            <div class="field grow"><label for="trainer-expertise">"Expertise"</label><input id="trainer-expertise" type="text" bind:value=expertise /></div>
            <div class="field"><label for="trainer-email">"Courriel"</label><input id="trainer-email" type="email" bind:value=email /></div>
            <div class="field"><label for="trainer-phone">"Téléphone"</label><input id="trainer-phone" type="tel" bind:value=phone /></div>
            <SendButton mutation=saving submit=true class="primary" label="Ajouter à l’annuaire" />
            <div aria-live="polite">{saving.outcome()}</div>
        </form>
    }
}
