//! The campaign's messages and periods (issue 18): the invitation to confirm about two months
//! before the action with its reminders a week before the due date and on its eve (art. 131), each
//! saying what happens at the due date, sent once, on the action's clock; the observation period of
//! art. 130 on each request. On both databases.

use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use tests::{on_both_databases, ops, SessionSpec, TestApp};

const SWEEP: &str = "mutation($at: DateTime) { runDeadlineSweep(asOf: $at) { lapsed confirmationNotices } }";

fn at(text: &str) -> DateTime<Utc> {
    text.parse().unwrap()
}

/// The notices of `token`'s owner of `kind`, newest first.
async fn notices(app: &TestApp, token: &str, kind: &str) -> Vec<Value> {
    let all = app.ok(token, ops::NOTIFICATIONS, json!({})).await;
    all["notifications"].as_array().unwrap().iter().filter(|n| n["kind"] == kind).cloned().collect()
}

on_both_databases!(
    art_131_the_invitation_to_confirm_and_its_two_reminders_go_out_once_each_and_say_what_happens_at_the_due_date,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let people = app.plain_magistrates(2).await;
        let (waiting, confirmed) = (app.token_for(people[0]), app.token_for(people[1]));
        let session = app.published_session(&school, SessionSpec::default()).await;
        let first = app.apply(&waiting, &session, 1).await;
        let second = app.apply(&confirmed, &session, 1).await;
        app.decide(&director, &session, &first, "SELECTED").await;
        app.decide(&director, &session, &second, "SELECTED").await;
        app.ok(&confirmed, ops::CONFIRM, json!({ "a": second })).await;
        let sweep = |moment: &'static str| {
            let (app, school) = (&app, &school);
            async move { app.ok(school, SWEEP, json!({ "at": moment })).await["runDeadlineSweep"].clone() }
        };
        // Due 14 April 2027: the invitation goes out fourteen days before, on the 31st of March.
        assert_eq!(sweep("2027-03-30T12:00:00Z").await["confirmationNotices"], 0);
        assert_eq!(sweep("2027-03-31T12:00:00Z").await["confirmationNotices"], 1, "the waiting one only");
        assert_eq!(sweep("2027-03-31T18:00:00Z").await["confirmationNotices"], 0, "once");
        let invitation = notices(&app, &waiting, "CONFIRMATION_INVITATION").await;
        assert_eq!(invitation.len(), 1);
        assert_eq!(invitation[0]["title"], "Confirmez votre participation : La justice pénale des mineurs");
        let body = invitation[0]["body"].as_str().unwrap();
        assert!(body.contains("au plus tard le mercredi 14 avril 2027 à minuit, heure de Paris"), "{body}");
        assert!(body.contains("devient caduque") && body.contains("liste d’attente (art. 131)"), "{body}");
        assert!(notices(&app, &confirmed, "CONFIRMATION_INVITATION").await.is_empty(), "a confirmed one is not asked");
        // A week before, then on the eve; never twice.
        assert_eq!(sweep("2027-04-07T07:00:00Z").await["confirmationNotices"], 1);
        assert_eq!(sweep("2027-04-12T07:00:00Z").await["confirmationNotices"], 0);
        assert_eq!(sweep("2027-04-13T07:00:00Z").await["confirmationNotices"], 1);
        assert_eq!(sweep("2027-04-14T07:00:00Z").await["confirmationNotices"], 0);
        let reminders = notices(&app, &waiting, "CONFIRMATION_REMINDER").await;
        let titles: Vec<&str> = reminders.iter().map(|n| n["title"].as_str().unwrap()).collect();
        assert_eq!(
            titles,
            [
                "Dernier rappel avant la date limite de confirmation : La justice pénale des mineurs",
                "Rappel : confirmation attendue d’ici une semaine : La justice pénale des mineurs",
            ]
        );
        // Each notice is in the audit log; then the due date passes and the seat lapses.
        assert_eq!(app.audit_rows("application", &first, "application.confirmation_notice").await, 3);
        app.clock.set(at("2027-04-14T22:00:00Z"));
        assert_eq!(sweep("2027-04-14T22:00:00Z").await["lapsed"], 1);
    }
);

const PERIOD: &str =
    "query($s: ID!) { sessionApplicants(sessionId: $s) { id observationDeadline observationsAwaited } }";

