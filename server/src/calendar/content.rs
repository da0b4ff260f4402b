//! The content lines of iCalendar (RFC 5545, 3.1 and 3.3.11): TEXT values escaped so that none
//! can open a property of its own, and lines folded at 75 octets.

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
pub(crate) fn fold(line: &str) -> String {
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
