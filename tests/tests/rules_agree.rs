//! Where SQL repeats a rule of `shared` for speed, the two must agree: checked here on generated
//! cases, through the real server, on both databases.

use std::collections::BTreeSet;

use chrono::Days;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};
use server::clock::Clock;
use shared::rules::{keeps_wish, lifecycle, open_to_magistrate, Offer};
use shared::{ApplicationStatus, Scope, SessionStatus};
use tests::{on_both_databases, SessionSpec, TestApp};

const OPEN_TO_ME: &str =
    "query($after: String) { sessions(filter: { openForApplications: true }, first: 100, after: $after) \
    { edges { node { id } } pageInfo { hasNextPage endCursor } } }";

/// One generated session, as the rule sees it.
struct Generated {
    id: String,
    status: SessionStatus,
    scope: Scope,
    open: chrono::NaiveDate,
    close: chrono::NaiveDate,
    courts: Vec<i64>,
}

async fn court(app: &TestApp, name: &str) -> i64 {
    app.scalar_i64(&format!("SELECT id FROM courts WHERE name = '{name}'")).await
}

/// Ordinary magistrates of Lyon (no other role).
async fn lyon_magistrates(app: &TestApp, n: usize) -> Vec<i64> {
    let mut found = Vec::new();
    for id in app.plain_magistrates(600).await {
        let in_lyon = app
            .scalar_i64(&format!(
                "SELECT COUNT(*) FROM magistrates m JOIN courts c ON c.id = m.court_id WHERE c.name = 'Lyon' AND m.user_id = {id}"
            ))
            .await;
        if in_lyon == 1 {
            found.push(id);
        }
        if found.len() == n {
            break;
        }
    }
    found
}

on_both_databases!(
    open_to_magistrate_in_sql_agrees_with_the_rust_rule_on_generated_sessions,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let (lyon, paris) = (court(&app, "Lyon").await, court(&app, "Paris").await);
        let today = app.clock.now().date_naive();
        let days = |n: i64| {
            if n >= 0 {
                today.checked_add_days(Days::new(n as u64)).unwrap()
            } else {
                today.checked_sub_days(Days::new((-n) as u64)).unwrap()
            }
        };
        let windows = [(-10, -1), (-10, 0), (0, 10), (1, 10), (-10, 10)];
        let scopes: [(Scope, Vec<i64>); 4] = [
            (Scope::National, vec![]),
            (Scope::Deconcentrated, vec![lyon]),
            (Scope::Deconcentrated, vec![paris]),
            (Scope::Deconcentrated, vec![lyon, paris]),
        ];
        let statuses =
            [SessionStatus::Draft, SessionStatus::Published, SessionStatus::Cancelled, SessionStatus::Closed];
        let mut generated = Vec::new();
        for status in statuses {
            for (open, close) in windows {
                for (scope, courts) in &scopes {
                    let spec = SessionSpec {
                        title: format!("Cas {status} {open} {close} {scope} {courts:?}"),
                        open: days(open),
                        close: days(close),
                        scope: if *scope == Scope::National { "NATIONAL" } else { "DECONCENTRATED" },
                        court_ids: courts.iter().map(i64::to_string).collect(),
                        ..SessionSpec::default()
                    };
                    let created = app.ok(&school, tests::ops::CREATE_SESSION, json!({ "i": spec.input() })).await;
                    let id = created["createSession"]["id"].as_str().unwrap().to_owned();
                    app.db()
                        .execute_unprepared(&format!(
                            "UPDATE sessions SET status = '{}' WHERE id = {id}",
                            status.as_str()
                        ))
                        .await
                        .unwrap();
                    generated.push(Generated {
                        id,
                        status,
                        scope: *scope,
                        open: days(open),
                        close: days(close),
                        courts: courts.clone(),
                    });
                }
            }
        }
        let expected: BTreeSet<String> = generated
            .iter()
            .filter(|g| {
                let offer = Offer {
                    status: g.status,
                    scope: g.scope,
                    applications_open: g.open,
                    applications_close: g.close,
                    court_ids: &g.courts,
                };
                open_to_magistrate(&offer, today, Some(lyon))
            })
            .map(|g| g.id.clone())
            .collect();
        assert!(!expected.is_empty() && expected.len() < generated.len(), "the cases cover both answers");

        // The programme's "open to me" filter (SQL) against the rule, for a Lyon magistrate.
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let mut listed = BTreeSet::new();
        let mut after: Option<String> = None;
        loop {
            let data = app.ok(&magistrate, OPEN_TO_ME, json!({ "after": after })).await;
            let page = &data["sessions"];
            listed
                .extend(page["edges"].as_array().unwrap().iter().map(|e| e["node"]["id"].as_str().unwrap().to_owned()));
            if page["pageInfo"]["hasNextPage"] != true {
                break;
            }
            after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
        }
        assert_eq!(listed, expected, "the listing's SQL and the rule disagree");

        // The wish writer's conditional insert (SQL) against the rule: one wish per case.
        let people = lyon_magistrates(&app, generated.len().div_ceil(20)).await;
        assert!(people.len() * 20 >= generated.len(), "enough Lyon magistrates ({})", people.len());
        for (n, case) in generated.iter().enumerate() {
            let token = app.token_for(people[n / 20]);
            let answer = app
                .gql(Some(&token), tests::ops::APPLY, json!({ "s": case.id, "r": (n % 20) as i32 + 1, "m": null }))
                .await;
            let written = answer.get("errors").is_none();
            assert_eq!(
                written,
                expected.contains(&case.id),
                "{} {} window {}..{} courts {:?}: {answer}",
                case.status,
                case.scope,
                case.open,
                case.close,
                case.courts
            );
        }
    }
);

