//! What an operator watches (issue 15): liveness and readiness probes, and logs as one JSON
//! object per line when `MAGISTRA_LOG_FORMAT=json`, from the real binary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_binary_answers_its_probes_and_logs_json_lines_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let port = tests::free_port();
    let mut child = Command::new(tests::magistra_binary())
        .arg("serve")
        .env("DATABASE_URL", format!("sqlite://{}?mode=rwc", dir.path().join("ops.sqlite").display()))
        .env("MAGISTRA_BIND", format!("127.0.0.1:{port}"))
        .env("MAGISTRA_ENV", "test")
        .env("MAGISTRA_JWT_SECRET", "a-test-secret-of-more-than-thirty-two-characters")
        .env("MAGISTRA_MAIL_LOG", dir.path().join("mail.log"))
        .env("MAGISTRA_LOG_FORMAT", "json")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let client = reqwest::Client::new();
    let base = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    let live = loop {
        if let Ok(answer) = client.get(format!("{base}/health/live")).send().await {
            break answer;
        }
        assert!(Instant::now() < deadline, "the server did not come up");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!(live.status(), 200);
    let ready = client.get(format!("{base}/health/ready")).send().await.unwrap();
    assert_eq!(ready.status(), 200, "the database answers");
    let body: Value = ready.json().await.unwrap();
    assert_eq!(body["status"], "ok");
    child.kill().unwrap();
    let stderr = child.stderr.take().unwrap();
    let lines: Vec<String> = BufReader::new(stderr).lines().map_while(Result::ok).collect();
    child.wait().unwrap();
    assert!(!lines.is_empty(), "the server logged something");
    let records: Vec<Value> = lines
        .iter()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|_| panic!("not a JSON line: {line}")))
        .collect();
    let serving = records
        .iter()
        .find(|r| r["fields"]["message"] == "serving")
        .unwrap_or_else(|| panic!("no `serving` record in {lines:?}"));
    assert_eq!(serving["level"], "INFO");
    assert_eq!(serving["fields"]["address"], format!("127.0.0.1:{port}"));
}
