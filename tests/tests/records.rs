//! Attendance, evaluations, validations, obligations and the training sheet (art. 125, 126, 133,
//! 135, 136), on both databases.

use serde_json::json;
use tests::records_ops::*;
use tests::{day, on_both_databases, ops, SessionSpec, TestApp};

on_both_databases!(
    art_133_attendance_per_half_day_gives_the_outcome_and_the_days_credited,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let (session, tokens, apps) = app.confirmed_session(3).await;
        app.set_today(day(2027, 6, 17));
        let start = day(2027, 6, 14);
        app.record_days(&school, &session, &apps[0], start, 3, true).await;
        app.record_days(&school, &session, &apps[1], start, 3, false).await;
        let partial = app.record_days(&school, &session, &apps[1], start, 1, true).await;
        assert_eq!(partial["recordAttendance"][0]["status"], "PARTIAL");
        app.record_days(&school, &session, &apps[2], start, 3, false).await;
        let mine = |i: usize| app.ok(&tokens[i], "{ myApplications { status } }", json!({}));
        assert_eq!(mine(0).await["myApplications"][0]["status"], "ATTENDED");
        assert_eq!(mine(1).await["myApplications"][0]["status"], "PARTIAL");
        assert_eq!(mine(2).await["myApplications"][0]["status"], "ABSENT");
        let credited = |id: &str| format!("SELECT credited_half_days FROM applications WHERE id = {id}");
        assert_eq!(app.scalar_i64(&credited(&apps[0])).await, 6, "three days");
        assert_eq!(app.scalar_i64(&credited(&apps[1])).await, 2, "one day out of three");
        assert_eq!(app.scalar_i64(&credited(&apps[2])).await, 0);
        // The second participant's corrections were audited as such (art. 133).
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'attendance.correct'").await, 2);
        let sheet = app
            .ok(&school, "query($s: ID!) { sessionAttendance(sessionId: $s) { present } }", json!({ "s": session }))
            .await;
        assert_eq!(sheet["sessionAttendance"].as_array().unwrap().len(), 18);
    }
);

on_both_databases!(
    art_133_attendance_is_refused_for_the_unselected_outside_the_dates_and_to_others,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let (session, tokens, apps) = app.confirmed_session(1).await;
        let waiting = app.token_for(app.plain_magistrates(2).await[1]);
        let waitlisted = app.apply(&waiting, &session, 1).await;
        app.decide(&director, &session, &waitlisted, "WAITLISTED").await;
        app.set_today(day(2027, 6, 17));
        let entry = |a: &str, date: &str| json!({ "s": session, "e": [{ "applicationId": a, "date": date, "halfDay": "MORNING", "present": true }] });
        let cases = [
            (&school, entry(&waitlisted, "2027-06-14"), "INVALID_TRANSITION"),
            (&school, entry(&apps[0], "2027-06-13"), "VALIDATION"),
            (&school, entry(&apps[0], "2027-06-17"), "VALIDATION"),
            (&tokens[0], entry(&apps[0], "2027-06-14"), "FORBIDDEN"),
            (&director, entry(&apps[0], "2027-06-14"), "FORBIDDEN"),
        ];
        for (token, vars, expected) in cases {
            assert_eq!(app.error_code(Some(token), ops::RECORD_ATTENDANCE, vars.clone()).await, expected, "{vars}");
        }
        app.set_today(day(2027, 6, 14));
        let tomorrow = json!({ "s": session, "e": [{ "applicationId": apps[0], "date": "2027-06-15", "halfDay": "MORNING", "present": true }] });
        assert_eq!(app.error_code(Some(&school), ops::RECORD_ATTENDANCE, tomorrow).await, "VALIDATION");
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM attendance").await, 0, "nothing recorded");
    }
);

