//! « Mon compte »: the signed-in person changes their password (`changePassword`: the present one,
//! then a new one of 12 characters at least, checked by the server), reads what Magistra holds on
//! them, part by part, and downloads all of it as one JSON file (« Mes données », RGPD art. 15).

use crate::api::{self, ApiError};
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::{download, loaded, outcome_view, Outcome};
use leptos::prelude::*;
use serde_json::{json, Value};

crate::decoded! {
    struct Held {
        data: Value = "myData",
    }
}

/// The parts of `myData`, as the page names them.
const PARTS: &[(&str, &str)] = &[
    ("affectations", "Affectations"),
    ("roles", "Rôles"),
    ("voeux_et_decisions", "Vœux et décisions"),
    ("avis_recus", "Avis reçus sur vos demandes"),
    ("presences", "Demi-journées de présence"),
    ("validations", "Demandes de validation"),
    ("besoins_de_formation", "Besoins de formation"),
    ("notifications", "Notifications"),
    ("journal", "Entrées du journal vous concernant"),
];

const CHANGE: &str =
    "mutation($current: String!, $new: String!) { changePassword(currentPassword: $current, newPassword: $new) }";

#[component]
pub fn AccountPage() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let again = RwSignal::new(String::new());
    let changing = Mutation::new();
    let downloaded = RwSignal::new(Outcome::Idle);
    let auth = crate::session::use_auth();
    // Once changed, no password stays on the screen.
    Effect::new(move |seen: Option<usize>| {
        let done = changing.done();
        if seen.is_some_and(|seen| seen != done) {
            for field in [current, new, again] {
                field.set(String::new());
            }
        }
        done
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if new.get_untracked() != again.get_untracked() {
            changing.refuse(ApiError::invalid("Les deux saisies du nouveau mot de passe sont différentes."));
            return;
        }
        let variables = json!({ "current": current.get_untracked(), "new": new.get_untracked() });
        changing.send(CHANGE, variables, "Votre mot de passe est changé.");
    };
    view! {
        <h1>"Mon compte"</h1>
        <form class="panel" on:submit=submit>
            <h2>"Changer de mot de passe"</h2>
            <div class="field">
                <label for="current-password">"Mot de passe actuel"</label>
                <input id="current-password" type="password" autocomplete="current-password" bind:value=current />
            </div>
            <div class="field">
                <label for="new-password">"Nouveau mot de passe"</label>
                <input id="new-password" type="password" autocomplete="new-password" aria-describedby="new-password-hint" bind:value=new />
                <small id="new-password-hint">"12 caractères au moins."</small>
            </div>
            <div class="field">
                <label for="new-password-again">"Nouveau mot de passe, une seconde fois"</label>
                <input id="new-password-again" type="password" autocomplete="new-password" bind:value=again />
            </div>
            <div aria-live="polite">{changing.outcome()}</div>
            <SendButton mutation=changing submit=true class="primary" label="Changer de mot de passe" />
        </form>
        {move || auth.user().filter(|me| me.magistrate.is_some()).map(|_| view! {
            <super::account_calendar::CalendarFeed />
            <super::account_calendar::OffersDigest />
        })}
        <section class="panel">
            <h2>"Mes données"</h2>
            <p>"Tout ce que Magistra conserve sur vous (RGPD, art. 15) ; le fichier JSON en donne chaque élément."</p>
            {loaded(api::resource::<Held, _>("query", || Value::Null), |held: Held| {
                let data = held.data;
                let text = |pointer: &str| data.pointer(pointer).and_then(Value::as_str).unwrap_or("—").to_owned();
                view! {
                    <dl class="facts">
                        <dt>"Nom"</dt><dd>{text("/profil/nom")}</dd>
                        <dt>"Adresse électronique"</dt><dd>{text("/profil/courriel")}</dd>
                        <dt>"Identifiant RH"</dt><dd>{text("/profil/identifiant")}</dd>
                        {PARTS.iter().map(|(key, label)| {
                            let count = data.get(*key).and_then(Value::as_array).map(Vec::len).unwrap_or(0);
                            view! { <dt>{*label}</dt><dd>{count}</dd> }
                        }).collect_view()}
                    </dl>
                }
            })}
            <button type="button" on:click=move |_| download(downloaded, "/export/my-data.json".into(), "mes-donnees.json".into())>
                "Télécharger mes données"
            </button>
            {outcome_view(downloaded)}
        </section>
    }
}
