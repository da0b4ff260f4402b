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
        app.validate_programme(&id, second.start).await;
        app.ok_at(&other.base, &school, ops::PUBLISH, json!({ "id": id })).await;
        assert_eq!(app.ok(&magistrate, open, json!({})).await["sessions"]["totalCount"], 2);
        let cancel = "mutation($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { id } }";
        app.ok_at(&other.base, &school, cancel, json!({ "id": session, "r": "Formateur indisponible" })).await;
        let page = app.ok(&magistrate, open, json!({})).await;
        assert_eq!(page["sessions"]["totalCount"], 1);
        assert_eq!(page["sessions"]["edges"][0]["node"]["id"], id.as_str());
    }
);

on_both_databases!(
    art_129_the_programme_is_public_and_a_magistrate_sees_the_national_offer_and_their_own_courts,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let delegate = app.login("delegue@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let court = |name: &str| format!("SELECT id FROM courts WHERE name = '{name}'");
        let lyon = app.scalar_i64(&court("Lyon")).await.to_string();
        let agen = app.scalar_i64(&court("Agen")).await.to_string();
        let national = app
            .published_session(
                &school,
                SessionSpec { title: "Éthique et office du juge".into(), ..SessionSpec::default() },
            )
            .await;
        let in_lyon = app
            .published_session(
                &delegate,
                SessionSpec {
                    title: "Journée lyonnaise".into(),
                    scope: "DECONCENTRATED",
                    court_ids: vec![lyon.clone()],
                    ..SessionSpec::default()
                },
            )
            .await;
        let in_agen = app
            .published_session(
                &school,
                SessionSpec {
                    title: "Journée agenaise".into(),
                    scope: "DECONCENTRATED",
                    court_ids: vec![agen.clone()],
                    ..SessionSpec::default()
                },
            )
            .await;
        let draft = app
            .ok(
                &school,
                ops::CREATE_SESSION,
                json!({ "i": SessionSpec { title: "Brouillon".into(), ..SessionSpec::default() }.input() }),
            )
            .await["createSession"]["id"]
            .as_str()
            .unwrap()
            .to_owned();

        // Without a login: the published actions with their dates, places and seats, no draft,
        // no right, and nothing else of the API.
        let q = "query($f: SessionFilter) { sessions(filter: $f, first: 50) { totalCount edges { node { id title startDate location seatsLeft viewerCan { apply manage } } } } }";
        let public = app.gql(None, q, json!({ "f": null })).await;
        assert!(public.get("errors").is_none(), "{public}");
        let ids: Vec<&str> = public["data"]["sessions"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap())
            .collect();
        for published in [&national, &in_lyon, &in_agen] {
            assert!(ids.contains(&published.as_str()), "{published} is public");
        }
        assert!(!ids.contains(&draft.as_str()), "a draft is not");
        for edge in public["data"]["sessions"]["edges"].as_array().unwrap() {
            assert_eq!(edge["node"]["viewerCan"]["apply"], false);
            assert_eq!(edge["node"]["viewerCan"]["manage"], false);
        }
        let one =
            app.gql(None, "query($id: ID!) { session(id: $id) { title seatsLeft } }", json!({ "id": national })).await;
        assert_eq!(one["data"]["session"]["title"], "Éthique et office du juge");
        let hidden = app.gql(None, "query($id: ID!) { session(id: $id) { title } }", json!({ "id": draft })).await;
        assert!(hidden["data"]["session"].is_null(), "a draft stays hidden: {hidden}");
        assert_eq!(
            app.gql(None, "{ courts { name } }", json!({})).await["data"]["courts"].as_array().unwrap().len(),
            36
        );
        for private in ["{ me { id } }", "{ myApplications { id } }", "{ notifications { id } }", "{ today }"] {
            assert_eq!(app.error_code(None, private, json!({})).await, "UNAUTHENTICATED", "{private}");
        }
        let apply = json!({ "s": national, "r": 1, "m": null });
        assert_eq!(app.error_code(None, ops::APPLY, apply).await, "UNAUTHENTICATED", "applying asks for a login");
        // A token that no longer opens is refused, not taken for a visitor.
        let stale = app.gql(Some("not-a-token"), q, json!({ "f": null })).await;
        assert_eq!(stale["errors"][0]["extensions"]["code"], "UNAUTHENTICATED", "{stale}");

        // A Lyon magistrate's offer: the national programme and Lyon's actions, not Agen's.
        let offered = app.ok(&magistrate, q, json!({ "f": { "offeredToCourt": lyon } })).await;
        let ids: Vec<&str> = offered["sessions"]["edges"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["node"]["id"].as_str().unwrap())
            .collect();
        assert!(ids.contains(&national.as_str()) && ids.contains(&in_lyon.as_str()), "{offered}");
        assert!(!ids.contains(&in_agen.as_str()), "Agen's action is not in Lyon's offer");
    }
);

