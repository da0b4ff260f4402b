//! PostgreSQL restarted in the middle of an opening day (issue 15): while the database is away the
//! server answers errors (promptly, not a hang) and says it is not ready; when it returns the server
//! recovers by itself; and every wish it acknowledged is in the database afterwards. The test runs
//! its own PostgreSQL (`tests::postgres::OwnPostgres`) so that stopping it disturbs nothing else.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tests::postgres::OwnPostgres;
use tests::{ops, Backend, SessionSpec, SpawnOptions, TestApp};

/// Wishes sent in all, and at once.
const WISHES: usize = 100;
const CONCURRENCY: usize = 8;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgres_restart_during_opening_day_loses_no_acknowledged_wish_and_heals_by_itself() {
    let Some(postgres) = OwnPostgres::start() else {
        eprintln!("skipped: PostgreSQL 15's programs are not installed");
        return;
    };
    let options = SpawnOptions { magistrates: 400, postgres_server: Some(postgres.url()), ..SpawnOptions::default() };
    let app = Arc::new(TestApp::spawn_with(Backend::Postgres, options).await.unwrap());
    let school = app.login("ecole@demo.magistra.fr").await;
    let session = app.published_session(&school, SessionSpec { capacity: 500, ..SessionSpec::default() }).await;
    let magistrates = app.plain_magistrates(WISHES + 1).await;
    assert_eq!(magistrates.len(), WISHES + 1);
    let (last, load) = magistrates.split_last().unwrap();

    let acknowledged = Arc::new(Mutex::new(Vec::<String>::new()));
    let refused = Arc::new(AtomicUsize::new(0));
    let slowest = Arc::new(Mutex::new(Duration::ZERO));
    let next = Arc::new(AtomicUsize::new(0));
    let load = Arc::new(load.to_vec());
    let mut workers = Vec::new();
    for _ in 0..CONCURRENCY {
        let (app, session, load, next) = (app.clone(), session.clone(), load.clone(), next.clone());
        let (acknowledged, refused, slowest) = (acknowledged.clone(), refused.clone(), slowest.clone());
        workers.push(tokio::spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::SeqCst);
                let Some(&magistrate) = load.get(i) else { return };
                let token = app.token_for(magistrate);
                let sent = Instant::now();
                let answer = app
                    .client
                    .post(format!("{}/graphql", app.base))
                    .bearer_auth(&token)
                    .json(&json!({ "query": ops::APPLY, "variables": { "s": session, "r": 1, "m": null } }))
                    .send()
                    .await;
                let took = sent.elapsed();
                {
                    let mut slowest = slowest.lock().unwrap();
                    *slowest = (*slowest).max(took);
                }
                let id = match answer {
                    Ok(response) => response
                        .json::<Value>()
                        .await
                        .ok()
                        .and_then(|v| v["data"]["apply"]["id"].as_str().map(str::to_owned)),
                    Err(_) => None,
                };
                match id {
                    Some(id) => acknowledged.lock().unwrap().push(id),
                    None => {
                        refused.fetch_add(1, Ordering::SeqCst);
                    }
                }
                tokio::time::sleep(Duration::from_millis(40)).await;
            }
        }));
    }

    // A quarter of the way in, the database goes away for eight seconds.
    while acknowledged.lock().unwrap().len() < WISHES / 4 {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let postgres = Arc::new(postgres);
    let stopping = postgres.clone();
    tokio::task::spawn_blocking(move || stopping.down()).await.unwrap();
    let went_down = Instant::now();
    let refused_before = refused.load(Ordering::SeqCst);
    tokio::time::sleep(Duration::from_secs(2)).await;
    let ready = app.client.get(format!("{}/health/ready", app.base)).send().await.unwrap();
    assert_eq!(ready.status(), 503, "not ready while the database is away");
    tokio::time::sleep(Duration::from_secs(6)).await;
    let refused_while_down = refused.load(Ordering::SeqCst) - refused_before;
    let starting = postgres.clone();
    tokio::task::spawn_blocking(move || starting.up()).await.unwrap();
    let outage = went_down.elapsed();
    println!("database away for {:.1} s; {refused_while_down} wishes refused meanwhile", outage.as_secs_f64());
    assert!(refused_while_down > 0, "the server answered errors while the database was away");

    for worker in workers {
        worker.await.unwrap();
    }
    let slowest = *slowest.lock().unwrap();
    println!(
        "{} acknowledged, {} refused, slowest answer {} ms",
        acknowledged.lock().unwrap().len(),
        refused.load(Ordering::SeqCst),
        slowest.as_millis()
    );
    // Held at most through the outage and one pool acquisition (5 s), never until the request
    // timeout (30 s): the outage itself lasts 8 s plus however long PostgreSQL takes to start.
    let bound = outage + Duration::from_secs(7);
    assert!(bound < Duration::from_secs(30), "the restart took too long to tell anything: {outage:?}");
    assert!(slowest < bound, "every request was answered, none held until its timeout ({slowest:?} ≥ {bound:?})");

    // It heals by itself: ready again, and a new wish goes through.
    let healed = Instant::now();
    loop {
        let ready = app.client.get(format!("{}/health/ready", app.base)).send().await.unwrap();
        if ready.status() == 200 {
            break;
        }
        assert!(healed.elapsed() < Duration::from_secs(30), "the server did not recover");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let token = app.token_for(*last);
    let after = app.ok(&token, ops::APPLY, json!({ "s": session, "r": 1, "m": null })).await;
    assert!(after["apply"]["id"].is_string());

    // Every acknowledged wish is stored.
    let acknowledged = acknowledged.lock().unwrap().clone();
    let stored = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM applications WHERE id IN ({}) AND session_id = {session}",
            acknowledged.join(",")
        ))
        .await;
    assert_eq!(stored as usize, acknowledged.len(), "every acknowledged wish is in the database");
    assert!(acknowledged.len() > WISHES / 4, "wishes were acknowledged before and after");
    drop(app);
    drop(postgres);
}
