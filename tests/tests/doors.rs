//! The doors an attacker would push, each through the real server: costly operations, the
//! WebSocket, login throttling under concurrency, logout, security headers, production defaults.

use std::time::Duration;

use chrono::Utc;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};
use server::live::{MAX_CONNECTIONS_PER_USER, MAX_SUBSCRIPTIONS_PER_USER};
use server::settings::{Environment, TOKEN_LIFETIME};
use tests::ws::{self, Socket};
use tests::{on_both_databases, Backend, SpawnOptions, TestApp};

const ME: &str = "{ me { email } }";
const LOGIN: &str = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
const BUDGET: &str = "subscription($c: ID!) { budgetChanged(courtId: $c, year: 2027) { consumedCents } }";
const EXPENSE: &str = "mutation($i: ExpenseInput!) { recordExpense(input: $i) { id } }";

on_both_databases!(
    a_thousand_aliased_training_sheets_are_refused_before_running_while_others_are_served,
    |app: TestApp| async move {
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let me = app.user_id("magistrat@demo.magistra.fr").await;
        let aliases: String =
            (0..1_000).map(|i| format!("a{i}:trainingSheet(magistrateId:\"{me}\",year:2027){{year}}")).collect();
        let attack = format!("{{{aliases}}}");
        assert!(attack.len() < 64 * 1024, "the attack fits in one request body");
        let others = app.login("ecole@demo.magistra.fr").await;
        let attacks = (0..8).map(|_| app.gql(Some(&magistrate), &attack, json!({})));
        let served = (0..8).map(|_| app.gql(Some(&others), ME, json!({})));
        let (attacks, served) = tokio::join!(futures::future::join_all(attacks), futures::future::join_all(served));
        for answer in attacks {
            assert_eq!(answer["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX", "{answer}");
            assert!(answer.get("data").is_none_or(Value::is_null), "nothing ran: {answer}");
        }
        for answer in served {
            assert_eq!(answer["data"]["me"]["email"], "ecole@demo.magistra.fr", "{answer}");
        }
        // Aliases deeper than the root count too.
        let nested: String = (0..41).map(|i| format!("e{i}: email ")).collect();
        let answer = app.gql(Some(&others), &format!("{{ me {{ {nested} }} }}"), json!({})).await;
        assert_eq!(answer["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX", "{answer}");
        // One sheet is fine.
        let one = format!("{{ trainingSheet(magistrateId: \"{me}\", year: 2027) {{ year }} }}");
        app.ok(&magistrate, &one, json!({})).await;
    }
);

/// The Lyon court's id and a director's token.
async fn lyon(app: &TestApp) -> (String, String) {
    let court = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
    (court, app.login("directeur@demo.magistra.fr").await)
}

async fn refused_at_init(app: &TestApp, payload: Value) -> Value {
    let mut socket = ws::open(&app.base).await;
    let answer = ws::init(&mut socket, payload).await;
    assert!(answer.get("closed").is_some(), "the connection is refused: {answer}");
    answer
}

on_both_databases!(the_websocket_refuses_connections_without_a_valid_token, |app: TestApp| async move {
    refused_at_init(&app, json!({})).await;
    refused_at_init(&app, json!({ "Authorization": "Bearer pas.un.jeton" })).await;
    let token = app.login("finances@demo.magistra.fr").await;
    let revoked = app.login("finances@demo.magistra.fr").await;
    app.ok(&revoked, "mutation { logout }", json!({})).await;
    refused_at_init(&app, json!({ "Authorization": format!("Bearer {revoked}") })).await;
    // The control: the same person's live token is accepted.
    ws::connect(&app.base, &token).await;
});

on_both_databases!(over_the_websocket_only_subscriptions_run, |app: TestApp| async move {
    let token = app.login("finances@demo.magistra.fr").await;
    let mut socket = ws::connect(&app.base, &token).await;
    ws::subscribe(&mut socket, "1", ME, json!({})).await;
    let answer = ws::next_json(&mut socket).await;
    assert_eq!(answer["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN", "{answer}");
    assert_eq!(ws::next_json(&mut socket).await, json!({ "id": "1", "type": "complete" }));
    ws::subscribe(&mut socket, "2", LOGIN, json!({ "e": "directeur@demo.magistra.fr", "p": "magistra" })).await;
    let answer = ws::next_json(&mut socket).await;
    assert_eq!(answer["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN", "no login spraying: {answer}");
    assert!(!answer.to_string().contains("token\":\""), "{answer}");
});

on_both_databases!(a_websocket_message_over_64_kib_closes_the_connection, |app: TestApp| async move {
    let token = app.login("finances@demo.magistra.fr").await;
    let mut socket = ws::connect(&app.base, &token).await;
    let padding = "x".repeat(70 * 1024);
    ws::subscribe(
        &mut socket,
        "1",
        &format!("subscription {{ budgetChanged(courtId: \"1\") {{ consumedCents }} }} # {padding}"),
        json!({}),
    )
    .await;
    let answer = ws::next_json(&mut socket).await;
    assert!(answer.get("closed").is_some(), "{answer}");
});

on_both_databases!(
    one_person_holds_a_bounded_number_of_live_connections_and_subscriptions,
    |app: TestApp| async move {
        let (court, director) = lyon(&app).await;
        let mut open: Vec<Socket> = Vec::new();
        for _ in 0..MAX_CONNECTIONS_PER_USER {
            open.push(ws::connect(&app.base, &director).await);
        }
        let answer = refused_at_init(&app, json!({ "Authorization": format!("Bearer {director}") })).await;
        assert!(answer.to_string().contains("Trop de connexions"), "{answer}");
        // Someone else is not affected.
        let finance = app.login("finances@demo.magistra.fr").await;
        ws::connect(&app.base, &finance).await;
        // Subscriptions across the connections.
        for n in 0..MAX_SUBSCRIPTIONS_PER_USER {
            let socket = &mut open[n % MAX_CONNECTIONS_PER_USER];
            ws::subscribe(socket, &format!("s{n}"), BUDGET, json!({ "c": court })).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        ws::subscribe(&mut open[0], "one-too-many", BUDGET, json!({ "c": court })).await;
        let answer = ws::next_json(&mut open[0]).await;
        assert_eq!(answer["id"], "one-too-many", "{answer}");
        assert_eq!(answer["payload"]["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{answer}");
        // Closing a connection gives its slots back.
        drop(open.pop());
        tokio::time::sleep(Duration::from_millis(300)).await;
        ws::connect(&app.base, &director).await;
    }
);

/// Subscribes `socket` to Lyon's figures and checks that one expense reaches it.
async fn watch_then_expense(app: &TestApp, socket: &mut Socket, court: &str) {
    ws::subscribe(socket, "1", BUDGET, json!({ "c": court })).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let finance = app.login("finances@demo.magistra.fr").await;
    let input = json!({ "courtId": court, "category": "TRAVEL", "amountCents": 100, "kind": "COMMITTED", "date": "2027-02-01", "label": "Billets" });
    app.ok(&finance, EXPENSE, json!({ "i": input })).await;
    let pushed = ws::next_json(socket).await;
    assert_eq!(pushed["type"], "next", "{pushed}");
}

async fn subscription_ends_on_revocation_and_disabling(backend: Backend) {
    let options = SpawnOptions { live_recheck: Duration::from_millis(300), ..Default::default() };
    let Some(app) = TestApp::spawn_with(backend, options).await else {
        eprintln!("skipped: MAGISTRA_TEST_POSTGRES is not set");
        return;
    };
    let (court, _) = lyon(&app).await;
    tests::plans::lyon_credits(&app, &court, 2027, 100_000).await;
    let watcher = app.login("ecole@demo.magistra.fr").await;
    let mut socket = ws::connect(&app.base, &watcher).await;
    watch_then_expense(&app, &mut socket, &court).await;
    app.ok(&watcher, "mutation { logout }", json!({})).await;
    let ended = ws::next_json(&mut socket).await;
    assert_eq!(ended["type"], "complete", "the subscription ends once its token is revoked: {ended}");

    let delegate = app.login("delegue@demo.magistra.fr").await;
    let mut socket = ws::connect(&app.base, &delegate).await;
    watch_then_expense(&app, &mut socket, &court).await;
    app.db()
        .execute_unprepared("UPDATE users SET active = FALSE WHERE email = 'delegue@demo.magistra.fr'")
        .await
        .unwrap();
    let ended = ws::next_json(&mut socket).await;
    assert_eq!(ended["type"], "complete", "the subscription ends once the account is disabled: {ended}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscription_ends_when_its_token_is_revoked_or_its_account_disabled_sqlite() {
    subscription_ends_on_revocation_and_disabling(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_subscription_ends_when_its_token_is_revoked_or_its_account_disabled_postgres() {
    subscription_ends_on_revocation_and_disabling(Backend::Postgres).await;
}

on_both_databases!(a_subscription_ends_when_its_token_expires, |app: TestApp| async move {
    let (court, _) = lyon(&app).await;
    let id = app.user_id("finances@demo.magistra.fr").await;
    let issued = Utc::now() - chrono::Duration::from_std(TOKEN_LIFETIME).unwrap() + chrono::Duration::seconds(2);
    let short_lived = app.state.keys.issue(id, issued).unwrap().0;
    let mut socket = ws::connect(&app.base, &short_lived).await;
    ws::subscribe(&mut socket, "1", BUDGET, json!({ "c": court })).await;
    let ended = ws::next(&mut socket, Duration::from_secs(10)).await.expect("an answer before ten seconds");
    assert_eq!(ended["type"], "complete", "{ended}");
});

on_both_databases!(logout_revokes_that_token_everywhere_and_only_that_one, |app: TestApp| async move {
    let first = app.login("magistrat@demo.magistra.fr").await;
    let second = app.login("magistrat@demo.magistra.fr").await;
    let data = app.ok(&first, "mutation { logout }", json!({})).await;
    assert_eq!(data["logout"], true);
    assert_eq!(app.error_code(Some(&first), ME, json!({})).await, "UNAUTHENTICATED");
    let (status, _, _) = app.export(Some(&first), "/export/sessions.ics?magistrate=1").await;
    assert_eq!(status, 401, "the exports refuse it too");
    app.ok(&second, ME, json!({})).await;
    let me = app.user_id("magistrat@demo.magistra.fr").await;
    let logouts = app
        .scalar_i64(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.logout' AND actor_id = {me}"))
        .await;
    assert_eq!(logouts, 1);
});

on_both_databases!(concurrent_wrong_passwords_never_get_more_tries_than_the_limit, |app: TestApp| async move {
    let attempts = (0..20).map(|_| app.gql(None, LOGIN, json!({ "e": "magistrat@demo.magistra.fr", "p": "devine" })));
    let answers = futures::future::join_all(attempts).await;
    let codes: Vec<&str> =
        answers.iter().map(|a| a["errors"][0]["extensions"]["code"].as_str().unwrap_or_default()).collect();
    let checked = codes.iter().filter(|c| **c == "UNAUTHENTICATED").count();
    let throttled = codes.iter().filter(|c| **c == "RATE_LIMITED").count();
    assert_eq!(checked + throttled, 20, "{codes:?}");
    assert!(checked <= 5, "at most five passwords were checked, not {checked}");
    // The burst counts in full: the right password is refused too, from that address…
    let answer = app.gql(None, LOGIN, json!({ "e": "magistrat@demo.magistra.fr", "p": "magistra" })).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{answer}");
    // …until the window has passed.
    app.clock.advance(chrono::Duration::minutes(16));
    app.login("magistrat@demo.magistra.fr").await;
});

/// A login as if forwarded by the trusted proxy for `client`.
async fn login_from(app: &TestApp, client: &str, email: &str, password: &str) -> Value {
    app.client
        .post(format!("{}/graphql", app.base))
        .header("X-Forwarded-For", client)
        .json(&json!({ "query": LOGIN, "variables": { "e": email, "p": password } }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

async fn attacker_and_owner(backend: Backend) {
    let options = SpawnOptions { trusted_proxies: vec!["127.0.0.1".parse().unwrap()], ..Default::default() };
    let Some(app) = TestApp::spawn_with(backend, options).await else {
        eprintln!("skipped: MAGISTRA_TEST_POSTGRES is not set");
        return;
    };
    for _ in 0..8 {
        login_from(&app, "203.0.113.7", "magistrat@demo.magistra.fr", "devine").await;
    }
    let attacker = login_from(&app, "203.0.113.7", "magistrat@demo.magistra.fr", "magistra").await;
    assert_eq!(attacker["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{attacker}");
    let owner = login_from(&app, "198.51.100.4", "magistrat@demo.magistra.fr", "magistra").await;
    assert!(owner["data"]["login"]["token"].is_string(), "the owner logs in from their own address: {owner}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attacker_at_one_address_cannot_lock_out_the_owner_at_another_sqlite() {
    attacker_and_owner(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attacker_at_one_address_cannot_lock_out_the_owner_at_another_postgres() {
    attacker_and_owner(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_carries_the_security_headers_and_graphiql_stays_in_development() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    for path in ["/", "/health", "/programme"] {
        let response = app.client.get(format!("{}{path}", app.base)).send().await.unwrap();
        let headers = response.headers();
        let csp = headers.get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert!(csp.contains("default-src 'self'") && csp.contains("frame-ancestors 'none'"), "{path}: {csp}");
        assert!(csp.contains("'wasm-unsafe-eval'") && !csp.contains("'unsafe-inline'"), "{path}: {csp}");
        assert_eq!(headers.get("x-content-type-options").unwrap(), "nosniff", "{path}");
        assert!(headers.get("referrer-policy").is_some(), "{path}");
        assert!(headers.get("strict-transport-security").is_none(), "no HSTS outside production");
    }
    let graphql = app
        .client
        .post(format!("{}/graphql", app.base))
        .json(&json!({ "query": "{ __typename }" }))
        .send()
        .await
        .unwrap();
    assert!(graphql.headers().get("content-security-policy").is_some());
    let graphiql = app.client.get(format!("{}/graphiql", app.base)).send().await.unwrap();
    assert_eq!(graphiql.status(), 200);
    assert!(graphiql.headers().get("content-security-policy").is_none(), "GraphiQL keeps its own page");

    let production = SpawnOptions { environment: Environment::Production, ..Default::default() };
    let app = TestApp::spawn_with(Backend::Sqlite, production).await.unwrap();
    let graphiql = app.client.get(format!("{}/graphiql", app.base)).send().await.unwrap();
    let csp = graphiql.headers().get("content-security-policy").cloned();
    assert!(graphiql.status() == 404 || csp.is_some(), "no GraphiQL page in production");
    let health = app.client.get(format!("{}/health", app.base)).send().await.unwrap();
    assert!(health.headers().get("strict-transport-security").is_some(), "HSTS in production");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn production_fails_closed_no_suggestions_no_ceiling_no_demo_seed() {
    let production = SpawnOptions { environment: Environment::Production, ..Default::default() };
    let app = TestApp::spawn_with(Backend::Sqlite, production).await.unwrap();
    let token = app.login("ecole@demo.magistra.fr").await;
    let answer = app.gql(Some(&token), "{ notification { id } }", json!({})).await;
    let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(!message.contains("Did you mean"), "no field suggestions in production: {message}");
    let development = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let token = development.login("ecole@demo.magistra.fr").await;
    let answer = development.gql(Some(&token), "{ notification { id } }", json!({})).await;
    assert!(answer["errors"][0]["message"].as_str().unwrap_or_default().contains("Did you mean"), "{answer}");
    for server in [&app, &development] {
        let response =
            server.client.get(format!("{}/ceiling/sessions", server.base)).bearer_auth(&token).send().await.unwrap();
        let body = response.text().await.unwrap();
        assert!(!body.contains("totalCount"), "the load tool's ceiling is not in the product: {body}");
    }

    let binary = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/debug/magistra");
    assert!(binary.exists(), "scripts/test builds the binary first: {}", binary.display());
    let dir = tempfile::tempdir().unwrap();
    let output = std::process::Command::new(binary)
        .arg("seed")
        .env("MAGISTRA_ENV", "production")
        .env("MAGISTRA_JWT_SECRET", "a-production-secret-of-at-least-thirty-two-characters")
        .env("DATABASE_URL", format!("sqlite://{}?mode=rwc", dir.path().join("prod.sqlite").display()))
        .output()
        .unwrap();
    assert!(!output.status.success(), "magistra seed must refuse in production");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("production"), "{stderr}");
    assert!(!dir.path().join("prod.sqlite").exists(), "nothing was written");
}
