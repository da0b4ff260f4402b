//! Applying, ranking and cancelling wishes (art. 129, 130), on both databases.

use serde_json::json;
use tests::{day, on_both_databases, ops, SessionSpec, TestApp};

on_both_databases!(art_130_a_magistrate_applies_online_with_a_ranked_wish, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let session = app.published_session(&school, SessionSpec::default()).await;
    let data = app.ok(&magistrate, ops::APPLY, json!({ "s": session, "r": 1, "m": "Je suis juge des enfants." })).await;
    assert_eq!(data["apply"]["status"], "SUBMITTED");
    assert_eq!(data["apply"]["rank"], 1);
    assert_eq!(data["apply"]["year"], 2027);
    let mine = app
        .ok(&magistrate, "{ myApplications(year: 2027) { id rank motivation session { id title } } }", json!({}))
        .await;
    assert_eq!(mine["myApplications"][0]["session"]["id"], session);
    assert_eq!(mine["myApplications"][0]["motivation"], "Je suis juge des enfants.");
    let id = data["apply"]["id"].as_str().unwrap();
    assert_eq!(app.audit_rows("application", id, "application.apply").await, 1);
});

on_both_databases!(art_130_one_application_per_magistrate_and_session, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let session = app.published_session(&school, SessionSpec::default()).await;
    app.apply(&magistrate, &session, 1).await;
    let code = app.error_code(Some(&magistrate), ops::APPLY, json!({ "s": session, "r": 2 })).await;
    assert_eq!(code, "ALREADY_APPLIED");
    assert_eq!(app.scalar_i64(&format!("SELECT COUNT(*) FROM applications WHERE session_id = {session}")).await, 1);
});

on_both_databases!(art_130_ranks_are_unique_per_magistrate_and_year, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let first = app.published_session(&school, SessionSpec::default()).await;
    let second = app
        .published_session(&school, SessionSpec { title: "Cybercriminalité".into(), ..SessionSpec::default() })
        .await;
    app.apply(&magistrate, &first, 1).await;
    assert_eq!(app.error_code(Some(&magistrate), ops::APPLY, json!({ "s": second, "r": 1 })).await, "CONFLICT");
    assert_eq!(app.error_code(Some(&magistrate), ops::APPLY, json!({ "s": second, "r": 0 })).await, "VALIDATION");
    app.apply(&magistrate, &second, 2).await;
});

on_both_databases!(art_130_wishes_can_be_reordered, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let s1 = app.published_session(&school, SessionSpec::default()).await;
    let s2 = app
        .published_session(&school, SessionSpec { title: "Cybercriminalité".into(), ..SessionSpec::default() })
        .await;
    let s3 =
        app.published_session(&school, SessionSpec { title: "Déontologie".into(), ..SessionSpec::default() }).await;
    let a1 = app.apply(&magistrate, &s1, 1).await;
    let a2 = app.apply(&magistrate, &s2, 2).await;
    let a3 = app.apply(&magistrate, &s3, 3).await;
    let q = "mutation($y: Int!, $ids: [ID!]!) { reorderWishes(year: $y, applicationIds: $ids) { id rank } }";
    let data = app.ok(&magistrate, q, json!({ "y": 2027, "ids": [a3, a1, a2] })).await;
    let ranks: Vec<(String, i64)> = data["reorderWishes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| (a["id"].as_str().unwrap().to_owned(), a["rank"].as_i64().unwrap()))
        .collect();
    assert_eq!(ranks, vec![(a3.clone(), 1), (a1.clone(), 2), (a2.clone(), 3)]);
    // A list that leaves a wish out changes nothing.
    assert_eq!(app.error_code(Some(&magistrate), q, json!({ "y": 2027, "ids": [a1, a2] })).await, "VALIDATION");
    let mine = app.ok(&magistrate, "{ myApplications(year: 2027) { id rank } }", json!({})).await;
    assert_eq!(mine["myApplications"][0]["id"], a3);
});

