//! One person for the administrator: the account (disable, re-enable), the postings as a history
//! (art. 126 reads « a function never held before » from it), and the roles with their scope —
//! granted and revoked here, each change audited by the server with its author.

use super::{of_court, ConsoleHeader};
use crate::api::model::Named;
use crate::api::{self, ApiError};
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::loaded;
use crate::format::date_short;
use crate::router::Link;
use chrono::NaiveDate;
use leptos::prelude::*;
use serde_json::json;
use shared::rules::roles::{check_grant, scope_of, RoleScope};
use shared::{Assignment, Bench, Role};

crate::decoded! {
    struct Data {
        person: Person = "person" ("(id: $id)"),
        courts: Vec<CourtOfAppeal> = "courts",
    }
}

crate::decoded! {
    struct Person {
        account: super::people::Account = "account",
        postings: Vec<Posting> = "postings",
        grants: Vec<Grant> = "grants",
    }
}

crate::decoded! {
    struct Posting {
        assignment: Assignment = "assignment",
        court: Option<Named> = "court",
        jurisdiction: Option<Named> = "jurisdiction",
        other_body: Option<String> = "otherBody",
        function_name: String = "functionName",
        bench: Bench = "bench",
        started_on: NaiveDate = "startedOn",
        ended_on: Option<NaiveDate> = "endedOn",
    }
}

crate::decoded! {
    struct Grant {
        id: String = "id",
        role: Role = "role",
        court: Option<Named> = "court",
        jurisdiction: Option<Named> = "jurisdiction",
    }
}

crate::decoded! {
    #[derive(Default)]
    pub struct CourtOfAppeal {
        pub id: String = "id",
        pub name: String = "name",
        pub jurisdictions: Vec<Named> = "jurisdictions",
    }
}

const GRANT: &str = "mutation($user: ID!, $role: Role!, $court: ID, $jurisdiction: ID) { grantRole(userId: $user, role: $role, courtId: $court, jurisdictionId: $jurisdiction) { id } }";
const REVOKE: &str = "mutation($grant: ID!) { revokeRole(grantId: $grant) { id } }";
const IDENTIFIER: &str =
    "mutation($user: ID!, $identifier: String!) { setAccountIdentifier(userId: $user, identifier: $identifier) { id } }";
const ACTIVE: &str =
    "mutation($user: ID!, $active: Boolean!) { setAccountActive(userId: $user, active: $active) { id } }";

impl Posting {
    /// Where the posting is, in words.
    fn place(&self) -> String {
        let name = |n: &Option<Named>| n.as_ref().map(|n| n.name.clone()).unwrap_or_default();
        match self.assignment {
            Assignment::Jurisdiction => name(&self.jurisdiction),
            Assignment::CourtOfAppeal => format!("Cour d’appel {}", of_court(&name(&self.court))),
            Assignment::CourDeCassation => "Cour de cassation".to_owned(),
            Assignment::Other => self.other_body.clone().unwrap_or_default(),
        }
    }
}

impl Grant {
    /// Where the role applies, in words.
    fn scope(&self) -> String {
        match (&self.jurisdiction, &self.court) {
            (Some(jurisdiction), _) => jurisdiction.name.clone(),
            (None, Some(court)) => format!("Cour d’appel {}", of_court(&court.name)),
            (None, None) => "National".to_owned(),
        }
    }
}

