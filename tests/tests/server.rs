//! The server itself: login, tokens, HTTP guards, coded errors, the committed schema, the demo seed.

use serde_json::json;
use server::settings::Environment;
use tests::{on_both_databases, Backend, SpawnOptions, TestApp};

on_both_databases!(login_returns_a_token_and_the_user_with_every_role, |app: TestApp| async move {
    let q = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token user { email roles { role court { name } } } } }";
    let data = app.gql(None, q, json!({ "e": "Coordinateur@demo.magistra.fr ", "p": "magistra" })).await;
    let roles = data["data"]["login"]["user"]["roles"].as_array().unwrap().clone();
    assert!(roles.iter().any(|r| r["role"] == "MAGISTRATE"));
    let courts: Vec<&str> = roles
        .iter()
        .filter(|r| r["role"] == "REGIONAL_COORDINATOR")
        .map(|r| r["court"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(courts.len(), 4, "a coordinator holds several courts: {courts:?}");
    let token = data["data"]["login"]["token"].as_str().unwrap();
    let me = app.ok(token, "{ me { email displayName } }", json!({})).await;
    assert_eq!(me["me"]["email"], "coordinateur@demo.magistra.fr");
    for (email, password) in [("coordinateur@demo.magistra.fr", "wrong"), ("nobody@demo.magistra.fr", "magistra")] {
        let answer = app.gql(None, q, json!({ "e": email, "p": password })).await;
        assert_eq!(answer["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
        assert_eq!(answer["errors"][0]["message"], "Adresse électronique ou mot de passe incorrect.");
    }
});

on_both_databases!(
    a_bad_or_absent_token_is_unauthenticated_and_a_disabled_user_is_locked_out,
    |app: TestApp| async move {
        assert_eq!(app.error_code(None, "{ me { id } }", json!({})).await, "UNAUTHENTICATED");
        let token = app.login("magistrat@demo.magistra.fr").await;
        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert_eq!(app.error_code(Some(&tampered), "{ me { id } }", json!({})).await, "UNAUTHENTICATED");
        let header = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";
        let claims = token.split('.').nth(1).unwrap();
        assert_eq!(
            app.error_code(Some(&format!("{header}.{claims}.")), "{ me { id } }", json!({})).await,
            "UNAUTHENTICATED"
        );
        let id = app.user_id("magistrat@demo.magistra.fr").await;
        sea_orm::ConnectionTrait::execute_unprepared(
            app.db(),
            &format!("UPDATE users SET active = FALSE WHERE id = {id}"),
        )
        .await
        .unwrap();
        assert_eq!(app.error_code(Some(&token), "{ me { id } }", json!({})).await, "UNAUTHENTICATED");
    }
);

on_both_databases!(the_http_guards_refuse_non_json_oversized_and_large_batches, |app: TestApp| async move {
    let url = format!("{}/graphql", app.base);
    let text = app.client.post(&url).header("content-type", "text/plain").body("{ me { id } }").send().await.unwrap();
    assert_eq!(text.status(), 415);
    let huge = json!({ "query": format!("{{ me {{ id }} }} #{}", "x".repeat(70 * 1024)) });
    assert_eq!(app.client.post(&url).json(&huge).send().await.unwrap().status(), 413);
    let six: Vec<_> = (0..6).map(|_| json!({ "query": "{ courts { id } }" })).collect();
    let answer = app.client.post(&url).json(&six).send().await.unwrap();
    assert_eq!(answer.status(), 400);
    let five: Vec<_> = (0..5).map(|_| json!({ "query": "{ __typename }" })).collect();
    let answer: serde_json::Value = app.client.post(&url).json(&five).send().await.unwrap().json().await.unwrap();
    assert_eq!(answer.as_array().unwrap().len(), 5);
    assert_eq!(app.client.get(format!("{url}?query=%7B__typename%7D")).send().await.unwrap().status(), 405);
    let health: serde_json::Value =
        app.client.get(format!("{}/health", app.base)).send().await.unwrap().json().await.unwrap();
    assert_eq!(health["status"], "ok");
    assert_eq!(app.client.get(format!("{}/graphiql", app.base)).send().await.unwrap().status(), 200);
});

on_both_databases!(bad_input_answers_a_coded_validation_error, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let mut input = tests::SessionSpec::default().input();
    input["endDate"] = json!("2027-06-01");
    let answer = app.gql(Some(&school), tests::ops::CREATE_SESSION, json!({ "i": input })).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "VALIDATION");
    assert_eq!(answer["errors"][0]["extensions"]["field"], "endDate");
    input["endDate"] = json!("pas une date");
    assert_eq!(app.error_code(Some(&school), tests::ops::CREATE_SESSION, json!({ "i": input })).await, "VALIDATION");
    assert_eq!(app.error_code(Some(&school), "{ sessions(first: 101) { totalCount } }", json!({})).await, "VALIDATION");
    assert_eq!(app.error_code(Some(&school), "{ nope }", json!({})).await, "VALIDATION");
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM sessions").await, 0);
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    assert_eq!(
        app.error_code(
            Some(&magistrate),
            tests::ops::CREATE_SESSION,
            json!({ "i": tests::SessionSpec::default().input() })
        )
        .await,
        "FORBIDDEN"
    );
});

