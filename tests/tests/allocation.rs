//! The national selection as one explainable proposal (issue 17), through the real server on both
//! databases: the director runs a proposal on the closed wishes, each magistrate reads why, the
//! director overrides and runs again, a proposal the wishes have outgrown is refused, and the one
//! adopted becomes decisions whose notices say an algorithm proposed them (R311-3-1-1).

use serde_json::{json, Value};
use tests::{day, on_both_databases, SessionSpec, TestApp};

const PROPOSE: &str = "mutation($y: Int!, $i: AllocationInput!) { proposeAllocation(year: $y, input: $i) { \
    id status criteriaOrder capPerPerson seedSha256 seed inputSha256 outputSha256 \
    overrides { kind sessionId magistrateId capacity reason } \
    stats { magistrates wishes actions places placed placedMagistrates firstWishPlaced firstWishShare perRound } \
    actions { sessionId capacity places applicants placed cutoffCriterion cutoff { observation recentDays } } } }";
const RUN: &str = "query($id: ID!) { allocationRun(id: $id) { id status manualChanges appliedAt } }";
const RUNS: &str = "query($y: Int!) { allocationRuns(year: $y) { id status } }";
const EXPLAIN: &str = "query($r: ID!, $m: ID!) { allocationExplanation(runId: $r, magistrateId: $m) { \
    runId criteria drawNumber paragraphs \
    wishes { sessionId rank outcome round need observation targetsFunction recentDays decidingCriterion text } } }";
const APPLY: &str =
    "mutation($r: ID!) { applyAllocation(runId: $r) { selected waitlisted refused run { id status appliedAt } } }";
const STATUS: &str = "SELECT status FROM applications WHERE id = ";

/// One magistrate's outcome at one action, as their explanation says.
fn outcome(explanation: &Value, session: &str) -> (String, Value) {
    let wish = explanation["wishes"]
        .as_array()
        .and_then(|w| w.iter().find(|w| w["sessionId"] == session))
        .unwrap_or_else(|| panic!("no wish for {session} in {explanation}"));
    (wish["outcome"].as_str().unwrap_or_default().to_owned(), wish.clone())
}

async fn explain(app: &TestApp, token: &str, run: &str, magistrate: i64) -> Value {
    app.ok(token, EXPLAIN, json!({ "r": run, "m": magistrate.to_string() })).await["allocationExplanation"].clone()
}

