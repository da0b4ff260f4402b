//! Directory import benchmark (issue 16): on the full demo base (9,000 magistrates), writes a
//! directory file of 10,000 new people from the reference data, and times the real command
//! (`magistra import-directory`, release build, as its own process): the first import, the same
//! file again (nothing to write), and a file where 5 % changed function and 1 % left.
//!
//! Run: `cargo build --release -p server --bin magistra && cargo run --release -p tests --bin
//! directory-bench [-- --postgres]` (PostgreSQL: `MAGISTRA_TEST_POSTGRES`, default
//! `postgres://postgres@127.0.0.1:5432`).

use std::fmt::Write;
use std::process::Command;
use std::time::Instant;

use sea_orm::EntityTrait;
use server::entities::{function, jurisdiction};
use tests::{scalar, SpawnOptions, TestApp};

const ROWS: usize = 10_000;
const HEADER: &str =
    "identifiant;nom;prenom;courriel;affectation;fonction;siege_parquet;depuis;recrutement;nomination;evaluateur";

#[tokio::main]
async fn main() {
    let backend = tests::bench_backend();
    let options = SpawnOptions { magistrates: 9_000, ..SpawnOptions::default() };
    let app = TestApp::spawn_with(backend, options).await.expect("database");
    let jurisdictions: Vec<String> =
        jurisdiction::Entity::find().all(app.db()).await.unwrap().into_iter().map(|j| j.name).collect();
    let functions: Vec<String> =
        function::Entity::find().all(app.db()).await.unwrap().into_iter().map(|f| f.name).collect();
    let dir = tempfile::tempdir().unwrap();
    let first = dir.path().join("annuaire.csv");
    std::fs::write(&first, file(&jurisdictions, &functions, |_| false, |_| false)).unwrap();
    let changed = dir.path().join("annuaire-modifie.csv");
    std::fs::write(&changed, file(&jurisdictions, &functions, |i| i % 20 == 7, |i| i % 100 == 3)).unwrap();
    println!(
        "backend: {backend:?}; base: {} accounts; file: {ROWS} rows, {} KB",
        scalar(app.db(), "SELECT COUNT(*) FROM users").await,
        std::fs::metadata(&first).unwrap().len() / 1024
    );
    let audit = "SELECT COUNT(*) FROM audit_log";
    // The release `magistra` beside this program (target/release/).
    let binary = std::env::current_exe().unwrap().with_file_name("magistra");
    assert!(binary.exists(), "{} is missing: cargo build --release -p server --bin magistra", binary.display());
    for (label, path) in
        [("first import (10,000 created)", &first), ("same file again", &first), ("5 % changed, 1 % left", &changed)]
    {
        let before = scalar(app.db(), audit).await;
        let started = Instant::now();
        let output = Command::new(&binary)
            .arg("import-directory")
            .arg(path)
            .env("DATABASE_URL", &app.database_url)
            .env("MAGISTRA_ENV", "test")
            .output()
            .unwrap();
        let seconds = started.elapsed().as_secs_f64();
        let text = String::from_utf8_lossy(&output.stdout);
        if std::env::var_os("RUST_LOG").is_some() {
            eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        }
        assert!(output.status.success(), "{text}{}", String::from_utf8_lossy(&output.stderr));
        let summary: Vec<&str> = text.lines().filter(|l| l.contains("personne(s)") || l.starts_with("Durée")).collect();
        println!(
            "{label}: {seconds:.2} s for the command (process, connection, migrations check included); audit rows written: {}; {}",
            scalar(app.db(), audit).await - before,
            summary.join(" · ").split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
}

/// A directory of `ROWS` people spread over the jurisdictions and functions, each evaluated by the
/// first person of their jurisdiction; `moved(i)` gives person `i` a new function from 2027-01-04,
/// `gone(i)` leaves them out.
fn file(
    jurisdictions: &[String],
    functions: &[String],
    moved: impl Fn(usize) -> bool,
    gone: impl Fn(usize) -> bool,
) -> String {
    let mut text = String::from(HEADER);
    for i in 0..ROWS {
        if gone(i) {
            continue;
        }
        let j = i % jurisdictions.len();
        let f = if moved(i) { (i + 1) % functions.len() } else { i % functions.len() };
        let since = if moved(i) { "2027-01-04".to_owned() } else { format!("20{:02}-09-01", 10 + i % 15) };
        let evaluator = if i < jurisdictions.len() { String::new() } else { format!("B{:06}", j) };
        let bench = if functions[f].contains("rocureur") || functions[f].starts_with("Substitut") {
            "PARQUET"
        } else {
            "SIEGE"
        };
        let _ = write!(
            text,
            "\nB{i:06};Nom{i};Prénom{i};personne.{i}@annuaire.justice.fr;{};{};{bench};{since};COMPETITION;2009-09-01;{evaluator}",
            jurisdictions[j], functions[f]
        );
    }
    text
}
