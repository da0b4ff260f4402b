//! The evaluation form of a training attended (art. 135): four marks from 1 to 5 and a comment, sent once.

use crate::api::model::Application;
use crate::api::{self, ApiError};
use crate::components::mutation::Mutation;
use crate::components::state::loaded;
use crate::router::Link;
use leptos::prelude::*;
use serde_json::{json, Value};

const APPLICATIONS: &str = "query";
const SUBMIT: &str = "mutation($id: ID!, $input: EvaluationInput!) { submitEvaluation(applicationId: $id, input: $input) { submittedAt } }";

crate::decoded! {
    struct Data {
        my_applications: Vec<Application> = "myApplications",
    }
}

const CRITERIA: [(&str, &str); 4] = [
    ("content", "Contenu de la formation"),
    ("speakers", "Qualité des intervenants"),
    ("organisation", "Organisation matérielle"),
    ("usefulness", "Utilité pour vos fonctions"),
];

#[component]
pub fn EvaluationPage(id: String) -> impl IntoView {
    let data = api::resource::<Data, _>(APPLICATIONS, || Value::Null);
    // Kept by the page, not the form: the list is read again after the answer is sent, and the
    // form drawn again must still say that it was sent.
    let sending = Mutation::new();
    view! {
        <p class="breadcrumb"><Link href="/ma-fiche">"Ma fiche-formation"</Link>" › évaluation"</p>
        <h1>"Fiche d’évaluation"</h1>
        {loaded(data, move |data: Data| {
            match data.my_applications.into_iter().find(|a| a.id == id) {
                None => view! { <p>"Cette participation est introuvable."</p> }.into_any(),
                Some(application) => view! { <EvaluationForm application sending /> }.into_any(),
            }
        })}
    }
}

#[component]
fn EvaluationForm(application: Application, sending: Mutation) -> impl IntoView {
    let marks: [RwSignal<Option<i64>>; 4] = std::array::from_fn(|_| RwSignal::new(None));
    let comments = RwSignal::new(String::new());
    let id = application.id.clone();
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let values: Vec<Option<i64>> = marks.iter().map(|m| m.get_untracked()).collect();
        if values.iter().any(Option::is_none) {
            sending.refuse(ApiError::invalid("Donnez une note de 1 à 5 à chacun des quatre critères."));
            return;
        }
        let mut input = serde_json::Map::new();
        for ((key, _), value) in CRITERIA.iter().zip(values) {
            input.insert((*key).to_owned(), json!(value));
        }
        let text = comments.get_untracked();
        if !text.trim().is_empty() {
            input.insert("comments".to_owned(), json!(text.trim()));
        }
        let variables = json!({ "id": id, "input": Value::Object(input) });
        sending.send(SUBMIT, variables, "Merci : votre évaluation est enregistrée, sans votre nom.");
    };
    let title = application.session.map(|s| s.title).unwrap_or_default();
    view! {
        <p class="lead">{title}</p>
        <form class="panel" on:submit=submit>
            {CRITERIA.iter().zip(marks).map(|((key, label), mark)| view! {
                <fieldset>
                    <legend>{*label}</legend>
                    <div class="radio-row">
                        {(1..=5).map(|n| {
                            let input_id = format!("{key}-{n}");
                            let label_for = input_id.clone();
                            view! {
                                <label for=label_for>
                                    <input type="radio" id=input_id name=*key value=n.to_string()
                                        on:change=move |_| mark.set(Some(n)) />
                                    {match n { 1 => "1 (insuffisant)".to_owned(), 5 => "5 (excellent)".to_owned(), n => n.to_string() }}
                                </label>
                            }
                        }).collect_view()}
                    </div>
                </fieldset>
            }).collect_view()}
            <div class="field">
                <label for="comments">"Commentaires (facultatifs, anonymes)"</label>
                <textarea id="comments" rows="4" bind:value=comments></textarea>
            </div>
            <div aria-live="polite">{sending.outcome()}</div>
            <button type="submit" class="primary" disabled=move || { sending.pending() || sending.done() > 0 }
                aria-busy=move || sending.pending().to_string()>"Envoyer l’évaluation"</button>
        </form>
    }
}
