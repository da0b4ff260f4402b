//! The national selection's draw (issue 17), through the real server on both databases: the seed
//! of a year is committed to when its first national action is published — its SHA-256 public,
//! without signing in — and revealed only once the year's national wishes have closed, where
//! anyone can check it against the commitment; it is made once.

use serde_json::{json, Value};
use tests::{day, on_both_databases, SessionSpec, TestApp};

const COMMITMENT: &str = "query($y: Int!) { allocationSeedCommitment(year: $y) { year sha256 committedAt seed } }";

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The year's commitment, as anyone reads it without signing in.
async fn commitment(app: &TestApp, year: i32) -> Value {
    app.gql(None, COMMITMENT, json!({ "y": year })).await["data"]["allocationSeedCommitment"].clone()
}

on_both_databases!(the_draw_is_committed_to_before_the_wishes_and_revealed_after_them, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    assert_eq!(commitment(&app, 2027).await, Value::Null, "nothing before a national action is published");

    // The first national action published commits to the year's draw; a second changes nothing.
    app.published_session(&school, SessionSpec::default()).await;
    let committed = commitment(&app, 2027).await;
    let sha256 = committed["sha256"].as_str().unwrap().to_owned();
    assert_eq!(sha256.len(), 64, "{committed}");
    assert!(committed["seed"].is_null(), "the seed stays hidden while wishes are open: {committed}");
    app.published_session(&school, SessionSpec { title: "Droit de la famille".into(), ..SessionSpec::default() }).await;
    assert_eq!(commitment(&app, 2027).await["sha256"], sha256.as_str(), "made once");
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'selection.seed_commit'").await, 1);

    // Once the wishes have closed (31 March), the seed is shown and matches its commitment.
    app.set_today(day(2027, 4, 1));
    let revealed = commitment(&app, 2027).await;
    let seed = revealed["seed"].as_str().unwrap_or_else(|| panic!("revealed: {revealed}")).to_owned();
    let bytes: Vec<u8> =
        (0..seed.len() / 2).map(|i| u8::from_str_radix(&seed[2 * i..2 * i + 2], 16).unwrap()).collect();
    assert_eq!(bytes.len(), 32);
    assert_eq!(sha256_hex(&bytes), sha256, "anyone can check the seed against what was published");

    // A year without a national action has none.
    assert_eq!(commitment(&app, 2026).await, Value::Null);
});
