//! A court's reports, at `/gestion/rapports`: the yearly execution report (art. 143) — its figures
//! as PDF and CSV, and the written part the delegate sends the director of the School, each sending
//! kept — and the periodic activity report to the heads of the jurisdictions of the territory
//! (art. 138). The budget page of the client links here.

use crate::api::{self, ApiError};
use crate::components::court_picker::{CourtYear, CourtYearPicker};
use crate::components::date_field::DateField;
use crate::components::exports::CourtYearExports;
use crate::components::mutation::{Mutation, SendButton};
use crate::components::state::loaded;
use crate::format::{date_long, moment, today};
use chrono::Datelike;
use leptos::prelude::*;
use serde_json::json;

crate::decoded! {
    struct Data {
        sendings: Vec<Sending> = "executionReportSendings" ("(courtId: $c, year: $y)"),
        activity: Vec<Activity> = "activityReports" ("(courtId: $c)"),
    }
}

crate::decoded! {
    struct Sending {
        narrative: String = "narrative",
        sent_at: chrono::DateTime<chrono::Utc> = "sentAt",
    }
}

crate::decoded! {
    struct Activity {
        period_from: chrono::NaiveDate = "periodFrom",
        period_to: chrono::NaiveDate = "periodTo",
        recipients: i64 = "recipients",
        sent_at: chrono::DateTime<chrono::Utc> = "sentAt",
    }
}

const SEND_REPORT: &str =
    "mutation($c: ID!, $y: Int!, $n: String!) { sendExecutionReport(courtId: $c, year: $y, narrative: $n) { id } }";
const SEND_ACTIVITY: &str =
    "mutation($c: ID!, $f: Date!, $t: Date!) { sendActivityReport(courtId: $c, from: $f, to: $t) { recipients } }";

#[component]
pub fn ReportsPage() -> impl IntoView {
    let selection = CourtYear::new();
    let data = api::resource::<Data, _>(
        "query($c: ID!, $y: Int!)",
        move || json!({ "c": selection.court.get(), "y": selection.year.get() }),
    );
    let changes = Mutation::new();
    view! {
        <p class="muted"><a href="/budget">"Budget de la cour"</a></p>
        <h1>"Rapports de la cour"</h1>
        <CourtYearPicker selection />
        <div aria-live="polite">{changes.outcome()}</div>
        <section class="panel" aria-labelledby="execution">
            <h2 id="execution">"Rapport d’exécution (art. 143)"</h2>
            <p>"Les actions prévues et tenues, les participants, les jours de formation et les crédits consommés de l’année, avec la partie rédigée par le délégué, adressés au directeur de l’École."</p>
            <CourtYearExports selection export="execution-report" file="rapport-execution"
                pdf_label="Télécharger le rapport (PDF)" csv_label="Télécharger le tableau (CSV)" />
            <NarrativeForm selection changes />
            {loaded(data, |d: Data| d.sendings.into_iter().map(|s| view! {
                <details data-testid="sending">
                    <summary>{format!("Envoyé le {}", moment(s.sent_at))}</summary>
                    <p class="prewrap">{s.narrative}</p>
                </details>
            }).collect_view())}
        </section>
        <section class="panel" aria-labelledby="activity">
            <h2 id="activity">"Activité aux chefs de juridiction (art. 138)"</h2>
            <p>"Les actions tenues sur la période, les magistrats de chaque juridiction qui y ont pris part et les actions à venir, envoyés aux chefs des juridictions du ressort."</p>
            <ActivityForm selection changes />
            <ul class="name-list">
                {loaded(data, |d: Data| d.activity.into_iter().map(|a| view! {
                    <li data-testid="activity-report">{format!("Du {} au {} : {} chef(s) de juridiction informé(s), le {}", date_long(a.period_from), date_long(a.period_to), a.recipients, moment(a.sent_at))}</li>
                }).collect_view())}
            </ul>
        </section>
    }
}

#[component]
fn NarrativeForm(selection: CourtYear, changes: Mutation) -> impl IntoView {
    let narrative = RwSignal::new(String::new());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        if narrative.get_untracked().trim().is_empty() {
            return changes.refuse(ApiError::invalid("Rédigez le rapport avant de l’envoyer."));
        }
        let vars = json!({ "c": selection.court.get_untracked(), "y": selection.year.get_untracked(), "n": narrative.get_untracked() });
        changes.send(SEND_REPORT, vars, "Le rapport est adressé au directeur de l’École.");
    };
    view! {
        <form on:submit=submit>
            <div class="field"><label for="narrative">"Partie rédigée du rapport"</label><textarea id="narrative" rows="8" bind:value=narrative></textarea></div>
            <SendButton mutation=changes submit=true class="primary" label="Envoyer au directeur de l’École" />
        </form>
    }
}

#[component]
fn ActivityForm(selection: CourtYear, changes: Mutation) -> impl IntoView {
    let from = RwSignal::new(today().with_day(1).unwrap_or(today()).to_string());
    let to = RwSignal::new(today().to_string());
    let submit = move |event: leptos::ev::SubmitEvent| {
        event.prevent_default();
        let vars = json!({ "c": selection.court.get_untracked(), "f": from.get_untracked(), "t": to.get_untracked() });
        changes.send(SEND_ACTIVITY, vars, "Le rapport d’activité est envoyé aux chefs de juridiction.");
    };
    view! {
        <form on:submit=submit>
            <DateField id="activity-from" label="Du" value=from />
            <DateField id="activity-to" label="Au" value=to />
            <SendButton mutation=changes submit=true label="Envoyer aux chefs de juridiction" />
        </form>
    }
}
