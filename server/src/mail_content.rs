//! What an outbox message says by e-mail: its text, then the action it is about (title, code,
//! dates, place) and the address of the page where the person acts, as plain text and as a simple
//! HTML part, with the calendar it carries (RFC 6047: `text/calendar` with its `METHOD`).

use sea_orm::{DatabaseConnection, EntityTrait};
use shared::{dates, NotificationKind};

use crate::entities::{notification, session};

/// An e-mail ready to be built.
pub struct Composed {
    pub subject: String,
    pub plain: String,
    pub html: String,
    /// The iCalendar object and its method (`REQUEST`, `CANCEL`).
    pub calendar: Option<(String, String)>,
}

/// The page of the client where the recipient of a message of `kind` acts.
pub fn page_for(kind: NotificationKind, message: &notification::Model) -> String {
    use NotificationKind as K;
    match kind {
        K::Selected
        | K::Waitlisted
        | K::Refused
        | K::Promoted
        | K::Lapsed
        | K::SessionCancelled
        | K::SessionRescheduled
        | K::ParticipationConfirmed
        | K::ParticipationEnded
        | K::ConfirmationInvitation
        | K::ConfirmationReminder => "/mes-voeux".to_owned(),
        K::NewOffers => "/programme".to_owned(),
        K::ObservationsAwaited | K::NewObservation => "/avis".to_owned(),
        K::EvaluationReminder => match message.application_id {
            Some(id) => format!("/evaluation/{id}"),
            None => "/mes-voeux".to_owned(),
        },
        K::ValidationDecided => "/validations".to_owned(),
        K::SheetTransmitted => "/ma-fiche".to_owned(),
        K::PlanToAdopt | K::PlanAdopted | K::PlanSubmitted | K::PlanEvaluated | K::PlanOnline => "/plan".to_owned(),
        K::CreditsAllocated => "/budget".to_owned(),
        K::ExecutionReportSent => "/gestion/rapport-execution".to_owned(),
        K::ActivityReport => "/notifications".to_owned(),
        K::DirectorNamed | K::ProgrammeProposed | K::ProgrammeReviewed => match message.session_id {
            Some(id) => format!("/ecole/programmes/{id}"),
            None => "/ecole/programmes".to_owned(),
        },
        K::WithdrawalRecorded | K::UnjustifiedWithdrawal | K::SessionClosed => match message.session_id {
            Some(id) => format!("/sessions/{id}"),
            None => "/notifications".to_owned(),
        },
    }
}

/// « Action : … / Dates : … / Lieu : … » for the action of the message.
fn action_lines(s: &session::Model) -> Vec<(String, String)> {
    let when = if s.start_date == s.end_date {
        format!("le {}", dates::long_fr(s.start_date))
    } else {
        format!("du {} au {}", dates::long_fr(s.start_date), dates::long_fr(s.end_date))
    };
    let title = match &s.code {
        Some(code) => format!("{} ({code})", s.title),
        None => s.title.clone(),
    };
    vec![
        ("Action".to_owned(), title),
        ("Dates".to_owned(), when),
        ("Lieu".to_owned(), s.location.clone().unwrap_or_else(|| "à préciser".to_owned())),
    ]
}

/// Escapes text for HTML.
fn html_text(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The method of a stored calendar object (`METHOD:REQUEST`).
fn method_of(calendar: &str) -> String {
    calendar
        .lines()
        .find_map(|line| line.strip_prefix("METHOD:"))
        .map(|m| m.trim().to_owned())
        .unwrap_or_else(|| "PUBLISH".to_owned())
}

/// The e-mail of `message` to `recipient_name`, with links under `public_url`.
pub async fn compose(
    db: &DatabaseConnection,
    message: &notification::Model,
    recipient_name: &str,
    public_url: &str,
) -> anyhow::Result<Composed> {
    let action = match message.session_id {
        Some(id) => session::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    let facts = action.as_ref().map(action_lines).unwrap_or_default();
    let link = format!("{public_url}{}", page_for(message.kind, message));
    let mut plain = format!("Bonjour {recipient_name},\n\n{}\n", message.body);
    if !facts.is_empty() {
        plain.push('\n');
        for (label, value) in &facts {
            plain.push_str(&format!("{label} : {value}\n"));
        }
    }
    plain.push_str(&format!(
        "\nPour agir ou en savoir plus : {link}\n\n— École nationale de la magistrature, formation continue\n"
    ));
    let mut html = format!(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>{}</title></head><body>\
         <p>Bonjour {},</p>",
        html_text(&message.title),
        html_text(recipient_name)
    );
    for paragraph in message.body.split("\n\n") {
        html.push_str(&format!("<p>{}</p>", html_text(paragraph).replace('\n', "<br>")));
    }
    if !facts.is_empty() {
        html.push_str("<table role=\"presentation\">");
        for (label, value) in &facts {
            html.push_str(&format!(
                "<tr><th scope=\"row\" align=\"left\">{label}</th><td>{}</td></tr>",
                html_text(value)
            ));
        }
        html.push_str("</table>");
    }
    html.push_str(&format!(
        "<p><a href=\"{}\">Ouvrir dans Magistra</a></p><p>— École nationale de la magistrature, formation continue</p>\
         </body></html>",
        html_text(&link)
    ));
    let calendar = message.calendar.as_ref().map(|body| (body.clone(), method_of(body)));
    Ok(Composed { subject: message.title.clone(), plain, html, calendar })
}
