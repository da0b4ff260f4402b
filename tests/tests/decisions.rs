//! Observations, decisions, capacity and notifications (art. 130, 131), on both databases.

use futures::future::join_all;
use serde_json::json;
use tests::{on_both_databases, ops, SessionSpec, TestApp};

on_both_databases!(
    art_130_the_evaluator_and_the_head_of_court_give_observations_shown_to_the_director,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let evaluator = app.login("chef-juridiction@demo.magistra.fr").await;
        let head = app.login("chef-cour@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let session = app.published_session(&school, SessionSpec::default()).await;
        let application = app.apply(&magistrate, &session, 1).await;

        let pending = app
            .ok(&evaluator, "{ applicationsToReview(pendingOnly: true) { id magistrate { displayName } } }", json!({}))
            .await;
        assert_eq!(pending["applicationsToReview"][0]["id"], application);
        let observe = "mutation($a: ID!, $o: Opinion!, $c: String) { giveObservation(applicationId: $a, opinion: $o, comment: $c) { id } }";
        app.ok(&evaluator, observe, json!({ "a": application, "o": "FAVORABLE", "c": "Très investie." })).await;
        app.ok(&head, observe, json!({ "a": application, "o": "RESERVED", "c": "Service chargé en juin." })).await;
        let after = app.ok(&evaluator, "{ applicationsToReview(pendingOnly: true) { id } }", json!({})).await;
        assert_eq!(after["applicationsToReview"].as_array().unwrap().len(), 0, "nothing left to review");

        let applicants = app.ok(&director, ops::APPLICANTS, json!({ "s": session })).await;
        let observations = applicants["sessionApplicants"][0]["observations"].as_array().unwrap().clone();
        assert_eq!(observations.len(), 2);
        assert!(observations.iter().any(|o| o["authority"] == "EVALUATOR" && o["opinion"] == "FAVORABLE"));
        assert!(observations
            .iter()
            .any(|o| o["authority"] == "HEAD_OF_COURT" && o["comment"] == "Service chargé en juin."));

        // Nobody else may give one: the magistrate, who sees their own request, is refused; the
        // delegate, who may not even see a national request, is told it does not exist.
        let delegate = app.login("delegue@demo.magistra.fr").await;
        for (token, code) in [(&magistrate, "FORBIDDEN"), (&delegate, "NOT_FOUND")] {
            assert_eq!(
                app.error_code(Some(token), observe, json!({ "a": application, "o": "UNFAVORABLE" })).await,
                code
            );
        }
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'observation.give'").await, 2);
    }
);

on_both_databases!(art_131_only_the_director_decides_national_sessions, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let session = app.published_session(&school, SessionSpec::default()).await;
    let application = app.apply(&magistrate, &session, 1).await;
    let decision = json!({ "s": session, "d": [{ "applicationId": application, "decision": "SELECTED" }] });
    for email in [
        "ecole@demo.magistra.fr",
        "chef-cour@demo.magistra.fr",
        "delegue@demo.magistra.fr",
        "magistrat@demo.magistra.fr",
    ] {
        let token = app.login(email).await;
        assert_eq!(app.error_code(Some(&token), ops::DECIDE, decision.clone()).await, "FORBIDDEN", "{email}");
    }
    assert_eq!(app.error_code(None, ops::DECIDE, decision).await, "UNAUTHENTICATED");
    let status = app
        .scalar_i64(&format!("SELECT COUNT(*) FROM applications WHERE id = {application} AND status = 'SUBMITTED'"))
        .await;
    assert_eq!(status, 1, "nothing changed");
});

on_both_databases!(art_131_every_decision_notifies_the_magistrate, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let ids = app.plain_magistrates(3).await;
    let tokens: Vec<String> = ids.iter().map(|id| app.token_for(*id)).collect();
    let session = app.published_session(&school, SessionSpec::default()).await;
    let mut applications = Vec::new();
    for token in &tokens {
        applications.push(app.apply(token, &session, 1).await);
    }
    let decisions = json!({ "s": session, "d": [
        { "applicationId": applications[0], "decision": "SELECTED" },
        { "applicationId": applications[1], "decision": "WAITLISTED" },
        { "applicationId": applications[2], "decision": "REFUSED", "reason": "Capacité atteinte" },
    ] });
    let decided = app.ok(&director, ops::DECIDE, decisions).await;
    assert_eq!(decided["decideApplications"][0]["confirmationDueDate"], "2027-04-14", "two months before 14 June");
    assert_eq!(decided["decideApplications"][1]["waitlistPosition"], 1);
    for (token, kind) in tokens.iter().zip(["SELECTED", "WAITLISTED", "REFUSED"]) {
        let notes = app.ok(token, ops::NOTIFICATIONS, json!({})).await;
        assert_eq!(notes["notifications"][0]["kind"], kind);
        assert_eq!(notes["notifications"][0]["read"], false);
    }
    let refused = app.ok(&tokens[2], ops::NOTIFICATIONS, json!({})).await;
    assert!(refused["notifications"][0]["body"].as_str().unwrap().contains("Capacité atteinte"));
    // Reading marks them read, only one's own.
    let id = refused["notifications"][0]["id"].clone();
    let mark = "mutation($ids: [ID!]!) { markNotificationsRead(ids: $ids) }";
    assert_eq!(app.ok(&tokens[0], mark, json!({ "ids": [id.clone()] })).await["markNotificationsRead"], 0);
    assert_eq!(app.ok(&tokens[2], mark, json!({ "ids": [id] })).await["markNotificationsRead"], 1);
    let unread = app.ok(&tokens[2], "{ notifications(unreadOnly: true) { id } }", json!({})).await;
    assert_eq!(unread["notifications"].as_array().unwrap().len(), 0);
});

