//! The authorization matrix: every court-scoped query and mutation × every demo role × the
//! caller's own court (Lyon) and another court (Paris), with the expected outcome. « Allowed »
//! means a query succeeds with no error at all, and a mutation is not refused on rights (it may
//! still fail on its state, once another allowed actor has made it); « denied » means
//! `FORBIDDEN`, or `NOT_FOUND` for an object the caller may not even see. List queries are also
//! checked for rows of other courts.

use std::collections::HashMap;

use serde_json::{json, Value};
use tests::{on_both_databases, ops, SessionSpec, TestApp};

const ACTORS: [&str; 11] = [
    "magistrat",
    "chef-juridiction",
    "chef-cour",
    "chef-cour-parquet",
    "delegue",
    "coordinateur",
    "finances",
    "ecole",
    "directeur",
    "ministere",
    "admin",
];

/// The ids the operations are aimed at, in Lyon (own) and in Paris (other).
struct Target {
    court: String,
    magistrate: String,
    /// A national application by a magistrate of that court.
    application: String,
    /// A deconcentrated session of that court, and an application to it.
    session: String,
    session_application: String,
    plan: String,
}

/// One operation of the matrix, with who may do it in each scope.
struct Case {
    name: &'static str,
    query: &'static str,
    vars: fn(&Target) -> Value,
    own: &'static [&'static str],
    other: &'static [&'static str],
}

const HEADS: &[&str] = &["chef-cour", "chef-cour-parquet"];
const ORGANISERS: &[&str] = &["delegue", "coordinateur"];
const SCHOOL: &[&str] = &["ecole", "directeur"];
const DASHBOARD_OWN: &[&str] =
    &["chef-cour", "chef-cour-parquet", "delegue", "coordinateur", "finances", "ecole", "directeur", "ministere"];
const DASHBOARD_OTHER: &[&str] = &["ecole", "directeur", "ministere"];