on_both_databases!(
    the_director_runs_overrides_and_adopts_a_proposal_each_magistrate_reads_why,
    |app: TestApp| async move {
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        // A (2 places) and B (1 place) overlap in June; C is in September.
        let a = app
            .published_session(&school, SessionSpec { title: "Action A".into(), capacity: 2, ..SessionSpec::default() })
            .await;
        let b = app
            .published_session(&school, SessionSpec { title: "Action B".into(), capacity: 1, ..SessionSpec::default() })
            .await;
        let c = app
            .published_session(
                &school,
                SessionSpec {
                    title: "Action C".into(),
                    capacity: 5,
                    start: day(2027, 9, 13),
                    ..SessionSpec::default()
                },
            )
            .await;
        // Three magistrates and one whose evaluator will give an unfavourable observation.
        let plain = app.plain_magistrates(3).await;
        let m3 = app
        .scalar_i64(&format!(
            "SELECT m.user_id FROM magistrates m JOIN role_assignments r ON r.user_id = m.evaluator_id \
             AND r.role = 'HEAD_OF_JURISDICTION' WHERE m.user_id NOT IN ({}, {}, {}) \
             AND m.user_id NOT IN (SELECT user_id FROM role_assignments WHERE role <> 'MAGISTRATE') ORDER BY m.user_id LIMIT 1",
            plain[0], plain[1], plain[2]
        ))
        .await;
        let (m1, m2, m4) = (plain[0], plain[1], plain[2]);
        let token = |id: i64| app.token_for(id);
        app.apply(&token(m1), &a, 1).await;
        let m1_c = app.apply(&token(m1), &c, 2).await;
        app.apply(&token(m2), &a, 1).await;
        let m2_b = app.apply(&token(m2), &b, 2).await;
        let m3_a = app.apply(&token(m3), &a, 1).await;
        let m4_b = app.apply(&token(m4), &b, 1).await;
        let m4_a = app.apply(&token(m4), &a, 2).await;
        let evaluator = app.scalar_i64(&format!("SELECT evaluator_id FROM magistrates WHERE user_id = {m3}")).await;
        app.ok(
        &token(evaluator),
        "mutation($a: ID!) { giveObservation(applicationId: $a, opinion: UNFAVORABLE, comment: \"Pas prioritaire\") { id } }",
        json!({ "a": m3_a }),
    )
    .await;

        // Nothing to propose while the wishes are open; only the director proposes; the School reads.
        let default = json!({ "y": 2027, "i": {} });
        assert_eq!(app.error_code(Some(&director), PROPOSE, default.clone()).await, "INVALID_TRANSITION");
        app.set_today(day(2027, 4, 1));
        assert_eq!(app.error_code(Some(&school), PROPOSE, default.clone()).await, "FORBIDDEN");
        assert_eq!(app.error_code(Some(&token(m1)), RUNS, json!({ "y": 2027 })).await, "FORBIDDEN");

        let run1 = app.ok(&director, PROPOSE, default.clone()).await["proposeAllocation"].clone();
        let id1 = run1["id"].as_str().unwrap().to_owned();
        assert_eq!(
            run1["criteriaOrder"],
            json!(["STATUTORY_NEED", "OBSERVATION", "TARGETS_FUNCTION", "RECENT_TRAINING", "DRAW"])
        );
        assert_eq!(run1["stats"]["magistrates"], 4, "{run1}");
        assert_eq!(run1["stats"]["wishes"], 7);
        assert_eq!(run1["stats"]["placed"], 4, "A: 2, B: 1, C: 1 — {run1}");
        // The seed is shown with the run, and matches what was committed to.
        let seed = run1["seed"].as_str().unwrap_or_else(|| panic!("seed shown after the wishes closed: {run1}"));
        let bytes: Vec<u8> =
            (0..seed.len() / 2).map(|i| u8::from_str_radix(&seed[2 * i..2 * i + 2], 16).unwrap()).collect();
        let digest: String = {
            use sha2::Digest;
            sha2::Sha256::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect()
        };
        assert_eq!(run1["seedSha256"], digest.as_str());
        let action_a =
            run1["actions"].as_array().unwrap().iter().find(|x| x["sessionId"] == a.as_str()).unwrap().clone();
        assert_eq!(
            (action_a["places"].clone(), action_a["placed"].clone(), action_a["applicants"].clone()),
            (json!(2), json!(2), json!(4))
        );
        assert_eq!(
            action_a["cutoffCriterion"], "OBSERVATION",
            "the last admitted came before m3 on the observation: {action_a}"
        );

        // The same campaign and seed give the same proposal, bit for bit.
        let again = app.ok(&director, PROPOSE, default.clone()).await["proposeAllocation"].clone();
        assert_eq!(again["inputSha256"], run1["inputSha256"]);
        assert_eq!(again["outputSha256"], run1["outputSha256"]);

        // The School reads any magistrate's explanation; a magistrate reads nothing of a proposal
        // not adopted, and never another's.
        let own_draft = json!({ "r": id1, "m": m3.to_string() });
        assert_eq!(app.error_code(Some(&token(m3)), EXPLAIN, own_draft).await, "NOT_FOUND");
        let mine = explain(&app, &school, &id1, m3).await;
        let (kind, wish) = outcome(&mine, &a);
        assert_eq!(kind, "OUTRANKED", "{mine}");
        assert_eq!(wish["decidingCriterion"], "OBSERVATION");
        assert_eq!(wish["observation"], "UNFAVOURABLE");
        let text = wish["text"].as_str().unwrap();
        assert!(
            text.contains("Vœu n° 1 — « Action A »") && text.contains("observation sur votre demande : défavorable"),
            "{text}"
        );
        assert!(!text.contains("pour elle"), "nothing of the other person's standing: {text}");
        assert!(mine["paragraphs"][0].as_str().unwrap().contains("traitement algorithmique"), "{mine}");
        assert_eq!(
            app.error_code(Some(&token(m1)), EXPLAIN, json!({ "r": id1, "m": m3.to_string() })).await,
            "FORBIDDEN"
        );
        let m1_reads = explain(&app, &school, &id1, m1).await;
        assert_eq!(outcome(&m1_reads, &a).0, "PLACED");
        assert_eq!(outcome(&m1_reads, &a).1["round"], 1);
        assert_eq!(outcome(&m1_reads, &c).1["round"], 2, "a second action only in the second round: {m1_reads}");
        let m2_reads = explain(&app, &school, &id1, m2).await;
        assert_eq!(outcome(&m2_reads, &b).0, "OVERLAPS", "B overlaps A, where m2 has a place: {m2_reads}");
        let m4_reads = explain(&app, &school, &id1, m4).await;
        assert_eq!(outcome(&m4_reads, &b).0, "PLACED");
        assert_eq!(outcome(&m4_reads, &a).0, "OVERLAPS");

        // Overrides are constraints, each with its reason, checked against the campaign.
        let bad = json!({ "y": 2027, "i": { "overrides": [{ "kind": "FORCE", "sessionId": c, "magistrateId": m4.to_string(), "reason": "Essai" }] } });
        assert_eq!(app.error_code(Some(&director), PROPOSE, bad).await, "VALIDATION", "m4 did not wish C");
        let unreasoned = json!({ "y": 2027, "i": { "overrides": [{ "kind": "EXCLUDE", "sessionId": c, "magistrateId": m1.to_string(), "reason": " " }] } });
        assert_eq!(app.error_code(Some(&director), PROPOSE, unreasoned).await, "VALIDATION", "a reason is required");
        let overrides = json!({ "y": 2027, "i": { "overrides": [
        { "kind": "FORCE", "sessionId": a, "magistrateId": m3.to_string(), "reason": "Nécessité de service" },
        { "kind": "CAPACITY", "sessionId": a, "capacity": 3, "reason": "Salle plus grande" },
        { "kind": "EXCLUDE", "sessionId": c, "magistrateId": m1.to_string(), "reason": "Déjà suivie en 2026" }
    ] } });
        let run2 = app.ok(&director, PROPOSE, overrides.clone()).await["proposeAllocation"].clone();
        let id2 = run2["id"].as_str().unwrap().to_owned();
        assert_eq!(run2["overrides"].as_array().unwrap().len(), 3);
        assert_eq!(run2["stats"]["perRound"][0], 1, "one place forced before the rounds: {run2}");
        let forced = explain(&app, &school, &id2, m3).await;
        assert_eq!(outcome(&forced, &a).0, "FORCED");
        assert!(outcome(&forced, &a).1["text"].as_str().unwrap().contains("Nécessité de service"));
        assert_eq!(outcome(&explain(&app, &school, &id2, m1).await, &c).0, "EXCLUDED");

        // A proposal the wishes have outgrown is refused: a decision taken by hand since.
        app.decide(&director, &b, &m4_b, "SELECTED").await;
        assert_eq!(app.error_code(Some(&director), APPLY, json!({ "r": id2 })).await, "INVALID_TRANSITION");
        let stale = app.ok(&director, PROPOSE, overrides.clone()).await["proposeAllocation"].clone();
        assert_ne!(stale["inputSha256"], run2["inputSha256"], "m4's place at B is now part of the inputs");
        // Stale too: an observation changed since, though no decision was taken.
        app.ok(
            &token(evaluator),
            "mutation($a: ID!) { giveObservation(applicationId: $a, opinion: RESERVED) { id } }",
            json!({ "a": m3_a }),
        )
        .await;
        let stale_id = stale["id"].as_str().unwrap().to_owned();
        assert_eq!(app.error_code(Some(&director), APPLY, json!({ "r": stale_id })).await, "INVALID_TRANSITION");
        let run3 = app.ok(&director, PROPOSE, overrides).await["proposeAllocation"].clone();
        let id3 = run3["id"].as_str().unwrap().to_owned();
        assert_ne!(run3["inputSha256"], stale["inputSha256"], "the observation is part of the inputs");

        // Adopting it: places become selections, those refused for priority or finding the action full
        // wait in order, those an overlap or the cap left out are refused; each notice has the mention.
        let applied = app.ok(&director, APPLY, json!({ "r": id3 })).await["applyAllocation"].clone();
        assert_eq!(applied["run"]["status"], "APPLIED");
        assert_eq!(applied["selected"], 3, "m1, m2 and m3 at A: {applied}");
        assert_eq!(applied["refused"], 1, "m4 at A, which overlaps B where m4 has a place: {applied}");
        assert_eq!(app.scalar_text(&format!("{STATUS}{m3_a}")).await, "SELECTED");
        assert_eq!(app.scalar_text(&format!("{STATUS}{m4_a}")).await, "REFUSED");
        assert_eq!(app.scalar_text(&format!("{STATUS}{m2_b}")).await, "WAITLISTED", "B was full");
        // Now the magistrate reads their own explanation.
        assert_eq!(outcome(&explain(&app, &token(m3), &id3, m3).await, &a).0, "FORCED");
        assert_eq!(app.scalar_text(&format!("{STATUS}{m1_c}")).await, "SUBMITTED", "excluded: left to the director");
        assert_eq!(app.scalar_i64(&format!("SELECT capacity FROM sessions WHERE id = {a}")).await, 3);
        let notice = app
        .scalar_text(&format!("SELECT body FROM notifications WHERE user_id = {m3} AND application_id = {m3_a} ORDER BY id DESC LIMIT 1"))
        .await;
        assert!(
            notice.contains("traitement algorithmique")
                && notice.contains("adoptée par le directeur")
                && notice.contains("L. 311-3-1"),
            "{notice}"
        );
        let runs = app.ok(&school, RUNS, json!({ "y": 2027 })).await["allocationRuns"].clone();
        let statuses: Vec<&str> = runs.as_array().unwrap().iter().map(|r| r["status"].as_str().unwrap()).collect();
        assert_eq!(statuses, vec!["APPLIED", "SUPERSEDED", "SUPERSEDED", "SUPERSEDED", "SUPERSEDED"], "{runs}");
        assert_eq!(app.error_code(Some(&director), APPLY, json!({ "r": id3 })).await, "INVALID_TRANSITION", "once");
        assert_eq!(
            app.error_code(Some(&director), APPLY, json!({ "r": id1 })).await,
            "INVALID_TRANSITION",
            "superseded"
        );

        // A decision changed by hand afterwards is counted against the run.
        assert_eq!(app.ok(&school, RUN, json!({ "id": id3 })).await["allocationRun"]["manualChanges"], 0);
        app.decide(&director, &b, &m2_b, "REFUSED").await;
        assert_eq!(app.ok(&school, RUN, json!({ "id": id3 })).await["allocationRun"]["manualChanges"], 1);
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'allocation.propose'").await, 5);
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'allocation.apply'").await, 1);
    }
);