on_both_databases!(
    art_135_participants_evaluate_once_the_school_reads_without_names_and_laggards_are_reminded,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let (session, tokens, apps) = app.confirmed_session(3).await;
        app.set_today(day(2027, 6, 17));
        for a in &apps[..2] {
            app.record_days(&school, &session, a, day(2027, 6, 14), 3, true).await;
        }
        app.record_days(&school, &session, &apps[2], day(2027, 6, 14), 3, false).await;
        let form = |c: i32| json!({ "content": c, "speakers": 4, "organisation": 3, "usefulness": 5, "comments": "Très utile pour mes audiences." });
        app.ok(&tokens[0], SUBMIT_EVALUATION, json!({ "a": apps[0], "i": form(5) })).await;
        assert_eq!(
            app.error_code(Some(&tokens[0]), SUBMIT_EVALUATION, json!({ "a": apps[0], "i": form(4) })).await,
            "CONFLICT"
        );
        assert_eq!(
            app.error_code(Some(&tokens[2]), SUBMIT_EVALUATION, json!({ "a": apps[2], "i": form(4) })).await,
            "INVALID_TRANSITION"
        );
        assert_eq!(
            app.error_code(Some(&tokens[1]), SUBMIT_EVALUATION, json!({ "a": apps[1], "i": form(6) })).await,
            "VALIDATION"
        );
        assert_eq!(
            app.error_code(Some(&tokens[1]), SUBMIT_EVALUATION, json!({ "a": apps[0], "i": form(3) })).await,
            "NOT_FOUND",
            "another participant's application is not theirs to see"
        );
        let q = "query($s: ID!) { sessionEvaluations(sessionId: $s) { participants responses responseRate averageContent averageUsefulness comments } }";
        let report = app.ok(&school, q, json!({ "s": session })).await;
        assert_eq!(
            report["sessionEvaluations"],
            json!({ "participants": 2, "responses": 1, "responseRate": 0.5, "averageContent": 5.0, "averageUsefulness": 5.0, "comments": [] }),
            "a single comment is not shown: it could be tied to its author"
        );
        // Anonymous in storage: the form names no application, its audit row no author and no content.
        let named = app
            .scalar_i64("SELECT COUNT(*) FROM audit_log WHERE entity = 'evaluation' AND (actor_id IS NOT NULL OR after_state IS NOT NULL)")
            .await;
        assert_eq!(named, 0);
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE entity = 'evaluation'").await, 1);
        assert_eq!(app.error_code(Some(&tokens[0]), q, json!({ "s": session })).await, "FORBIDDEN");
        // A week after the end (16 June), the participant who has not answered is reminded, once.
        let sweep = "mutation { runDeadlineSweep { evaluationReminders } }";
        app.set_today(day(2027, 6, 22));
        assert_eq!(app.ok(&school, sweep, json!({})).await["runDeadlineSweep"]["evaluationReminders"], 0, "not yet");
        app.set_today(day(2027, 6, 23));
        assert_eq!(app.ok(&school, sweep, json!({})).await["runDeadlineSweep"]["evaluationReminders"], 1);
        assert_eq!(app.ok(&school, sweep, json!({})).await["runDeadlineSweep"]["evaluationReminders"], 0, "only once");
        let notes = app.ok(&tokens[1], ops::NOTIFICATIONS, json!({})).await;
        assert_eq!(notes["notifications"][0]["kind"], "EVALUATION_REMINDER");
    }
);

on_both_databases!(art_125_a_validation_request_is_decided_once_by_the_director, |app: TestApp| async move {
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let input = |d: f64| json!({ "i": { "kind": "PUBLICATION", "title": "Article à la Gazette du Palais", "year": 2027, "daysRequested": d } });
    for bad in [-1.0, 0.0, 0.3, 400.0] {
        assert_eq!(app.error_code(Some(&magistrate), REQUEST_VALIDATION, input(bad)).await, "VALIDATION", "{bad} days");
    }
    let created = app.ok(&magistrate, REQUEST_VALIDATION, input(2.5)).await;
    assert_eq!(created["requestValidation"]["status"], "PENDING");
    let id = created["requestValidation"]["id"].clone();
    assert_eq!(app.error_code(Some(&school), DECIDE_VALIDATION, json!({ "id": id, "ok": true })).await, "FORBIDDEN");
    assert_eq!(
        app.error_code(Some(&director), DECIDE_VALIDATION, json!({ "id": id, "ok": true, "d": 3.0 })).await,
        "VALIDATION"
    );
    let decided = app
        .ok(&director, DECIDE_VALIDATION, json!({ "id": id, "ok": true, "d": 2.0, "c": "Deux jours retenus." }))
        .await;
    assert_eq!(decided["decideValidation"], json!({ "status": "APPROVED", "daysCredited": 2.0 }));
    assert_eq!(
        app.error_code(Some(&director), DECIDE_VALIDATION, json!({ "id": id, "ok": false })).await,
        "INVALID_TRANSITION"
    );
    let notes = app.ok(&magistrate, ops::NOTIFICATIONS, json!({})).await;
    assert_eq!(notes["notifications"][0]["kind"], "VALIDATION_DECIDED");
    let pending = app.ok(&director, "{ validationRequests(pendingOnly: true) { id } }", json!({})).await;
    assert_eq!(pending["validationRequests"].as_array().unwrap().len(), 0);
});

