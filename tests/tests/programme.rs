//! Managing and browsing the programme (art. 124, 129), on both databases.

use serde_json::json;
use tests::{day, on_both_databases, ops, SessionSpec, TestApp};

on_both_databases!(art_129_the_programme_pages_by_start_date_with_filters, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    for (k, title) in
        ["Déontologie du magistrat", "Cybercriminalité", "Les référés civils", "Justice des mineurs", "Expertise"]
            .iter()
            .enumerate()
    {
        let spec = SessionSpec {
            title: (*title).into(),
            start: day(2027, 3, 1 + k as u32),
            close: day(2027, 2, 1),
            ..SessionSpec::default()
        };
        app.published_session(&school, spec).await;
    }
    let q = "query($f: SessionFilter, $a: String) { sessions(filter: $f, first: 2, after: $a) { totalCount pageInfo { hasNextPage endCursor } edges { node { title startDate } } } }";
    let mut titles = Vec::new();
    let mut after = serde_json::Value::Null;
    loop {
        let page = app.ok(&magistrate, q, json!({ "f": null, "a": after })).await;
        assert_eq!(page["sessions"]["totalCount"], 5);
        for edge in page["sessions"]["edges"].as_array().unwrap() {
            titles.push(edge["node"]["title"].as_str().unwrap().to_owned());
        }
        if page["sessions"]["pageInfo"]["hasNextPage"] == false {
            break;
        }
        after = page["sessions"]["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(
        titles,
        ["Déontologie du magistrat", "Cybercriminalité", "Les référés civils", "Justice des mineurs", "Expertise"]
    );
    let found = app.ok(&magistrate, q, json!({ "f": { "search": "DEONTOLOGIE" }, "a": null })).await;
    assert_eq!(found["sessions"]["edges"][0]["node"]["title"], "Déontologie du magistrat", "accents and case ignored");
    let later = app.ok(&magistrate, q, json!({ "f": { "startsAfter": "2027-03-04" }, "a": null })).await;
    assert_eq!(later["sessions"]["totalCount"], 2);
    let open = app
        .ok(
            &magistrate,
            q,
            json!({ "f": { "openForApplications": true, "format": "SESSION", "scope": "NATIONAL" }, "a": null }),
        )
        .await;
    assert_eq!(open["sessions"]["totalCount"], 5);
    assert_eq!(app.error_code(Some(&magistrate), q, json!({ "f": null, "a": "n'importe quoi" })).await, "VALIDATION");
});

on_both_databases!(a_session_is_updated_but_never_below_its_seats_taken, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let session = app.published_session(&school, SessionSpec { capacity: 3, ..SessionSpec::default() }).await;
    let mut apps = Vec::new();
    for id in app.plain_magistrates(2).await {
        apps.push(app.apply(&app.token_for(id), &session, 1).await);
    }
    app.decide(&director, &session, &apps[0], "SELECTED").await;
    app.decide(&director, &session, &apps[1], "SELECTED").await;
    let update = "mutation($id: ID!, $i: SessionInput!) { updateSession(id: $id, input: $i) { title capacity seatsTaken seatsLeft } }";
    let too_small = SessionSpec { capacity: 1, ..SessionSpec::default() };
    assert_eq!(
        app.error_code(Some(&school), update, json!({ "id": session, "i": too_small.input() })).await,
        "VALIDATION"
    );
    let bigger = SessionSpec {
        capacity: 10,
        title: "La justice pénale des mineurs — session 2".into(),
        ..SessionSpec::default()
    };
    let done = app.ok(&school, update, json!({ "id": session, "i": bigger.input() })).await;
    assert_eq!(
        done["updateSession"],
        json!({ "title": "La justice pénale des mineurs — session 2", "capacity": 10, "seatsTaken": 2, "seatsLeft": 8 })
    );
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    assert_eq!(
        app.error_code(Some(&magistrate), update, json!({ "id": session, "i": bigger.input() })).await,
        "FORBIDDEN"
    );
    assert_eq!(app.audit_rows("session", &session, "session.update").await, 1);
    assert_eq!(app.error_code(Some(&school), ops::PUBLISH, json!({ "id": session })).await, "INVALID_TRANSITION");
});

