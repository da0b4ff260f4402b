//! The web client ships as two builds (issue 16). The magistrates' client stays within the weight
//! issue 5 set, so that the programme opens quickly on a court's network; the console of the School
//! and of the administrator is the same client with their screens built in, loaded only by them.
//! The server answers an address under one of [`CONSOLE_PREFIXES`] with the console's page and
//! every other address with the client's; a screen of the client never lives under one of them,
//! and a screen of the console always does.

/// The addresses the console answers for: the administrator's screens, the School's, and the
/// management screens others reach from the client now and then (an action's costs).
pub const CONSOLE_PREFIXES: &[&str] = &["/administration", "/ecole", "/gestion"];

/// The cookie in which single sign-on hands the web client its token (`__Host-` before it in
/// production): the server sets it, the client takes and wipes it.
pub const SIGN_IN_TOKEN_COOKIE: &str = "magistra_jeton";

/// Whether `path` is one of the console's addresses.
pub fn in_console(path: &str) -> bool {
    CONSOLE_PREFIXES
        .iter()
        .any(|prefix| path.strip_prefix(prefix).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
}

/// Whether `path` is an address of Magistra itself that a browser resolves on the same site: one
/// `/` first, then only letters, digits and `/ - _ . ? = & %` (no `\`, no space or control
/// character, nothing a browser would strip or turn into another host).
pub fn is_plain_address(path: &str) -> bool {
    path.starts_with('/')
        && !path.starts_with("//")
        && path.len() <= 1024
        && path.chars().all(|c| c.is_ascii_alphanumeric() || "/-_.?=&%".contains(c))
}

/// Whether `path` may be followed once signed in (`?suite=`): a plain address without any
/// percent-encoding, and not the login or sign-in addresses themselves (no loop).
pub fn is_return_address(path: &str) -> bool {
    is_plain_address(path) && !path.contains('%') && !path.starts_with("/connexion") && !path.starts_with("/auth/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_answers_for_its_prefixes_only() {
        assert!(in_console("/administration"));
        assert!(in_console("/administration/personnes/12"));
        assert!(in_console("/ecole/programme"));
        assert!(in_console("/gestion/couts/12"));
        assert!(!in_console("/ecoles"));
        assert!(!in_console("/programme"));
        assert!(!in_console("/"));
    }

    #[test]
    fn only_addresses_of_magistra_are_followed_after_signing_in() {
        assert!(is_return_address("/mes-voeux"));
        assert!(is_return_address("/sessions/12"));
        assert!(is_return_address("/ecole/selection/4?onglet=presences"));
        for elsewhere in [
            "//evil.example",
            "/\\evil.example",
            "/%5Cevil.example",
            "/%09/evil.example",
            "/\t/evil.example",
            "https://evil.example",
            "evil.example",
            "/connexion?suite=/x",
            "/auth/oidc/login",
            "",
        ] {
            assert!(!is_return_address(elsewhere), "{elsewhere}");
        }
        assert!(is_plain_address("/connexion?suite=%2Fmes-voeux"));
        assert!(!is_plain_address("/\\evil.example"));
    }
}
