//! A court's training sheets as CSV: one line per magistrate, `;`-separated with a UTF-8 byte
//! order mark so that spreadsheet software in French opens it as it is.

use shared::rules::sheet::{was_accepted, was_attended};
use shared::ApplicationStatus;

use crate::services::sheets::TrainingSheet;

use super::pdf::days;
use super::Names;

const HEADER: &[&str] = &[
    "Nom",
    "Courriel",
    "Juridiction",
    "Fonction",
    "Année",
    "Formations demandées",
    "Acceptées",
    "Refusées",
    "Suivies",
    "Désistements",
    "Formations déconcentrées",
    "Activités validées",
    "Jours comptabilisés",
    "Manque (jours)",
    "Obligations non satisfaites",
];

/// A CSV field, quoted when it holds a separator, a quote or a line break.
pub(super) fn field(value: &str) -> String {
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_owned()
    }
}

/// The CSV text of `sheets`.
pub fn render(sheets: &[TrainingSheet], names: &Names) -> String {
    let mut out = String::from("\u{FEFF}");
    out.push_str(&HEADER.join(";"));
    out.push_str("\r\n");
    for s in sheets {
        let count = |keep: &dyn Fn(&crate::services::sheets::SheetLine) -> bool| {
            s.national.iter().filter(|l| keep(l)).count().to_string()
        };
        let unmet: Vec<String> = s
            .obligations
            .iter()
            .filter(|o| !o.met())
            .map(|o| format!("{} ({})", o.kind.label_fr(), o.kind.article()))
            .collect();
        let row = [
            s.magistrate.display_name.clone(),
            s.magistrate.email.clone(),
            names.jurisdictions.get(&s.profile.jurisdiction_id).cloned().unwrap_or_default(),
            s.profile.function_title.clone(),
            s.year.to_string(),
            s.national.len().to_string(),
            count(&|l| was_accepted(l.application.status, l.application.confirmation_due.is_some())),
            count(&|l| l.application.status == ApplicationStatus::Refused),
            count(&|l| was_attended(l.application.status)),
            count(&|l| l.application.status == ApplicationStatus::Withdrawn),
            s.deconcentrated.len().to_string(),
            s.validations.iter().filter(|v| v.status == shared::ValidationStatus::Approved).count().to_string(),
            days(s.days.total),
            days(s.shortfall_half_days()),
            unmet.join(" ; "),
        ];
        out.push_str(&row.iter().map(|v| field(v)).collect::<Vec<_>>().join(";"));
        out.push_str("\r\n");
    }
    out
}
