//! GraphQL over HTTP: the `graphql-http` audit suite (npm) passes against the real server with no
//! error and no warning, `application/graphql-response+json` included, while `application/json`
//! answers as before.

use std::path::Path;

use serde_json::{json, Value};
use tests::{Backend, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_graphql_over_http_audit_suite_passes_with_no_error_and_no_warning() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut command = std::process::Command::new("node");
    command
        .arg(root.join("tests/http/audit.mjs"))
        .current_dir(&root)
        .env("MAGISTRA_URL", format!("{}/graphql", app.base));
    let output = tokio::task::spawn_blocking(move || command.output()).await.unwrap().expect("node runs");
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("{log}");
    assert!(output.status.success(), "graphql-http audits:\n{log}");
    assert!(log.contains(", 0 errors, 0 warnings"), "{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_error_is_a_400_without_data_in_graphql_response_json_and_a_200_in_plain_json() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let send = |accept: &'static str, query: &'static str| {
        app.client
            .post(format!("{}/graphql", app.base))
            .header("accept", accept)
            .json(&json!({ "query": query }))
            .send()
    };
    let modern = send("application/graphql-response+json", "{ nope }").await.unwrap();
    assert_eq!(modern.status(), 400);
    assert!(modern.headers()["content-type"].to_str().unwrap().starts_with("application/graphql-response+json"));
    let body: Value = modern.json().await.unwrap();
    assert!(body.get("data").is_none(), "{body}");
    assert_eq!(body["errors"][0]["extensions"]["code"], "VALIDATION");
    let plain = send("application/json", "{ nope }").await.unwrap();
    assert_eq!(plain.status(), 200);
    assert_eq!(plain.headers()["content-type"], "application/json");
    // A field error is not a request error: 200 and data, in either type.
    let field_error = send("application/graphql-response+json", "{ me { email } }").await.unwrap();
    assert_eq!(field_error.status(), 200);
    let body: Value = field_error.json().await.unwrap();
    assert_eq!(body["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{body}");
}