fn cases() -> Vec<Case> {
    vec![
        Case { name: "trainingSheet", query: "query($m: ID!) { trainingSheet(magistrateId: $m, year: 2027) { year } }", vars: |t| json!({ "m": t.magistrate }),
            own: &["magistrat", "chef-juridiction", "chef-cour", "chef-cour-parquet", "ecole", "directeur"], other: SCHOOL },
        Case { name: "complianceReport", query: "query($c: ID!) { complianceReport(courtId: $c, year: 2027) { shortCount } }", vars: |t| json!({ "c": t.court }),
            own: &["chef-cour", "chef-cour-parquet", "ecole", "directeur"], other: SCHOOL },
        Case { name: "courtBudget", query: "query($c: ID!) { courtBudget(courtId: $c, year: 2027) { remainingCents } }", vars: |t| json!({ "c": t.court }),
            own: DASHBOARD_OWN, other: DASHBOARD_OTHER },
        Case { name: "plan", query: "query($c: ID!) { plan(courtId: $c, year: 2027) { status } }", vars: |t| json!({ "c": t.court }),
            own: DASHBOARD_OWN, other: DASHBOARD_OTHER },
        Case { name: "executionReport", query: "query($c: ID!) { executionReport(courtId: $c, year: 2027) { participants } }", vars: |t| json!({ "c": t.court }),
            own: DASHBOARD_OWN, other: DASHBOARD_OTHER },
        Case { name: "trainingNeeds", query: "query($c: ID!) { trainingNeeds(courtId: $c, year: 2027) { theme } }", vars: |t| json!({ "c": t.court }),
            own: &["delegue", "coordinateur", "ecole", "directeur"], other: SCHOOL },
        Case { name: "sessionApplicants", query: "query($s: ID!) { sessionApplicants(sessionId: $s) { id } }", vars: |t| json!({ "s": t.session }),
            own: &["delegue", "coordinateur", "ecole", "directeur"], other: SCHOOL },
        Case { name: "applicantStandings", query: "query($s: ID!) { applicantStandings(sessionId: $s) { daysCounted } }", vars: |t| json!({ "s": t.session }),
            own: &["delegue", "coordinateur", "ecole", "directeur"], other: SCHOOL },
        Case { name: "sessionEvaluations", query: "query($s: ID!) { sessionEvaluations(sessionId: $s) { responses } }", vars: |t| json!({ "s": t.session }),
            own: &["delegue", "coordinateur", "ecole", "directeur"], other: SCHOOL },
        Case { name: "sessionAttendance", query: "query($s: ID!) { sessionAttendance(sessionId: $s) { present } }", vars: |t| json!({ "s": t.session }),
            own: &["delegue", "coordinateur", "ecole"], other: &["ecole"] },
        Case { name: "magistrates", query: "query($c: ID) { magistrates(courtId: $c, first: 5) { totalCount } }", vars: |t| json!({ "c": t.court }),
            own: &["chef-juridiction", "chef-cour", "chef-cour-parquet", "delegue", "coordinateur", "ecole", "directeur", "admin"],
            // A head of jurisdiction may ask, and finds only the magistrates they evaluate: none there.
            other: &["chef-juridiction", "ecole", "directeur", "admin"] },
        Case { name: "decideApplications", query: ops::DECIDE,
            vars: |t| json!({ "s": t.session, "d": [{ "applicationId": t.session_application, "decision": "WAITLISTED" }] }),
            own: ORGANISERS, other: &[] },
        Case { name: "publishSession", query: ops::PUBLISH, vars: |t| json!({ "id": t.session }),
            own: &["delegue", "coordinateur", "ecole", "directeur"], other: SCHOOL },
        Case { name: "closeSession", query: "mutation($s: ID!) { closeSession(sessionId: $s) { status } }", vars: |t| json!({ "s": t.session }),
            own: ORGANISERS, other: &[] },
        Case { name: "recordAttendance", query: ops::RECORD_ATTENDANCE,
            vars: |t| json!({ "s": t.session, "e": [{ "applicationId": t.session_application, "date": "2027-06-14", "halfDay": "MORNING", "present": true }] }),
            own: &["delegue", "coordinateur", "ecole"], other: &["ecole"] },
        Case { name: "giveObservation", query: "mutation($a: ID!) { giveObservation(applicationId: $a, opinion: FAVORABLE) { id } }",
            vars: |t| json!({ "a": t.application }), own: &["chef-juridiction", "chef-cour", "chef-cour-parquet"], other: &[] },
        Case { name: "confirmParticipation", query: ops::CONFIRM, vars: |t| json!({ "a": t.application }), own: &["magistrat"], other: &[] },
        Case { name: "withdraw", query: ops::WITHDRAW, vars: |t| json!({ "a": t.application, "r": "OTHER", "d": "Essai" }), own: &["magistrat"], other: &[] },
        Case { name: "cancelApplication", query: "mutation($a: ID!) { cancelApplication(applicationId: $a) { id } }", vars: |t| json!({ "a": t.session_application }),
            own: &["magistrat"], other: &[] },
        Case { name: "assessWithdrawal", query: "mutation($a: ID!) { assessWithdrawal(applicationId: $a, serious: true, notifyHeadOfCourt: false) { id } }",
            vars: |t| json!({ "a": t.application }), own: SCHOOL, other: SCHOOL },
        Case { name: "recordExpense", query: "mutation($i: ExpenseInput!) { recordExpense(input: $i) { id } }",
            vars: |t| json!({ "i": { "courtId": t.court, "category": "OTHER", "amountCents": 100, "kind": "COMMITTED", "date": "2027-02-01", "label": "Test" } }),
            own: &["delegue", "coordinateur", "finances", "ecole", "directeur"], other: SCHOOL },
        Case { name: "allocateCredits", query: "mutation($c: ID!) { allocateCredits(courtId: $c, year: 2027, amountCents: 1000000, boardOpinionDate: \"2026-12-01\") { amountCents } }",
            vars: |t| json!({ "c": t.court }), own: &["directeur"], other: &["directeur"] },
        Case { name: "createPlan", query: "mutation($c: ID!) { createPlan(courtId: $c, year: 2029) { id } }", vars: |t| json!({ "c": t.court }),
            own: ORGANISERS, other: &[] },
        Case { name: "adoptPlan", query: "mutation($p: ID!) { adoptPlan(planId: $p) { status } }", vars: |t| json!({ "p": t.plan }), own: HEADS, other: &[] },
        Case { name: "submitPlan", query: "mutation($p: ID!) { submitPlan(planId: $p) { status } }", vars: |t| json!({ "p": t.plan }), own: ORGANISERS, other: &[] },
        Case { name: "evaluatePlan", query: "mutation($p: ID!) { evaluatePlan(planId: $p) { status } }", vars: |t| json!({ "p": t.plan }), own: SCHOOL, other: SCHOOL },
        Case { name: "transmitTrainingSheets", query: "mutation($c: ID!) { transmitTrainingSheets(year: 2027, courtId: $c) { sheets } }",
            vars: |t| json!({ "c": t.court }), own: &["directeur"], other: &["directeur"] },
    ]
}

async fn id(app: &TestApp, sql: String) -> String {
    app.scalar_i64(&sql).await.to_string()
}

async fn target(app: &TestApp, court: &str, magistrate: i64, organiser: &str) -> Target {
    let school = app.login("ecole@demo.magistra.fr").await;
    let court_id = id(app, format!("SELECT id FROM courts WHERE name = '{court}'")).await;
    let token = app.token_for(magistrate);
    let national = app
        .published_session(
            &school,
            SessionSpec { title: format!("Session nationale {court}"), ..SessionSpec::default() },
        )
        .await;
    let application = app.apply(&token, &national, 1).await;
    let local = SessionSpec {
        title: format!("Journée {court}"),
        scope: "DECONCENTRATED",
        court_ids: vec![court_id.clone()],
        ..SessionSpec::default()
    };
    let session = app.published_session(&school, local).await;
    let session_application = app.apply(&token, &session, 2).await;
    let plan = app
        .ok(organiser, "mutation($c: ID!) { createPlan(courtId: $c, year: 2027) { id } }", json!({ "c": court_id }))
        .await;
    Target {
        court: court_id,
        magistrate: magistrate.to_string(),
        application,
        session,
        session_application,
        plan: plan["createPlan"]["id"].as_str().unwrap().to_owned(),
    }
}

