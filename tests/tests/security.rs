//! Tokens, login throttling and query limits: attacks that must fail with a coded error.

use chrono::{Duration, Utc};
use jsonwebtoken::{encode, Algorithm, EncodingKey, Header};
use serde_json::{json, Value};
use tests::{on_both_databases, Backend, TestApp};

const ME: &str = "{ me { email } }";

fn claims(sub: &str, iss: &str, aud: &str, nbf: i64, exp: i64) -> Value {
    let now = Utc::now().timestamp();
    json!({ "sub": sub, "iss": iss, "aud": aud, "iat": now, "nbf": nbf, "exp": exp, "jti": uuid::Uuid::new_v4().to_string() })
}

fn sign(algorithm: Algorithm, secret: &[u8], claims: &Value) -> String {
    encode(&Header::new(algorithm), claims, &EncodingKey::from_secret(secret)).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_that_are_forged_expired_early_misaddressed_or_orphaned_are_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let secret = app.state.settings.jwt_secret.expose().as_bytes().to_vec();
    let id = app.user_id("magistrat@demo.magistra.fr").await.to_string();
    let now = Utc::now().timestamp();
    let hour = 3_600;
    let valid = claims(&id, "magistra", "magistra-web", now - 10, now + hour);
    // The control: a well-formed token works, so each refusal below is about what it changes.
    assert_eq!(
        app.ok(&sign(Algorithm::HS256, &secret, &valid), ME, json!({})).await["me"]["email"],
        "magistrat@demo.magistra.fr"
    );

    let good = sign(Algorithm::HS256, &secret, &valid);
    let (head, rest) = good.split_once('.').unwrap();
    let (payload, signature) = rest.split_once('.').unwrap();
    let mut tampered_payload = claims("1", "magistra", "magistra-web", now - 10, now + hour);
    tampered_payload["sub"] = json!(app.user_id("directeur@demo.magistra.fr").await.to_string());
    let forged_payload =
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &tampered_payload, &EncodingKey::from_secret(b"x"))
            .unwrap();
    let swapped = format!("{head}.{}.{signature}", forged_payload.split('.').nth(1).unwrap());
    let unsigned = format!("eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.{payload}.");
    let deleted_user = claims("99999999", "magistra", "magistra-web", now - 10, now + hour);
    let mut missing_exp = valid.clone();
    missing_exp.as_object_mut().unwrap().remove("exp");
    let mut missing_sub = valid.clone();
    missing_sub.as_object_mut().unwrap().remove("sub");
    let cases = [
        ("a signature that does not match the payload", swapped),
        ("alg: none", unsigned),
        ("another algorithm (HS512)", sign(Algorithm::HS512, &secret, &valid)),
        (
            "expired",
            sign(Algorithm::HS256, &secret, &claims(&id, "magistra", "magistra-web", now - 2 * hour, now - hour)),
        ),
        (
            "not yet valid",
            sign(Algorithm::HS256, &secret, &claims(&id, "magistra", "magistra-web", now + hour, now + 2 * hour)),
        ),
        (
            "wrong issuer",
            sign(Algorithm::HS256, &secret, &claims(&id, "ailleurs", "magistra-web", now - 10, now + hour)),
        ),
        (
            "wrong audience",
            sign(Algorithm::HS256, &secret, &claims(&id, "magistra", "autre-client", now - 10, now + hour)),
        ),
        ("wrong key", sign(Algorithm::HS256, b"another secret of at least thirty-two bytes", &valid)),
        ("missing exp", sign(Algorithm::HS256, &secret, &missing_exp)),
        ("missing sub", sign(Algorithm::HS256, &secret, &missing_sub)),
        ("a user that does not exist", sign(Algorithm::HS256, &secret, &deleted_user)),
        ("garbage", "pas.un.jeton".to_owned()),
    ];
    for (what, token) in &cases {
        assert_eq!(app.error_code(Some(token), ME, json!({})).await, "UNAUTHENTICATED", "{what}");
    }
}

