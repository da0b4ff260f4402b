//! The web client on a slow line (issue 15): each file is compressed once, at build time, with
//! Brotli and gzip, and sent compressed to a browser that accepts it; files named by their hash
//! are cached for a year and the page never is; GraphQL answers are compressed when asked.

use std::io::Read;
use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tests::{Backend, SpawnOptions, TestApp};

fn dist() -> PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../web/dist");
    assert!(dist.join("index.html").exists(), "run scripts/build-web first (scripts/test does)");
    dist
}

/// The name of the client's WebAssembly file, as the build hashed it.
fn wasm_name(dist: &Path) -> String {
    std::fs::read_dir(dist)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .find(|name| name.ends_with(".wasm"))
        .expect("a .wasm in web/dist")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_client_is_sent_precompressed_and_hashed_files_are_cached_for_a_year() {
    let dist = dist();
    let options = SpawnOptions { web_dist: Some(dist.clone()), magistrates: 10, ..SpawnOptions::default() };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await.unwrap();
    let wasm = wasm_name(&dist);
    let raw = std::fs::read(dist.join(&wasm)).unwrap();
    for (accept, encoding, suffix) in
        [("br, gzip", Some("br"), ".br"), ("gzip", Some("gzip"), ".gz"), ("identity", None, "")]
    {
        let response =
            app.client.get(format!("{}/{wasm}", app.base)).header("accept-encoding", accept).send().await.unwrap();
        assert_eq!(response.status(), 200, "{accept}");
        let headers = response.headers().clone();
        assert_eq!(headers.get("content-encoding").and_then(|v| v.to_str().ok()), encoding, "{accept}");
        assert_eq!(headers["cache-control"], "public, max-age=31536000, immutable", "{accept}");
        assert_eq!(headers["content-type"], "application/wasm", "{accept}");
        let body = response.bytes().await.unwrap();
        let stored = std::fs::read(dist.join(format!("{wasm}{suffix}"))).unwrap();
        assert_eq!(body.len(), stored.len(), "{accept}: the file prepared at build time, not one made now");
        if encoding.is_some() {
            assert!(body.len() * 2 < raw.len(), "{accept}: {} of {} bytes", body.len(), raw.len());
        }
    }
    // The page, and every address of the client it answers for, is checked again each time.
    for path in ["/", "/index.html", "/programme"] {
        let response =
            app.client.get(format!("{}{path}", app.base)).header("accept-encoding", "br").send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(response.headers()["content-encoding"], "br", "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_answers_are_compressed_when_the_client_asks() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let token = app.login("ecole@demo.magistra.fr").await;
    let query = json!({ "query": "{ courts { id name jurisdictions { id name } } }" });
    let send = |encoding: &'static str| {
        app.client
            .post(format!("{}/graphql", app.base))
            .bearer_auth(&token)
            .header("accept-encoding", encoding)
            .json(&query)
            .send()
    };
    let plain = send("identity").await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.bytes().await.unwrap();
    let zipped = send("gzip").await.unwrap();
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    let zipped = zipped.bytes().await.unwrap();
    let mut text = String::new();
    flate2::read::GzDecoder::new(&zipped[..]).read_to_string(&mut text).unwrap();
    let answer: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(answer["data"]["courts"].as_array().unwrap().len(), 36);
    assert!(zipped.len() * 3 < plain.len(), "{} bytes compressed of {}", zipped.len(), plain.len());
    let brotli = send("br").await.unwrap();
    assert_eq!(brotli.headers()["content-encoding"], "br");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administration_console_is_a_build_of_its_own_under_its_own_address() {
    let dist = dist();
    let console = dist.join("administration");
    assert!(console.join("index.html").exists(), "scripts/build-web builds the console too");
    let options = SpawnOptions { web_dist: Some(dist.clone()), magistrates: 10, ..SpawnOptions::default() };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await.unwrap();
    let console_wasm = wasm_name(&console);
    // Every address of the console answers with the console's page, which loads the console's build.
    for path in ["/administration", "/administration/", "/administration/personnes/12", "/ecole/programme", "/ecole"] {
        let response = app.client.get(format!("{}{path}", app.base)).send().await.unwrap();
        assert_eq!(response.status(), 200, "{path}");
        assert_eq!(response.headers()["cache-control"], "no-cache", "{path}");
        let page = response.text().await.unwrap();
        assert!(page.contains(&format!("/administration/{console_wasm}")), "{path} serves the console: {page}");
    }
    let response = app.client.get(format!("{}/administration/{console_wasm}", app.base)).send().await.unwrap();
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["cache-control"], "public, max-age=31536000, immutable");
    // A hashed name that is not (or no longer) there answers the page, which is never kept for a year.
    for gone in ["/administration/web-0123456789abcdef_bg.wasm", "/web-0123456789abcdef.js"] {
        let response = app.client.get(format!("{}{gone}", app.base)).send().await.unwrap();
        assert_eq!(response.headers()["cache-control"], "no-cache", "{gone}");
    }
    // The magistrates' client does not load it, and the policy lets each page run its own loader.
    let response = app.client.get(format!("{}/programme", app.base)).send().await.unwrap();
    let csp = response.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let page = response.text().await.unwrap();
    assert!(!page.contains("/administration/"), "{page}");
    assert!(page.contains(&wasm_name(&dist)));
    assert_eq!(csp.matches("'sha256-").count(), 2, "the inline loader of each page: {csp}");
}
