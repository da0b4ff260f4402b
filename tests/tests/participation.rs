//! Confirmation, the deadline sweep, withdrawals and cancellations (art. 131, 134), on both databases.

use chrono::Duration;
use serde_json::json;
use tests::{day, on_both_databases, ops, SessionSpec, TestApp};

on_both_databases!(art_131_a_selection_is_confirmed_up_to_its_due_date_and_not_after, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let ids = app.plain_magistrates(2).await;
    let (early, late) = (app.token_for(ids[0]), app.token_for(ids[1]));
    let session = app.published_session(&school, SessionSpec::default()).await;
    let a_early = app.apply(&early, &session, 1).await;
    let a_late = app.apply(&late, &session, 1).await;
    app.decide(&director, &session, &a_early, "SELECTED").await;
    app.decide(&director, &session, &a_late, "SELECTED").await;
    // Due 14 April 2027 (two months before 14 June): confirming on the due date works.
    app.clock.set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2027, 4, 14, 18, 0, 0).unwrap());
    assert_eq!(
        app.ok(&early, ops::CONFIRM, json!({ "a": a_early })).await["confirmParticipation"]["status"],
        "CONFIRMED"
    );
    app.clock.advance(Duration::days(1));
    assert_eq!(app.error_code(Some(&late), ops::CONFIRM, json!({ "a": a_late })).await, "CONFIRMATION_CLOSED");
    // Confirming someone else's selection (which one may not even see), or a confirmed one, is refused.
    assert_eq!(app.error_code(Some(&late), ops::CONFIRM, json!({ "a": a_early })).await, "NOT_FOUND");
    assert_eq!(app.error_code(Some(&early), ops::CONFIRM, json!({ "a": a_early })).await, "INVALID_TRANSITION");
});

on_both_databases!(
    art_131_a_late_selection_gets_seven_days_but_never_past_the_eve_of_the_start,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let spec = SessionSpec {
            start: day(2027, 2, 15),
            open: day(2027, 1, 1),
            close: day(2027, 1, 31),
            ..SessionSpec::default()
        };
        let session = app.published_session(&school, spec).await;
        let application = app.apply(&magistrate, &session, 1).await;
        let decided = app.decide(&director, &session, &application, "SELECTED").await;
        assert_eq!(decided["confirmationDueDate"], "2027-01-17", "decided 10 January: seven days");
        let spec = SessionSpec {
            start: day(2027, 1, 14),
            open: day(2027, 1, 1),
            close: day(2027, 1, 12),
            title: "Atelier".into(),
            ..SessionSpec::default()
        };
        let soon = app.published_session(&school, spec).await;
        let application = app.apply(&magistrate, &soon, 2).await;
        let decided = app.decide(&director, &soon, &application, "SELECTED").await;
        assert_eq!(decided["confirmationDueDate"], "2027-01-13", "never after the day before the start");
    }
);

on_both_databases!(
    art_131_the_sweep_lapses_unconfirmed_selections_and_promotes_the_waitlist_in_order,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let ids = app.plain_magistrates(4).await;
        let tokens: Vec<String> = ids.iter().map(|id| app.token_for(*id)).collect();
        let session = app.published_session(&school, SessionSpec { capacity: 2, ..SessionSpec::default() }).await;
        let mut apps = Vec::new();
        for token in &tokens {
            apps.push(app.apply(token, &session, 1).await);
        }
        app.decide(&director, &session, &apps[0], "SELECTED").await;
        app.decide(&director, &session, &apps[1], "SELECTED").await;
        app.decide(&director, &session, &apps[2], "WAITLISTED").await;
        app.decide(&director, &session, &apps[3], "WAITLISTED").await;
        app.ok(&tokens[0], ops::CONFIRM, json!({ "a": apps[0] })).await;
        // Up to the last second of the due date in Paris (23:59:59, UTC+2) the sweep does nothing.
        let report = app.ok(&school, ops::SWEEP, json!({ "at": "2027-04-14T21:59:59Z" })).await;
        assert_eq!(report["runDeadlineSweep"], json!({ "lapsed": 0, "promoted": 0 }));
        app.clock.set(chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2027, 4, 15, 8, 0, 0).unwrap());
        let report = app.ok(&school, ops::SWEEP, json!({})).await;
        assert_eq!(report["runDeadlineSweep"], json!({ "lapsed": 1, "promoted": 1 }));
        let applicants = app.ok(&director, ops::APPLICANTS, json!({ "s": session })).await;
        let status = |id: &str| {
            applicants["sessionApplicants"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap().clone()
        };
        assert_eq!(status(&apps[1])["status"], "LAPSED");
        assert_eq!(status(&apps[2])["status"], "SELECTED", "the first on the waitlist is promoted");
        assert_eq!(status(&apps[2])["confirmationDueDate"], "2027-04-22", "with a fresh seven-day delay");
        assert_eq!(status(&apps[3])["status"], "WAITLISTED");
        let lapsed = app.ok(&tokens[1], ops::NOTIFICATIONS, json!({})).await;
        assert_eq!(lapsed["notifications"][0]["kind"], "LAPSED");
        let promoted = app.ok(&tokens[2], ops::NOTIFICATIONS, json!({})).await;
        assert_eq!(promoted["notifications"][0]["kind"], "PROMOTED");
        // Running it again changes nothing; magistrates may not run it.
        assert_eq!(
            app.ok(&school, ops::SWEEP, json!({})).await["runDeadlineSweep"],
            json!({ "lapsed": 0, "promoted": 0 })
        );
        assert_eq!(app.error_code(Some(&tokens[0]), ops::SWEEP, json!({})).await, "FORBIDDEN");
        assert_eq!(app.scalar_i64(&format!("SELECT seats_taken FROM sessions WHERE id = {session}")).await, 2);
        assert_eq!(app.audit_rows("application", &apps[1], "application.lapse").await, 1);
        assert_eq!(app.audit_rows("application", &apps[2], "application.promote").await, 1);
    }
);

