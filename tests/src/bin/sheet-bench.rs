//! Training-sheet benchmark (issue 3): seeds the full demo (9,000 magistrates, 600 national
//! sessions) with a year of history, starts the real server, and prints sheets per second for the
//! `trainingSheet` query over HTTP, SQL statements per sheet, and PDFs per second for the
//! whole-court export. `--postgres` runs it on a fresh PostgreSQL database
//! (`MAGISTRA_TEST_POSTGRES`, default `postgres://postgres@127.0.0.1:5432`).
//!
//! Run: `cargo run --release -p tests --bin sheet-bench [-- --postgres]`

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Instant;

use chrono::Utc;
use futures::stream::{self, StreamExt};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use server::entities::{application, magistrate, session, validation_request};
use shared::{ApplicationStatus, Scope, ValidationKind, ValidationStatus, WithdrawalReason};
use tests::{records_ops, SpawnOptions, TestApp};

/// The year the history is written for (the test seed's first programme year).
const YEAR: i32 = 2027;

#[tokio::main]
async fn main() {
    let backend = tests::bench_backend();
    let started = Instant::now();
    let options = SpawnOptions { magistrates: 9_000, national_sessions: 600, ..SpawnOptions::default() };
    let app = TestApp::spawn_with(backend, options).await.expect("database");
    println!("backend: {backend:?}; seeded in {:.1} s", started.elapsed().as_secs_f64());
    let started = Instant::now();
    let (lines, validations) = write_history(&app).await;
    println!(
        "history: {lines} sheet lines and {validations} validated activities in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let director = app.login("directeur@demo.magistra.fr").await;
    let people: Vec<i64> =
        magistrate::Entity::find().all(app.db()).await.unwrap().into_iter().map(|m| m.user_id).collect();
    let sample: Vec<i64> = people.iter().step_by(people.len() / 1_000).copied().take(1_000).collect();

    // Sheets per second through the real HTTP API, 4 requests in flight.
    let started = Instant::now();
    let errors = AtomicUsize::new(0);
    stream::iter(sample.iter())
        .for_each_concurrent(4, |id| {
            let (app, director, errors) = (&app, &director, &errors);
            async move {
                let answer =
                    app.gql(Some(director), records_ops::SHEET, json!({ "m": id.to_string(), "y": YEAR })).await;
                if answer.get("errors").is_some() || answer["data"]["trainingSheet"]["year"] != YEAR {
                    errors.fetch_add(1, Ordering::SeqCst);
                }
            }
        })
        .await;
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "trainingSheet over HTTP: {} sheets in {elapsed:.2} s = {:.0} sheets/s (4 in flight), {} errors",
        sample.len(),
        sample.len() as f64 / elapsed,
        errors.load(Ordering::SeqCst)
    );

    // Statements per sheet, counted by sea-orm's metric callback.
    let mut db = server::db::connect(&app.state.settings.database_url).await.unwrap();
    let statements = Arc::new(AtomicUsize::new(0));
    let counter = statements.clone();
    db.set_metric_callback(move |_| {
        counter.fetch_add(1, Ordering::SeqCst);
    });
    server::services::sheets::build(&db, &sample[..1], YEAR).await.unwrap();
    let one = statements.swap(0, Ordering::SeqCst);
    let paris = server::entities::court::Entity::find()
        .filter(server::entities::court::Column::Name.eq("Paris"))
        .one(app.db())
        .await
        .unwrap()
        .unwrap()
        .id;
    let court = server::services::sheets::court_magistrates(&db, paris).await.unwrap();
    let statements_before = statements.load(Ordering::SeqCst);
    server::services::sheets::build(&db, &court, YEAR).await.unwrap();
    let batch = statements.load(Ordering::SeqCst) - statements_before;
    println!("SQL statements: {one} for one sheet; {batch} for the {} sheets of the court of Paris", court.len());

    // PDFs per second: the whole-court export of Paris, then single sheets.
    let runs = 3;
    let started = Instant::now();
    let mut size = 0;
    for _ in 0..runs {
        let (status, _, body) =
            app.export(Some(&director), &format!("/export/court-sheets.pdf?court={paris}&year={YEAR}")).await;
        assert_eq!(status, 200);
        size = body.len();
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "court PDF (Paris, {} sheets, {:.1} MB): {:.2} documents/s = {:.0} sheets/s",
        court.len(),
        size as f64 / 1e6,
        f64::from(runs) / elapsed,
        (court.len() * runs as usize) as f64 / elapsed
    );
    let started = Instant::now();
    for id in sample.iter().take(200) {
        let (status, _, _) =
            app.export(Some(&director), &format!("/export/training-sheet.pdf?magistrate={id}&year={YEAR}")).await;
        assert_eq!(status, 200);
    }
    println!("single-sheet PDF: {:.0} PDFs/s (sequential)", 200.0 / started.elapsed().as_secs_f64());
}

/// Writes a year of history straight into the database: three national wishes per magistrate
/// (one attended, one refused or partly attended, one withdrawn) and a validated publication for
/// one in ten. Returns the number of applications and validations written.
async fn write_history(app: &TestApp) -> (usize, usize) {
    let db = app.db();
    let sessions: Vec<session::Model> = session::Entity::find()
        .filter(session::Column::Year.eq(YEAR))
        .filter(session::Column::Scope.eq(Scope::National))
        .all(db)
        .await
        .unwrap();
    let people: Vec<i64> = magistrate::Entity::find().all(db).await.unwrap().into_iter().map(|m| m.user_id).collect();
    let now = Utc::now();
    let mut rows = Vec::new();
    let mut validations = Vec::new();
    for (i, id) in people.iter().enumerate() {
        for k in 0..3usize {
            let s = &sessions[(i * 7 + k * 101) % sessions.len()];
            let (status, credited, reason) = match (k, i % 2) {
                (0, _) => (ApplicationStatus::Attended, Some(s.duration_half_days), None),
                (1, 0) => (ApplicationStatus::Refused, None, None),
                (1, _) => (ApplicationStatus::Partial, Some(s.duration_half_days / 2), None),
                _ => (ApplicationStatus::Withdrawn, None, Some(WithdrawalReason::ServiceNecessity)),
            };
            rows.push(application::ActiveModel {
                session_id: Set(s.id),
                magistrate_id: Set(*id),
                year: Set(YEAR),
                rank: Set(k as i32 + 1),
                status: Set(status),
                decided_at: Set(Some(now)),
                confirmation_due: Set((status != ApplicationStatus::Refused).then_some(s.start_date)),
                credited_half_days: Set(credited),
                withdrawal_reason: Set(reason),
                withdrawal_details: Set(reason.map(|_| "Audience de permanence".to_owned())),
                head_of_court_notified: Set(false),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
        if i % 10 == 0 {
            validations.push(validation_request::ActiveModel {
                magistrate_id: Set(*id),
                kind: Set(ValidationKind::Publication),
                title: Set("Chronique de jurisprudence".to_owned()),
                year: Set(YEAR),
                requested_half_days: Set(4),
                status: Set(ValidationStatus::Approved),
                credited_half_days: Set(Some(4)),
                created_at: Set(now),
                ..Default::default()
            });
        }
    }
    let (lines, validated) = (rows.len(), validations.len());
    for chunk in rows.chunks(1_000) {
        application::Entity::insert_many(chunk.to_vec()).exec(db).await.unwrap();
    }
    for chunk in validations.chunks(1_000) {
        validation_request::Entity::insert_many(chunk.to_vec()).exec(db).await.unwrap();
    }
    (lines, validated)
}
