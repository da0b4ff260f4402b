//! Races on one session (art. 131, 134): 200 clients deciding, confirming, withdrawing and being
//! promoted at once never break capacity, the waitlist order or the audit trail; wishes sent at
//! the same moment, written together by the server, are each answered for themselves; on both
//! databases.

use futures::future::join_all;
use serde_json::{json, Value};
use tests::{on_both_databases, ops, SessionSpec, TestApp};

on_both_databases!(
    art_131_two_hundred_clients_interleaved_keep_capacity_waitlist_and_audit,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let session = app.published_session(&school, SessionSpec { capacity: 20, ..SessionSpec::default() }).await;
        let people = app.plain_magistrates(200).await;
        assert_eq!(people.len(), 200);
        let tokens: Vec<String> = people.iter().map(|id| app.token_for(*id)).collect();
        let apps: Vec<String> = join_all(tokens.iter().map(|t| app.apply(t, &session, 1))).await;
        // Round 1: the director waitlists half and selects half, all at once.
        join_all(apps.iter().enumerate().map(|(n, a)| {
            let decision = if n % 2 == 0 { "SELECTED" } else { "WAITLISTED" };
            app.gql(
                Some(&director),
                ops::DECIDE,
                json!({ "s": session, "d": [{ "applicationId": a, "decision": decision }] }),
            )
        }))
        .await;
        // Round 2, interleaved: everyone confirms, a third withdraw, and the director selects from
        // the waitlist, while freed seats are promoted.
        let round: Vec<_> = apps
            .iter()
            .zip(&tokens)
            .enumerate()
            .flat_map(|(n, (a, t))| {
                let mut calls: Vec<(String, &str, Value)> = vec![(t.clone(), ops::CONFIRM, json!({ "a": a }))];
                if n % 3 == 0 {
                    calls.push((
                        t.clone(),
                        ops::WITHDRAW,
                        json!({ "a": a, "r": "SERVICE_NECESSITY", "d": "Audience" }),
                    ));
                }
                if n % 2 == 1 {
                    calls.push((
                        director.clone(),
                        ops::DECIDE,
                        json!({ "s": session, "d": [{ "applicationId": a, "decision": "SELECTED" }] }),
                    ));
                }
                calls
            })
            .collect();
        let answers =
            join_all(round.iter().map(|(token, query, vars)| app.gql(Some(token), query, vars.clone()))).await;
        for answer in &answers {
            if let Some(code) = answer["errors"][0]["extensions"]["code"].as_str() {
                assert!(
                    ["SESSION_FULL", "INVALID_TRANSITION", "CONFIRMATION_CLOSED", "CONFLICT"].contains(&code),
                    "an expected refusal, not {answer}"
                );
            }
        }
        let count = |status: &'static str| {
            let (app, session) = (&app, session.clone());
            async move {
                app.scalar_i64(&format!(
                    "SELECT COUNT(*) FROM applications WHERE session_id = {session} AND status = '{status}'"
                ))
                .await
            }
        };
        let holding = count("SELECTED").await + count("CONFIRMED").await;
        assert!(holding <= 20, "{holding} seats held");
        assert_eq!(app.scalar_i64(&format!("SELECT seats_taken FROM sessions WHERE id = {session}")).await, holding);
        let positions = app
            .scalar_i64(&format!("SELECT COUNT(waitlist_position) FROM applications WHERE session_id = {session}"))
            .await;
        let distinct = app
            .scalar_i64(&format!(
                "SELECT COUNT(DISTINCT waitlist_position) FROM applications WHERE session_id = {session}"
            ))
            .await;
        assert_eq!(positions, distinct, "every waitlist position is unique");
        assert_eq!(positions, count("WAITLISTED").await, "only the waitlisted hold a position");
        // With seats free there is no one left waiting: the waitlist was promoted.
        if holding < 20 {
            assert_eq!(count("WAITLISTED").await, 0);
        }
        // Every application's last audit row leads to its current status.
        let rows = app
        .db()
        .query_all_raw(sea_orm::Statement::from_string(
            app.db().get_database_backend(),
            format!(
                "SELECT a.id, a.status, (SELECT l.after_state FROM audit_log l WHERE l.entity = 'application' AND l.entity_id = a.id \
                 ORDER BY l.id DESC LIMIT 1) FROM applications a WHERE a.session_id = {session}"
            ),
        ))
        .await
        .unwrap();
        assert_eq!(rows.len(), 200);
        for row in rows {
            let status: String = row.try_get_by_index(1).unwrap();
            let after: String = row.try_get_by_index(2).unwrap();
            let after: Value = serde_json::from_str(&after).unwrap();
            assert_eq!(after["status"], status.as_str(), "application {}", row.try_get_by_index::<i64>(0).unwrap());
        }
    }
);