on_both_databases!(
    art_130_each_request_shows_until_when_observations_may_be_given_and_whether_they_are_still_awaited,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        // One magistrate whose evaluator heads a jurisdiction, and one without observations.
        let observed = app
            .scalar_i64(
                "SELECT m.user_id FROM magistrates m JOIN role_assignments r ON r.user_id = m.evaluator_id \
                 AND r.role = 'HEAD_OF_JURISDICTION' \
                 WHERE m.user_id NOT IN (SELECT user_id FROM role_assignments WHERE role <> 'MAGISTRATE') \
                 ORDER BY m.user_id LIMIT 1",
            )
            .await;
        let plain = app.plain_magistrates(2).await.into_iter().find(|id| *id != observed).unwrap();
        let session = app.published_session(&school, SessionSpec::default()).await;
        let quiet = app.apply(&app.token_for(plain), &session, 1).await;
        let given = app.apply(&app.token_for(observed), &session, 1).await;
        let evaluator =
            app.scalar_i64(&format!("SELECT evaluator_id FROM magistrates WHERE user_id = {observed}")).await;
        app.ok(
            &app.token_for(evaluator),
            "mutation($a: ID!) { giveObservation(applicationId: $a, opinion: FAVORABLE) { id } }",
            json!({ "a": given }),
        )
        .await;
        // Requested on 10 January: fifteen days, but never before the close of applications (31 March).
        let board = app.ok(&director, PERIOD, json!({ "s": session })).await;
        let row =
            |id: &str| board["sessionApplicants"].as_array().unwrap().iter().find(|a| a["id"] == id).unwrap().clone();
        assert_eq!(row(&quiet)["observationDeadline"], "2027-03-31");
        assert_eq!(row(&quiet)["observationsAwaited"], true);
        assert_eq!(row(&given)["observationDeadline"], "2027-03-31");
        assert_eq!(row(&given)["observationsAwaited"], false, "an observation was given");
    }
);

on_both_databases!(art_130_a_late_request_has_fifteen_days_which_end_at_midnight_in_paris, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let magistrate = app.token_for(app.plain_magistrates(1).await[0]);
    let spec = SessionSpec { close: tests::day(2027, 1, 12), ..SessionSpec::default() };
    let session = app.published_session(&school, spec).await;
    app.apply(&magistrate, &session, 1).await;
    // Requested 10 January, applications closed on the 12th: the period ends on the 25th.
    let board = app.ok(&director, PERIOD, json!({ "s": session })).await;
    assert_eq!(board["sessionApplicants"][0]["observationDeadline"], "2027-01-25");
    app.clock.set(at("2027-01-25T22:59:59Z"));
    let board = app.ok(&director, PERIOD, json!({ "s": session })).await;
    assert_eq!(board["sessionApplicants"][0]["observationsAwaited"], true, "23:59:59 in Paris");
    app.clock.set(at("2027-01-25T23:00:00Z"));
    let board = app.ok(&director, PERIOD, json!({ "s": session })).await;
    assert_eq!(board["sessionApplicants"][0]["observationsAwaited"], false, "midnight in Paris");
});

const DECIDE_AS_IS: &str =
    "mutation($s: ID!, $d: [DecisionInput!]!) { decideApplications(sessionId: $s, decisions: $d) { id status } }";

on_both_databases!(
    art_130_a_decision_before_the_observation_period_ends_is_taken_only_when_confirmed,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let magistrate = app.token_for(app.plain_magistrates(1).await[0]);
        let session = app.published_session(&school, SessionSpec::default()).await;
        let request = app.apply(&magistrate, &session, 1).await;
        let decision = json!({ "s": session, "d": [{ "applicationId": request, "decision": "SELECTED" }] });
        // Requested on 10 January; observations may come until the close of applications.
        let refused = app.gql(Some(&director), DECIDE_AS_IS, decision.clone()).await;
        let error = &refused["errors"][0];
        assert_eq!(error["extensions"]["code"], "CONFLICT");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains("attendues jusqu’au mercredi 31 mars 2027 (art. 130)"), "{message}");
        let still = format!("SELECT COUNT(*) FROM applications WHERE id = {request} AND status = 'SUBMITTED'");
        assert_eq!(app.scalar_i64(&still).await, 1, "nothing decided");
        assert_eq!(app.audit_rows("application", &request, "application.decide").await, 0);
        // Confirmed, the decision is taken.
        let confirmed = json!({ "s": session, "d": [{ "applicationId": request, "decision": "WAITLISTED" }] });
        let decided = app.ok(&director, ops::DECIDE, confirmed).await;
        assert_eq!(decided["decideApplications"][0]["status"], "WAITLISTED");
        // Once the period is over, no confirmation is asked.
        app.clock.set(at("2027-04-01T08:00:00Z"));
        let decided = app.ok(&director, DECIDE_AS_IS, decision).await;
        assert_eq!(decided["decideApplications"][0]["status"], "SELECTED");
    }
);