on_both_databases!(logins_are_throttled_after_repeated_failures_per_account, |app: TestApp| async move {
    let q = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
    for _ in 0..5 {
        let code = app.error_code(None, q, json!({ "e": "magistrat@demo.magistra.fr", "p": "devine" })).await;
        assert_eq!(code, "UNAUTHENTICATED");
    }
    // Even the right password is refused for a while…
    let code = app.error_code(None, q, json!({ "e": "magistrat@demo.magistra.fr", "p": "magistra" })).await;
    assert_eq!(code, "RATE_LIMITED");
    // …but only for that account,
    app.login("chef-cour@demo.magistra.fr").await;
    // and not after the window.
    app.clock.advance(Duration::minutes(16));
    app.login("magistrat@demo.magistra.fr").await;
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logins_are_throttled_per_address_across_accounts() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let q = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
    for n in 0..30 {
        let code = app.error_code(None, q, json!({ "e": format!("inconnu{n}@justice.fr"), "p": "x" })).await;
        assert_eq!(code, "UNAUTHENTICATED");
    }
    let code = app.error_code(None, q, json!({ "e": "directeur@demo.magistra.fr", "p": "magistra" })).await;
    assert_eq!(code, "RATE_LIMITED", "the address is throttled");
}

/// Sends a login as if forwarded by a proxy for `client`.
async fn login_via_proxy(app: &TestApp, client: &str, email: &str, password: &str) -> Value {
    let query = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
    let response = app
        .client
        .post(format!("{}/graphql", app.base))
        .header("X-Forwarded-For", client)
        .json(&json!({ "query": query, "variables": { "e": email, "p": password } }))
        .send()
        .await
        .unwrap();
    response.json().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_logins_are_throttled_per_forwarded_address() {
    let options = tests::SpawnOptions { trusted_proxies: vec!["127.0.0.1".parse().unwrap()], ..Default::default() };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await.unwrap();
    for n in 0..30 {
        let answer = login_via_proxy(&app, "203.0.113.7", &format!("inconnu{n}@justice.fr"), "x").await;
        assert_eq!(answer["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    }
    let answer = login_via_proxy(&app, "203.0.113.7", "directeur@demo.magistra.fr", "magistra").await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "RATE_LIMITED", "the forwarded address is throttled");
    // Another client behind the same proxy is not, even if it forges an entry on the left.
    let answer = login_via_proxy(&app, "203.0.113.7, 198.51.100.9", "directeur@demo.magistra.fr", "magistra").await;
    assert!(answer["data"]["login"]["token"].is_string(), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forged_forwarded_for_from_an_untrusted_peer_changes_nothing() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    for n in 0..30 {
        let answer = login_via_proxy(&app, &format!("203.0.113.{n}"), &format!("inconnu{n}@justice.fr"), "x").await;
        assert_eq!(answer["errors"][0]["extensions"]["code"], "UNAUTHENTICATED");
    }
    let answer = login_via_proxy(&app, "198.51.100.9", "directeur@demo.magistra.fr", "magistra").await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "RATE_LIMITED", "the real address is throttled");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn queries_too_deep_or_too_complex_are_refused() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let token = app.login("directeur@demo.magistra.fr").await;
    let mut deep = "name".to_owned();
    for _ in 0..8 {
        deep = format!("jurisdictions {{ court {{ {deep} }} }}");
    }
    let answer = app.gql(Some(&token), &format!("{{ courts {{ {deep} }} }}"), json!({})).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX");
    assert!(answer["errors"][0]["message"].as_str().unwrap().to_lowercase().contains("deep"), "{answer}");
    let wide: String = (0..1_300).map(|i| format!("a{i}: courts {{ id name region }} ")).collect();
    let answer = app.gql(Some(&token), &format!("{{ {wide} }}"), json!({})).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX");
    assert!(answer["errors"][0]["message"].as_str().unwrap().contains("racine"), "{answer}");
    // Within the root-field cap, the weights still refuse a costly shape.
    let heavy: String = (0..15).map(|i| format!("s{i}: sessions(first: 100) {{ edges {{ node {{ id code title startDate endDate seatsLeft capacity }} }} }} ")).collect();
    let answer = app.gql(Some(&token), &format!("{{ {heavy} }}"), json!({})).await;
    assert_eq!(answer["errors"][0]["extensions"]["code"], "QUERY_TOO_COMPLEX", "{answer}");
    // A normal query passes the same limits.
    app.ok(&token, "{ courts { name jurisdictions { name court { name } } } }", json!({})).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_client_too_slow_to_send_its_request_is_cut_off_with_408() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let options = tests::SpawnOptions {
        magistrates: 10,
        request_timeout: std::time::Duration::from_secs(1),
        ..Default::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await.unwrap();
    let address = app.base.trim_start_matches("http://").to_owned();
    let mut stream = tokio::net::TcpStream::connect(&address).await.unwrap();
    let head = format!("POST /graphql HTTP/1.1\r\nHost: {address}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"query\":");
    stream.write_all(head.as_bytes()).await.unwrap();
    let started = std::time::Instant::now();
    let mut answer = Vec::new();
    let _ = tokio::time::timeout(std::time::Duration::from_secs(10), stream.read_to_end(&mut answer)).await;
    let text = String::from_utf8_lossy(&answer);
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    // Normal requests on the same server are unaffected.
    app.login("ecole@demo.magistra.fr").await;
}