/// The public programme is open to anyone (art. 129), not to anyone's thousands of requests: past
/// its burst, an address without a login waits; a logged-in reader and logging in do not count.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn visitors_are_held_to_a_ceiling_per_address_and_logged_in_readers_are_not() {
    let rate = server::visitor_limit::VisitorRate { per_second: 1, burst: 5 };
    let options = tests::SpawnOptions { visitor_rate: rate, magistrates: 10, ..tests::SpawnOptions::default() };
    let app = TestApp::spawn_with(tests::Backend::Sqlite, options).await.expect("SQLite is always there");
    let q = "{ sessions(first: 1) { totalCount } }";
    // The burst, and the odd request refilled meanwhile on a slow machine (one a second).
    let mut served = 0;
    let refused = loop {
        let response = app.post_graphql(None, q, json!({})).await;
        if response.status() == 429 {
            let retry_after = response.headers().get("retry-after").and_then(|v| v.to_str().ok()).map(str::to_owned);
            assert_eq!(retry_after.as_deref(), Some("1"), "said the HTTP way too");
            break response.json::<serde_json::Value>().await.unwrap();
        }
        let answer: serde_json::Value = response.json().await.unwrap();
        assert!(answer.get("errors").is_none(), "served or refused with 429: {answer}");
        served += 1;
        assert!(served <= 8, "the ceiling holds");
    };
    assert!(served >= 5, "the whole burst is served, not {served}");
    assert_eq!(refused["errors"][0]["extensions"]["code"], "RATE_LIMITED", "{refused}");
    let message = refused["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("réessayez dans 1 seconde,"), "{message}");
    assert!(refused["data"].is_null() || refused["data"]["sessions"].is_null(), "nothing is read: {refused}");

    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    for _ in 0..20 {
        app.ok(&magistrate, q, json!({})).await;
    }

    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let again = app.gql(None, q, json!({})).await;
    assert!(again.get("errors").is_none(), "a second later the address may read again: {again}");
}

on_both_databases!(a_session_is_cancelled_until_its_last_day_not_once_it_took_place, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let held = app.published_session(&school, SessionSpec::default()).await;
    let last_day = app.published_session(&school, SessionSpec::default()).await;
    let read = "query($id: ID!) { session(id: $id) { endDate viewerCan { manage cancel } } }";
    let end = app.ok(&school, read, json!({ "id": held })).await["session"]["endDate"].as_str().unwrap().to_owned();
    let end = chrono::NaiveDate::parse_from_str(&end, "%Y-%m-%d").unwrap();
    let cancel = "mutation($id: ID!) { cancelSession(id: $id, reason: \"Intervenant empêché\") { status } }";

    app.set_today(end);
    let can = app.ok(&school, read, json!({ "id": last_day })).await;
    assert_eq!(can["session"]["viewerCan"]["cancel"], true, "on its last day: {can}");
    let done = app.ok(&school, cancel, json!({ "id": last_day })).await;
    assert_eq!(done["cancelSession"]["status"], "CANCELLED");

    app.set_today(end + chrono::Days::new(1));
    let can = app.ok(&school, read, json!({ "id": held })).await;
    assert_eq!(can["session"]["viewerCan"]["cancel"], false, "the day after, it took place: {can}");
    assert_eq!(can["session"]["viewerCan"]["manage"], true, "it is still edited until closed");
    assert_eq!(app.error_code(Some(&school), cancel, json!({ "id": held })).await, "INVALID_TRANSITION");
    // Nor can its dates be moved so that it might be cancelled after all.
    let moved = SessionSpec { start: end + chrono::Days::new(30), ..SessionSpec::default() }.input();
    let update = "mutation($id: ID!, $i: SessionInput!) { updateSession(id: $id, input: $i) { id } }";
    assert_eq!(app.error_code(Some(&school), update, json!({ "id": held, "i": moved })).await, "INVALID_TRANSITION");
    let status = app.scalar_text(&format!("SELECT status FROM sessions WHERE id = {held}")).await;
    assert_eq!(status, "PUBLISHED", "nothing changed");
});
