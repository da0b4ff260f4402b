//! « Aujourd'hui » on the School's clock and on an overseas court's (issue 18): deadlines fall at
//! midnight in Paris, not in UTC, across the changes to and from summer time; a deconcentrated
//! action of the Nouméa court keeps its window on Nouméa's clock. On both databases.

use chrono::{DateTime, Utc};
use serde_json::json;
use tests::{day, on_both_databases, ops, SessionSpec, TestApp};

const OPEN: &str = "query($id: ID!) { session(id: $id) { openForApplications } }";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// Two magistrates (after the first `skip`) selected on 10 January for a national action
/// starting on `start`; their applications and tokens.
async fn two_selected(app: &TestApp, start: chrono::NaiveDate, skip: usize) -> (Vec<String>, Vec<String>) {
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let people = app.plain_magistrates(skip + 2).await;
    let tokens: Vec<String> = people[skip..].iter().map(|id| app.token_for(*id)).collect();
    let session = app.published_session(&school, SessionSpec { start, ..SessionSpec::default() }).await;
    let mut applications = Vec::new();
    for token in &tokens {
        let application = app.apply(token, &session, 1).await;
        app.decide(&director, &session, &application, "SELECTED").await;
        applications.push(application);
    }
    (applications, tokens)
}

on_both_databases!(
    art_131_a_confirmation_due_on_the_14th_of_april_closes_at_midnight_in_paris_which_is_22_h_utc,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let (applications, tokens) = two_selected(&app, day(2027, 6, 14), 0).await;
        // Due 14 April 2027; Paris is at UTC+2.
        app.clock.set(at("2027-04-14T21:59:59Z"));
        let confirmed = app.ok(&tokens[0], ops::CONFIRM, json!({ "a": applications[0] })).await;
        assert_eq!(confirmed["confirmParticipation"]["status"], "CONFIRMED", "23:59:59 in Paris, still the 14th");
        app.clock.set(at("2027-04-14T22:00:00Z"));
        let refused = app.error_code(Some(&tokens[1]), ops::CONFIRM, json!({ "a": applications[1] })).await;
        assert_eq!(refused, "CONFIRMATION_CLOSED", "midnight in Paris, though still the 14th in UTC");
        let swept = app.ok(&school, ops::SWEEP, json!({ "at": "2027-04-14T22:00:00Z" })).await;
        assert_eq!(swept["runDeadlineSweep"]["lapsed"], 1);
    }
);

on_both_databases!(
    a_due_date_on_the_day_summer_time_begins_ends_at_22_h_utc_and_on_the_day_it_ends_at_23_h,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        // Starting 28 May: due 28 March 2027, the day clocks go forward (a 23-hour day).
        let (spring, _) = two_selected(&app, day(2027, 5, 28), 0).await;
        // Starting 31 December: due 31 October 2027, the day clocks go back (a 25-hour day).
        let (autumn, _) = two_selected(&app, day(2027, 12, 31), 2).await;
        let status = |id: &str| format!("SELECT status FROM applications WHERE id = {id}");
        let sweep = |moment: &'static str| {
            let (app, school) = (&app, &school);
            async move { app.ok(school, ops::SWEEP, json!({ "at": moment })).await["runDeadlineSweep"]["lapsed"].clone() }
        };
        assert_eq!(sweep("2027-03-28T21:59:59Z").await, 0, "23:59:59 on the 28th in Paris (UTC+2 since 03:00)");
        assert_eq!(sweep("2027-03-28T22:00:00Z").await, 2, "midnight in Paris");
        assert_eq!(app.scalar_text(&status(&spring[0])).await, "LAPSED");
        assert_eq!(sweep("2027-10-31T22:59:59Z").await, 0, "23:59:59 on the 31st in Paris (UTC+1 since 03:00)");
        assert_eq!(sweep("2027-10-31T23:00:00Z").await, 2, "midnight in Paris");
        assert_eq!(app.scalar_text(&status(&autumn[1])).await, "LAPSED");
    }
);

on_both_databases!(
    a_noumea_action_closes_its_applications_at_midnight_in_noumea_while_a_national_one_stays_open,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let noumea = app.scalar_i64("SELECT id FROM courts WHERE name = 'Nouméa'").await;
        let ids = app.plain_magistrates(2).await;
        for id in &ids {
            app.execute(&format!("UPDATE magistrates SET court_id = {noumea} WHERE user_id = {id}")).await;
        }
        let (early, late) = (app.token_for(ids[0]), app.token_for(ids[1]));
        let closing = SessionSpec { close: day(2027, 3, 10), ..SessionSpec::default() };
        let local = SessionSpec {
            title: "Le droit coutumier kanak".into(),
            scope: "DECONCENTRATED",
            court_ids: vec![noumea.to_string()],
            ..closing.clone()
        };
        let local = app.published_session(&school, local).await;
        let national = app.published_session(&school, closing).await;
        assert_eq!(
            app.scalar_text(&format!("SELECT time_zone FROM sessions WHERE id = {local}")).await,
            "Pacific/Noumea"
        );
        // 23:59 on 10 March in Nouméa (UTC+11).
        app.clock.set(at("2027-03-10T12:59:00Z"));
        app.apply(&early, &local, 1).await;
        // Midnight in Nouméa: the 11th there, still 14:00 on the 10th in Paris.
        app.clock.set(at("2027-03-10T13:00:00Z"));
        let refused = app.error_code(Some(&late), ops::APPLY, json!({ "s": local, "r": 1, "m": null })).await;
        assert_eq!(refused, "APPLICATIONS_CLOSED");
        assert_eq!(app.ok(&late, OPEN, json!({ "id": local })).await["session"]["openForApplications"], false);
        assert_eq!(app.ok(&late, OPEN, json!({ "id": national })).await["session"]["openForApplications"], true);
        app.apply(&late, &national, 1).await;
        // The programme's « open to me » filter (SQL) agrees: the national action only.
        let listed = app
            .ok(
                &late,
                "{ sessions(filter: { openForApplications: true }, first: 50) { edges { node { id } } } }",
                json!({}),
            )
            .await;
        let ids: Vec<&str> =
            listed["sessions"]["edges"].as_array().unwrap().iter().map(|e| e["node"]["id"].as_str().unwrap()).collect();
        assert!(ids.contains(&national.as_str()) && !ids.contains(&local.as_str()), "{ids:?}");
    }
);
