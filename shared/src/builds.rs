//! The web client ships as two builds (issue 16). The magistrates' client stays within the weight
//! issue 5 set, so that the programme opens quickly on a court's network; the console of the School
//! and of the administrator is the same client with their screens built in, loaded only by them.
//! The server answers an address under one of [`CONSOLE_PREFIXES`] with the console's page and
//! every other address with the client's; a screen of the client never lives under one of them,
//! and a screen of the console always does.

/// The addresses the console answers for: the administrator's screens, and the School's.
pub const CONSOLE_PREFIXES: &[&str] = &["/administration", "/ecole"];

/// Whether `path` is one of the console's addresses.
pub fn in_console(path: &str) -> bool {
    CONSOLE_PREFIXES
        .iter()
        .any(|prefix| path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_answers_for_its_prefixes_only() {
        assert!(in_console("/administration"));
        assert!(in_console("/administration/personnes/12"));
        assert!(in_console("/ecole/programme"));
        assert!(!in_console("/ecoles"));
        assert!(!in_console("/programme"));
        assert!(!in_console("/"));
    }
}
