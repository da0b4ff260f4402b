//! A magistrate's confirmed sessions as iCalendar (RFC 5545), all-day events.

use chrono::{DateTime, Days, Utc};

use crate::entities::session;

/// A TEXT value as RFC 5545 (3.3.11) writes it: backslash, semicolon and comma escaped, every
/// line break (CRLF, LF or CR) as `\n`, and other control characters (which TEXT may not hold)
/// left out, so that no value can open a property or a component of its own.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Folds a content line at 75 octets, on character boundaries (RFC 5545, 3.1).
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for ch in line.chars() {
        if width + ch.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += ch.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// The calendar of `sessions`.
pub fn render(sessions: &[session::Model], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//ENM//Magistra//FR",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Mes formations",
    ] {
        out.push_str(&fold(line));
    }
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    for s in sessions {
        let end = s.end_date.checked_add_days(Days::new(1)).unwrap_or(s.end_date);
        let lines = [
            "BEGIN:VEVENT".to_owned(),
            format!("UID:{}@magistra.enm.justice.fr", s.code.as_deref().unwrap_or(&s.id.to_string())),
            format!("DTSTAMP:{stamp}"),
            format!("DTSTART;VALUE=DATE:{}", s.start_date.format("%Y%m%d")),
            format!("DTEND;VALUE=DATE:{}", end.format("%Y%m%d")),
            format!("SUMMARY:{}", escape(&s.title)),
            format!("LOCATION:{}", escape(s.location.as_deref().unwrap_or(""))),
            format!("DESCRIPTION:{}", escape(&format!("Formation continue — {}", s.code.as_deref().unwrap_or("")))),
            "END:VEVENT".to_owned(),
        ];
        for line in lines {
            out.push_str(&fold(&line));
        }
    }
    out.push_str(&fold("END:VCALENDAR"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc_5545_text_escapes_separators_and_every_line_break_so_no_property_can_be_injected() {
        let hostile = "Droit; pénal, \\ mineurs\r\nEND:VEVENT\rBEGIN:VALARM\nX\u{0}";
        let escaped = escape(hostile);
        assert_eq!(escaped, "Droit\\; pénal\\, \\\\ mineurs\\nEND:VEVENT\\nBEGIN:VALARM\\nX");
        assert!(!escaped.contains(['\r', '\n']));
    }

    #[test]
    fn long_lines_are_folded_at_75_octets_without_splitting_a_character() {
        let folded = fold(&format!("SUMMARY:{}", "é".repeat(60)));
        for line in folded.split("\r\n") {
            assert!(line.len() <= 75, "{} octets", line.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), format!("SUMMARY:{}", "é".repeat(60)));
    }
}
