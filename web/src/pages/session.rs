//! One session's page: what it is, when and where, seats, and the application form with a preference
//! rank and a motivation (art. 130). The magistrate's existing wish, if any, is shown instead.

use crate::api::model::Session;
use crate::api::{self};
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::loaded;
use crate::format::{date_long, days};
use crate::router::Link;
use crate::session::use_auth;
use leptos::prelude::*;
use serde_json::json;

/// The session, and the person's wishes when signed in (a visitor has none to ask for).
const SESSION: &str = "query($id: ID!, $visitor: Boolean!)";

const APPLY: &str = "mutation($sessionId: ID!, $rank: Int!, $motivation: String) { \
    apply(sessionId: $sessionId, rank: $rank, motivation: $motivation) { id rank status } }";

crate::decoded! {
    struct Data {
        session: Option<Session> = "session" ("(id: $id)"),
        my_applications: Option<Vec<Wish>> = "myApplications" (" @skip(if: $visitor)"),
    }
}

crate::decoded! {
    struct Wish {
        id: String = "id",
        rank: i64 = "rank",
        status: shared::ApplicationStatus = "status",
        session: Option<WishSession> = "session",
    }
}

crate::decoded! {
    struct WishSession {
        id: String = "id",
        year: i32 = "year",
    }
}

#[component]
pub fn SessionPage(id: String) -> impl IntoView {
    let auth = use_auth();
    let is_magistrate = auth.user().map(|me| me.magistrate.is_some()).unwrap_or(false);
    let apply = Mutation::new();
    let session_id = id.clone();
    let visitor = auth.user().is_none();
    let data = api::resource::<Data, _>(SESSION, move || json!({ "id": session_id, "visitor": visitor }));
    view! {
        {loaded(data, move |data: Data| match data.session {
            None => view! {
                <h1>"Action introuvable"</h1>
                <p>"Cette action n’existe pas ou ne vous est pas accessible."</p>
                <p><Link href="/programme">"Retour au programme"</Link></p>
            }.into_any(),
            Some(session) => view! { <SessionDetailView session wishes=data.my_applications.unwrap_or_default() is_magistrate visitor apply /> }.into_any(),
        })}
    }
}