on_both_databases!(art_129_applications_are_refused_outside_the_window, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let not_yet = app
        .published_session(
            &school,
            SessionSpec { open: day(2027, 2, 1), close: day(2027, 3, 1), ..SessionSpec::default() },
        )
        .await;
    assert_eq!(
        app.error_code(Some(&magistrate), ops::APPLY, json!({ "s": not_yet, "r": 1 })).await,
        "APPLICATIONS_CLOSED"
    );
    let closed = app
        .published_session(
            &school,
            SessionSpec { open: day(2026, 10, 1), close: day(2027, 1, 9), ..SessionSpec::default() },
        )
        .await;
    assert_eq!(
        app.error_code(Some(&magistrate), ops::APPLY, json!({ "s": closed, "r": 1 })).await,
        "APPLICATIONS_CLOSED"
    );
    // The closing day itself is still open (art. 130).
    let last_day = app
        .published_session(
            &school,
            SessionSpec { open: day(2026, 10, 1), close: day(2027, 1, 10), ..SessionSpec::default() },
        )
        .await;
    app.apply(&magistrate, &last_day, 1).await;
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM applications").await, 1);
});

on_both_databases!(a_draft_session_takes_no_application, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let created = app.ok(&school, ops::CREATE_SESSION, json!({ "i": SessionSpec::default().input() })).await;
    let id = created["createSession"]["id"].as_str().unwrap();
    assert_eq!(created["createSession"]["status"], "DRAFT");
    assert_eq!(app.error_code(Some(&magistrate), ops::APPLY, json!({ "s": id, "r": 1 })).await, "NOT_FOUND");
    let seen = app.ok(&magistrate, "query($id: ID!) { session(id: $id) { id } }", json!({ "id": id })).await;
    assert!(seen["session"].is_null(), "a magistrate does not see drafts");
});

on_both_databases!(a_wish_is_cancelled_only_before_any_decision, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let s1 = app.published_session(&school, SessionSpec::default()).await;
    let a1 = app.apply(&magistrate, &s1, 1).await;
    let cancel = "mutation($a: ID!) { cancelApplication(applicationId: $a) { id status } }";
    let data = app.ok(&magistrate, cancel, json!({ "a": a1 })).await;
    assert_eq!(data["cancelApplication"]["status"], "CANCELLED");
    // The rank and the session are free again.
    let again = app.apply(&magistrate, &s1, 1).await;
    app.decide(&director, &s1, &again, "SELECTED").await;
    assert_eq!(app.error_code(Some(&magistrate), cancel, json!({ "a": again })).await, "INVALID_TRANSITION");
});

on_both_databases!(
    art_140_a_deconcentrated_session_is_open_only_to_its_courts_magistrates,
    |app: TestApp| async move {
        let delegate = app.login("delegue@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let lyon = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
        let paris = app.scalar_i64("SELECT id FROM courts WHERE name = 'Paris'").await.to_string();
        // The Lyon delegate cannot create a session for Paris.
        let paris_spec =
            SessionSpec { scope: "DECONCENTRATED", court_ids: vec![paris.clone()], ..SessionSpec::default() };
        assert_eq!(
            app.error_code(Some(&delegate), ops::CREATE_SESSION, json!({ "i": paris_spec.input() })).await,
            "FORBIDDEN"
        );
        let lyon_spec =
            SessionSpec { scope: "DECONCENTRATED", court_ids: vec![lyon.clone()], ..SessionSpec::default() };
        let session = app.published_session(&delegate, lyon_spec).await;
        let application = app.apply(&magistrate, &session, 1).await;
        // The delegate selects its court's candidates (art. 140); the director does not.
        let director = app.login("directeur@demo.magistra.fr").await;
        let decision = json!({ "s": session, "d": [{ "applicationId": application, "decision": "SELECTED" }] });
        assert_eq!(app.error_code(Some(&director), ops::DECIDE, decision.clone()).await, "FORBIDDEN");
        assert_eq!(app.ok(&delegate, ops::DECIDE, decision).await["decideApplications"][0]["status"], "SELECTED");
        // A magistrate of another court cannot apply.
        let outsider = app
            .scalar_i64(&format!(
                "SELECT m.user_id FROM magistrates m JOIN role_assignments r ON r.user_id = m.user_id \
             WHERE m.court_id <> {lyon} AND r.role = 'MAGISTRATE' ORDER BY m.user_id LIMIT 1"
            ))
            .await;
        let token = app.token_for(outsider);
        assert_eq!(app.error_code(Some(&token), ops::APPLY, json!({ "s": session, "r": 1 })).await, "FORBIDDEN");
    }
);