on_both_databases!(
    art_130_wishes_sent_at_once_are_written_together_yet_each_answered_for_itself,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let first = app.published_session(&school, SessionSpec::default()).await;
        let second = app
            .published_session(&school, SessionSpec { title: "Cybercriminalité".into(), ..SessionSpec::default() })
            .await;
        let closed = app
            .published_session(
                &school,
                SessionSpec {
                    title: "Déontologie".into(),
                    open: tests::day(2026, 10, 1),
                    close: tests::day(2027, 1, 9),
                    ..SessionSpec::default()
                },
            )
            .await;
        let people = app.plain_magistrates(60).await;
        assert_eq!(people.len(), 60);
        // Each magistrate sends four wishes at once: two on the same session, two with the same
        // rank, one on a session whose window has closed.
        let wishes: Vec<(i64, &str, i32)> = people
            .iter()
            .flat_map(|id| {
                [
                    (*id, first.as_str(), 1),
                    (*id, first.as_str(), 2),
                    (*id, second.as_str(), 1),
                    (*id, closed.as_str(), 3),
                ]
            })
            .collect();
        let tokens: Vec<String> = wishes.iter().map(|(id, _, _)| app.token_for(*id)).collect();
        let answers =
            join_all(wishes.iter().zip(&tokens).map(|((_, session, rank), token)| {
                app.gql(Some(token), ops::APPLY, json!({ "s": session, "r": rank }))
            }))
            .await;
        let mut accepted = 0;
        for ((magistrate, session, rank), answer) in wishes.iter().zip(&answers) {
            if *session == closed.as_str() {
                assert_eq!(answer["errors"][0]["extensions"]["code"], "APPLICATIONS_CLOSED", "{answer}");
                continue;
            }
            match answer["data"]["apply"]["id"].as_str() {
                Some(id) => {
                    accepted += 1;
                    // The row answered is this magistrate's own wish, as asked.
                    let row = format!(
                        "SELECT COUNT(*) FROM applications WHERE id = {id} AND magistrate_id = {magistrate} \
                         AND session_id = {session} AND rank = {rank}"
                    );
                    assert_eq!(app.scalar_i64(&row).await, 1, "{answer}");
                    assert_eq!(app.audit_rows("application", id, "application.apply").await, 1);
                }
                None => {
                    let code = answer["errors"][0]["extensions"]["code"].as_str().unwrap_or_default();
                    assert!(["ALREADY_APPLIED", "CONFLICT"].contains(&code), "an expected refusal, not {answer}");
                }
            }
        }
        // Every magistrate holds one or two of the three, never a session twice nor a rank twice.
        for magistrate in &people {
            let held =
                app.scalar_i64(&format!("SELECT COUNT(*) FROM applications WHERE magistrate_id = {magistrate}")).await;
            assert!((1..=2).contains(&held), "magistrate {magistrate} holds {held} wishes");
        }
        let count = |sql: &'static str| app.scalar_i64(sql);
        assert_eq!(count("SELECT COUNT(*) FROM applications").await, accepted);
        assert_eq!(
            count("SELECT COUNT(*) FROM (SELECT DISTINCT magistrate_id, session_id FROM applications) AS d").await,
            accepted
        );
        assert_eq!(
            count("SELECT COUNT(*) FROM (SELECT DISTINCT magistrate_id, rank FROM applications) AS d").await,
            accepted
        );
        assert_eq!(count("SELECT COUNT(*) FROM audit_log WHERE action = 'application.apply'").await, accepted);
    }
);

use sea_orm::ConnectionTrait;
