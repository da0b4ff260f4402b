//! Finding a person: by name, e-mail or HR identifier (`people`), each opening their page; and
//! opening an account for someone the directory does not hold (`createAccount`: the School's staff,
//! the Ministry), who signs in through the single sign-on with their HR identifier.

use super::ConsoleHeader;
use crate::api::{self, ApiError};
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::{loaded, Empty};
use crate::router::{use_navigator, Link};
use leptos::prelude::*;
use serde_json::json;

crate::decoded! {
    struct Found {
        people: Vec<Account> = "people" ("(search: $search, first: 50)"),
    }
}

crate::decoded! {
    pub struct Account {
        pub id: String = "id",
        pub display_name: String = "displayName",
        pub email: String = "email",
        pub identifier: Option<String> = "identifier",
        pub active: bool = "active",
    }
}

const CREATE: &str = "mutation($n: String!, $e: String!, $i: String) { createAccount(displayName: $n, email: $e, identifier: $i) { id } }";

/// Opens an account and goes to its page, where roles are granted.
#[component]
fn NewAccount() -> impl IntoView {
    let navigator = use_navigator();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let identifier = RwSignal::new(String::new());
    let creating = Mutation::new();
    Effect::new(move |_| {
        if creating.done() > 0 && creating.succeeded_since_asked() {
            let created = creating.answer();
            if let Some(id) = created.as_ref().and_then(|a| a.pointer("/createAccount/id")).and_then(|v| v.as_str()) {
                navigator.go(&format!("/administration/personnes/{id}"));
            }
        }
    });
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if name.get_untracked().trim().is_empty() || email.get_untracked().trim().is_empty() {
            creating.refuse(ApiError::invalid("Indiquez le nom et l’adresse électronique."));
            return;
        }
        let given = identifier.get_untracked();
        let variables = json!({ "n": name.get_untracked(), "e": email.get_untracked(),
            "i": if given.trim().is_empty() { serde_json::Value::Null } else { json!(given) } });
        creating.send(CREATE, variables, "Compte ouvert.");
    };
    view! {
        <details class="panel">
            <summary>"Ouvrir un compte hors annuaire"</summary>
            <p>"Pour une personne que l’annuaire des magistrats ne contient pas (services de l’École, ministère). Le compte n’a pas de mot de passe : la personne se connecte par l’authentification unique, avec son identifiant RH. Attribuez-lui ensuite ses rôles."</p>
            <form class="name-form" on:submit=submit>
                <fieldset>
                    <legend>"Nouveau compte"</legend>
                    <div class="field grow"><label for="account-name">"Nom"</label><input id="account-name" type="text" bind:value=name /></div>
                    <div class="field grow"><label for="account-email">"Adresse électronique"</label><input id="account-email" type="email" bind:value=email /></div>
                    <div class="field"><label for="account-identifier">"Identifiant RH"</label><input id="account-identifier" type="text" bind:value=identifier /></div>
                    <SendButton mutation=creating submit=true label="Ouvrir le compte" />
                </fieldset>
                <div aria-live="polite">{creating.outcome()}</div>
            </form>
        </details>
    }
}

#[component]
pub fn PeoplePage() -> impl IntoView {
    let typed = RwSignal::new(crate::router::query_param("q").unwrap_or_default());
    let search = RwSignal::new(typed.get_untracked());
    let found = api::resource::<Found, _>("query($search: String!)", move || json!({ "search": search.get() }));
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        search.set(typed.get_untracked().trim().to_owned());
    };
    view! {
        <ConsoleHeader title="Personnes et rôles" />
        <p class="lead">"Retrouvez une personne par son nom, son adresse électronique ou son identifiant RH pour voir ses affectations, lui attribuer ou lui retirer un rôle, désactiver ou réactiver son compte."</p>
        <form class="filters" role="search" on:submit=submit>
            <div class="field grow">
                <label for="people-search">"Nom, adresse électronique ou identifiant"</label>
                <input id="people-search" type="search" bind:value=typed />
            </div>
            <button type="submit" class="primary">"Rechercher"</button>
        </form>
        <NewAccount />
        {loaded(found, |found: Found| {
                if found.people.is_empty() {
                    return view! { <Empty message="Personne ne correspond à cette recherche." /> }.into_any();
                }
                let count = found.people.len();
                view! {
                    <p role="status">{if count >= 50 { "50 premières personnes trouvées : précisez la recherche.".to_owned() } else { format!("{count} personne{} trouvée{}.", crate::format::plural(count), crate::format::plural(count)) }}</p>
                    <div class="table-wrap">
                        <table>
                            <caption class="visually-hidden">"Personnes trouvées"</caption>
                            <thead><tr><th scope="col">"Nom"</th><th scope="col">"Adresse électronique"</th><th scope="col">"Identifiant RH"</th><th scope="col">"Compte"</th></tr></thead>
                            <tbody>
                                {found.people.into_iter().map(|p| view! {
                                    <tr>
                                        <td><Link href=format!("/administration/personnes/{}", p.id)>{p.display_name}</Link></td>
                                        <td>{p.email}</td>
                                        <td>{p.identifier.unwrap_or_else(|| "—".to_owned())}</td>
                                        <td>{if p.active { "Actif" } else { "Désactivé" }}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
        })}
    }
}
