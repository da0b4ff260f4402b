//! What the desk of a session adds once it runs or must stop: the participants' evaluations with
//! their averages (art. 135, 140), and cancelling the session with its reason, which tells every
//! applicant (the notices are the server's).

use crate::api::{self, ApiError};
use crate::components::mutation::Mutation;
use crate::components::state::{loaded, Empty};
use crate::format::decimal;
use leptos::prelude::*;
use serde_json::json;

const EVALUATIONS: &str = "query($s: ID!)";
const CANCEL: &str = "mutation($id: ID!, $reason: String!) { cancelSession(id: $id, reason: $reason) { id status } }";

crate::decoded! {
    struct Data {
        summary: Summary = "sessionEvaluations" ("(sessionId: $s)"),
    }
}

crate::decoded! {
    struct Summary {
        participants: i64 = "participants",
        responses: i64 = "responses",
        response_rate: f64 = "responseRate",
        content: Option<f64> = "averageContent",
        speakers: Option<f64> = "averageSpeakers",
        organisation: Option<f64> = "averageOrganisation",
        usefulness: Option<f64> = "averageUsefulness",
        comments: Vec<String> = "comments",
    }
}

/// The evaluations of a session: how many answered, the average of each criterion, the comments.
#[component]
pub fn Evaluations(session_id: String) -> impl IntoView {
    let data = api::resource::<Data, _>(EVALUATIONS, move || json!({ "s": session_id }));
    view! {
        <h2>"Évaluations des participants (art. 135)"</h2>
        {loaded(data, |data: Data| {
            let s = data.summary;
            if s.responses == 0 {
                return view! { <Empty message="Aucune évaluation reçue pour l’instant." /> }.into_any();
            }
            let mark = |value: Option<f64>| value.map(|v| format!("{} / 5", decimal(v))).unwrap_or_else(|| "—".to_owned());
            view! {
                <div class="figures" data-testid="evaluations">
                    <div class="figure"><span class="label">"Réponses"</span><span class="value">{format!("{} sur {} ({} %)", s.responses, s.participants, (s.response_rate * 100.0).round() as i64)}</span></div>
                    <div class="figure"><span class="label">"Contenu"</span><span class="value">{mark(s.content)}</span></div>
                    <div class="figure"><span class="label">"Intervenants"</span><span class="value">{mark(s.speakers)}</span></div>
                    <div class="figure"><span class="label">"Organisation"</span><span class="value">{mark(s.organisation)}</span></div>
                    <div class="figure"><span class="label">"Utilité"</span><span class="value">{mark(s.usefulness)}</span></div>
                </div>
                {if s.comments.is_empty() {
                    view! { <p class="muted">"Les commentaires s’affichent à partir de trois réponses, pour rester anonymes."</p> }.into_any()
                } else {
                    view! { <ul class="comments">{s.comments.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul> }.into_any()
                }}
            }.into_any()
        })}
    }
}

/// Cancelling the session, with the reason every applicant will read.
#[component]
pub fn CancelSession(session_id: String, changes: Mutation) -> impl IntoView {
    let reason = RwSignal::new(String::new());
    let cancel = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let text = reason.get_untracked();
        if text.trim().is_empty() {
            changes.refuse(ApiError::invalid("Indiquez le motif de l’annulation : il est communiqué aux candidats."));
            return;
        }
        changes.send(
            CANCEL,
            json!({ "id": session_id, "reason": text.trim() }),
            "La session est annulée ; chaque candidat en est informé.",
        );
    };
    view! {
        <details class="panel">
            <summary>"Annuler la session"</summary>
            <form class="stack" on:submit=cancel>
                <div class="field">
                    <label for="cancel-reason">"Motif communiqué aux candidats"</label>
                    <textarea id="cancel-reason" rows="3" bind:value=reason></textarea>
                </div>
                <button type="submit" class="danger" disabled=move || changes.pending()>"Confirmer l’annulation"</button>
            </form>
        </details>
    }
}
