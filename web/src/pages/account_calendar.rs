//! « Mon agenda » in « Mon compte »: a magistrate opens a secret calendar address that Outlook,
//! Thunderbird or a phone subscribes to (the actions they confirmed, kept up to date), sees it once,
//! and may close it at any time (`openCalendarFeed`, `closeCalendarFeed`); and asks for the daily
//! digest of new offers, or stops it (`setOffersDigest`, art. 129).

use crate::components::mutation::{Mutation, SendButton};
use leptos::prelude::*;
use serde_json::{json, Value};

const OPEN: &str = "mutation { openCalendarFeed }";
const CLOSE: &str = "mutation { closeCalendarFeed }";
const DIGEST: &str = "mutation($on: Boolean!) { setOffersDigest(enabled: $on) }";

/// The daily digest of new offers (art. 129): one box, saved when ticked or unticked.
#[component]
pub fn OffersDigest() -> impl IntoView {
    let saving = Mutation::new();
    let auth = crate::session::use_auth();
    let asked = RwSignal::new(auth.user().is_some_and(|me| me.offers_digest));
    let on_change = move |ev| {
        let on = event_target_checked(&ev);
        asked.set(on);
        // Kept for the next visit without drawing the page again (which would lose the message).
        auth.me.update_untracked(|me| {
            if let Some(me) = me {
                me.offers_digest = on;
            }
        });
        let said = if on {
            "Vous recevrez chaque jour le résumé des nouvelles offres."
        } else {
            "Vous ne recevrez plus le résumé des nouvelles offres."
        };
        saving.send(DIGEST, json!({ "on": on }), said);
    };
    view! {
        <section class="panel" aria-labelledby="offers-title">
            <h2 id="offers-title">"Nouvelles offres"</h2>
            <div class="field checkbox">
                <input id="offers-digest" type="checkbox" prop:checked=move || asked.get() disabled=move || saving.pending() on:change=on_change />
                <label for="offers-digest">"Recevoir chaque jour par courriel le résumé des actions nouvellement publiées et ouvertes à ma candidature (art. 129)"</label>
            </div>
            <div aria-live="polite">{saving.outcome()}</div>
        </section>
    }
}

#[component]
pub fn CalendarFeed() -> impl IntoView {
    let opening = Mutation::new();
    let closing = Mutation::new();
    let address = move || {
        opening.answer().and_then(|data| data.get("openCalendarFeed").and_then(Value::as_str).map(str::to_owned))
    };
    let open = Callback::new(move |()| {
        opening.send(OPEN, json!({}), "Nouvelle adresse créée : toute adresse précédente ne fonctionne plus.")
    });
    let close =
        Callback::new(move |()| closing.send(CLOSE, json!({}), "Adresse fermée : votre agenda ne la lit plus."));
    view! {
        <section class="panel" aria-labelledby="agenda-title">
            <h2 id="agenda-title">"Mon agenda"</h2>
            <p>
                "Chaque confirmation vous envoie une invitation qui s’inscrit dans votre agenda et le suit "
                "si l’action change. Vous pouvez aussi abonner votre agenda à une adresse personnelle qui "
                "liste les actions que vous avez confirmées. Gardez-la pour vous : qui la connaît lit vos formations."
            </p>
            {move || address().map(|url| view! {
                <div class="field">
                    <label for="calendar-address">"Votre adresse d’abonnement (affichée une seule fois)"</label>
                    <input id="calendar-address" type="text" readonly value=url />
                </div>
            })}
            <div aria-live="polite">{opening.outcome()}{closing.outcome()}</div>
            <div class="actions">
                <SendButton mutation=opening label="Créer une adresse d’abonnement" on_press=open />
                <SendButton mutation=closing label="Fermer l’adresse" on_press=close />
            </div>
        </section>
    }
}
