//! The Ministry's directory, imported with the real command (`magistra import-directory FILE
//! [--dry-run]`) beside a running server, on both databases (issue 16): a bad file writes nothing
//! and names every bad line; a dry run writes nothing; the import creates people with their
//! postings, audited with the import; the same file again writes nothing; a new function opens a
//! posting and makes art. 126 apply on the training sheet, a function held before does not; a
//! person missing from the file is ended and can no longer sign in.

use std::path::Path;
use std::process::Command;

use serde_json::json;
use tests::{magistra_binary, Backend, TestApp};

const HEADER: &str =
    "identifiant;nom;prenom;courriel;affectation;fonction;siege_parquet;depuis;recrutement;nomination;evaluateur";
const HEAD: &str = "D001;Garnier;Sophie;sophie.garnier@justice.fr;Tribunal judiciaire de Lyon;Président du tribunal judiciaire;SIEGE;2022-09-01;COMPETITION;1998-09-01;";
const JUDGE: &str = "D002;Morel;Antoine;antoine.morel@justice.fr;Tribunal judiciaire de Lyon;Juge des enfants;SIEGE;2020-09-01;COMPETITION;2012-09-01;D001";
const CASSATION: &str = "D003;Faure;Inès;ines.faure@justice.fr;Cour de cassation;Conseiller référendaire à la Cour de cassation;SIEGE;2024-01-02;ARTICLE_22;2023-01-02;";
const INSPECTOR: &str = "D004;Rolland;Marc;marc.rolland@justice.fr;Autre : Inspection générale de la justice;Inspecteur de la justice;PARQUET;2025-03-01;COMPETITION;2005-09-01;";

/// Runs the command on `app`'s database; its exit status and what it printed.
fn import(app: &TestApp, file: &Path, dry_run: bool) -> (bool, String) {
    let mut command = Command::new(magistra_binary());
    command.arg("import-directory").arg(file).env("DATABASE_URL", &app.database_url).env("MAGISTRA_ENV", "test");
    if dry_run {
        command.arg("--dry-run");
    }
    let output = command.output().unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    println!("{text}{}", String::from_utf8_lossy(&output.stderr));
    (output.status.success(), text)
}

fn write(dir: &Path, name: &str, lines: &[&str]) -> std::path::PathBuf {
    let path = dir.join(name);
    let mut text = String::from("\u{feff}");
    text.push_str(HEADER);
    for line in lines {
        text.push_str("\r\n");
        text.push_str(line);
    }
    std::fs::write(&path, text).unwrap();
    path
}