#[component]
fn SessionDetailView(
    session: Session,
    wishes: Vec<Wish>,
    is_magistrate: bool,
    visitor: bool,
    apply: Mutation,
) -> impl IntoView {
    let existing = wishes
        .iter()
        .find(|w| {
            w.session.as_ref().map(|s| s.id == session.id).unwrap_or(false)
                && w.status != shared::ApplicationStatus::Cancelled
        })
        .cloned();
    let taken: Vec<i64> = wishes
        .iter()
        .filter(|w| w.session.as_ref().map(|s| s.year == session.year).unwrap_or(false))
        .filter(|w| w.status != shared::ApplicationStatus::Cancelled)
        .map(|w| w.rank)
        .collect();
    let dates = if session.start_date == session.end_date {
        format!("Le {}", date_long(session.start_date))
    } else {
        format!("Du {} au {}", date_long(session.start_date), date_long(session.end_date))
    };
    let can_apply = is_magistrate && session.open_for_applications && existing.is_none();
    view! {
        <p class="breadcrumb"><Link href="/programme">"Programme"</Link>" › "{session.code.clone()}</p>
        <h1>{session.title.clone()}</h1>
        <div class="two-columns">
            <section aria-labelledby="about">
                <h2 id="about">"L’action"</h2>
                <dl class="facts">
                    <dt>"Format"</dt><dd>{session.format.label_fr()}</dd>
                    <dt>"Offre"</dt>
                    <dd>
                        {session.scope.label_fr()}
                        {(!session.courts.is_empty()).then(|| format!(" — {}", session.courts.iter().map(|c| c.name.clone()).collect::<Vec<_>>().join(", ")))}
                    </dd>
                    <dt>"Dates"</dt><dd>{dates}</dd>
                    <dt>"Durée"</dt><dd>{days(session.duration_days)}</dd>
                    <dt>"Lieu"</dt><dd>{session.location.clone().unwrap_or_else(|| "À préciser".to_owned())}</dd>
                    <dt>"Places"</dt>
                    <dd>{format!("{} libres sur {} ({} en liste d’attente)", session.seats_left, session.capacity, session.waitlist_length)}</dd>
                    <dt>"Inscriptions"</dt>
                    <dd>{format!("du {} au {}", date_long(session.applications_open), date_long(session.applications_close))}</dd>
                    <dt>"Confirmation"</dt>
                    <dd>{format!("à confirmer avant le {} si vous êtes retenu", date_long(session.confirmation_due_date))}</dd>
                    {(!session.target_functions.is_empty() || session.onboarding).then(|| view! {
                        <dt>"Public"</dt>
                        <dd>
                            {if session.target_functions.is_empty() { "Toutes fonctions".to_owned() } else { session.target_functions.join(", ") }}
                            {session.onboarding.then_some(" — formation de prise de fonction (art. 126)")}
                        </dd>
                    })}
                </dl>
                {session.description.clone().map(|d| view! { <p class="description">{d}</p> })}
            </section>
            <section aria-labelledby="apply" class="panel">
                <h2 id="apply">"Candidature"</h2>
                <div aria-live="polite">{apply.outcome()}</div>
                {match (existing, can_apply) {
                    (Some(wish), _) => view! {
                        <p>{format!("Vous avez demandé cette action en vœu n° {}. État : {}.", wish.rank, wish.status.label_fr())}</p>
                        <p><Link href="/mes-voeux">"Voir mes vœux"</Link></p>
                    }.into_any(),
                    (None, true) => view! { <ApplyForm session_id=session.id.clone() taken apply /> }.into_any(),
                    (None, false) if visitor => {
                        let back = js_sys::encode_uri_component(&format!("/sessions/{}", session.id)).as_string().unwrap_or_default();
                        view! {
                            <p>"Les magistrats présentent leur candidature en ligne, après s’être connectés."</p>
                            <p><a class="button-link" href=format!("/connexion?suite={back}")>"Se connecter pour candidater"</a></p>
                        }.into_any()
                    }
                    (None, false) if !is_magistrate => view! { <p>"Les candidatures sont réservées aux magistrats."</p> }.into_any(),
                    (None, false) => view! { <p>"Les inscriptions à cette action ne sont pas ouvertes actuellement."</p> }.into_any(),
                }}
            </section>
        </div>
    }
}

#[component]
fn ApplyForm(session_id: String, taken: Vec<i64>, apply: Mutation) -> impl IntoView {
    let first_free = (1..).find(|r| !taken.contains(r)).unwrap_or(1);
    let rank = RwSignal::new(first_free.to_string());
    let motivation = RwSignal::new(String::new());
    let taken_text = if taken.is_empty() {
        "Aucun autre vœu cette année.".to_owned()
    } else {
        let ranks = crate::order::by_key(taken.clone(), |r| crate::order::numbers(*r, 0));
        format!(
            "Rangs déjà utilisés cette année : {}.",
            ranks.iter().map(|r| r.to_string()).collect::<Vec<_>>().join(", ")
        )
    };
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let Ok(rank_value) = rank.get_untracked().trim().parse::<i64>() else {
            apply.refuse(api::ApiError::invalid("Le rang doit être un nombre entier (1 pour votre premier vœu)."));
            return;
        };
        let text = motivation.get_untracked();
        let variables = json!({
            "sessionId": session_id,
            "rank": rank_value,
            "motivation": if text.trim().is_empty() { None } else { Some(text.trim().to_owned()) },
        });
        apply.send(APPLY, variables, "Votre candidature est enregistrée.");
    };
    view! {
        <form on:submit=submit class="stack">
            <div class="field">
                <label for="rank">"Rang de préférence"</label>
                <input id="rank" type="number" min="1" max="20" inputmode="numeric" aria-describedby="rank-help" bind:value=rank />
                <p id="rank-help" class="help">{taken_text}</p>
            </div>
            <div class="field">
                <label for="motivation">"Motivation (facultative)"</label>
                <textarea id="motivation" rows="5" maxlength="2000" bind:value=motivation></textarea>
            </div>
            <SendButton mutation=apply submit=true class="primary" label="Présenter ma candidature" />
        </form>
    }
}
