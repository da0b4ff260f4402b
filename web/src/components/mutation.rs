//! Every change the client sends goes through a [`Mutation`], built on a Leptos action: while it
//! runs, its button says so and cannot be pressed again; its error (or its success) is shown where
//! it was made; once it succeeds, every resource on the screen reads its data again
//! ([`crate::api::Freshness`]), so no page passes reload counters around.

use crate::api::{self, ApiError, Freshness};
use crate::components::state::{outcome_view, Outcome};
use leptos::prelude::*;
use serde_json::Value;
use shared::ErrorCode;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;

/// A piece of work handed to a [`Task`]: taken once by the action that runs it.
type Work = Rc<RefCell<Option<Pin<Box<dyn Future<Output = Result<Value, ApiError>>>>>>>;

/// Any work a person starts from the page (a change, a login, the first load), as a Leptos
/// action: it knows whether it runs, how many times it succeeded and what it answered last.
/// Every task is the same action type, so the machinery exists once in the WebAssembly.
#[derive(Clone, Copy)]
pub struct Task(Action<Work, Result<Value, ApiError>>);

impl Task {
    pub fn new() -> Self {
        Self(Action::new_local(|work: &Work| {
            let work = work.borrow_mut().take();
            async move {
                match work {
                    Some(work) => work.await,
                    None => Ok(Value::Null),
                }
            }
        }))
    }

    /// Runs `work` unless the task is already running; `false` when it was.
    pub fn run(&self, work: impl Future<Output = Result<Value, ApiError>> + 'static) -> bool {
        if self.0.pending().get_untracked() {
            return false;
        }
        self.0.dispatch_local(Rc::new(RefCell::new(Some(Box::pin(work)))));
        true
    }

    /// Whether it runs; tracked.
    pub fn pending(&self) -> bool {
        self.0.pending().get()
    }

    /// How many times it succeeded; tracked.
    pub fn done(&self) -> usize {
        self.0.version().get()
    }

    /// What the last run gave, once one ended; tracked.
    pub fn result(&self) -> Option<Result<Value, ApiError>> {
        self.0.value().get()
    }
}

/// The changes one part of a page sends, one at a time: while one runs, every button of that part
/// waits, so two changes never cross (a wish moved twice, a decision sent twice).
#[derive(Clone, Copy)]
pub struct Mutation {
    task: Task,
    outcome: RwSignal<Outcome>,
    freshness: Freshness,
    /// The successes already told by [`Mutation::succeeded_since_asked`].
    told: StoredValue<usize>,
}

impl Mutation {
    /// Create it in the component that shows its buttons.
    pub fn new() -> Self {
        Self {
            task: Task::new(),
            outcome: RwSignal::new(Outcome::Idle),
            freshness: Freshness::current(),
            told: StoredValue::new(0),
        }
    }

    /// Sends `document` with `variables`, showing `success` once done; a press while a change of
    /// this part runs does nothing.
    pub fn send(&self, document: &'static str, variables: Value, success: impl Into<String>) {
        self.run(api::send(document, variables), success.into());
    }

    /// Like [`Mutation::send`], but a change the server holds back for confirmation (`CONFLICT`
    /// whose message ends with `hold`, saying why: a decision before the end of the observation
    /// period, art. 130) is put to the person with that message and, if they agree, sent again with
    /// the variable `confirm` set to true. Any other conflict is shown as it is.
    pub fn send_confirming(
        &self,
        document: &'static str,
        variables: Value,
        (confirm, hold): (&'static str, &'static str),
        success: String,
    ) {
        self.run(
            async move {
                let first = api::send(document, variables.clone()).await;
                let agreed = first.as_ref().is_err_and(|error| {
                    error.code == ErrorCode::Conflict
                        && error.message.ends_with(hold)
                        && web_sys::window().is_some_and(|w| w.confirm_with_message(&error.message) == Ok(true))
                });
                if !agreed {
                    return with_overlap_reason(document, variables, first).await;
                }
                let mut again = variables;
                again[confirm] = Value::Bool(true);
                let second = api::send(document, again.clone()).await;
                with_overlap_reason(document, again, second).await
            },
            success,
        );
    }

    /// Runs `work`, then shows `success` and refreshes the screen, or shows the error.
    fn run(&self, work: impl Future<Output = Result<Value, ApiError>> + 'static, success: String) {
        let (outcome, freshness) = (self.outcome, self.freshness);
        let started = self.task.run(async move {
            let result = work.await;
            match &result {
                Ok(_) => {
                    outcome.set(Outcome::Done(success));
                    freshness.changed();
                }
                Err(error) => outcome.set(Outcome::Failed(error.clone())),
            }
            result
        });
        if started {
            self.outcome.set(Outcome::Idle);
        }
    }

    /// Shows an error found before sending (input to correct), where the mutation shows its own.
    pub fn refuse(&self, error: ApiError) {
        self.outcome.set(Outcome::Failed(error));
    }

    /// Whether it is running; tracked.
    pub fn pending(&self) -> bool {
        self.task.pending()
    }

    /// How many times it succeeded; tracked (a form clears itself after a success).
    pub fn done(&self) -> usize {
        self.task.done()
    }

    /// Whether it succeeded since this was last asked; untracked. A form drawn again after its own
    /// save shows and focuses its outcome once, not again after every later change on the screen.
    pub fn succeeded_since_asked(&self) -> bool {
        let done = untrack(|| self.done());
        let told = self.told.get_value();
        self.told.set_value(done);
        done > told
    }

    /// What the last successful send answered (its `data`); tracked.
    pub fn answer(&self) -> Option<Value> {
        self.task.result().and_then(Result::ok)
    }

    /// The last outcome, in place: the success sentence or the error.
    pub fn outcome(&self) -> impl IntoView {
        outcome_view(self.outcome)
    }
}

/// A button that sends a mutation: disabled, marked busy and spinning while it runs, so it cannot
/// be sent twice.
#[component]
pub fn SendButton(
    mutation: Mutation,
    #[prop(into)] label: String,
    #[prop(optional, into)] class: String,
    #[prop(optional, into)] aria_label: Option<String>,
    #[prop(optional)] submit: bool,
    #[prop(optional)] on_press: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <button
            type=if submit { "submit" } else { "button" }
            class=class
            aria-label=aria_label
            disabled=move || mutation.pending()
            aria-busy=move || mutation.pending().to_string()
            on:click=move |_| {
                if let Some(press) = on_press {
                    press.run(());
                }
            }
        >
            {label}
            {move || mutation.pending().then(|| view! { <span class="spinner small" aria-hidden="true"></span> })}
        </button>
    }
}

/// A refusal to select a magistrate already selected for an action sharing a day asks the decider
/// why, and sends the decisions (`d`) again with that reason (art. 131).
async fn with_overlap_reason(
    document: &'static str,
    mut variables: Value,
    answer: Result<Value, ApiError>,
) -> Result<Value, ApiError> {
    let asked = answer.as_ref().err().filter(|e| {
        e.code == ErrorCode::Conflict && e.message.ends_with(shared::rules::session_programme::OVERLAP_HOLD)
    });
    let reason = asked
        .and_then(|e| web_sys::window()?.prompt_with_message(&e.message).ok().flatten())
        .filter(|r| !r.trim().is_empty());
    let (Some(reason), Some(decisions)) = (reason, variables.get_mut("d").and_then(Value::as_array_mut)) else {
        return answer;
    };
    for decision in decisions {
        decision["overlapReason"] = Value::String(reason.clone());
    }
    api::send(document, variables).await
}
