//! What an operator watches (issue 15): liveness and readiness probes, and logs as one JSON
//! object per line when `MAGISTRA_LOG_FORMAT=json`, from the real binary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;
use server::clock::Clock;

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

/// The value of the sample `name` (with its labels, as written) in a Prometheus text page.
fn sample(page: &str, name: &str) -> Option<f64> {
    page.lines().find_map(|line| line.strip_prefix(name)?.strip_prefix(' ')?.trim().parse().ok())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_requests_per_operation_errors_by_code_and_what_is_live() {
    use tests::{Backend, SpawnOptions, TestApp};
    let app = TestApp::spawn_with(Backend::Sqlite, SpawnOptions { magistrates: 20, ..SpawnOptions::default() })
        .await
        .unwrap();
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    for _ in 0..3 {
        app.ok(&magistrate, "query MesNotifications { notifications { id } }", serde_json::json!({})).await;
    }
    let refused = app.gql(Some(&magistrate), "query Panne { undeliveredEmails { id } }", serde_json::json!({})).await;
    app.gql(None, "query NomDeVisiteur { courts { id } }", serde_json::json!({})).await;
    app.gql(Some(&magistrate), "query Fautive { champInconnu }", serde_json::json!({})).await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "FORBIDDEN");
    let director = app.login("directeur@demo.magistra.fr").await;
    let mut socket = tests::ws::connect(&app.base, &director).await;
    let court = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await;
    tests::ws::subscribe(
        &mut socket,
        "1",
        "subscription($c: ID!) { budgetChanged(courtId: $c) { remainingCents } }",
        serde_json::json!({ "c": court.to_string() }),
    )
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;

    let page = app.client.get(format!("{}/metrics", app.base)).send().await.unwrap();
    assert_eq!(page.status(), 200, "loopback callers read the figures when no token is set");
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/plain; version=0.0.4"));
    let page = page.text().await.unwrap();
    assert_eq!(sample(&page, "magistra_graphql_requests_total{operation=\"MesNotifications\"}"), Some(3.0), "{page}");
    assert_eq!(sample(&page, "magistra_graphql_request_seconds_count{operation=\"MesNotifications\"}"), Some(3.0));
    assert_eq!(
        sample(&page, "magistra_graphql_request_seconds_bucket{operation=\"MesNotifications\",le=\"+Inf\"}"),
        Some(3.0)
    );
    assert!(sample(&page, "magistra_graphql_errors_total{code=\"FORBIDDEN\"}").unwrap_or(0.0) >= 1.0, "{page}");
    // Two logins and the visitor's read, all without a login.
    assert_eq!(sample(&page, "magistra_graphql_requests_total{operation=\"visitor\"}"), Some(3.0), "{page}");
    assert!(!page.contains("NomDeVisiteur"), "a visitor's operation name is not kept");
    assert!(
        sample(&page, "magistra_graphql_errors_total{code=\"VALIDATION\"}").unwrap_or(0.0) >= 1.0,
        "an unknown field counts under the code its answer carries: {page}"
    );
    assert_eq!(sample(&page, "magistra_live_subscriptions"), Some(1.0), "{page}");
    assert_eq!(sample(&page, "magistra_live_connections"), Some(1.0), "{page}");
    assert!(sample(&page, "magistra_db_pool_connections").unwrap() >= 1.0);
    assert_eq!(sample(&page, "magistra_outbox_given_up"), Some(0.0));
    assert!(sample(&page, "magistra_outbox_waiting").is_some());
    drop(socket);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_ask_for_their_token_when_one_is_set() {
    use tests::{Backend, SpawnOptions, TestApp};
    let token = "a-metrics-token-for-the-scraper";
    let options = SpawnOptions { magistrates: 20, metrics_token: Some(token.to_owned()), ..SpawnOptions::default() };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await.unwrap();
    let url = format!("{}/metrics", app.base);
    assert_eq!(app.client.get(&url).send().await.unwrap().status(), 404, "no token, nothing");
    assert_eq!(app.client.get(&url).bearer_auth("a-metrics-token-for-the-scrapeR").send().await.unwrap().status(), 404);
    let page = app.client.get(&url).bearer_auth(token).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("# TYPE magistra_graphql_requests_total counter"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_school_sees_when_the_deadline_sweep_last_ran_and_what_it_did() {
    use tests::{ops, Backend, SpawnOptions, TestApp};
    let app = TestApp::spawn_with(Backend::Sqlite, SpawnOptions { magistrates: 20, ..SpawnOptions::default() })
        .await
        .unwrap();
    const LAST: &str = "{ lastDeadlineSweep { asOf byTimer lapsed promoted evaluationReminders } }";
    let school = app.login("ecole@demo.magistra.fr").await;
    // The server's timer runs the sweep as it starts.
    let mut last = serde_json::Value::Null;
    for _ in 0..100 {
        last = app.ok(&school, LAST, serde_json::json!({})).await["lastDeadlineSweep"].clone();
        if !last.is_null() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(last["byTimer"], true, "{last}");
    // On demand, by the School.
    app.clock.advance(chrono::Duration::hours(2));
    app.ok(&school, ops::SWEEP, serde_json::json!({ "at": null })).await;
    let last = app.ok(&school, LAST, serde_json::json!({})).await["lastDeadlineSweep"].clone();
    assert_eq!(last["byTimer"], false, "{last}");
    let at = chrono::DateTime::parse_from_rfc3339(last["asOf"].as_str().unwrap()).unwrap();
    assert_eq!(at.with_timezone(&chrono::Utc), app.clock.now());
    assert_eq!(last["lapsed"], 0);
    for who in tests::DEMO_ACTORS.iter().filter(|who| !["ecole", "directeur"].contains(who)) {
        let token = app.login(&format!("{who}@demo.magistra.fr")).await;
        assert_eq!(app.error_code(Some(&token), LAST, serde_json::json!({})).await, "FORBIDDEN", "{who}");
    }
}
