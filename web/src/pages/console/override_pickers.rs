//! The pickers of a director's override (issue 17): the action found by words of its title or code
//! among the year's national actions, then the magistrate chosen among that action's applicants
//! still waiting — nothing to copy by number. The server checks every override again.

use crate::api::{self, model::Connection};
use leptos::prelude::*;
use serde_json::json;

crate::decoded! {
    struct ActionChoices {
        sessions: Connection<ActionChoice> = "sessions" ("(filter: { year: $y, scope: NATIONAL, search: $q }, first: 8)"),
    }
}

crate::decoded! {
    struct ActionChoice {
        id: String = "id",
        code: String = "code",
        title: String = "title",
    }
}

crate::decoded! {
    struct Applicants {
        applicants: Vec<Applicant> = "sessionApplicants" ("(sessionId: $s)"),
    }
}

crate::decoded! {
    struct Applicant {
        status: String = "status",
        magistrate: Option<Person> = "magistrate",
    }
}

crate::decoded! {
    struct Person {
        id: String = "id",
        display_name: String = "displayName",
        function_title: String = "functionTitle",
    }
}

/// Words of the title or code (or the action's number): the year's matching national actions to
/// choose from; `chosen` holds the number of the one chosen.
#[component]
pub fn ActionPicker(year: RwSignal<i32>, input_id: String, chosen: RwSignal<String>) -> impl IntoView {
    let text = RwSignal::new(chosen.get_untracked());
    let choices: RwSignal<Vec<ActionChoice>> = RwSignal::new(Vec::new());
    let search = move |ev: leptos::ev::Event| {
        let typed = event_target_value(&ev);
        text.set(typed.clone());
        let words = typed.trim().to_owned();
        if words.chars().all(|c| c.is_ascii_digit()) {
            // A number is the action's own.
            chosen.set(words);
            choices.set(Vec::new());
            return;
        }
        chosen.set(String::new());
        if words.chars().count() < 3 {
            choices.set(Vec::new());
            return;
        }
        let variables = json!({ "y": year.get_untracked(), "q": words });
        leptos::task::spawn_local(async move {
            if let Ok(found) = api::query::<ActionChoices>("query($y: Int!, $q: String!)", variables).await {
                // Only if the words are still those searched.
                if text.get_untracked().trim() == words {
                    choices.set(found.sessions.nodes);
                }
            }
        });
    };
    let list_id = format!("{input_id}-choices");
    view! {
        <div class="field picker">
            <label for=input_id.clone()>"Action (mots du titre, code ou n°)"</label>
            <input id=input_id type="search" autocomplete="off" aria-describedby=list_id.clone()
                prop:value=move || text.get() on:input=search />
            <div id=list_id aria-live="polite">
                {move || {
                    let id = chosen.get();
                    (!id.is_empty()).then(|| view! { <p class="muted">{format!("Action n° {id}")}</p> })
                }}
                <ul class="choices">
                    {move || choices.get().into_iter().map(|c| {
                        let label = format!("{} — {}", c.code, c.title);
                        let shown = format!("{} (n° {})", c.title, c.id);
                        view! {
                            <li><button type="button" aria-label=format!("Choisir « {} »", c.title)
                                on:click=move |_| { chosen.set(c.id.clone()); text.set(shown.clone()); choices.set(Vec::new()); }>
                                {label}
                            </button></li>
                        }
                    }).collect_view()}
                </ul>
            </div>
        </div>
    }
}

/// The applicants of action `session` still waiting for a decision, to choose one; `chosen`
/// holds the number of the magistrate chosen.
#[component]
pub fn MagistratePicker(session: Signal<String>, select_id: String, chosen: RwSignal<String>) -> impl IntoView {
    let applicants = LocalResource::new(move || {
        let session = session.get();
        async move {
            if session.is_empty() {
                return Ok(Vec::new());
            }
            api::query::<Applicants>("query($s: ID!)", json!({ "s": session })).await.map(|found| {
                found
                    .applicants
                    .into_iter()
                    .filter(|a| a.status == "SUBMITTED")
                    .filter_map(|a| a.magistrate)
                    .collect::<Vec<Person>>()
            })
        }
    });
    view! {
        <div class="field">
            <label for=select_id.clone()>"Magistrat"</label>
            <select id=select_id on:change=move |ev| chosen.set(event_target_value(&ev))>
                <option value="" selected=move || chosen.get().is_empty()>
                    {move || match applicants.get() {
                        _ if session.get().is_empty() => "— choisissez d’abord l’action —".to_owned(),
                        None => "Chargement des candidats…".to_owned(),
                        Some(Ok(people)) if people.is_empty() => "Aucun candidat en attente".to_owned(),
                        Some(Ok(people)) => format!("— {} candidat(s) en attente —", people.len()),
                        Some(Err(error)) => error.message,
                    }}
                </option>
                {move || applicants.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|p| {
                    let id = p.id.clone();
                    view! {
                        <option value=p.id.clone() selected=move || chosen.get() == id>
                            {format!("{} — {} (n° {})", p.display_name, p.function_title, p.id)}
                        </option>
                    }
                }).collect_view()}
            </select>
        </div>
    }
}
