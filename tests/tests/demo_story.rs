//! The demo tells a year in progress (issue 15): a newcomer who logs in with each demo account sees
//! real figures on every dashboard. The story is written by the services, as the seed does it, on
//! a day of late November.

use chrono::{TimeZone, Utc};
use serde_json::json;
use server::seed::story;
use tests::{Backend, SpawnOptions, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_demo_account_finds_the_year_in_progress_on_its_dashboard() {
    let options = SpawnOptions { magistrates: 600, national_sessions: 60, ..SpawnOptions::default() };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await.unwrap();
    let now = Utc.with_ymd_and_hms(2027, 11, 20, 10, 0, 0).single().unwrap();
    app.clock.set(now);
    let told = story::tell(app.db(), now).await.unwrap();
    println!("{told:?}");
    assert_eq!(told.courts_funded, 36);

    // The director's national dashboard: every court funded, money committed and paid.
    let director = app.login("directeur@demo.magistra.fr").await;
    let national = app
        .ok(
            &director,
            "{ budgetDashboard(year: 2027) { courts { allocatedCents committedCents paidCents } } }",
            json!({}),
        )
        .await;
    let courts = national["budgetDashboard"]["courts"].as_array().unwrap();
    assert_eq!(courts.len(), 36);
    assert!(courts.iter().all(|c| c["allocatedCents"].as_i64().unwrap() > 0), "every court has credits");
    assert!(courts.iter().all(|c| c["committedCents"].as_i64().unwrap() > 0), "and has committed some");
    assert!(courts.iter().all(|c| c["paidCents"].as_i64().unwrap() > 0), "and paid some");

    // Lyon's finance officer: spending spread over the months, some commitments still open.
    let lyon = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
    let finance = app.login("finances@demo.magistra.fr").await;
    let budget = app
        .ok(
            &finance,
            "query($c: ID!) { courtBudget(courtId: $c, year: 2027) { committedCents paidCents remainingCents monthly { spent { consumedCents } } } }",
            json!({ "c": lyon }),
        )
        .await["courtBudget"]
        .clone();
    let months_with_spending = budget["monthly"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["spent"]["consumedCents"].as_i64().unwrap_or(0) != 0)
        .count();
    assert!(months_with_spending >= 9, "spending over the months: {budget}");
    assert!(budget["committedCents"].as_i64().unwrap() > budget["paidCents"].as_i64().unwrap(), "open commitments");
    assert!(budget["remainingCents"].as_i64().unwrap() > 0);

    // A national action waiting for the director's selection, with the heads' observations.
    assert!(told.requests >= 10, "{told:?}");
    assert!(told.observations >= told.requests, "each request has at least one observation: {told:?}");
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let mine = app
        .ok(&magistrate, "{ myApplications(year: 2028) { status session { id } observations { opinion } } }", json!({}))
        .await;
    let wish = &mine["myApplications"][0];
    assert_eq!(wish["status"], "SUBMITTED", "waiting for the director: {mine}");
    assert!(!wish["observations"].as_array().unwrap().is_empty(), "observed: {mine}");
    let session = wish["session"]["id"].as_str().unwrap();
    let applicants = app
        .ok(&director, "query($s: ID!) { sessionApplicants(sessionId: $s) { status } }", json!({ "s": session }))
        .await;
    assert_eq!(applicants["sessionApplicants"].as_array().unwrap().len(), told.requests);

    // Lyon's plan for next year: needs, three actions in order, adopted by one head of the two.
    let delegate = app.login("delegue@demo.magistra.fr").await;
    let plan = app
        .ok(
            &delegate,
            "query($c: ID!) { plan(courtId: $c, year: 2028) { status plannedCents actions { priority } adoptedBy { displayName } } \
             trainingNeeds(courtId: $c, year: 2028) { theme } }",
            json!({ "c": lyon }),
        )
        .await;
    assert_eq!(plan["plan"]["actions"].as_array().unwrap().len(), 3, "{plan}");
    assert_eq!(plan["plan"]["adoptedBy"].as_array().unwrap().len(), 1, "one head adopted, the other not yet: {plan}");
    assert!(plan["plan"]["plannedCents"].as_i64().unwrap() > 0);
    assert_eq!(plan["trainingNeeds"].as_array().unwrap().len(), 2);

    // Art. 132: the trainers' directory, and the coordinator's programme waiting for the director of the School.
    assert_eq!(told.trainers, 5, "{told:?}");
    let director = app.login("directeur@demo.magistra.fr").await;
    let proposed = app.scalar_i64("SELECT session_id FROM session_programmes WHERE status = 'PROPOSED'").await;
    let programme = app
        .ok(
            &director,
            "query($s: ID!) { sessionProgramme(sessionId: $s) { status director { trainer { fullName } } sequences { title speakers { fullName } } viewerCan { review } } }",
            json!({ "s": proposed.to_string() }),
        )
        .await;
    assert_eq!(programme["sessionProgramme"]["sequences"].as_array().unwrap().len(), 4, "{programme}");
    assert_eq!(programme["sessionProgramme"]["viewerCan"]["review"], true);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM notifications WHERE kind = 'PROGRAMME_PROPOSED' AND session_id = {proposed}"
        ))
        .await,
        1
    );

    // Its estimated costs on the national budget the director set, at the year's scale of fees (art. 139).
    let national = app
        .ok(&director, "{ nationalBudget(year: 2028) { allocatedCents consumedCents remainingCents } feeScale(year: 2028) { label } }", json!({}))
        .await;
    assert_eq!(
        national["nationalBudget"],
        json!({ "allocatedCents": 120_000_000, "consumedCents": 4 * 30_000 + 380_000, "remainingCents": 120_000_000 - 500_000 })
    );
    assert_eq!(national["feeScale"].as_array().unwrap().len(), 3);

    // Every step of the story left its audit row.
    assert!(app.scalar_i64("SELECT COUNT(*) FROM audit_log").await >= (told.entries + told.requests) as i64);
}
