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

/// A CSV field, quoted when it holds a separator, a quote or a line break, and neutralised when a
/// spreadsheet would read it as a formula (see [`neutralise`]).
pub(super) fn field(value: &str) -> String {
    let value = neutralise(value);
    if value.contains([';', '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.into_owned()
    }
}

/// A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is a formula to a
/// spreadsheet (CSV injection): it gets a leading apostrophe, which spreadsheets show as text.
/// A plain number (`-12,50`, a reversal) is left as it is.
fn neutralise(value: &str) -> std::borrow::Cow<'_, str> {
    let risky = value.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let plain_number = value.strip_prefix('-').is_some_and(|rest| {
        !rest.is_empty()
            && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}' | '\u{202f}'))
    });
    if risky && !plain_number {
        std::borrow::Cow::Owned(format!("'{value}"))
    } else {
        std::borrow::Cow::Borrowed(value)
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
            s.profile.jurisdiction_id.and_then(|id| names.jurisdictions.get(&id)).cloned().unwrap_or_default(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_a_spreadsheet_would_run_as_formulas_are_neutralised() {
        for risky in ["=HYPERLINK(\"http://x\")", "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"] {
            let cell = field(risky);
            let unquoted = cell.trim_start_matches('"');
            assert!(unquoted.starts_with('\''), "{risky:?} gave {cell:?}");
        }
    }

    #[test]
    fn plain_text_and_negative_amounts_are_left_as_they_are() {
        assert_eq!(field("Juge des enfants"), "Juge des enfants");
        assert_eq!(field("-12,50"), "-12,50");
        assert_eq!(field("a;b"), "\"a;b\"");
    }
}
