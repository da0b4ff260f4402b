//! What the School follows behind the scenes: the deadline sweep (art. 131), when it last passed and
//! what it did, with a way to run it now; and the e-mails that did not leave: to whom, about what,
//! how many attempts, what the mail server answered, and when the next attempt is due or when the
//! outbox gave up. The notifications themselves stay readable in each person's application.

use crate::api;
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::{loaded, Empty};
use crate::format::{moment, plural};
use leptos::prelude::*;
use serde_json::Value;

const RUN_SWEEP: &str = "mutation { runDeadlineSweep { lapsed } }";

crate::decoded! {
    struct Sweep {
        last: Option<SweepRun> = "lastDeadlineSweep",
    }
}

crate::decoded! {
    struct SweepRun {
        as_of: chrono::DateTime<chrono::Utc> = "asOf",
        by_timer: bool = "byTimer",
        lapsed: i64 = "lapsed",
        promoted: i64 = "promoted",
        reminded: i64 = "evaluationReminders",
    }
}

crate::decoded! {
    struct Data {
        emails: Vec<Undelivered> = "undeliveredEmails" ("(first: 200)"),
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
    let data = api::resource::<Data, _>("query", || Value::Null);
    let sweep = api::resource::<Sweep, _>("query", || Value::Null);
    let running = Mutation::new();
    view! {
        <h1>"Suivi de l’échéancier et des courriels"</h1>
        <section aria-labelledby="sweep" class="panel">
            <h2 id="sweep">"Échéancier (art. 131)"</h2>
            <p>"Chaque heure, les sélections non confirmées à temps deviennent caduques et leurs places passent à la liste d’attente ; une semaine après chaque action, les participants sont invités à l’évaluer."</p>
            {loaded(sweep, |sweep: Sweep| match sweep.last {
                None => view! { <Empty message="L’échéancier n’a pas encore tourné." /> }.into_any(),
                Some(run) => view! {
                    <p data-testid="last-sweep">{format!(
                        "Dernier passage le {} ({}) : {} sélection{} caduque{}, {} promotion{} depuis la liste d’attente, {} rappel{} d’évaluation.",
                        moment(run.as_of), if run.by_timer { "automatique" } else { "lancé par l’École" },
                        run.lapsed, plural(run.lapsed as usize), plural(run.lapsed as usize), run.promoted, plural(run.promoted as usize), run.reminded, plural(run.reminded as usize),
                    )}</p>
                }.into_any(),
            })}
            <div aria-live="polite">{running.outcome()}</div>
            <SendButton mutation=running label="Lancer l’échéancier maintenant"
                on_press=Callback::new(move |()| running.send(RUN_SWEEP, Value::Null, "L’échéancier est passé.")) />
        </section>
        <h2>"Courriels non remis"</h2>
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
                                    <td>{
                                        let (tone, state) = match (email.given_up_at, email.next_attempt_at) {
                                            (Some(at), _) => ("status bad", format!("Abandonné le {}", moment(at))),
                                            (None, Some(at)) => ("status wait", format!("Nouvel essai le {}", moment(at))),
                                            (None, None) => ("status wait", "Nouvel essai imminent".to_owned()),
                                        };
                                        view! { <span class=tone>{state}</span> }
                                    }</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            }.into_any()
        })}
    }
}