on_both_databases!(the_magistrate_directory_is_limited_to_ones_scope, |app: TestApp| async move {
    let q = "query($c: ID) { magistrates(courtId: $c, first: 100) { totalCount edges { node { court { name } } } } }";
    let lyon = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
    let paris = app.scalar_i64("SELECT id FROM courts WHERE name = 'Paris'").await.to_string();
    let head = app.login("chef-cour@demo.magistra.fr").await;
    let data = app.ok(&head, q, json!({ "c": lyon })).await;
    assert!(data["magistrates"]["totalCount"].as_u64().unwrap() > 0);
    assert!(data["magistrates"]["edges"].as_array().unwrap().iter().all(|e| e["node"]["court"]["name"] == "Lyon"));
    let all = app.ok(&head, q, json!({ "c": null })).await;
    assert_eq!(all["magistrates"]["totalCount"], data["magistrates"]["totalCount"], "no rows from other courts");
    assert_eq!(app.error_code(Some(&head), q, json!({ "c": paris })).await, "FORBIDDEN");
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    assert_eq!(app.error_code(Some(&magistrate), q, json!({ "c": null })).await, "FORBIDDEN");
    let director = app.login("directeur@demo.magistra.fr").await;
    let search = app.ok(&director, "{ magistrates(search: \"durand camille\") { totalCount } }", json!({})).await;
    assert_eq!(search["magistrates"]["totalCount"], 0, "words are searched as a phrase");
    let search =
        app.ok(&director, "{ magistrates(search: \"camille dur\") { edges { node { email } } } }", json!({})).await;
    assert_eq!(search["magistrates"]["edges"][0]["node"]["email"], "magistrat@demo.magistra.fr");
});