on_both_databases!(
    art_134_a_withdrawal_needs_a_reason_and_details_and_frees_the_seat_for_the_waitlist,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let waiting_id = app.plain_magistrates(1).await[0];
        let waiting = app.token_for(waiting_id);
        let session = app.published_session(&school, SessionSpec { capacity: 1, ..SessionSpec::default() }).await;
        let mine = app.apply(&magistrate, &session, 1).await;
        let theirs = app.apply(&waiting, &session, 1).await;
        app.decide(&director, &session, &mine, "SELECTED").await;
        app.decide(&director, &session, &theirs, "WAITLISTED").await;
        app.ok(&magistrate, ops::CONFIRM, json!({ "a": mine })).await;
        let empty = json!({ "a": mine, "r": "HEALTH", "d": "   " });
        assert_eq!(app.error_code(Some(&magistrate), ops::WITHDRAW, empty).await, "VALIDATION");
        let done = app
            .ok(
                &magistrate,
                ops::WITHDRAW,
                json!({ "a": mine, "r": "SERVICE_NECESSITY", "d": "Audience de cabinet fixée." }),
            )
            .await;
        assert_eq!(done["withdraw"]["status"], "WITHDRAWN");
        assert_eq!(done["withdraw"]["withdrawal"]["reason"], "SERVICE_NECESSITY");
        assert!(done["withdraw"]["withdrawal"]["serious"].is_null(), "not yet assessed");
        let promoted = app.ok(&waiting, "{ myApplications { status confirmationDueDate } }", json!({})).await;
        assert_eq!(promoted["myApplications"][0]["status"], "SELECTED");
        assert_eq!(promoted["myApplications"][0]["confirmationDueDate"], "2027-04-14");
        // The School hears of it (art. 134: « doit parvenir à l'École »).
        let told = app.ok(&school, ops::NOTIFICATIONS, json!({})).await;
        assert_eq!(told["notifications"][0]["kind"], "WITHDRAWAL_RECORDED");
        assert_eq!(
            app.error_code(Some(&magistrate), ops::WITHDRAW, json!({ "a": mine, "r": "OTHER", "d": "encore" })).await,
            "INVALID_TRANSITION"
        );
    }
);

on_both_databases!(
    art_134_the_school_assesses_a_withdrawal_and_may_notify_the_head_of_court,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let head = app.login("chef-cour@demo.magistra.fr").await;
        let session = app.published_session(&school, SessionSpec::default()).await;
        let application = app.apply(&magistrate, &session, 1).await;
        app.decide(&director, &session, &application, "SELECTED").await;
        app.ok(&magistrate, ops::WITHDRAW, json!({ "a": application, "r": "OTHER", "d": "Convenance personnelle." }))
            .await;
        let assess = "mutation($a: ID!, $s: Boolean!, $n: Boolean!) { assessWithdrawal(applicationId: $a, serious: $s, notifyHeadOfCourt: $n) { withdrawal { serious headOfCourtNotified } } }";
        assert_eq!(
            app.error_code(Some(&magistrate), assess, json!({ "a": application, "s": false, "n": true })).await,
            "FORBIDDEN"
        );
        assert_eq!(
            app.error_code(Some(&school), assess, json!({ "a": application, "s": true, "n": true })).await,
            "VALIDATION"
        );
        let done = app.ok(&school, assess, json!({ "a": application, "s": false, "n": true })).await;
        assert_eq!(done["assessWithdrawal"]["withdrawal"], json!({ "serious": false, "headOfCourtNotified": true }));
        let told = app.ok(&head, ops::NOTIFICATIONS, json!({})).await;
        assert_eq!(told["notifications"][0]["kind"], "UNJUSTIFIED_WITHDRAWAL");
        assert!(told["notifications"][0]["body"].as_str().unwrap().contains("Camille Durand"));
        assert_eq!(
            app.error_code(Some(&school), assess, json!({ "a": application, "s": true, "n": false })).await,
            "INVALID_TRANSITION"
        );
    }
);

