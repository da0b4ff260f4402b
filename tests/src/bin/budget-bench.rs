//! Budget dashboard benchmark (issue 4): the full demo seed with 11 deconcentrated sessions per
//! court (396 in all) and 20,000 expense lines over the year, then the latency of
//! `budgetDashboard` and `courtBudget` over HTTP against the real server, and the SQL statements
//! each takes. `--postgres` runs it on a fresh PostgreSQL database.
//!
//! Run: `cargo run --release -p tests --bin budget-bench [-- --postgres]`

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use chrono::{NaiveDate, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use server::auth::CurrentUser;
use server::entities::{court, court_budget, expense, session, session_court};
use server::services::{dashboard, Env};
use shared::{CostCategory, ExpenseKind, Scope};
use tests::{SpawnOptions, TestApp};

const YEAR: i32 = 2028;
const LINES: usize = 20_000;

const DASHBOARD: &str = "query($y: Int!) { budgetDashboard(year: $y) { courts { court { name } allocatedCents committedCents paidCents consumedCents remainingCents forecastCents } \
    totals { allocatedCents consumedCents remainingCents forecastCents } } }";
const COURT: &str = "query($c: ID!, $y: Int!) { courtBudget(courtId: $c, year: $y) { allocatedCents committedCents paidCents consumedCents remainingCents forecastCents \
    byAction { title plannedCents spent { consumedCents } } byCategory { category plannedCents spent { consumedCents } } monthly { month spent { consumedCents } } } }";

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn measure(app: &TestApp, token: &str, query: &str, vars: serde_json::Value, runs: usize) -> (f64, f64) {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        let answer = app.gql(Some(token), query, vars.clone()).await;
        times.push(started.elapsed().as_secs_f64() * 1_000.0);
        assert!(answer.get("errors").is_none(), "{answer}");
    }
    times.sort_by(f64::total_cmp);
    (percentile(&times, 0.5), percentile(&times, 0.95))
}

#[tokio::main]
async fn main() {
    let backend = tests::bench_backend();
    let options = SpawnOptions {
        magistrates: 9_000,
        national_sessions: 600,
        deconcentrated_per_court: 11,
        ..SpawnOptions::default()
    };
    let app = TestApp::spawn_with(backend, options).await.expect("database");
    let db = app.db();
    let courts = court::Entity::find().all(db).await.unwrap();
    let links = session_court::Entity::find().all(db).await.unwrap();
    let sessions: Vec<i64> = session::Entity::find()
        .filter(session::Column::Scope.eq(Scope::Deconcentrated))
        .filter(session::Column::Year.eq(YEAR))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.id)
        .collect();
    let now = Utc::now();
    let mut rows = Vec::with_capacity(LINES);
    let mut consumed = vec![0i64; courts.len()];
    for n in 0..LINES {
        let c = n % courts.len();
        let court_sessions: Vec<i64> = links
            .iter()
            .filter(|l| l.court_id == courts[c].id && sessions.contains(&l.session_id))
            .map(|l| l.session_id)
            .collect();
        let kind = if n % 3 == 0 { ExpenseKind::Paid } else { ExpenseKind::Committed };
        let amount = 5_000 + (n as i64 * 7_919) % 95_000;
        consumed[c] += amount;
        rows.push(expense::ActiveModel {
            court_id: Set(courts[c].id),
            year: Set(YEAR),
            session_id: Set(court_sessions.get(n % court_sessions.len().max(1)).copied()),
            category: Set(CostCategory::ALL[n % CostCategory::ALL.len()]),
            amount_cents: Set(amount),
            kind: Set(kind),
            spent_on: Set(NaiveDate::from_ymd_opt(YEAR, (n % 12) as u32 + 1, 1 + (n % 28) as u32).unwrap()),
            label: Set(format!("Écriture {n}")),
            forced: Set(false),
            recorded_at: Set(now),
            ..Default::default()
        });
    }
    for chunk in rows.chunks(1_000) {
        expense::Entity::insert_many(chunk.to_vec()).exec(db).await.unwrap();
    }
    court_budget::Entity::insert_many(courts.iter().zip(&consumed).map(|(c, used)| court_budget::ActiveModel {
        court_id: Set(c.id),
        year: Set(YEAR),
        allocated_cents: Set(used + 10_000_000),
        consumed_cents: Set(*used),
        ..Default::default()
    }))
    .exec(db)
    .await
    .unwrap();
    println!(
        "backend: {backend:?}; {} courts, {} deconcentrated sessions, {LINES} expense lines",
        courts.len(),
        sessions.len()
    );

    let director = app.login("directeur@demo.magistra.fr").await;
    let paris = courts.iter().find(|c| c.name == "Paris").unwrap().id;
    measure(&app, &director, DASHBOARD, json!({ "y": YEAR }), 5).await;
    let (p50, p95) = measure(&app, &director, DASHBOARD, json!({ "y": YEAR }), 50).await;
    println!("budgetDashboard over HTTP: p50 {p50:.1} ms, p95 {p95:.1} ms (50 runs, 36 courts)");
    let (p50, p95) = measure(&app, &director, COURT, json!({ "c": paris.to_string(), "y": YEAR }), 50).await;
    println!(
        "courtBudget (Paris, {} lines) over HTTP: p50 {p50:.1} ms, p95 {p95:.1} ms (50 runs)",
        LINES / courts.len()
    );

    let mut counted = server::db::connect(&app.state.settings.database_url).await.unwrap();
    let statements = Arc::new(AtomicUsize::new(0));
    let counter = statements.clone();
    counted.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    let user = CurrentUser::load(&counted, app.user_id("directeur@demo.magistra.fr").await).await.unwrap().unwrap();
    statements.store(0, Ordering::SeqCst);
    let env = Env {
        db: &counted,
        user: &user,
        now: Utc::now(),
        events: &app.state.events,
        organizer: app.state.settings.organizer(),
    };
    dashboard::dashboard(&env, YEAR).await.unwrap();
    let national = statements.swap(0, Ordering::SeqCst);
    dashboard::court_budget(&env, paris, YEAR).await.unwrap();
    let one = statements.load(Ordering::SeqCst);
    println!(
        "SQL statements: budgetDashboard {national}, courtBudget {one} (services, without the per-request user load)"
    );
}