#[component]
pub fn PersonPage(id: String) -> impl IntoView {
    let user = id.clone();
    let data = api::resource::<Data, _>("query($id: ID!)", move || json!({ "id": id.clone() }));
    let account = Mutation::new();
    let roles = Mutation::new();
    let role = RwSignal::new(Role::TrainingDelegate);
    let court = RwSignal::new(String::new());
    let jurisdiction = RwSignal::new(String::new());
    let identifier = RwSignal::new(String::new());
    let identifying = Mutation::new();
    view! {
        {loaded(data, move |data: Data| {
            let person = data.person;
            let who = person.account.clone();
            let courts = StoredValue::new(data.courts);
            let (user, user_again, user_identified) = (user.clone(), user.clone(), user.clone());
            let identify = move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                let variables = json!({ "user": user_identified.clone(), "identifier": identifier.get_untracked() });
                identifying.send(IDENTIFIER, variables, "Identifiant RH enregistré : la personne peut se connecter par l’authentification unique.");
            };
            let has_identifier = who.identifier.is_some();
            let active = who.active;
            let toggle = Callback::new(move |()| {
                let (done, variables) = (if active { "Le compte est désactivé." } else { "Le compte est réactivé." }, json!({ "user": user.clone(), "active": !active }));
                account.send(ACTIVE, variables, done);
            });
            let grant = move |event: leptos::ev::SubmitEvent| {
                event.prevent_default();
                let picked = |s: RwSignal<String>| Some(s.get_untracked()).filter(|v| !v.is_empty());
                // Only what the role's scope takes is sent (a court picked for an earlier choice is not).
                let chosen = role.get_untracked();
                let scope = scope_of(chosen);
                let court_id = picked(court).filter(|_| scope != RoleScope::National);
                let jurisdiction_id = picked(jurisdiction).filter(|_| scope == RoleScope::Jurisdiction);
                let number = |id: &Option<String>| id.as_deref().and_then(|v| v.parse::<i64>().ok());
                if let Err(reason) = check_grant(chosen, number(&court_id), number(&jurisdiction_id)) {
                    roles.refuse(ApiError::invalid(&crate::format::capital(reason)));
                    return;
                }
                let variables = json!({ "user": user_again.clone(), "role": chosen.as_str(), "court": court_id, "jurisdiction": jurisdiction_id });
                roles.send(GRANT, variables, format!("Rôle « {} » attribué.", chosen.label_fr()));
            };
            let postings: Vec<Posting> = person.postings.into_iter().rev().collect();
            view! {
                <ConsoleHeader title=who.display_name.clone() />
                <p><Link href="/administration">"← Retour à la recherche"</Link></p>
                <section class="panel">
                    <h2>"Compte"</h2>
                    <dl class="facts">
                        <dt>"Adresse électronique"</dt><dd>{who.email.clone()}</dd>
                        <dt>"Identifiant RH"</dt><dd>{who.identifier.clone().unwrap_or_else(|| "— (compte hors annuaire)".to_owned())}</dd>
                        <dt>"État"</dt><dd>{if active { "Actif : la personne peut se connecter." } else { "Désactivé : la personne ne peut plus se connecter ; son historique est conservé." }}</dd>
                    </dl>
                    {(!has_identifier).then(|| view! {
                        <form class="name-form" on:submit=identify>
                            <fieldset>
                                <legend>"Lier le compte à un identifiant RH (authentification unique)"</legend>
                                <div class="field grow"><label for="person-identifier">"Identifiant RH"</label><input id="person-identifier" type="text" bind:value=identifier /></div>
                                <SendButton mutation=identifying submit=true label="Enregistrer l’identifiant" />
                            </fieldset>
                        </form>
                    })}
                    <div aria-live="polite">{identifying.outcome()}</div>
                    <div aria-live="polite">{account.outcome()}</div>
                    <SendButton mutation=account label=if active { "Désactiver le compte" } else { "Réactiver le compte" } on_press=toggle />
                </section>
                <section class="panel">
                    <h2>"Affectations"</h2>
                    {if postings.is_empty() {
                        view! { <p class="empty">"Aucune affectation : ce compte n’est pas celui d’un magistrat de l’annuaire."</p> }.into_any()
                    } else {
                        view! {
                            <div class="table-wrap">
                                <table>
                                    <caption class="visually-hidden">"Affectations, de la plus récente à la plus ancienne"</caption>
                                    <thead><tr><th scope="col">"Depuis"</th><th scope="col">"Jusqu’au"</th><th scope="col">"Affectation"</th><th scope="col">"Fonction"</th><th scope="col">"Siège ou parquet"</th></tr></thead>
                                    <tbody>
                                        {postings.into_iter().map(|p| view! {
                                            <tr>
                                                <td>{date_short(p.started_on)}</td>
                                                <td>{p.ended_on.map(date_short).unwrap_or_else(|| "en cours".to_owned())}</td>
                                                <td>{p.place()}</td>
                                                <td>{p.function_name.clone()}</td>
                                                <td>{p.bench.label_fr()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            </div>
                        }.into_any()
                    }}
                </section>
                <section class="panel">
                    <h2>"Rôles"</h2>
                    <div class="table-wrap">
                        <table>
                            <caption class="visually-hidden">"Rôles attribués"</caption>
                            <thead><tr><th scope="col">"Rôle"</th><th scope="col">"Portée"</th><th scope="col"><span class="visually-hidden">"Retirer"</span></th></tr></thead>
                            <tbody>
                                {person.grants.into_iter().map(|g| {
                                    let label = format!("Retirer le rôle {} ({})", g.role.label_fr(), g.scope());
                                    let id = g.id.clone();
                                    let revoke = Callback::new(move |()| roles.send(REVOKE, json!({ "grant": id.clone() }), "Rôle retiré."));
                                    view! {
                                        <tr>
                                            <td>{g.role.label_fr()}</td>
                                            <td>{g.scope()}</td>
                                            <td><SendButton mutation=roles label="Retirer" aria_label=label on_press=revoke /></td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                    <form class="filters" on:submit=grant>
                        <div class="field">
                            <label for="grant-role">"Rôle à attribuer"</label>
                            <select id="grant-role" on:change=move |ev| { if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r); } }>
                                {Role::ALL.iter().map(|r| view! { <option value=r.as_str() selected=*r == role.get_untracked()>{r.label_fr()}</option> }).collect_view()}
                            </select>
                        </div>
                        <Show when=move || scope_of(role.get()) != RoleScope::National>
                            <div class="field">
                                <label for="grant-court">"Cour d’appel"</label>
                                <select id="grant-court" on:change=move |ev| { court.set(event_target_value(&ev)); jurisdiction.set(String::new()); }>
                                    <option value="">"— choisir —"</option>
                                    {courts.get_value().into_iter().map(|c| view! { <option value=c.id.clone() selected=c.id == court.get_untracked()>{c.name}</option> }).collect_view()}
                                </select>
                            </div>
                        </Show>
                        <Show when=move || scope_of(role.get()) == RoleScope::Jurisdiction>
                            <div class="field">
                                <label for="grant-jurisdiction">"Juridiction"</label>
                                <select id="grant-jurisdiction" on:change=move |ev| jurisdiction.set(event_target_value(&ev))>
                                    <option value="">"— choisir —"</option>
                                    {move || {
                                        let chosen = court.get();
                                        let found = courts.get_value().into_iter().find(|c| c.id == chosen).unwrap_or_default();
                                        found.jurisdictions.into_iter().map(|j| view! { <option value=j.id.clone()>{j.name}</option> }).collect_view()
                                    }}
                                </select>
                            </div>
                        </Show>
                        <SendButton mutation=roles submit=true class="primary" label="Attribuer le rôle" />
                    </form>
                    <div aria-live="polite">{roles.outcome()}</div>
                </section>
            }
            .into_any()
        })}
    }
}