on_both_databases!(
    art_136_the_sheet_shows_two_trainings_attended_a_withdrawal_and_a_validated_publication,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let starts = [day(2027, 6, 14), day(2027, 6, 21), day(2027, 9, 13)];
        let titles = ["La justice pénale des mineurs", "L’enfance en danger", "Cybercriminalité"];
        // The first is prise-de-fonction training for the magistrate's new function (art. 126); the
        // second is one for another function.
        let targets = [vec!["Juge des enfants"], vec!["Juge d’instruction"], Vec::new()];
        let mut sessions = Vec::new();
        let mut apps = Vec::new();
        for (k, ((start, title), target_functions)) in starts.iter().zip(titles).zip(targets).enumerate() {
            let spec = SessionSpec {
                start: *start,
                title: title.into(),
                target_functions,
                onboarding: k < 2,
                ..SessionSpec::default()
            };
            let s = app.published_session(&school, spec).await;
            let a = app.apply(&magistrate, &s, k as i32 + 1).await;
            app.decide(&director, &s, &a, "SELECTED").await;
            sessions.push(s);
            apps.push(a);
        }
        app.ok(&magistrate, ops::CONFIRM, json!({ "a": apps[0] })).await;
        app.ok(&magistrate, ops::CONFIRM, json!({ "a": apps[1] })).await;
        app.ok(
            &magistrate,
            ops::WITHDRAW,
            json!({ "a": apps[2], "r": "FAMILY", "d": "Naissance attendue en septembre." }),
        )
        .await;
        app.set_today(day(2027, 6, 30));
        app.record_days(&school, &sessions[0], &apps[0], starts[0], 3, true).await;
        app.record_days(&school, &sessions[1], &apps[1], starts[1], 3, true).await;
        let request = app.ok(&magistrate, REQUEST_VALIDATION, json!({ "i": { "kind": "PUBLICATION", "title": "Chronique de droit des mineurs", "year": 2027, "daysRequested": 2 } })).await;
        app.ok(&director, DECIDE_VALIDATION, json!({ "id": request["requestValidation"]["id"], "ok": true })).await;

        let me = app.user_id("magistrat@demo.magistra.fr").await.to_string();
        let sheet = app.ok(&magistrate, SHEET, json!({ "m": me, "y": 2027 })).await["trainingSheet"].clone();
        assert_eq!(sheet["requested"].as_array().unwrap().len(), 3);
        assert_eq!(sheet["accepted"].as_array().unwrap().len(), 3, "the withdrawn one had been accepted");
        assert_eq!(sheet["refused"].as_array().unwrap().len(), 0);
        assert_eq!(
            sheet["attended"],
            json!([{ "days": 3.0, "session": { "title": titles[0] } }, { "days": 3.0, "session": { "title": titles[1] } }])
        );
        assert_eq!(
            sheet["withdrawn"],
            json!([{ "withdrawalReason": "FAMILY", "withdrawalDetails": "Naissance attendue en septembre." }])
        );
        assert_eq!(
            sheet["validatedActivities"],
            json!([{ "title": "Chronique de droit des mineurs", "daysCredited": 2.0 }])
        );
        assert_eq!(sheet["daysCounted"], 8.0);
        // Named on 1 March to a function never held before (art. 126): the June trainings fall in the
        // twelve months that follow, but only the prise-de-fonction one for this function is theory of
        // it: 3 of 10, no internship.
        let obligations = sheet["obligations"].as_array().unwrap();
        assert_eq!(
            obligations[0],
            json!({ "kind": "ANNUAL", "article": "art. 125", "requiredDays": 5.0, "countedDays": 5.0, "shortfallDays": 0.0, "met": true })
        );
        assert_eq!(obligations[1]["kind"], "NEW_FUNCTION_THEORY");
        assert_eq!(obligations[1]["countedDays"], 3.0);
        assert_eq!(obligations[1]["shortfallDays"], 7.0);
        assert_eq!(obligations[2]["kind"], "NEW_FUNCTION_INTERNSHIP");
        assert_eq!(obligations[2]["shortfallDays"], 10.0);
        assert_eq!(sheet["shortfallDays"], 10.0);
        assert_eq!(sheet["compliant"], false);

        // Who may read it (art. 136).
        for email in [
            "chef-juridiction@demo.magistra.fr",
            "chef-cour@demo.magistra.fr",
            "ecole@demo.magistra.fr",
            "directeur@demo.magistra.fr",
        ] {
            let token = app.login(email).await;
            app.ok(&token, SHEET, json!({ "m": me, "y": 2027 })).await;
        }
        for email in ["delegue@demo.magistra.fr", "ministere@demo.magistra.fr", "finances@demo.magistra.fr"] {
            let token = app.login(email).await;
            // A sheet one may not read is answered as if it did not exist.
            assert_eq!(
                app.error_code(Some(&token), SHEET, json!({ "m": me, "y": 2027 })).await,
                "NOT_FOUND",
                "{email}"
            );
        }

        // The same sheet as PDF: a real document, in French.
        let (status, kind, body) =
            app.export(Some(&magistrate), &format!("/export/training-sheet.pdf?magistrate={me}&year=2027")).await;
        assert_eq!((status, kind.as_str()), (200, "application/pdf"));
        let saved = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/exports");
        std::fs::create_dir_all(saved).unwrap();
        std::fs::write(format!("{saved}/fiche-formation-{:?}.pdf", app.backend), &body).unwrap();
        let pdf = lopdf::Document::load_mem(&body).expect("the PDF parses");
        let pages: Vec<u32> = pdf.get_pages().keys().copied().collect();
        let text = pdf.extract_text(&pages).unwrap();
        for expected in [
            "FICHE-FORMATION 2027",
            "Camille Durand",
            "Désistements",
            "Chronique de droit des mineurs",
            "il manque 10 jour(s)",
        ] {
            assert!(text.contains(expected), "{expected:?} missing from the PDF text: {text}");
        }
        assert_eq!(app.export(None, &format!("/export/training-sheet.pdf?magistrate={me}&year=2027")).await.0, 401);
        let delegate = app.login("delegue@demo.magistra.fr").await;
        assert_eq!(
            app.export(Some(&delegate), &format!("/export/training-sheet.pdf?magistrate={me}&year=2027")).await.0,
            404,
            "a sheet one may not read is answered as if it did not exist"
        );
    }
);

