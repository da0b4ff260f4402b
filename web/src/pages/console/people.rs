//! Finding a person: by name, e-mail or HR identifier (`people`), each opening their page.

use super::ConsoleHeader;
use crate::api;
use crate::components::state::{loaded, Empty};
use crate::router::Link;
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