on_both_databases!(
    art_131_moving_a_session_moves_the_confirmation_due_date_and_tells_applicants,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let session = app.published_session(&school, SessionSpec::default()).await;
        let application = app.apply(&magistrate, &session, 1).await;
        assert_eq!(
            app.decide(&director, &session, &application, "SELECTED").await["confirmationDueDate"],
            "2027-04-14"
        );
        let update = "mutation($id: ID!, $i: SessionInput!) { updateSession(id: $id, input: $i) { startDate } }";
        let later = SessionSpec { start: day(2027, 9, 20), ..SessionSpec::default() };
        app.ok(&school, update, json!({ "id": session, "i": later.input() })).await;
        let mine = app
            .ok(&magistrate, "{ myApplications { confirmationDueDate } notifications { kind body } }", json!({}))
            .await;
        assert_eq!(mine["myApplications"][0]["confirmationDueDate"], "2027-07-20", "two months before the new start");
        assert_eq!(mine["notifications"][0]["kind"], "SESSION_RESCHEDULED");
        assert!(mine["notifications"][0]["body"].as_str().unwrap().contains("lundi 20 septembre 2027"));
        assert_eq!(app.audit_rows("application", &application, "application.reschedule").await, 1);
    }
);

on_both_databases!(
    a_programme_page_kept_in_memory_follows_every_change_made_through_another_server,
    |app: TestApp| async move {
        // Two servers on one database, each with its own pages in memory, as behind a load balancer.
        let other = app.second_server().await;
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let open = "{ sessions(filter: { openForApplications: true, search: \"mémoire du programme\" }, first: 50) { totalCount edges { node { id title seatsLeft } } } }";
        let first = SessionSpec { title: "La mémoire du programme".into(), capacity: 3, ..SessionSpec::default() };
        let session = app.published_session(&school, first).await;
        for _ in 0..2 {
            let page = app.ok(&magistrate, open, json!({})).await;
            assert_eq!(page["sessions"]["totalCount"], 1);
            assert_eq!(page["sessions"]["edges"][0]["node"]["seatsLeft"], 3);
        }
        // A seat taken through the other server shows at once on this one.
        let application = app.apply(&magistrate, &session, 1).await;
        let selected = json!({ "s": session, "d": [{ "applicationId": application, "decision": "SELECTED" }] });
        app.ok_at(&other.base, &director, ops::DECIDE, selected).await;
        assert_eq!(app.ok(&magistrate, open, json!({})).await["sessions"]["edges"][0]["node"]["seatsLeft"], 2);
        // So do a renamed session, a new one and a cancelled one.
        let update = "mutation($id: ID!, $i: SessionInput!) { updateSession(id: $id, input: $i) { id } }";
        let renamed =
            SessionSpec { title: "La mémoire du programme, renommée".into(), capacity: 3, ..SessionSpec::default() };
        app.ok_at(&other.base, &school, update, json!({ "id": session, "i": renamed.input() })).await;
        let page = app.ok(&magistrate, open, json!({})).await;
        assert_eq!(page["sessions"]["edges"][0]["node"]["title"], "La mémoire du programme, renommée");
        let second = SessionSpec { title: "Une autre mémoire du programme".into(), ..SessionSpec::default() };
        let created = app.ok_at(&other.base, &school, ops::CREATE_SESSION, json!({ "i": second.input() })).await;
        let id = created["data"]["createSession"]["id"].as_str().unwrap().to_owned();
        assert_eq!(app.ok(&magistrate, open, json!({})).await["sessions"]["totalCount"], 1, "a draft is not shown");
        app.ok_at(&other.base, &school, ops::PUBLISH, json!({ "id": id })).await;
        assert_eq!(app.ok(&magistrate, open, json!({})).await["sessions"]["totalCount"], 2);
        let cancel = "mutation($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { id } }";
        app.ok_at(&other.base, &school, cancel, json!({ "id": session, "r": "Formateur indisponible" })).await;
        let page = app.ok(&magistrate, open, json!({})).await;
        assert_eq!(page["sessions"]["totalCount"], 1);
        assert_eq!(page["sessions"]["edges"][0]["node"]["id"], id.as_str());
    }
);