const DIGEST_SWEEP: &str = "mutation($at: DateTime) { runDeadlineSweep(asOf: $at) { observationDigests } }";

on_both_databases!(
    art_130_the_evaluating_authorities_get_one_digest_a_day_naming_each_request_once,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        // Two magistrates with the same evaluator, who heads a jurisdiction.
        let evaluator = app
            .scalar_i64(
                "SELECT m.evaluator_id FROM magistrates m JOIN role_assignments r ON r.user_id = m.evaluator_id \
                 AND r.role = 'HEAD_OF_JURISDICTION' \
                 WHERE m.user_id NOT IN (SELECT user_id FROM role_assignments WHERE role <> 'MAGISTRATE') \
                 GROUP BY m.evaluator_id HAVING COUNT(*) >= 3 ORDER BY m.evaluator_id LIMIT 1",
            )
            .await;
        let pick = |n: i64| {
            format!(
                "SELECT user_id FROM magistrates WHERE evaluator_id = {evaluator} \
                 AND user_id NOT IN (SELECT user_id FROM role_assignments WHERE role <> 'MAGISTRATE') \
                 ORDER BY user_id LIMIT 1 OFFSET {n}"
            )
        };
        let people = [app.scalar_i64(&pick(0)).await, app.scalar_i64(&pick(1)).await, app.scalar_i64(&pick(2)).await];
        let head_of_court = app
            .scalar_i64(&format!(
                "SELECT r.user_id FROM role_assignments r JOIN magistrates m ON m.court_id = r.court_id \
                 WHERE r.role = 'HEAD_OF_COURT' AND m.user_id = {} ORDER BY r.user_id LIMIT 1",
                people[0]
            ))
            .await;
        let session = app.published_session(&school, SessionSpec::default()).await;
        app.apply(&app.token_for(people[0]), &session, 1).await;
        app.apply(&app.token_for(people[1]), &session, 1).await;
        let sweep = |moment: &'static str| {
            let (app, school) = (&app, &school);
            async move { app.ok(school, DIGEST_SWEEP, json!({ "at": moment })).await["runDeadlineSweep"].clone() }
        };
        assert!(sweep("2027-01-10T18:00:00Z").await["observationDigests"].as_u64().unwrap() >= 2);
        let evaluator_token = app.token_for(evaluator);
        let digests = notices(&app, &evaluator_token, "OBSERVATIONS_AWAITED").await;
        assert_eq!(digests.len(), 1, "one digest for both requests");
        assert_eq!(digests[0]["title"], "2 demandes de formation attendent vos observations");
        let body = digests[0]["body"].as_str().unwrap();
        assert!(body.contains("« La justice pénale des mineurs »"), "{body}");
        assert!(
            body.contains("« La justice pénale des mineurs », du lundi 14 juin 2027 au mercredi 16 juin 2027, ENM Paris — observations jusqu’au mercredi 31 mars 2027"),
            "{body}"
        );
        assert!(body.contains("(art. 130"), "{body}");
        assert_eq!(
            notices(&app, &app.token_for(head_of_court), "OBSERVATIONS_AWAITED").await.len(),
            1,
            "the head of court too"
        );
        // A third request the same day waits for tomorrow's digest, which names only it.
        app.apply(&app.token_for(people[2]), &session, 1).await;
        assert_eq!(sweep("2027-01-10T20:00:00Z").await["observationDigests"], 0, "one digest a day");
        assert!(sweep("2027-01-11T07:00:00Z").await["observationDigests"].as_u64().unwrap() >= 1);
        let digests = notices(&app, &evaluator_token, "OBSERVATIONS_AWAITED").await;
        assert_eq!(digests.len(), 2);
        assert_eq!(digests[0]["title"], "Une demande de formation attend vos observations");
        // Nothing new: nothing sent; each request named once, in the audit log.
        assert_eq!(sweep("2027-01-12T07:00:00Z").await["observationDigests"], 0);
        assert_eq!(
            app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'application.observations_asked'").await,
            3
        );
    }
);