on_both_databases!(cancelling_a_session_notifies_everyone_on_it, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let ids = app.plain_magistrates(3).await;
    let session = app.published_session(&school, SessionSpec::default()).await;
    let mut apps = Vec::new();
    for id in &ids {
        apps.push(app.apply(&app.token_for(*id), &session, 1).await);
    }
    app.decide(&director, &session, &apps[0], "SELECTED").await;
    app.decide(&director, &session, &apps[1], "WAITLISTED").await;
    let cancel =
        "mutation($id: ID!, $r: String!) { cancelSession(id: $id, reason: $r) { status cancelReason seatsTaken } }";
    let magistrate = app.token_for(ids[0]);
    assert_eq!(app.error_code(Some(&magistrate), cancel, json!({ "id": session, "r": "x" })).await, "FORBIDDEN");
    let done = app.ok(&school, cancel, json!({ "id": session, "r": "Intervenant indisponible" })).await;
    assert_eq!(
        done["cancelSession"],
        json!({ "status": "CANCELLED", "cancelReason": "Intervenant indisponible", "seatsTaken": 0 })
    );
    for id in &ids {
        let notes = app.ok(&app.token_for(*id), ops::NOTIFICATIONS, json!({})).await;
        assert_eq!(notes["notifications"][0]["kind"], "SESSION_CANCELLED", "magistrate {id}");
    }
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM applications WHERE session_id = {session} AND status = 'CANCELLED'"
        ))
        .await,
        3
    );
    assert_eq!(
        app.error_code(Some(&magistrate), ops::APPLY, json!({ "s": session, "r": 2 })).await,
        "APPLICATIONS_CLOSED"
    );
});

on_both_databases!(notifications_are_delivered_by_email_through_the_outbox, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let session = app.published_session(&school, SessionSpec::default()).await;
    let application = app.apply(&magistrate, &session, 1).await;
    app.decide(&director, &session, &application, "SELECTED").await;
    let mut log = String::new();
    for _ in 0..50 {
        log = std::fs::read_to_string(&app.mail_log).unwrap_or_default();
        if log.contains("magistrat@demo.magistra.fr") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(log.contains("À : Camille Durand <magistrat@demo.magistra.fr>"), "mail log: {log}");
    assert!(log.contains("Candidature retenue"));
    assert!(log.contains("mercredi 14 avril 2027"), "the due date in French: {log}");
    let emailed = app.ok(&magistrate, "{ notifications { emailed } }", json!({})).await;
    assert_eq!(emailed["notifications"][0]["emailed"], true);
});

on_both_databases!(
    a_freed_seat_passes_over_a_waitlisted_magistrate_who_holds_a_place_at_the_same_time,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let ids = app.plain_magistrates(3).await;
        let tokens: Vec<String> = ids.iter().map(|id| app.token_for(*id)).collect();
        let first = app.published_session(&school, SessionSpec { capacity: 1, ..SessionSpec::default() }).await;
        // Another action on the same days, where the first on the waitlist has a place.
        let spec = SessionSpec { capacity: 1, title: "Atelier du même jour".into(), ..SessionSpec::default() };
        let same_days = app.published_session(&school, spec).await;
        let holder = app.apply(&tokens[0], &first, 1).await;
        let busy = app.apply(&tokens[1], &first, 1).await;
        let next = app.apply(&tokens[2], &first, 1).await;
        let busy_elsewhere = app.apply(&tokens[1], &same_days, 2).await;
        app.decide(&director, &first, &holder, "SELECTED").await;
        app.decide(&director, &first, &busy, "WAITLISTED").await;
        app.decide(&director, &first, &next, "WAITLISTED").await;
        app.decide(&director, &same_days, &busy_elsewhere, "SELECTED").await;
        app.ok(&tokens[0], ops::CONFIRM, json!({ "a": holder })).await;
        let reason = json!({ "a": holder, "r": "SERVICE_NECESSITY", "d": "Audience de cabinet fixée." });
        app.ok(&tokens[0], ops::WITHDRAW, reason).await;
        let status = |id: &str| format!("SELECT status FROM applications WHERE id = {id}");
        assert_eq!(app.scalar_text(&status(&next)).await, "SELECTED", "the next one without a place those days");
        assert_eq!(app.scalar_text(&status(&busy)).await, "WAITLISTED", "passed over, still waiting");
        assert_eq!(app.audit_rows("application", &busy, "application.promote").await, 0);
        assert_eq!(app.scalar_i64(&format!("SELECT seats_taken FROM sessions WHERE id = {first}")).await, 1);
    }
);
