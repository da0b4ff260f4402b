//! The real `magistra` binary killed with SIGKILL in the middle of the opening-day load, then
//! started again: every acknowledged wish is there, none twice, and the database is sound.

use std::collections::HashSet;

use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, Statement};
use serde_json::{json, Value};
use server::auth::JwtKeys;
use server::settings::Secret;

const SECRET: &str = "a-test-secret-of-more-than-thirty-two-characters";

fn magistra(database_url: &str, port: u16, args: &[&str], dir: &std::path::Path) -> Command {
    let mut command = Command::new(tests::magistra_binary());
    command
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("MAGISTRA_BIND", format!("127.0.0.1:{port}"))
        .env("MAGISTRA_ENV", "test")
        .env("MAGISTRA_JWT_SECRET", SECRET)
        .env("MAGISTRA_MAIL_LOG", dir.join("mail.log"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

async fn wait_healthy(base: &str) {
    let client = reqwest::Client::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Ok(r) = client.get(format!("{base}/health")).send().await {
            if r.status().is_success() {
                return;
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the server did not come up");
}

async fn scenario(database_url: String, dir: tempfile::TempDir) {
    let port = tests::free_port();
    let base = format!("http://127.0.0.1:{port}");
    assert!(magistra(&database_url, port, &["seed"], dir.path()).status().unwrap().success());
    let mut child: Child = magistra(&database_url, port, &["serve"], dir.path()).spawn().unwrap();
    wait_healthy(&base).await;
    let db = Database::connect(&database_url).await.unwrap();
    let backend = db.get_database_backend();
    let query = |sql: &str| Statement::from_string(backend, sql.to_owned());
    let people: Vec<i64> = db
        .query_all_raw(query("SELECT user_id FROM magistrates ORDER BY user_id LIMIT 3000"))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index(0).unwrap())
        .collect();
    let session: i64 = db
        .query_one_raw(query("SELECT id FROM sessions WHERE scope = 'NATIONAL' ORDER BY start_date DESC, id LIMIT 1"))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index(0)
        .unwrap();
    // Whatever today's date, keep that session open for the whole test.
    db.execute_unprepared(&format!(
        "UPDATE sessions SET applications_open = '2000-01-01', applications_close = '2999-12-31' WHERE id = {session}"
    ))
    .await
    .unwrap();
    let keys = JwtKeys::new(&Secret::new(SECRET));
    let acknowledged = Arc::new(Mutex::new(Vec::<i64>::new()));
    let client = reqwest::Client::new();
    let load = {
        let (acknowledged, base) = (acknowledged.clone(), base.clone());
        tokio::spawn(async move {
            let jobs = people.into_iter().map(|id| {
                let token = keys.issue(id, chrono::Utc::now()).unwrap().0;
                let (client, base, acknowledged) = (client.clone(), base.clone(), acknowledged.clone());
                async move {
                    let body = json!({ "query": "mutation($s: ID!) { apply(sessionId: $s, rank: 7) { id } }", "variables": { "s": session.to_string() } });
                    if let Ok(r) = client.post(format!("{base}/graphql")).bearer_auth(token).json(&body).send().await {
                        if let Ok(answer) = r.json::<Value>().await {
                            if let Some(id) = answer["data"]["apply"]["id"].as_str() {
                                acknowledged.lock().unwrap().push(id.parse().unwrap());
                            }
                        }
                    }
                }
            });
            futures::stream::iter(jobs).for_each_concurrent(16, |job| job).await;
        })
    };
    // Kill it while wishes are coming in.
    let deadline = Instant::now() + Duration::from_secs(60);
    while acknowledged.lock().unwrap().len() < 200 && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    child.kill().unwrap();
    child.wait().unwrap();
    load.abort();
    let acknowledged: Vec<i64> = acknowledged.lock().unwrap().clone();
    assert!(acknowledged.len() >= 200, "the load was running: {} acknowledged", acknowledged.len());
    drop(db);
    // Start again on the same database.
    let port = tests::free_port();
    let mut child = magistra(&database_url, port, &["serve"], dir.path()).spawn().unwrap();
    wait_healthy(&format!("http://127.0.0.1:{port}")).await;
    let db = Database::connect(&database_url).await.unwrap();
    let stored: HashSet<i64> = db
        .query_all_raw(query(&format!("SELECT id FROM applications WHERE session_id = {session}")))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index(0).unwrap())
        .collect();
    let missing: Vec<&i64> = acknowledged.iter().filter(|id| !stored.contains(id)).collect();
    assert!(missing.is_empty(), "{} acknowledged wishes lost: {missing:?}", missing.len());
    let pairs = db
        .query_one_raw(query(&format!(
            "SELECT COUNT(*) FROM (SELECT DISTINCT magistrate_id FROM applications WHERE session_id = {session}) AS d"
        )))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert_eq!(pairs as usize, stored.len(), "no wish twice");
    if backend == sea_orm::DatabaseBackend::Sqlite {
        let check: String =
            db.query_one_raw(query("PRAGMA integrity_check")).await.unwrap().unwrap().try_get_by_index(0).unwrap();
        assert_eq!(check, "ok");
    }
    child.kill().unwrap();
    child.wait().unwrap();
    eprintln!("{} wishes acknowledged before SIGKILL, {} stored", acknowledged.len(), stored.len());
}

use futures::StreamExt;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_the_opening_day_loses_no_acknowledged_wish_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("crash.sqlite").display());
    scenario(url, dir).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_during_the_opening_day_loses_no_acknowledged_wish_postgres() {
    let Ok(server_url) = std::env::var("MAGISTRA_TEST_POSTGRES") else {
        eprintln!("skipped: MAGISTRA_TEST_POSTGRES is not set");
        return;
    };
    let server_url = server_url.trim_end_matches('/').to_owned();
    let name = format!("magistra_crash_{}", uuid::Uuid::new_v4().simple());
    let admin = Database::connect(format!("{server_url}/postgres")).await.unwrap();
    admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
    scenario(format!("{server_url}/{name}"), tempfile::tempdir().unwrap()).await;
    admin.execute_unprepared(&format!("DROP DATABASE {name} WITH (FORCE)")).await.unwrap();
}