async fn obligations(app: &TestApp, user_id: i64, year: i32) -> Vec<String> {
    let director = app.login("directeur@demo.magistra.fr").await;
    let sheet = app
        .ok(
            &director,
            "query($m: ID!, $y: Int!) { trainingSheet(magistrateId: $m, year: $y) { obligations { kind } } }",
            json!({ "m": user_id.to_string(), "y": year }),
        )
        .await;
    sheet["trainingSheet"]["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["kind"].as_str().unwrap().to_owned())
        .collect()
}

async fn the_directory_is_imported_all_or_nothing_and_again_without_writes(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let dir = tempfile::tempdir().unwrap();
    let count = |sql: &'static str| {
        let app = &app;
        async move { app.scalar_i64(sql).await }
    };
    let audit_rows = "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'directory.%'";

    // A file with bad lines writes nothing and names each of them.
    let bad = write(
        dir.path(),
        "annuaire-faux.csv",
        &[
            HEAD,
            "D005;Blanc;Jules;jules.blanc@justice.fr;Tribunal judiciaire de Lyyon;Juge;SIEGE;2020-09-01;COMPETITION;2012-09-01;",
            JUDGE,
            "D006;Noir;Léa;antoine.morel@justice.fr;Tribunal judiciaire de Lyon;Juge;SIEGE;2020-31-01;COMPETITION;2012-09-01;D999",
        ],
    );
    let (ok, text) = import(&app, &bad, false);
    assert!(!ok, "a bad file fails the command");
    assert!(text.contains("ligne 3 : affectation inconnue « Tribunal judiciaire de Lyyon »"), "{text}");
    assert!(text.contains("ligne 5 : date de prise de fonction invalide « 2020-31-01 »"), "{text}");
    assert!(text.contains("rien n’a été écrit"), "{text}");
    assert_eq!(count("SELECT COUNT(*) FROM users WHERE hr_id IS NOT NULL").await, 0);

    // A dry run says what would change and writes nothing.
    let good = write(dir.path(), "annuaire.csv", &[HEAD, JUDGE, CASSATION, INSPECTOR]);
    let (ok, text) = import(&app, &good, true);
    assert!(ok);
    assert!(text.contains("4 personne(s) seraient créée(s)"), "{text}");
    assert!(text.contains("+ Antoine Morel (D002) : Juge des enfants, Tribunal judiciaire de Lyon"), "{text}");
    assert_eq!(count("SELECT COUNT(*) FROM users WHERE hr_id IS NOT NULL").await, 0);

    // The import creates the four, each with a posting, an evaluator, and an audit row of the import.
    let (ok, text) = import(&app, &good, false);
    assert!(ok, "{text}");
    assert!(text.contains("4 personne(s) sont créée(s)"), "{text}");
    assert_eq!(count("SELECT COUNT(*) FROM directory_imports").await, 1);
    assert_eq!(
        count("SELECT COUNT(*) FROM postings p JOIN users u ON u.id = p.user_id WHERE u.hr_id IS NOT NULL").await,
        4
    );
    assert_eq!(count("SELECT COUNT(*) FROM audit_log WHERE action = 'directory.create'").await, 4);
    let import_id = count("SELECT id FROM directory_imports").await;
    let audited = app
        .scalar_text("SELECT after_state FROM audit_log WHERE action = 'directory.create' ORDER BY id LIMIT 1")
        .await;
    assert!(audited.contains(&format!("\"import\":{import_id}")), "{audited}");
    let judge = count("SELECT id FROM users WHERE hr_id = 'D002'").await;
    let head = count("SELECT id FROM users WHERE hr_id = 'D001'").await;
    assert_eq!(
        count("SELECT evaluator_id FROM magistrates WHERE user_id = (SELECT id FROM users WHERE hr_id = 'D002')").await,
        head
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM magistrates WHERE court_id IS NULL").await,
        2,
        "Cour de cassation and another body"
    );
    assert_eq!(obligations(&app, judge, 2027).await, vec!["ANNUAL"], "juge des enfants since 2020");

    // The same file again writes nothing.
    let before = count(audit_rows).await;
    let (ok, text) = import(&app, &good, false);
    assert!(ok);
    assert!(text.contains("4 personne(s) inchangée(s)") && text.contains("aucune écriture"), "{text}");
    assert_eq!(count(audit_rows).await, before);
    assert_eq!(count("SELECT COUNT(*) FROM directory_imports").await, 1);

    // A function never held before: a new posting from the file's date, art. 126 applies; the
    // inspector missing from the file is ended and can no longer sign in.
    let inspector = count("SELECT id FROM users WHERE hr_id = 'D004'").await;
    let inspector_token = app.token_for(inspector);
    let me = "{ me { id } }";
    assert!(app.gql(Some(&inspector_token), me, json!({})).await["data"]["me"]["id"].is_string());
    let instruction = JUDGE.replace("Juge des enfants;SIEGE;2020-09-01", "Juge d’instruction;SIEGE;2027-01-04");
    let moved = write(dir.path(), "annuaire-2.csv", &[HEAD, &instruction, CASSATION]);
    let (ok, text) = import(&app, &moved, false);
    assert!(ok, "{text}");
    assert!(text.contains("fonction : Juge des enfants → Juge d’instruction"), "{text}");
    assert!(text.contains("1 personne(s) sont close(s)"), "{text}");
    assert_eq!(
        count("SELECT COUNT(*) FROM postings WHERE user_id = (SELECT id FROM users WHERE hr_id = 'D002')").await,
        2
    );
    assert_eq!(
        app.scalar_text("SELECT CAST(ended_on AS TEXT) FROM postings WHERE ended_on IS NOT NULL AND user_id = (SELECT id FROM users WHERE hr_id = 'D002')").await,
        "2027-01-04"
    );
    assert_eq!(
        obligations(&app, judge, 2027).await,
        vec!["ANNUAL", "NEW_FUNCTION_THEORY", "NEW_FUNCTION_INTERNSHIP"],
        "art. 126: a function never held before"
    );
    assert_eq!(count("SELECT COUNT(*) FROM users WHERE hr_id = 'D004' AND NOT active").await, 1);
    assert_eq!(
        count("SELECT COUNT(*) FROM postings WHERE user_id = (SELECT id FROM users WHERE hr_id = 'D004')").await,
        1,
        "history kept"
    );
    let refused = app.gql(Some(&inspector_token), me, json!({})).await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{refused}");
    assert_eq!(count("SELECT COUNT(*) FROM audit_log WHERE action = 'directory.end'").await, 1);

    // Back to a function held before: a new posting, but art. 126 owes nothing.
    let back = JUDGE.replace("2020-09-01", "2027-06-01");
    let returned = write(dir.path(), "annuaire-3.csv", &[HEAD, &back, CASSATION]);
    let (ok, text) = import(&app, &returned, false);
    assert!(ok, "{text}");
    assert_eq!(
        obligations(&app, judge, 2027).await,
        vec!["ANNUAL"],
        "juge des enfants again: theory offered, not owed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directory_is_imported_all_or_nothing_and_again_without_writes_on_sqlite() {
    the_directory_is_imported_all_or_nothing_and_again_without_writes(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directory_is_imported_all_or_nothing_and_again_without_writes_on_postgres() {
    the_directory_is_imported_all_or_nothing_and_again_without_writes(Backend::Postgres).await;
}

/// A production base has no demo people: `magistra reference` loads the 36 courts and their
/// jurisdictions (once), and the first import of the directory finds them.
#[test]
fn a_bare_base_gets_its_courts_then_imports_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("production.sqlite").display());
    let run = |args: &[&str]| {
        let output = Command::new(magistra_binary())
            .args(args)
            .env("DATABASE_URL", &url)
            .env("MAGISTRA_ENV", "test")
            .output()
            .unwrap();
        (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
    };
    let (ok, text) = run(&["reference"]);
    assert!(ok && text.contains("36 cours d’appel"), "{text}");
    let (ok, again) = run(&["reference"]);
    assert!(ok && again.contains("rien à faire"), "{again}");
    let file = write(dir.path(), "annuaire.csv", &[HEAD, JUDGE]);
    let (ok, text) = run(&["import-directory", file.to_str().unwrap()]);
    assert!(ok && text.contains("2 personne(s) sont créée(s)"), "{text}");
}
