//! The yearly execution report of a court (art. 143) as PDF and CSV, and a session's final list
//! of participants as CSV (art. 141).

use chrono::NaiveDate;
use printpdf::BuiltinFont;
use shared::{dates, Money};

use crate::entities::{session, user};
use crate::services::execution::ExecutionReport;

use super::csv::field;
use super::pdf::{days, save, Writer, LEFT};

fn euros(cents: i64) -> String {
    // Narrow no-break spaces are outside WinAnsi: plain spaces in the PDF.
    Money::from_cents(cents).format_fr().replace(['\u{202F}', '\u{00A0}'], " ")
}

/// The execution report as PDF.
pub fn pdf(report: &ExecutionReport, today: NaiveDate) -> Vec<u8> {
    let f = &report.figures;
    let mut w = Writer::new();
    w.footer = format!(
        "Rapport d’exécution {} — cour d’appel de {} — établi le {} par Magistra",
        f.year,
        f.court.name,
        dates::short_fr(today)
    );
    let title = format!("RAPPORT D’EXÉCUTION {} — COUR D’APPEL DE {}", f.year, f.court.name.to_uppercase());
    w.letterhead(
        "Formation continue déconcentrée",
        &title,
        "Article 143 du règlement intérieur de l’École — adressé au directeur de l’École",
    );
    w.y -= 4.0;
    w.heading("Actions prévues et réalisées");
    w.row(
        &[
            (LEFT, 44, "Action"),
            (100.0, 12, "Prévue"),
            (118.0, 10, "Tenue"),
            (136.0, 8, "Part."),
            (150.0, 8, "Jours"),
            (166.0, 16, "Dépensé"),
        ],
        BuiltinFont::HelveticaBold,
    );
    for line in &report.lines {
        let planned = if line.planned { "au plan" } else { "hors plan" };
        let held = if line.held() { "oui" } else { "non" };
        let people = line.participants.to_string();
        let delivered = days(line.delivered_half_days);
        let spent = euros(line.spent_cents);
        w.row(
            &[
                (LEFT, 44, &line.title),
                (100.0, 12, planned),
                (118.0, 10, held),
                (136.0, 8, &people),
                (150.0, 8, &delivered),
                (166.0, 16, &spent),
            ],
            BuiltinFont::Helvetica,
        );
    }
    w.heading("Crédits et consommation (art. 139)");
    let participants: usize = report.lines.iter().map(|l| l.participants).sum();
    let delivered: i32 = report.lines.iter().map(|l| l.delivered_half_days).sum();
    for (label, value) in [
        ("Actions prévues", report.lines.iter().filter(|l| l.planned).count().to_string()),
        ("Actions tenues", report.lines.iter().filter(|l| l.held()).count().to_string()),
        ("Participants", participants.to_string()),
        ("Journées de formation dispensées", days(delivered)),
        ("Crédits réservés", euros(f.allocated_cents)),
        ("Engagé", euros(f.totals.committed_cents)),
        ("Payé", euros(f.totals.paid_cents)),
        ("Consommé", euros(f.totals.consumed_cents)),
        ("Reste disponible", euros(f.remaining_cents)),
    ] {
        w.row(&[(LEFT, 50, label), (110.0, 30, &value)], BuiltinFont::Helvetica);
    }
    w.finish_page();
    save(&title, w.pages)
}

/// The execution report as CSV, one line per action.
pub fn csv(report: &ExecutionReport) -> String {
    let mut out = String::from("\u{FEFF}Action;Au plan;Tenue;Code;Début;Fin;Participants;Jours dispensés;Prévu (centimes);Dépensé (centimes)\r\n");
    for l in &report.lines {
        let (code, start, end) = match &l.session {
            Some(s) => (s.code.clone().unwrap_or_default(), s.start_date.to_string(), s.end_date.to_string()),
            None => Default::default(),
        };
        let row = [
            l.title.clone(),
            if l.planned { "oui" } else { "non" }.to_owned(),
            if l.held() { "oui" } else { "non" }.to_owned(),
            code,
            start,
            end,
            l.participants.to_string(),
            days(l.delivered_half_days),
            l.planned_cents.to_string(),
            l.spent_cents.to_string(),
        ];
        out.push_str(&row.iter().map(|v| field(v)).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    out
}

/// The final list of a session's participants (art. 141).
pub fn participants_csv(s: &session::Model, people: &[(user::Model, i32)]) -> String {
    let mut out = format!(
        "\u{FEFF}Action;{};{};du {} au {}\r\nNom;Courriel;Jours suivis\r\n",
        field(s.code.as_deref().unwrap_or("")),
        field(&s.title),
        dates::short_fr(s.start_date),
        dates::short_fr(s.end_date)
    );
    for (u, half_days) in people {
        out.push_str(&format!("{};{};{}\r\n", field(&u.display_name), field(&u.email), days(*half_days)));
    }
    out
}