on_both_databases!(
    the_authorization_matrix_holds_for_every_role_in_its_own_court_and_another,
    |app: TestApp| async move {
        let mut tokens = HashMap::new();
        for actor in ACTORS {
            tokens.insert(actor, app.login(&format!("{actor}@demo.magistra.fr")).await);
        }
        let paris_delegate = app
        .scalar_i64("SELECT r.user_id FROM role_assignments r JOIN courts c ON c.id = r.court_id WHERE r.role = 'TRAINING_DELEGATE' AND c.name = 'Paris'")
        .await;
        let paris_magistrate = app
        .scalar_i64(
            "SELECT m.user_id FROM magistrates m JOIN courts c ON c.id = m.court_id WHERE c.name = 'Paris' \
             AND m.user_id NOT IN (SELECT user_id FROM role_assignments WHERE role <> 'MAGISTRATE') ORDER BY m.user_id LIMIT 1",
        )
        .await;
        let own = target(&app, "Lyon", app.user_id("magistrat@demo.magistra.fr").await, &tokens["delegue"]).await;
        let other = target(&app, "Paris", paris_magistrate, &app.token_for(paris_delegate)).await;
        let (mut checked, mut denied) = (0, 0);
        let mut failures = Vec::new();
        for case in cases() {
            for (scope, target, allowed) in [("own", &own, case.own), ("other", &other, case.other)] {
                for actor in ACTORS {
                    let answer = app.gql(Some(&tokens[actor]), case.query, (case.vars)(target)).await;
                    let code = answer["errors"][0]["extensions"]["code"].as_str().unwrap_or("").to_owned();
                    let expect_allowed = allowed.contains(&actor);
                    let refused = ["FORBIDDEN", "UNAUTHENTICATED", "NOT_FOUND"].contains(&code.as_str());
                    // A query has no state to fail on: allowed means answered in full.
                    let failed = !case.query.starts_with("mutation") && answer.get("errors").is_some();
                    if expect_allowed == refused || (expect_allowed && failed) {
                        failures.push(format!(
                            "{} ({scope}) by {actor}: expected {}, got {answer}",
                            case.name,
                            if expect_allowed { "allowed" } else { "FORBIDDEN" }
                        ));
                    }
                    checked += 1;
                    denied += usize::from(!expect_allowed);
                }
            }
        }
        assert!(failures.is_empty(), "{} of {checked} cases wrong:\n{}", failures.len(), failures.join("\n"));
        assert!(checked >= 200 && denied * 2 >= checked, "{checked} cases, {denied} denials");
    }
);

on_both_databases!(list_queries_never_return_rows_of_courts_out_of_scope, |app: TestApp| async move {
    let dashboard = "{ budgetDashboard(year: 2027) { courts { court { name } } } }";
    let people = "{ magistrates(first: 100) { edges { node { court { name } } } } }";
    let expectations: [(&str, &[&str]); 4] = [
        ("delegue", &["Lyon"]),
        ("finances", &["Lyon"]),
        ("chef-cour", &["Lyon"]),
        ("coordinateur", &["Chambéry", "Grenoble", "Lyon", "Riom"]),
    ];
    for (actor, courts) in expectations {
        let token = app.login(&format!("{actor}@demo.magistra.fr")).await;
        let data = app.ok(&token, dashboard, json!({})).await;
        let mut names: Vec<&str> = data["budgetDashboard"]["courts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["court"]["name"].as_str().unwrap())
            .collect();
        names.sort_unstable();
        assert_eq!(names, courts, "{actor}");
        if actor != "finances" {
            let data = app.ok(&token, people, json!({})).await;
            let edges = data["magistrates"]["edges"].as_array().unwrap();
            assert!(!edges.is_empty());
            assert!(edges.iter().all(|e| courts.contains(&e["node"]["court"]["name"].as_str().unwrap())), "{actor}");
        }
    }
    let evaluator = app.login("chef-juridiction@demo.magistra.fr").await;
    let data = app.ok(&evaluator, people, json!({})).await;
    let evaluated = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM magistrates WHERE evaluator_id = {}",
            app.user_id("chef-juridiction@demo.magistra.fr").await
        ))
        .await;
    assert_eq!(
        data["magistrates"]["edges"].as_array().unwrap().len() as i64,
        evaluated.min(100),
        "only those they evaluate"
    );
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let mine = app
        .ok(&magistrate, "{ myApplications { id } notifications { id } validationRequests { id } }", json!({}))
        .await;
    assert_eq!(mine["validationRequests"].as_array().unwrap().len(), 0);
});