on_both_databases!(art_131_deciding_beyond_capacity_is_refused_and_changes_nothing, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let session = app.published_session(&school, SessionSpec { capacity: 2, ..SessionSpec::default() }).await;
    let mut applications = Vec::new();
    for id in app.plain_magistrates(3).await {
        applications.push(app.apply(&app.token_for(id), &session, 1).await);
    }
    let all = json!({ "s": session, "d": applications.iter().map(|a| json!({ "applicationId": a, "decision": "SELECTED" })).collect::<Vec<_>>() });
    let notices_before = app.scalar_i64("SELECT COUNT(*) FROM notifications").await;
    assert_eq!(app.error_code(Some(&director), ops::DECIDE, all).await, "SESSION_FULL");
    assert_eq!(app.scalar_i64(&format!("SELECT seats_taken FROM sessions WHERE id = {session}")).await as i32, 0);
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM applications WHERE status = 'SELECTED'").await,
        0,
        "all or nothing"
    );
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM notifications").await, notices_before, "nobody told");
    // A decision the state machine forbids: refusing a selected application.
    app.decide(&director, &session, &applications[0], "SELECTED").await;
    let again = json!({ "s": session, "d": [{ "applicationId": applications[0], "decision": "REFUSED" }] });
    assert_eq!(app.error_code(Some(&director), ops::DECIDE, again).await, "INVALID_TRANSITION");
    let unknown = json!({ "s": session, "d": [{ "applicationId": "999999", "decision": "REFUSED" }] });
    assert_eq!(app.error_code(Some(&director), ops::DECIDE, unknown).await, "NOT_FOUND");
});

on_both_databases!(art_131_capacity_holds_under_100_concurrent_decisions, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let session = app.published_session(&school, SessionSpec { capacity: 20, ..SessionSpec::default() }).await;
    let magistrates = app.plain_magistrates(100).await;
    assert_eq!(magistrates.len(), 100);
    let applications = join_all(magistrates.iter().map(|id| {
        let token = app.token_for(*id);
        let session = session.clone();
        let app = &app;
        async move { app.apply(&token, &session, 1).await }
    }))
    .await;
    let answers = join_all(applications.iter().map(|a| {
        let vars = json!({ "s": session, "d": [{ "applicationId": a, "decision": "SELECTED" }] });
        app.gql(Some(&director), ops::DECIDE, vars)
    }))
    .await;
    let selected = answers.iter().filter(|a| a.get("errors").is_none()).count();
    let full = answers.iter().filter(|a| a["errors"][0]["extensions"]["code"] == "SESSION_FULL").count();
    assert_eq!(selected, 20, "exactly the capacity is selected");
    assert_eq!(
        full,
        80,
        "every other decision is refused as SESSION_FULL: {:?}",
        answers.iter().find(|a| a["errors"][0]["extensions"]["code"] != "SESSION_FULL" && a.get("errors").is_some())
    );
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM applications WHERE session_id = {session} AND status = 'SELECTED'"
        ))
        .await,
        20
    );
    assert_eq!(app.scalar_i64(&format!("SELECT seats_taken FROM sessions WHERE id = {session}")).await, 20);
});

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn art_131_capacity_holds_when_decisions_are_spread_over_two_servers() {
    let Some(app) = TestApp::spawn(tests::Backend::Postgres).await else {
        eprintln!("skipped: MAGISTRA_TEST_POSTGRES is not set");
        return;
    };
    let other = app.second_server().await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let session = app.published_session(&school, SessionSpec { capacity: 20, ..SessionSpec::default() }).await;
    let mut applications = Vec::new();
    for id in app.plain_magistrates(100).await {
        applications.push(app.apply(&app.token_for(id), &session, 1).await);
    }
    let answers = join_all(applications.iter().enumerate().map(|(n, a)| {
        let base = if n % 2 == 0 { app.base.clone() } else { other.base.clone() };
        let body = json!({ "query": ops::DECIDE, "variables": { "s": session, "d": [{ "applicationId": a, "decision": "SELECTED" }] } });
        let (client, token) = (&app.client, &director);
        async move {
            let answer: serde_json::Value =
                client.post(format!("{base}/graphql")).bearer_auth(token).json(&body).send().await.unwrap().json().await.unwrap();
            answer
        }
    }))
    .await;
    assert_eq!(answers.iter().filter(|a| a.get("errors").is_none()).count(), 20);
    assert_eq!(answers.iter().filter(|a| a["errors"][0]["extensions"]["code"] == "SESSION_FULL").count(), 80);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM applications WHERE session_id = {session} AND status = 'SELECTED'"
        ))
        .await,
        20
    );
}
