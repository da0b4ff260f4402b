//! A real OpenID provider for the single sign-on tests (`tests/oidc/provider.mjs`, npm
//! oidc-provider) on a loopback port, and a small cookie-keeping client that walks a sign-in through
//! its redirects the way a browser does.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

pub const CLIENT_ID: &str = "magistra";
pub const CLIENT_SECRET: &str = "secret-de-test-du-client-magistra";

/// The running provider.
pub struct Provider {
    pub issuer: String,
    _child: Child,
}

impl Provider {
    /// Starts it on `port` for a client sent back to `redirect`; `default_hint` signs in whoever
    /// the authorization request does not name.
    pub async fn start(port: u16, redirect: &str, default_hint: &str) -> Provider {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("oidc").join("provider.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .args([&port.to_string(), redirect, CLIENT_ID, CLIENT_SECRET, default_hint])
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs the OpenID provider (scripts/setup installs oidc-provider)");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = tokio::time::timeout(Duration::from_secs(30), lines.next_line())
            .await
            .expect("the OpenID provider starts")
            .unwrap()
            .expect("the OpenID provider prints its port");
        assert_eq!(serde_json::from_str::<Value>(&first).unwrap()["listening"], port, "{first}");
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        Provider { issuer: format!("http://127.0.0.1:{port}"), _child: child }
    }

    /// Makes the next ID tokens wrong (`forged`, `audience`, `expired`, `nonce`) or right (`normal`).
    pub async fn set_mode(&self, mode: &str) {
        let answer = reqwest::Client::new()
            .post(format!("{}/test/mode", self.issuer))
            .json(&json!({ "mode": mode }))
            .send()
            .await
            .unwrap();
        assert!(answer.status().is_success());
    }
}

/// A browser reduced to what a sign-in needs: it follows no redirect by itself, and keeps the
/// provider's cookies.
pub struct Walker {
    client: reqwest::Client,
    cookies: HashMap<String, String>,
}

impl Default for Walker {
    fn default() -> Self {
        Self::new()
    }
}

impl Walker {
    pub fn new() -> Self {
        let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
        Self { client, cookies: HashMap::new() }
    }

    /// The value of the cookie `name`, as kept.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.cookies.get(name).cloned()
    }

    /// GETs `url` and answers its status and `Location`, keeping the cookies it sets.
    pub async fn get(&mut self, url: &str) -> (u16, Option<String>) {
        let cookie: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let response = self.client.get(url).header("cookie", cookie.join("; ")).send().await.unwrap();
        for set in response.headers().get_all("set-cookie") {
            let text = set.to_str().unwrap_or_default();
            if let Some((name, rest)) = text.split_once('=') {
                let value = rest.split(';').next().unwrap_or_default();
                if value.is_empty() || text.to_lowercase().contains("expires=thu, 01 jan 1970") {
                    self.cookies.remove(name);
                } else {
                    self.cookies.insert(name.to_owned(), value.to_owned());
                }
            }
        }
        let location = response.headers().get("location").and_then(|l| l.to_str().ok()).map(|l| {
            if l.starts_with('/') {
                let url = reqwest::Url::parse(url).unwrap();
                format!("{}://{}{l}", url.scheme(), url.authority())
            } else {
                l.to_owned()
            }
        });
        (response.status().as_u16(), location)
    }

    /// Follows redirects from `url` until one leaves for an address starting with `stop`, and
    /// answers that address.
    pub async fn follow_until(&mut self, url: &str, stop: &str) -> String {
        let mut at = url.to_owned();
        for _ in 0..12 {
            let (status, location) = self.get(&at).await;
            let location = location.unwrap_or_else(|| panic!("{at} answered {status} without a redirect"));
            if location.starts_with(stop) {
                return location;
            }
            at = location;
        }
        panic!("no way back to {stop} from {url}");
    }
}
