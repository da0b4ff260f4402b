//! A real SMTP server for the outbox tests: `tests/smtp/server.mjs` (npm smtp-server) started on a
//! free loopback port, with every message it refused or accepted, as it reported them.

use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The running mail server and what it has seen.
pub struct MailServer {
    pub port: u16,
    events: Arc<Mutex<Vec<Value>>>,
    _child: Child,
}

impl MailServer {
    /// Starts the server with `args` (`--refuse N`, `--reject ADDRESS`) and waits for its port.
    pub async fn start(args: &[&str]) -> MailServer {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("smtp").join("server.mjs");
        let mut child = Command::new("node")
            .arg(script)
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("node runs the SMTP server (scripts/setup installs smtp-server)");
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = tokio::time::timeout(Duration::from_secs(20), lines.next_line())
            .await
            .expect("the SMTP server starts")
            .unwrap()
            .expect("the SMTP server prints its port");
        let port = serde_json::from_str::<Value>(&first).unwrap()["listening"].as_u64().expect("a port") as u16;
        let events = Arc::new(Mutex::new(Vec::new()));
        let sink = events.clone();
        tokio::spawn(async move {
            while let Ok(Some(line)) = lines.next_line().await {
                if let Ok(event) = serde_json::from_str::<Value>(&line) {
                    sink.lock().unwrap().push(event);
                }
            }
        });
        MailServer { port, events, _child: child }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every event about the message titled `subject` so far.
    pub fn about(&self, subject: &str) -> Vec<Value> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e["subject"] == subject || e["accepted"]["subject"] == subject)
            .cloned()
            .collect()
    }

    /// Every event about `address` so far (refused at the recipient or accepted).
    pub fn to(&self, address: &str) -> Vec<Value> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|e| {
                e["refused"].as_str().is_some_and(|r| r.contains(address))
                    || e["accepted"]["to"].as_array().is_some_and(|to| to.iter().any(|t| t == address))
            })
            .cloned()
            .collect()
    }

    /// The whole text of every message accepted for `address`, in the order they arrived.
    pub fn raw_to(&self, address: &str) -> Vec<String> {
        self.to(address).iter().filter_map(|e| e["accepted"]["raw"].as_str().map(str::to_owned)).collect()
    }

    /// Waits until `count(self)` reaches `n` (up to 20 s) and returns it.
    pub async fn wait_until(&self, n: usize, count: impl Fn(&MailServer) -> usize) -> usize {
        for _ in 0..200 {
            let seen = count(self);
            if seen >= n {
                return seen;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        count(self)
    }
}