#[test]
fn the_committed_schema_matches_the_code() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../server/schema.graphql");
    let current = server::graphql::sdl();
    if std::env::var("MAGISTRA_WRITE_SCHEMA").is_ok() {
        std::fs::write(path, &current).unwrap();
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == current,
        "server/schema.graphql is out of date: run `MAGISTRA_WRITE_SCHEMA=1 cargo test -p tests --test server the_committed_schema` and commit it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn introspection_and_graphiql_are_off_in_production() {
    let options = SpawnOptions { magistrates: 10, environment: Environment::Production, ..SpawnOptions::default() };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await.unwrap();
    assert_eq!(app.client.get(format!("{}/graphiql", app.base)).send().await.unwrap().status(), 404);
    let answer = app.gql(None, "{ __schema { types { name } } }", json!({})).await;
    assert!(answer["data"]["__schema"].is_null(), "introspection must reveal nothing: {answer}");
    let school = app.login("ecole@demo.magistra.fr").await;
    let code = app.error_code(Some(&school), tests::ops::SWEEP, json!({ "at": "2027-05-01T00:00:00Z" })).await;
    assert_eq!(code, "VALIDATION", "asOf is refused in production");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_seed_has_the_36_courts_9000_magistrates_and_600_sessions() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("demo.sqlite").display());
    let db = server::app::prepare_database(&url).await.unwrap();
    let options = server::seed::SeedOptions::demo(server::settings::Secret::new("magistra"));
    let report = server::seed::seed(&db, &options).await.unwrap().to_string();
    assert!(report.contains("36 cours d’appel"), "{report}");
    assert!(report.contains("9000 magistrats"), "{report}");
    let again = server::seed::seed(&db, &options).await.unwrap().to_string();
    assert!(again.contains("déjà présentes"));
    let count = |sql: &'static str| tests::scalar(&db, sql);
    assert_eq!(count("SELECT COUNT(*) FROM courts").await, 36);
    assert!((160..=170).contains(&count("SELECT COUNT(*) FROM jurisdictions").await));
    assert_eq!(count("SELECT COUNT(*) FROM magistrates").await, 9000);
    assert_eq!(count("SELECT COUNT(*) FROM sessions WHERE scope = 'NATIONAL' AND status <> 'DRAFT'").await, 600);
    assert_eq!(count("SELECT COUNT(DISTINCT format) FROM sessions").await, 8, "every format");
    assert_eq!(
        count("SELECT COUNT(*) FROM magistrates WHERE evaluator_id IS NULL").await,
        72,
        "only heads of court lack an evaluator"
    );
    assert_eq!(count("SELECT COUNT(*) FROM users WHERE email LIKE '%@demo.magistra.fr'").await, 11);
    assert_eq!(
        count("SELECT COUNT(*) FROM magistrates m JOIN users u ON u.id = m.user_id JOIN users e ON e.id = m.evaluator_id \
               WHERE u.email = 'magistrat@demo.magistra.fr' AND e.email = 'chef-juridiction@demo.magistra.fr'").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_online_sqlite_backup_restores_every_row() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let school = app.login("ecole@demo.magistra.fr").await;
    let session = app.published_session(&school, tests::SessionSpec::default()).await;
    let people = app.plain_magistrates(40).await;
    for id in &people[..20] {
        app.apply(&app.token_for(*id), &session, 1).await;
    }
    // Keep writing while the backup is taken.
    let writer = {
        let tokens: Vec<String> = people[20..].iter().map(|id| app.token_for(*id)).collect();
        let base = app.base.clone();
        let session = session.clone();
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            for token in tokens {
                let body = json!({ "query": tests::ops::APPLY, "variables": { "s": session, "r": 1 } });
                client.post(format!("{base}/graphql")).bearer_auth(token).json(&body).send().await.unwrap();
            }
        })
    };
    let target = tempfile::tempdir().unwrap();
    let copy = target.path().join("sauvegarde.sqlite");
    let before = app.scalar_i64("SELECT COUNT(*) FROM applications").await;
    server::backup::backup_sqlite(app.db(), &copy).await.unwrap();
    writer.await.unwrap();
    assert!(server::backup::backup_sqlite(app.db(), &copy).await.is_err(), "an existing file is never overwritten");
    let restored = server::db::connect(&format!("sqlite://{}", copy.display())).await.unwrap();
    assert!(server::backup::integrity_ok(&restored).await.unwrap());
    assert!(
        tests::scalar(&restored, "SELECT COUNT(*) FROM applications").await >= before,
        "every acknowledged wish is in the copy"
    );
    for table in ["users", "magistrates", "courts", "jurisdictions", "role_assignments", "sessions"] {
        let live = app.scalar_i64(&format!("SELECT COUNT(*) FROM {table}")).await;
        assert_eq!(tests::scalar(&restored, &format!("SELECT COUNT(*) FROM {table}")).await, live, "{table}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn today_is_the_schools_clock_date_for_logged_in_people_only() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let token = app.login("magistrat@demo.magistra.fr").await;
    assert_eq!(app.ok(&token, "{ today }", json!({})).await["today"], "2027-01-10");
    app.set_today(tests::day(2027, 3, 1));
    assert_eq!(app.ok(&token, "{ today }", json!({})).await["today"], "2027-03-01");
    assert_eq!(app.error_code(None, "{ today }", json!({})).await, "UNAUTHENTICATED");
}
