//! The School's view of the e-mails that did not leave: to whom, about what, how many attempts,
//! what the mail server answered, and when the next attempt is due or when the outbox gave up.
//! The notifications themselves stay readable in each person's application.

use crate::api;
use crate::components::state::{loaded, Empty};
use crate::format::moment;
use leptos::prelude::*;
use serde_json::Value;

const UNDELIVERED: &str = "query { undeliveredEmails(first: 200) { id recipientName recipientEmail title createdAt \
    attempts lastError nextAttemptAt givenUpAt } }";

crate::decoded! {
    struct Data {
        emails: Vec<Undelivered> = "undeliveredEmails",
    }
}

crate::decoded! {
    struct Undelivered {
        id: String = "id",
        recipient_name: Option<String> = "recipientName",
        recipient_email: Option<String> = "recipientEmail",
        title: String = "title",
        created_at: chrono::DateTime<chrono::Utc> = "createdAt",
        attempts: i64 = "attempts",
        last_error: Option<String> = "lastError",
        next_attempt_at: Option<chrono::DateTime<chrono::Utc>> = "nextAttemptAt",
        given_up_at: Option<chrono::DateTime<chrono::Utc>> = "givenUpAt",
    }
}

#[component]
pub fn OutboxPage() -> impl IntoView {
    let data = api::resource::<Data, _>(UNDELIVERED, || Value::Null);
    view! {
        <h1>"Courriels non remis"</h1>
        <p class="lead">
            "Les courriels que le serveur de messagerie a refusés. Un refus temporaire est retenté à intervalles croissants ; \
             un refus définitif, ou trop de tentatives, arrête les envois. Chaque message reste lisible dans l’application de son destinataire."
        </p>
        {loaded(data, |data: Data| {
            if data.emails.is_empty() {
                return view! { <Empty message="Tous les courriels ont été remis." /> }.into_any();
            }
            view! {
                <div class="table-wrap">
                    <table>
                        <caption class="visually-hidden">"Courriels non remis, du plus récent au plus ancien"</caption>
                        <thead><tr>
                            <th scope="col">"Destinataire"</th><th scope="col">"Objet"</th><th scope="col">"Écrit le"</th>
                            <th scope="col" class="num">"Tentatives"</th><th scope="col">"Dernière réponse du serveur"</th><th scope="col">"Suite"</th>
                        </tr></thead>
                        <tbody>
                            {data.emails.into_iter().map(|email| view! {
                                <tr data-id=email.id>
                                    <td>{email.recipient_name.unwrap_or_default()}<br /><small class="muted">{email.recipient_email.unwrap_or_default()}</small></td>
                                    <td>{email.title}</td>
                                    <td>{moment(email.created_at)}</td>
                                    <td class="num">{email.attempts}</td>
                                    <td><code>{email.last_error.unwrap_or_default()}</code></td>
                                    <td>{match (email.given_up_at, email.next_attempt_at) {
                                        (Some(at), _) => view! { <span class="status bad">{format!("Abandonné le {}", moment(at))}</span> }.into_any(),
                                        (None, Some(at)) => view! { <span class="status wait">{format!("Nouvel essai le {}", moment(at))}</span> }.into_any(),
                                        (None, None) => view! { <span class="status wait">"Nouvel essai imminent"</span> }.into_any(),
                                    }}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        })}
    }
}