const SET_DIGEST: &str = "mutation($on: Boolean!) { setOffersDigest(enabled: $on) }";
const OFFER_SWEEP: &str = "mutation($at: DateTime) { runDeadlineSweep(asOf: $at) { offerDigests } }";

on_both_databases!(
    art_129_a_magistrate_who_asks_gets_one_daily_digest_of_the_new_offers_open_to_them,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let delegate = app.login("delegue@demo.magistra.fr").await;
        let lyon = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await;
        let plain = |n: i64| {
            format!(
                "SELECT user_id FROM magistrates WHERE court_id <> {lyon} \
                 AND user_id NOT IN (SELECT user_id FROM role_assignments WHERE role <> 'MAGISTRATE') \
                 ORDER BY user_id LIMIT 1 OFFSET {n}"
            )
        };
        let (asker, quiet) = (app.scalar_i64(&plain(0)).await, app.scalar_i64(&plain(1)).await);
        let (asker_token, quiet_token) = (app.token_for(asker), app.token_for(quiet));
        let sweep = |moment: &'static str| {
            let (app, school) = (&app, &school);
            async move {
                app.ok(school, OFFER_SWEEP, json!({ "at": moment })).await["runDeadlineSweep"]["offerDigests"].clone()
            }
        };
        // What the demo had published goes out to nobody: nobody asked yet.
        assert_eq!(sweep("2027-01-10T06:00:00Z").await, 0);
        assert_eq!(app.ok(&asker_token, SET_DIGEST, json!({ "on": true })).await["setOffersDigest"], true);
        assert_eq!(app.ok(&asker_token, "{ me { offersDigest } }", json!({})).await["me"]["offersDigest"], true);
        assert_eq!(app.audit_rows("user", &asker.to_string(), "user.offers_digest").await, 1);
        assert_eq!(app.error_code(Some(&school), SET_DIGEST, json!({ "on": true })).await, "FORBIDDEN");
        // Two national actions and one of Lyon's, which is not open to a magistrate of another court.
        for title in ["Le droit de la famille", "La cybercriminalité"] {
            app.published_session(&school, SessionSpec { title: title.into(), ..SessionSpec::default() }).await;
        }
        let lyon_only = SessionSpec {
            title: "Journée lyonnaise".into(),
            scope: "DECONCENTRATED",
            court_ids: vec![lyon.to_string()],
            ..SessionSpec::default()
        };
        app.published_session(&delegate, lyon_only).await;
        assert_eq!(sweep("2027-01-10T18:00:00Z").await, 1);
        let digests = notices(&app, &asker_token, "NEW_OFFERS").await;
        assert_eq!(digests.len(), 1, "one message for both actions");
        assert_eq!(digests[0]["title"], "2 nouvelles offres de formation ouvertes à votre candidature");
        let body = digests[0]["body"].as_str().unwrap();
        assert!(body.contains("« Le droit de la famille »") && body.contains("« La cybercriminalité »"), "{body}");
        assert!(body.contains("candidatures du vendredi 1er janvier 2027 au mercredi 31 mars 2027"), "{body}");
        assert!(!body.contains("Journée lyonnaise"), "{body}");
        assert!(notices(&app, &quiet_token, "NEW_OFFERS").await.is_empty(), "who did not ask gets nothing");
        // Once a day; the next day's names only what was published since.
        app.published_session(&school, SessionSpec { title: "L’éthique du juge".into(), ..SessionSpec::default() })
            .await;
        assert_eq!(sweep("2027-01-10T20:00:00Z").await, 0);
        assert_eq!(sweep("2027-01-11T06:00:00Z").await, 1);
        let digests = notices(&app, &asker_token, "NEW_OFFERS").await;
        assert_eq!(digests[0]["title"], "Nouvelle offre de formation : L’éthique du juge");
        // Stopped, nothing more.
        assert_eq!(app.ok(&asker_token, SET_DIGEST, json!({ "on": false })).await["setOffersDigest"], false);
        app.published_session(&school, SessionSpec { title: "Le juge et les médias".into(), ..SessionSpec::default() })
            .await;
        assert_eq!(sweep("2027-01-12T06:00:00Z").await, 0);
        assert_eq!(notices(&app, &asker_token, "NEW_OFFERS").await.len(), 2);
    }
);