on_both_databases!(only_the_director_runs_and_adopts_and_only_the_school_reads_the_runs, |app: TestApp| async move {
    let school = app.login("ecole@demo.magistra.fr").await;
    let session = app.published_session(&school, SessionSpec::default()).await;
    let magistrate = app.plain_magistrates(1).await[0];
    app.apply(&app.token_for(magistrate), &session, 1).await;
    app.set_today(day(2027, 4, 1));
    let director = app.login("directeur@demo.magistra.fr").await;
    let run = app.ok(&director, PROPOSE, json!({ "y": 2027, "i": {} })).await["proposeAllocation"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    for actor in tests::DEMO_ACTORS {
        let token = app.login(&format!("{actor}@demo.magistra.fr")).await;
        let school_side = actor == "ecole" || actor == "directeur";
        let runs = app.gql(Some(&token), RUNS, json!({ "y": 2027 })).await;
        assert_eq!(runs.get("errors").is_none(), school_side, "{actor} reading the runs: {runs}");
        let other = app.gql(Some(&token), EXPLAIN, json!({ "r": run, "m": magistrate.to_string() })).await;
        assert_eq!(other.get("errors").is_none(), school_side, "{actor} reading another's explanation: {other}");
        if actor != "directeur" {
            assert_eq!(
                app.error_code(Some(&token), PROPOSE, json!({ "y": 2027, "i": {} })).await,
                "FORBIDDEN",
                "{actor}"
            );
            assert_eq!(app.error_code(Some(&token), APPLY, json!({ "r": run })).await, "FORBIDDEN", "{actor}");
        }
    }
    assert_eq!(app.error_code(None, RUNS, json!({ "y": 2027 })).await, "UNAUTHENTICATED");
    // Nothing was decided by the refused attempts; the magistrate reads their own once adopted.
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM applications WHERE status = 'SUBMITTED'").await, 1);
    let own = json!({ "r": run, "m": magistrate.to_string() });
    assert_eq!(app.error_code(Some(&app.token_for(magistrate)), EXPLAIN, own.clone()).await, "NOT_FOUND");
    app.ok(&director, APPLY, json!({ "r": run })).await;
    let own = explain(&app, &app.token_for(magistrate), &run, magistrate).await;
    assert_eq!(outcome(&own, &session).0, "PLACED");

    // The published rules, without signing in: the criteria, the rights, the year's commitment.
    let page = reqwest::get(format!("{}/regles-de-selection", app.base)).await.unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(page.headers().contains_key("content-security-policy"));
    let html = page.text().await.unwrap();
    let sha = app.gql(None, "query { allocationSeedCommitment(year: 2027) { sha256 } }", json!({})).await["data"]
        ["allocationSeedCommitment"]["sha256"]
        .as_str()
        .unwrap()
        .to_owned();
    for expected in [
        "moins de jours de formation sur les trois dernières années",
        "L. 311-3-1",
        "R. 311-3-1-1",
        "51-1",
        sha.as_str(),
    ] {
        assert!(html.contains(expected), "{expected:?} missing from the rules page");
    }
    let css = reqwest::get(format!("{}/regles-de-selection.css", app.base)).await.unwrap();
    assert_eq!(css.status(), 200);
});