/// An open national session, and a wish on it by `magistrate` at `rank`.
async fn wish(app: &TestApp, school: &str, magistrate: i64, title: &str) -> (String, Value) {
    let session = app.published_session(school, SessionSpec { title: title.into(), ..SessionSpec::default() }).await;
    let token = app.token_for(magistrate);
    let answer = app.gql(Some(&token), tests::ops::APPLY, json!({ "s": session, "r": 1, "m": null })).await;
    (session, answer)
}

on_both_databases!(
    art_130_the_unique_indexes_free_a_session_exactly_when_the_rule_says_a_wish_is_no_longer_kept,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let people = app.plain_magistrates(ApplicationStatus::ALL.len()).await;
        for (status, magistrate) in ApplicationStatus::ALL.iter().copied().zip(people) {
            let (session, first) = wish(&app, &school, magistrate, &format!("Index {status}")).await;
            let id = first["data"]["apply"]["id"].as_str().unwrap().to_owned();
            app.db()
                .execute_unprepared(&format!("UPDATE applications SET status = '{}' WHERE id = {id}", status.as_str()))
                .await
                .unwrap();
            let again = app
                .gql(Some(&app.token_for(magistrate)), tests::ops::APPLY, json!({ "s": session, "r": 2, "m": null }))
                .await;
            let refused = again["errors"][0]["extensions"]["code"] == "ALREADY_APPLIED";
            assert_eq!(refused, keeps_wish(status), "{status}: {again}");
        }
    }
);

on_both_databases!(
    cancelling_a_session_ends_exactly_its_live_applications_through_the_lifecycle,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let session = app.published_session(&school, SessionSpec::default()).await;
        let people = app.plain_magistrates(ApplicationStatus::ALL.len()).await;
        let mut ids = Vec::new();
        for (status, magistrate) in ApplicationStatus::ALL.iter().copied().zip(people) {
            let id = app.apply(&app.token_for(magistrate), &session, 1).await;
            app.db()
                .execute_unprepared(&format!("UPDATE applications SET status = '{}' WHERE id = {id}", status.as_str()))
                .await
                .unwrap();
            ids.push((status, id));
        }
        app.ok(
            &school,
            "mutation($id: ID!) { cancelSession(id: $id, reason: \"Intervenant indisponible\") { status } }",
            json!({ "id": session }),
        )
        .await;
        for (before, id) in ids {
            let now = app.scalar_text(&format!("SELECT status FROM applications WHERE id = {id}")).await;
            let expected = if lifecycle::is_live(before) { ApplicationStatus::Cancelled } else { before };
            assert_eq!(now, expected.as_str(), "{before}");
            let audited = app.audit_rows("application", &id, "application.cancel_with_session").await;
            assert_eq!(audited, i64::from(lifecycle::is_live(before)), "{before}");
        }
    }
);