on_both_databases!(
    art_136_the_director_transmits_the_sheets_once_and_the_ministry_may_then_read_them,
    |app: TestApp| async move {
        let director = app.login("directeur@demo.magistra.fr").await;
        let ministry = app.login("ministere@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let lyon = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
        let people = app.scalar_i64(&format!("SELECT COUNT(*) FROM magistrates WHERE court_id = {lyon}")).await;
        let with_evaluator = app
            .scalar_i64(&format!(
                "SELECT COUNT(*) FROM magistrates WHERE court_id = {lyon} AND evaluator_id IS NOT NULL"
            ))
            .await;
        let me = app.user_id("magistrat@demo.magistra.fr").await.to_string();
        assert_eq!(
            app.error_code(Some(&ministry), SHEET, json!({ "m": me, "y": 2027 })).await,
            "NOT_FOUND",
            "not yet transmitted"
        );
        assert_eq!(app.error_code(Some(&magistrate), TRANSMIT, json!({ "y": 2027, "c": lyon })).await, "FORBIDDEN");
        let first = app.ok(&director, TRANSMIT, json!({ "y": 2027, "c": lyon })).await;
        assert_eq!(
            first["transmitTrainingSheets"],
            json!({ "sheets": people, "transmissions": 2 * people + with_evaluator, "alreadySent": 0 })
        );
        let second = app.ok(&director, TRANSMIT, json!({ "y": 2027, "c": lyon })).await;
        assert_eq!(
            second["transmitTrainingSheets"],
            json!({ "sheets": 0, "transmissions": 0, "alreadySent": 2 * people + with_evaluator })
        );
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM sheet_transmissions").await, 2 * people + with_evaluator);
        let sheet = app.ok(&ministry, SHEET, json!({ "m": me, "y": 2027 })).await;
        let recipients: Vec<&str> = sheet["trainingSheet"]["transmissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["recipient"].as_str().unwrap())
            .collect();
        assert_eq!(recipients.len(), 3, "{recipients:?}");
        let notes = app.ok(&magistrate, ops::NOTIFICATIONS, json!({})).await;
        assert_eq!(notes["notifications"][0]["kind"], "SHEET_TRANSMITTED");
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'sheet.transmit'").await, people);
    }
);

on_both_databases!(art_125_the_compliance_report_lists_who_is_short_in_a_court, |app: TestApp| async move {
    let head = app.login("chef-cour@demo.magistra.fr").await;
    let lyon = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
    let paris = app.scalar_i64("SELECT id FROM courts WHERE name = 'Paris'").await.to_string();
    let q = "query($c: ID!) { complianceReport(courtId: $c, year: 2027) { court { name } magistrateCount shortCount lines { magistrate { email court { name } } shortfallDays unmet { kind } } } }";
    let report = app.ok(&head, q, json!({ "c": lyon })).await["complianceReport"].clone();
    assert_eq!(report["court"]["name"], "Lyon");
    assert_eq!(report["shortCount"], report["magistrateCount"], "nobody trained yet");
    let lines = report["lines"].as_array().unwrap();
    assert!(lines.iter().all(|l| l["magistrate"]["court"]["name"] == "Lyon"));
    let demo = lines.iter().find(|l| l["magistrate"]["email"] == "magistrat@demo.magistra.fr").unwrap();
    assert_eq!(demo["shortfallDays"], 10.0, "the new function's theory and internship");
    assert_eq!(lines[0]["shortfallDays"], 10.0, "largest shortfalls first");
    assert_eq!(app.error_code(Some(&head), q, json!({ "c": paris })).await, "FORBIDDEN");
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    assert_eq!(app.error_code(Some(&magistrate), q, json!({ "c": lyon })).await, "FORBIDDEN");
    // The court's sheets as CSV, for its head.
    let (status, kind, body) =
        app.export(Some(&head), &format!("/export/court-sheets.csv?court={lyon}&year=2027")).await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/csv"));
    let text = String::from_utf8(body).unwrap();
    assert!(text.starts_with("\u{FEFF}Nom;Courriel;Juridiction"));
    assert_eq!(text.lines().count() as u64, report["magistrateCount"].as_u64().unwrap() + 1);
    assert!(
        text.contains("Camille Durand;magistrat@demo.magistra.fr;Tribunal judiciaire de Lyon;Juge des enfants;2027")
    );
    let (status, kind, body) =
        app.export(Some(&head), &format!("/export/court-sheets.pdf?court={lyon}&year=2027")).await;
    assert_eq!((status, kind.as_str()), (200, "application/pdf"));
    let pdf = lopdf::Document::load_mem(&body).unwrap();
    assert!(pdf.get_pages().len() as u64 >= report["magistrateCount"].as_u64().unwrap(), "a sheet per magistrate");
    assert_eq!(app.export(Some(&head), &format!("/export/court-sheets.csv?court={paris}&year=2027")).await.0, 403);
});

on_both_databases!(a_magistrates_confirmed_sessions_export_as_icalendar, |app: TestApp| async move {
    let (_, tokens, _) = app.confirmed_session(1).await;
    let id = app.scalar_i64("SELECT magistrate_id FROM applications LIMIT 1").await;
    let (status, kind, body) = app.export(Some(&tokens[0]), &format!("/export/sessions.ics?magistrate={id}")).await;
    assert_eq!(status, 200);
    assert!(kind.starts_with("text/calendar"));
    let text = String::from_utf8(body).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    // Each day of the action from 9 h to 17 h 30 on the School's clock, until its last day (16 June).
    assert!(text.contains("DTSTART;TZID=Europe/Paris:20270614T090000\r\n"));
    assert!(text.contains("DTEND;TZID=Europe/Paris:20270614T173000\r\n"));
    assert!(text.contains("RRULE:FREQ=DAILY;UNTIL=20270616T153000Z;BYDAY=MO,TU,WE,TH,FR\r\n"));
    assert!(text.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"));
    assert!(text.contains("SUMMARY:La justice pénale des mineurs\r\n"));
    let other = app.login("magistrat@demo.magistra.fr").await;
    assert_eq!(app.export(Some(&other), &format!("/export/sessions.ics?magistrate={id}")).await.0, 404);
});

on_both_databases!(
    art_136_a_sheet_costs_the_same_number_of_statements_whatever_its_length,
    |app: TestApp| async move {
        use std::sync::atomic::{AtomicUsize, Ordering};
        use std::sync::Arc;
        let school = app.login("ecole@demo.magistra.fr").await;
        let ids = app.plain_magistrates(2).await;
        let (short, long) = (app.token_for(ids[0]), app.token_for(ids[1]));
        for k in 0..8 {
            let spec =
                SessionSpec { title: format!("Session {k}"), start: day(2027, 5, 3 + k), ..SessionSpec::default() };
            let session = app.published_session(&school, spec).await;
            if k == 0 {
                app.apply(&short, &session, 1).await;
            }
            app.apply(&long, &session, k as i32 + 1).await;
        }
        let mut db = server::db::connect(&app.state.settings.database_url).await.unwrap();
        let statements = Arc::new(AtomicUsize::new(0));
        let counter = statements.clone();
        db.set_metric_callback(move |_| {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        let count = |id: i64| {
            let db = db.clone();
            let statements = statements.clone();
            async move {
                statements.store(0, Ordering::SeqCst);
                let sheets = server::services::sheets::build(&db, &[id], 2027).await.unwrap();
                (statements.load(Ordering::SeqCst), sheets[0].national.len())
            }
        };
        let (for_one, lines_one) = count(ids[0]).await;
        let (for_eight, lines_eight) = count(ids[1]).await;
        assert_eq!((lines_one, lines_eight), (1, 8));
        assert_eq!(for_one, for_eight, "statements must not grow with the lines");
        assert!(for_one <= 8, "{for_one} statements for one sheet");
        // A whole court's sheets cost the same handful of statements as one.
        let lyon = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await;
        let court = server::services::sheets::court_magistrates(&db, lyon).await.unwrap();
        statements.store(0, Ordering::SeqCst);
        let sheets = server::services::sheets::build(&db, &court, 2027).await.unwrap();
        assert_eq!(sheets.len(), court.len());
        assert!(statements.load(Ordering::SeqCst) <= for_one, "a batch of {} sheets", court.len());
    }
);

/// The days an obligation of `kind` counts on the sheet of `magistrate` for 2027.
async fn counted(app: &TestApp, token: &str, magistrate: i64, kind: &str) -> f64 {
    let sheet = app.ok(token, SHEET, json!({ "m": magistrate.to_string(), "y": 2027 })).await;
    let obligations = sheet["trainingSheet"]["obligations"].as_array().unwrap().clone();
    let found = obligations.iter().find(|o| o["kind"] == kind).unwrap_or_else(|| panic!("no {kind}: {obligations:?}"));
    found["countedDays"].as_f64().unwrap()
}

on_both_databases!(
    art_128_2_days_tied_to_the_functions_held_are_matched_through_the_reference_list,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let admin = app.login("admin@demo.magistra.fr").await;
        let magistrate = app.plain_magistrates(1).await[0];
        let function_id = app
            .scalar_i64(&format!("SELECT function_id FROM postings WHERE user_id = {magistrate} AND ended_on IS NULL"))
            .await;
        let function = app.scalar_text(&format!("SELECT name FROM functions WHERE id = {function_id}")).await;
        app.execute(&format!(
            "UPDATE magistrates SET recruitment_path = 'ARTICLE_22', appointed_on = '2024-09-01' WHERE user_id = {magistrate}"
        ))
        .await;

        // A function the list does not have is refused; one written otherwise (case, spaces) is the list's.
        let mut input = SessionSpec::default().input();
        input["targetFunctions"] = json!(["Juge des étoiles"]);
        assert_eq!(app.error_code(Some(&school), ops::CREATE_SESSION, json!({ "i": input })).await, "VALIDATION");
        input["targetFunctions"] = json!([format!("  {}  ", function.to_uppercase().replace(' ', "  "))]);
        let created = app.ok(&school, ops::CREATE_SESSION, json!({ "i": input })).await;
        let session = created["createSession"]["id"].as_str().unwrap().to_owned();
        app.validate_programme(&session, SessionSpec::default().start).await;
        app.ok(&school, ops::PUBLISH, json!({ "id": session })).await;
        let read = "query($id: ID!) { session(id: $id) { targetFunctions } }";
        assert_eq!(
            app.ok(&school, read, json!({ "id": session })).await["session"]["targetFunctions"],
            json!([function])
        );

        // Three days attended in an action for the function held count toward the five tied to it.
        let token = app.token_for(magistrate);
        let application = app.apply(&token, &session, 1).await;
        app.decide(&director, &session, &application, "SELECTED").await;
        app.ok(&token, ops::CONFIRM, json!({ "a": application })).await;
        app.set_today(day(2027, 6, 17));
        app.record_days(&school, &session, &application, day(2027, 6, 14), 3, true).await;
        assert_eq!(counted(&app, &director, magistrate, "ARTICLE_22_FUNCTIONS").await, 3.0);
        assert_eq!(counted(&app, &director, magistrate, "ARTICLE_22_ANNUAL").await, 3.0);

        // The list's name corrected by the administrator: the same function, still matched.
        let rename = "mutation($id: ID!, $n: String!) { saveFunction(id: $id, name: $n) { id } }";
        let renamed = format!("{function} (intitulé corrigé)");
        app.ok(&admin, rename, json!({ "id": function_id.to_string(), "n": renamed })).await;
        assert_eq!(counted(&app, &director, magistrate, "ARTICLE_22_FUNCTIONS").await, 3.0);
        assert_eq!(
            app.ok(&school, read, json!({ "id": session })).await["session"]["targetFunctions"],
            json!([renamed])
        );

        // Had the magistrate held another function all year, the action would relate to none they held.
        app.execute(&format!("UPDATE postings SET function_id = (SELECT MIN(id) FROM functions WHERE id <> {function_id}) WHERE user_id = {magistrate}")).await;
        assert_eq!(
            counted(&app, &director, magistrate, "ARTICLE_22_FUNCTIONS").await,
            0.0,
            "matched by id, never by name"
        );
    }
);

on_both_databases!(
    art_126_the_internship_is_one_in_the_territory_of_the_court_of_assignment,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let delegate = app.login("delegue@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let me = app.user_id("magistrat@demo.magistra.fr").await.to_string();
        let lyon = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
        // Juge des enfants in Lyon since 1 March 2027, a function never held before: ten days of
        // internship owed in a court of the territory of Lyon.
        let national = SessionSpec { format: "INTERNSHIP", title: "Stage au barreau".into(), ..SessionSpec::default() };
        let national = app.published_session(&school, national).await;
        let local = SessionSpec {
            format: "INTERNSHIP",
            title: "Stage au tribunal pour enfants de Lyon".into(),
            scope: "DECONCENTRATED",
            court_ids: vec![lyon],
            start: day(2027, 6, 21),
            ..SessionSpec::default()
        };
        let local = app.published_session(&delegate, local).await;
        for (session, decider) in [(&national, &director), (&local, &delegate)] {
            let application = app.apply(&magistrate, session, if session == &national { 1 } else { 2 }).await;
            app.decide(decider, session, &application, "SELECTED").await;
            app.ok(&magistrate, ops::CONFIRM, json!({ "a": application })).await;
        }
        app.set_today(day(2027, 6, 30));
        let applications = app.ok(&magistrate, "{ myApplications { id session { id } } }", json!({})).await;
        let application_of = |session: &str| {
            applications["myApplications"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["session"]["id"] == session)
                .map(|a| a["id"].as_str().unwrap().to_owned())
                .unwrap()
        };
        app.record_days(&school, &national, &application_of(&national), day(2027, 6, 14), 3, true).await;
        app.record_days(&delegate, &local, &application_of(&local), day(2027, 6, 21), 3, true).await;

        let sheet = app.ok(&magistrate, SHEET, json!({ "m": me, "y": 2027 })).await["trainingSheet"].clone();
        let internship = sheet["obligations"]
            .as_array()
            .unwrap()
            .iter()
            .find(|o| o["kind"] == "NEW_FUNCTION_INTERNSHIP")
            .cloned()
            .unwrap();
        assert_eq!(internship["countedDays"], 3.0, "only the internship of Lyon's territory: {internship}");
        assert_eq!(internship["shortfallDays"], 7.0);
        assert_eq!(sheet["daysCounted"], 6.0, "both count toward the year's days");
    }
);
