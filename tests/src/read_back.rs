//! Reads back what the server produced with real parsers outside Rust: `tests/calendar/read.py`,
//! run by the project's Python (`tools/py`, made by `scripts/setup`), parses e-mails with Python's
//! `email` package and calendars with the `icalendar` package (PyPI).

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

fn run(args: &[&str], input: &str) -> Value {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join("tools").join("py").join("bin").join("python");
    let script = root.join("tests").join("calendar").join("read.py");
    let mut child = Command::new(&python)
        .arg(script)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("{} runs (scripts/setup makes tools/py): {e}", python.display()));
    child.stdin.take().expect("stdin").write_all(input.as_bytes()).expect("the reader takes its input");
    let out = child.wait_with_output().expect("the reader ends");
    assert!(out.status.success(), "the reader failed: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("the reader prints JSON")
}

/// Each raw e-mail of `raws`, read: subject, sender, reply address, MIME parts, plain text, HTML,
/// and each calendar part parsed (method, time zones, events with UID, SEQUENCE, times).
pub fn mails(raws: &[String]) -> Vec<Value> {
    let read = run(&[], &serde_json::to_string(raws).expect("JSON"));
    read.as_array().cloned().unwrap_or_default()
}

/// One iCalendar text, parsed.
pub fn calendar(text: &str) -> Value {
    run(&["--ics"], text)
}
