//! What a court reports, through the real server on both databases: the written part of the
//! yearly execution report sent to the director of the School, each sending recorded (art. 143);
//! the periodic activity report each head of jurisdiction of the territory receives, with what was
//! held, who came from their own jurisdiction and what is coming (art. 138).

use serde_json::json;
use tests::{day, on_both_databases, SessionSpec, TestApp};

const SEND_REPORT: &str = "mutation($c: ID!, $y: Int!, $n: String!) { sendExecutionReport(courtId: $c, year: $y, narrative: $n) { year narrative sentBy { displayName } } }";
const SENDINGS: &str = "query($c: ID!) { executionReportSendings(courtId: $c, year: 2027) { narrative } }";
const SEND_ACTIVITY: &str = "mutation($c: ID!, $f: Date!, $t: Date!) { sendActivityReport(courtId: $c, from: $f, to: $t) { periodFrom periodTo recipients } }";
const ACTIVITY: &str = "query($c: ID!) { activityReports(courtId: $c) { periodFrom recipients } }";

on_both_databases!(
    art_143_the_delegate_sends_the_written_report_to_the_director_and_each_sending_is_kept,
    |app: TestApp| async move {
        let delegate = app.login("delegue@demo.magistra.fr").await;
        let finance = app.login("finances@demo.magistra.fr").await;
        let head = app.login("chef-cour@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let lyon = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
        let first = "Les actions prévues ont été tenues, sauf l’atelier d’audition, reporté faute d’intervenant.";
        let vars = |n: &str, y: i32| json!({ "c": lyon, "y": y, "n": n });
        assert_eq!(app.error_code(Some(&finance), SEND_REPORT, vars(first, 2027)).await, "FORBIDDEN");
        assert_eq!(app.error_code(Some(&head), SEND_REPORT, vars(first, 2027)).await, "FORBIDDEN");
        assert_eq!(app.error_code(Some(&delegate), SEND_REPORT, vars("  ", 2027)).await, "VALIDATION");
        assert_eq!(
            app.error_code(Some(&delegate), SEND_REPORT, vars(first, 2028)).await,
            "VALIDATION",
            "a year to come"
        );
        let sent = app.ok(&delegate, SEND_REPORT, vars(first, 2027)).await;
        assert_eq!(sent["sendExecutionReport"]["narrative"], first);
        let director = app.user_id("directeur@demo.magistra.fr").await;
        let told =
            format!("SELECT COUNT(*) FROM notifications WHERE user_id = {director} AND kind = 'EXECUTION_REPORT_SENT'");
        assert_eq!(app.scalar_i64(&told).await, 1);
        let corrected = "Version corrigée : l’atelier d’audition est reporté à mars.";
        app.ok(&delegate, SEND_REPORT, vars(corrected, 2027)).await;
        let read = app.ok(&head, SENDINGS, json!({ "c": lyon })).await;
        assert_eq!(read["executionReportSendings"], json!([{ "narrative": corrected }, { "narrative": first }]));
        assert_eq!(app.error_code(Some(&magistrate), SENDINGS, json!({ "c": lyon })).await, "FORBIDDEN");
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'execution_report.send'").await, 2);
    }
);

on_both_databases!(
    art_138_each_head_of_jurisdiction_reads_what_was_held_who_came_from_there_and_what_is_coming,
    |app: TestApp| async move {
        let delegate = app.login("delegue@demo.magistra.fr").await;
        let finance = app.login("finances@demo.magistra.fr").await;
        let head_of_court = app.login("chef-cour@demo.magistra.fr").await;
        let lyon = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await;
        let head = app.user_id("chef-juridiction@demo.magistra.fr").await;
        let own = app
            .scalar_i64(&format!(
                "SELECT jurisdiction_id FROM role_assignments WHERE user_id = {head} AND role = 'HEAD_OF_JURISDICTION'"
            ))
            .await;
        // A magistrate of that jurisdiction and one of another jurisdiction of the same court.
        let pick = |cond: String| {
            format!("SELECT m.user_id FROM magistrates m JOIN users u ON u.id = m.user_id WHERE m.court_id = {lyon} AND {cond} AND u.email NOT LIKE '%demo.magistra.fr' ORDER BY m.user_id LIMIT 1")
        };
        let here = app.scalar_i64(&pick(format!("m.jurisdiction_id = {own}"))).await;
        let elsewhere = app.scalar_i64(&pick(format!("m.jurisdiction_id <> {own}"))).await;
        let here_name = app.scalar_text(&format!("SELECT display_name FROM users WHERE id = {here}")).await;
        let elsewhere_name = app.scalar_text(&format!("SELECT display_name FROM users WHERE id = {elsewhere}")).await;

        // An action held last week with both, and one to come.
        app.set_today(day(2026, 12, 20));
        let held = SessionSpec {
            title: "Rencontre des juges des libertés".into(),
            scope: "DECONCENTRATED",
            court_ids: vec![lyon.to_string()],
            start: day(2027, 1, 5),
            open: day(2026, 12, 1),
            close: day(2026, 12, 31),
            ..SessionSpec::default()
        };
        let held_id = app.published_session(&delegate, held).await;
        let mut applications = Vec::new();
        for who in [here, elsewhere] {
            let application = app.apply(&app.token_for(who), &held_id, 1).await;
            app.decide(&delegate, &held_id, &application, "SELECTED").await;
            applications.push(application);
        }
        app.set_today(day(2027, 1, 8));
        for application in &applications {
            app.record_days(&delegate, &held_id, application, day(2027, 1, 5), 3, true).await;
        }
        app.set_today(day(2027, 1, 10));
        let coming = SessionSpec {
            title: "Atelier sur l’assistance éducative".into(),
            scope: "DECONCENTRATED",
            court_ids: vec![lyon.to_string()],
            start: day(2027, 3, 15),
            open: day(2027, 1, 1),
            close: day(2027, 3, 1),
            ..SessionSpec::default()
        };
        app.published_session(&delegate, coming).await;

        let period = json!({ "c": lyon.to_string(), "f": "2027-01-01", "t": "2027-01-10" });
        assert_eq!(app.error_code(Some(&finance), SEND_ACTIVITY, period.clone()).await, "FORBIDDEN");
        let backwards = json!({ "c": lyon.to_string(), "f": "2027-01-10", "t": "2027-01-01" });
        assert_eq!(app.error_code(Some(&delegate), SEND_ACTIVITY, backwards).await, "VALIDATION");
        let sent = app.ok(&delegate, SEND_ACTIVITY, period).await;
        let recipients = sent["sendActivityReport"]["recipients"].as_i64().unwrap();
        let heads = app
        .scalar_i64(&format!("SELECT COUNT(*) FROM role_assignments r JOIN jurisdictions j ON j.id = r.jurisdiction_id WHERE r.role = 'HEAD_OF_JURISDICTION' AND j.court_id = {lyon}"))
        .await;
        assert_eq!(recipients, heads, "every head of a jurisdiction of the territory");

        let body = app
            .scalar_text(&format!("SELECT body FROM notifications WHERE user_id = {head} AND kind = 'ACTIVITY_REPORT'"))
            .await;
        assert!(
            body.contains("Rencontre des juges des libertés (du mardi 5 janvier 2027 au jeudi 7 janvier 2027)"),
            "{body}"
        );
        assert!(body.contains(&format!("1 magistrat(s) de la juridiction : {here_name}")), "{body}");
        assert!(!body.contains(&elsewhere_name), "only who came from that jurisdiction: {body}");
        assert!(body.contains("Atelier sur l’assistance éducative (à partir du lundi 15 mars 2027), candidatures jusqu’au lundi 1er mars 2027"), "{body}");
        let listed = app.ok(&head_of_court, ACTIVITY, json!({ "c": lyon.to_string() })).await;
        assert_eq!(listed["activityReports"], json!([{ "periodFrom": "2027-01-01", "recipients": recipients }]));
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'activity_report.send'").await, 1);
    }
);
