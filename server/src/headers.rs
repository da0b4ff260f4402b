//! Caching of the web client's files, and security headers on every answer: a Content-Security-Policy the web client runs under (its own
//! files, the inline loader Trunk writes into `index.html` by its SHA-256, WebAssembly, and
//! nothing from elsewhere), `X-Content-Type-Options`, `Referrer-Policy`, framing refused, and
//! HSTS in production. GraphiQL (development only) loads its page from a CDN and keeps its own.

use std::path::Path;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};

/// The headers computed once at start.
#[derive(Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
    hsts: Option<HeaderValue>,
}

/// The policy, with the hashes of the page's inline scripts in place of `{scripts}`.
const POLICY: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{scripts}; style-src 'self'; \
img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
form-action 'self'; frame-ancestors 'none'";

impl SecurityHeaders {
    /// The headers for the client built in `web_dist` and its administration console (their
    /// pages' inline scripts hashed into the policy).
    pub fn for_client(web_dist: &Path, production: bool) -> Self {
        let pages = [web_dist.join("index.html"), web_dist.join(crate::http::CONSOLE).join("index.html")]
            .map(|page| std::fs::read_to_string(page).unwrap_or_default());
        let scripts: String = pages
            .iter()
            .flat_map(|page| inline_scripts(page))
            .map(|s| format!(" 'sha256-{}'", sha256_base64(s)))
            .collect();
        let csp = POLICY.replace("{scripts}", &scripts);
        Self {
            csp: HeaderValue::from_str(&csp).unwrap_or_else(|_| HeaderValue::from_static("default-src 'self'")),
            hsts: production.then(|| HeaderValue::from_static("max-age=63072000; includeSubDomains")),
        }
    }
}

fn sha256_base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(Sha256::digest(text.as_bytes()))
}

/// The bodies of the `<script>` elements of `page` that have no `src`.
fn inline_scripts(page: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = page;
    while let Some(start) = rest.find("<script") {
        let Some(open_end) = rest[start..].find('>') else { break };
        let tag = &rest[start..start + open_end];
        let body_start = start + open_end + 1;
        let Some(close) = rest[body_start..].find("</script>") else { break };
        if !tag.contains(" src=") {
            found.push(&rest[body_start..body_start + close]);
        }
        rest = &rest[body_start + close + "</script>".len()..];
    }
    found
}

/// Adds the headers to every answer but GraphiQL's page.
pub async fn security_headers(State(headers): State<SecurityHeaders>, request: Request, next: Next) -> Response {
    let graphiql = request.uri().path() == "/graphiql";
    let mut response = next.run(request).await;
    let out = response.headers_mut();
    if !graphiql {
        out.insert(header::CONTENT_SECURITY_POLICY, headers.csp.clone());
    }
    out.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    // A route may ask for a stricter one (the calendar address sends none, its URL being its key).
    out.entry(header::REFERRER_POLICY).or_insert(HeaderValue::from_static("same-origin"));
    out.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if let Some(hsts) = &headers.hsts {
        out.insert(header::STRICT_TRANSPORT_SECURITY, hsts.clone());
    }
    response
}

/// How long a file whose name carries its content's hash may be kept: it never changes.
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// Whether `path` names a file of the client whose name carries its hash, as Trunk writes them
/// (`web-98b7f67c057a989_bg.wasm`, `style-1c2e….css`).
fn is_hashed_asset(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, extension)) = name.rsplit_once('.') else { return false };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    matches!(extension, "wasm" | "js" | "css")
        && stem.rsplit_once('-').is_some_and(|(_, hash)| hash.len() >= 8 && hash.chars().all(|c| c.is_ascii_hexdigit()))
}

/// Hashed files of the client are cached for a year; the page itself (`index.html`, and every
/// address of the client it answers for) is checked again each time, so a new build is seen.
pub async fn cache_policy(request: Request, next: Next) -> Response {
    let hashed = is_hashed_asset(request.uri().path());
    let mut response = next.run(request).await;
    // A hashed name that is not there answers the page (the client's fallback): never kept.
    let page = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    let hashed = hashed && !page;
    if response.status().is_success() {
        let value = if hashed { HeaderValue::from_static(IMMUTABLE) } else { HeaderValue::from_static("no-cache") };
        response.headers_mut().insert(header::CACHE_CONTROL, value);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_named_by_their_hash_are_cached_for_ever() {
        assert!(is_hashed_asset("/web-98b7f67c057a989_bg.wasm"));
        assert!(is_hashed_asset("/web-98b7f67c057a989.js"));
        assert!(is_hashed_asset("/style-1c2e3f4a5b6c7d8e.css"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/programme"));
        assert!(!is_hashed_asset("/web.js"));
    }

    #[test]
    fn only_inline_scripts_are_hashed_into_the_policy() {
        let page = r#"<script src="/a.js"></script><script type="module">import init from '/w.js';</script>"#;
        assert_eq!(inline_scripts(page), vec!["import init from '/w.js';"]);
    }

    #[test]
    fn a_page_without_inline_script_gets_the_policy_without_hashes() {
        let dir = std::env::temp_dir().join("magistra-no-client");
        let headers = SecurityHeaders::for_client(&dir, false);
        let csp = headers.csp.to_str().unwrap_or_default().to_owned();
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("sha256-"), "{csp}");
        assert!(headers.hsts.is_none());
    }
}
