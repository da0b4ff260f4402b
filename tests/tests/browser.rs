//! The web client in a real browser. Each journey of the issue runs in Debian's headless Chromium,
//! driven by playwright-core (`tests/browser/*.mjs`) through clicks and typing against a real server
//! that serves the production build in `web/dist`; axe-core checks every page reached against WCAG 2.1
//! A and AA, and screenshots land in `target/screenshots/`. The data each journey starts from is set
//! up here through the API, as the other actors would have left it.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};
use tests::{day, ops, Backend, SessionSpec, SpawnOptions, TestApp};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// A server on SQLite serving the built client, with a small programme around the test clock.
async fn app() -> TestApp {
    let dist = workspace().join("web/dist");
    assert!(
        dist.join("index.html").exists(),
        "the web client is not built: run scripts/build-web (scripts/test does it) before the browser tests"
    );
    let options = SpawnOptions { web_dist: Some(dist), national_sessions: 30, ..SpawnOptions::default() };
    TestApp::spawn_with(Backend::Sqlite, options).await.expect("SQLite is always there")
}

/// One browser at a time: two Chromiums and two servers on two cores would make every step slow.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs `tests/browser/<name>.mjs` against `app` and fails with its log if the journey fails.
async fn journey(app: &TestApp, name: &str, fixtures: Value) {
    let _turn = ONE_BROWSER.lock().await;
    let root = workspace();
    let mut command = std::process::Command::new("node");
    command
        .arg(root.join("tests/browser/run.mjs"))
        .arg(name)
        .current_dir(&root)
        .env("MAGISTRA_BASE", &app.base)
        .env("MAGISTRA_FIXTURES", fixtures.to_string())
        .env("MAGISTRA_SCREENSHOTS", root.join("target/screenshots"));
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .unwrap()
        .expect("node runs (scripts/setup installs it with the browser tools)");
    let log = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("{log}");
    assert!(output.status.success(), "browser journey `{name}` failed:\n{log}");
}

/// Up to `n` magistrates in the directory `token` may read (of `court` if given), demo accounts
/// aside, as `(email, display name)`.
async fn magistrates_in_reach(app: &TestApp, token: &str, court: Option<&str>, n: usize) -> Vec<(String, String)> {
    let reach = app
        .ok(
            token,
            "query($c: ID) { magistrates(courtId: $c, first: 30) { edges { node { email displayName } } } }",
            json!({ "c": court }),
        )
        .await;
    reach["magistrates"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (e["node"]["email"].as_str().unwrap().to_owned(), e["node"]["displayName"].as_str().unwrap().to_owned())
        })
        .filter(|(email, _)| !email.ends_with("@demo.magistra.fr"))
        .take(n)
        .collect()
}

async fn display_name(app: &TestApp, token: &str) -> String {
    app.ok(token, "{ me { displayName } }", Value::Null).await["me"]["displayName"].as_str().unwrap().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_magistrate_enrols_confirms_withdraws_and_reads_the_training_sheet() {
    let app = app().await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let first = "La justice pénale des mineurs";
    let second = "Droit de la famille et de l’enfance";
    let past = "Les violences intrafamiliales";
    let first_id = app.published_session(&school, SessionSpec { title: first.into(), ..SessionSpec::default() }).await;
    app.published_session(
        &school,
        SessionSpec { title: second.into(), start: day(2027, 9, 13), ..SessionSpec::default() },
    )
    .await;

    // A training attended in the first days of January, already on the sheet.
    app.set_today(day(2026, 12, 20));
    let spec = SessionSpec {
        title: past.into(),
        start: day(2027, 1, 4),
        open: day(2026, 12, 1),
        close: day(2026, 12, 31),
        ..SessionSpec::default()
    };
    let past_id = app.published_session(&school, spec).await;
    let application = app.apply(&magistrate, &past_id, 5).await;
    app.decide(&director, &past_id, &application, "SELECTED").await;
    app.ok(&magistrate, ops::CONFIRM, json!({ "a": application })).await;
    app.set_today(day(2027, 1, 10));
    app.record_days(&school, &past_id, &application, day(2027, 1, 4), 3, true).await;

    let fixtures = json!({
        "first": first, "firstId": first_id, "second": second, "past": past, "year": 2027,
        "magistrateName": display_name(&app, &magistrate).await,
    });
    journey(&app, "magistrate", fixtures).await;
    // What the browser did is in the database.
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM evaluation_forms").await, 1);
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM training_needs").await, 1);
}

/// Lyon's id, from the API.
async fn lyon(app: &TestApp, token: &str) -> String {
    let courts = app.ok(token, "{ courts { id name } }", Value::Null).await;
    courts["courts"].as_array().unwrap().iter().find(|c| c["name"] == "Lyon").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn heads_of_jurisdiction_and_of_court_review_requests_and_adopt_the_plan() {
    let app = app().await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let evaluator = app.login("chef-juridiction@demo.magistra.fr").await;
    let session = app
        .published_session(
            &school,
            SessionSpec { title: "Le contentieux de la protection".into(), ..SessionSpec::default() },
        )
        .await;
    // Three magistrates the head of jurisdiction evaluates apply.
    let mut applicants = Vec::new();
    for (email, name) in magistrates_in_reach(&app, &evaluator, None, 3).await {
        let token = app.login(&email).await;
        app.apply(&token, &session, 1).await;
        applicants.push(name);
    }
    assert_eq!(applicants.len(), 3, "the head of jurisdiction evaluates at least three magistrates");

    // One of the court's magistrates withdrew from another session without a serious reason.
    let director = app.login("directeur@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let other = app
        .published_session(&school, SessionSpec { title: "Éthique et déontologie".into(), ..SessionSpec::default() })
        .await;
    let application = app.apply(&magistrate, &other, 1).await;
    app.decide(&director, &other, &application, "SELECTED").await;
    app.ok(&magistrate, ops::WITHDRAW, json!({ "a": application, "r": "OTHER", "d": "Convenance personnelle." })).await;
    app.ok(
        &school,
        "mutation($a: ID!) { assessWithdrawal(applicationId: $a, serious: false, notifyHeadOfCourt: true) { id } }",
        json!({ "a": application }),
    )
    .await;

    // The delegate drafted the court's plan.
    let delegate = app.login("delegue@demo.magistra.fr").await;
    let court = lyon(&app, &delegate).await;
    let plan = app
        .ok(&delegate, "mutation($c: ID!) { createPlan(courtId: $c, year: 2027) { id } }", json!({ "c": court }))
        .await;
    let action = "Journée régionale de la justice des mineurs";
    app.ok(
        &delegate,
        "mutation($p: ID!, $i: PlanActionInput!) { addPlanAction(planId: $p, input: $i) { id } }",
        json!({ "p": plan["createPlan"]["id"], "i": { "title": action, "format": "STUDY_DAY", "plannedStart": "2027-03-16",
            "plannedEnd": "2027-03-16", "expectedParticipants": 30, "costLines": [{ "category": "SPEAKER_FEES", "amountCents": 120000 }] } }),
    )
    .await;
    // The council gave its opinion: the plan waits for the heads of court (art. 137).
    let today = server::clock::Clock::today(&app.clock).to_string();
    tests::plans::record_council(&app, &delegate, &court, 2027, &today).await;

    let fixtures =
        json!({ "applicants": applicants, "withdrawn": display_name(&app, &magistrate).await, "action": action });
    journey(&app, "heads", fixtures).await;
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM plans WHERE status = 'ADOPTED'").await,
        1,
        "the plan is adopted once both heads have adopted it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_delegate_plans_runs_a_session_and_sees_the_budget_move_live() {
    let app = app().await;
    let delegate = app.login("delegue@demo.magistra.fr").await;
    let court = lyon(&app, &delegate).await;
    // The court's 2027 credits, reserved on its plan in the cycle's order (art. 137, 139); the
    // delegate drafts the 2028 plan in the browser.
    tests::plans::lyon_credits(&app, &court, 2027, 2_000_000).await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let need = "Audition de l’enfant";
    app.ok(
        &magistrate,
        "mutation($i: TrainingNeedInput!) { submitTrainingNeed(input: $i) { id } }",
        json!({ "i": { "theme": need, "year": 2027 } }),
    )
    .await;
    let people = magistrates_in_reach(&app, &delegate, Some(&court), 5).await;
    let mut tokens = Vec::new();
    for (email, _) in &people {
        tokens.push(app.login(email).await);
    }

    // A session held last week, its two participants selected in December.
    app.set_today(day(2026, 12, 20));
    let held = "Rencontre des juges des libertés";
    let spec = SessionSpec {
        title: held.into(),
        scope: "DECONCENTRATED",
        court_ids: vec![court.clone()],
        capacity: 12,
        start: day(2027, 1, 5),
        open: day(2026, 12, 1),
        close: day(2026, 12, 31),
        ..SessionSpec::default()
    };
    let created = app.ok(&delegate, ops::CREATE_SESSION, json!({ "i": spec.input() })).await;
    let held_id = created["createSession"]["id"].as_str().unwrap().to_owned();
    let held_code = created["createSession"]["code"].as_str().unwrap().to_owned();
    app.ok(&delegate, ops::PUBLISH, json!({ "id": held_id })).await;
    for token in &tokens[3..5] {
        let application = app.apply(token, &held_id, 1).await;
        app.decide(&delegate, &held_id, &application, "SELECTED").await;
    }
    app.set_today(day(2027, 1, 10));

    // A coming session with three candidates to decide.
    let coming = "Atelier sur l’assistance éducative";
    let spec = SessionSpec {
        title: coming.into(),
        scope: "DECONCENTRATED",
        court_ids: vec![court.clone()],
        capacity: 12,
        start: day(2027, 2, 15),
        open: day(2027, 1, 1),
        close: day(2027, 2, 1),
        ..SessionSpec::default()
    };
    let coming_id = app.published_session(&delegate, spec).await;
    for token in &tokens[0..3] {
        app.apply(token, &coming_id, 2).await;
    }

    let fixtures = json!({
        "need": need, "coming": coming, "held": held, "heldId": held_id, "heldLabel": format!("{held_code} — {held}"),
        "candidates": people[0..3].iter().map(|p| p.1.clone()).collect::<Vec<_>>(),
        "participants": people[3..5].iter().map(|p| p.1.clone()).collect::<Vec<_>>(),
    });
    journey(&app, "court", fixtures).await;
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM expenses").await, 1);
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM plan_actions a JOIN plans p ON p.id = a.plan_id WHERE p.year = 2028")
            .await,
        2
    );
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM plans p JOIN plan_council_opinions c ON c.plan_id = p.id WHERE p.year = 2028 AND p.status = 'ADVISED' AND c.meeting_date = '2027-01-08'").await,
        1,
        "the council's opinion recorded in the browser"
    );
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM execution_report_sendings").await, 1, "art. 143 sent");
    assert!(app.scalar_i64("SELECT recipients FROM activity_reports").await >= 1, "art. 138 sent");
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM programme_sequences").await,
        2,
        "the programme as given, recorded in the browser (art. 141)"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_school_keeps_trainers_and_fees_and_actions_costs_reach_both_dashboards() {
    let app = app().await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let delegate = app.login("delegue@demo.magistra.fr").await;
    let court = lyon(&app, &delegate).await;
    // Lyon's 2027 credits (5,000 €), reserved on its plan, whose action is the court's session.
    tests::plans::lyon_credits(&app, &court, 2027, 500_000).await;
    let plan = app.ok(&delegate, tests::plans::ACTIONS, json!({ "c": court, "y": 2027 })).await;
    let court_session = plan["plan"]["actions"][0]["session"]["id"].as_str().unwrap().to_owned();
    // A magistrate of the directory in the trainers' directory, who may direct a session.
    let coordinator = app.user_id("coordinateur@demo.magistra.fr").await;
    let director_name = "Coordonnateur de Lyon";
    app.ok(
        &school,
        "mutation($i: TrainerInput!) { saveTrainer(input: $i) { id } }",
        json!({ "i": { "userId": coordinator.to_string(), "fullName": director_name, "body": "Magistrat", "kind": "REGIONAL_COORDINATOR", "expertise": "Violences intrafamiliales" } }),
    )
    .await;
    let national_title = "Juger les violences intrafamiliales";
    let spec = SessionSpec { title: national_title.into(), start: day(2027, 6, 14), ..SessionSpec::default() };
    let created = app.ok(&school, ops::CREATE_SESSION, json!({ "i": spec.input() })).await;
    let fixtures = json!({
        "nationalId": created["createSession"]["id"], "nationalTitle": national_title,
        "courtSessionId": court_session, "courtSessionTitle": plan["plan"]["actions"][0]["title"],
        "directorName": director_name,
    });
    journey(&app, "costs", fixtures).await;
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM action_costs").await, 2);
    assert_eq!(
        app.scalar_i64(&format!("SELECT consumed_cents FROM court_budgets WHERE court_id = {court} AND year = 2027"))
            .await,
        123_456,
        "the court's counter to the cent"
    );
    assert_eq!(app.scalar_i64("SELECT consumed_cents FROM national_budgets").await, 58_000);
    assert_eq!(app.scalar_i64("SELECT amount_cents FROM session_agreements").await, 150_000);
    assert_eq!(app.scalar_i64("SELECT term FROM session_directors").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_school_publishes_selects_validates_funds_and_transmits() {
    let app = app().await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let evaluator = app.login("chef-juridiction@demo.magistra.fr").await;
    let title = "Le juge et l’expertise";
    let session = app
        .published_session(&school, SessionSpec { title: title.into(), capacity: 3, ..SessionSpec::default() })
        .await;
    let people = magistrates_in_reach(&app, &evaluator, None, 4).await;
    let mut first_application = String::new();
    for (email, _) in &people {
        let token = app.login(email).await;
        let id = app.apply(&token, &session, 1).await;
        if first_application.is_empty() {
            first_application = id;
        }
    }
    app.ok(
        &evaluator,
        "mutation($a: ID!) { giveObservation(applicationId: $a, opinion: FAVORABLE, comment: \"Très motivé\") { id } }",
        json!({ "a": first_application }),
    )
    .await;
    // The first candidate already holds a place in another action on the same days (art. 131): the
    // director is asked why before selecting them.
    let director = app.login("directeur@demo.magistra.fr").await;
    let same_days = app
        .published_session(
            &school,
            SessionSpec { title: "Les expertises psychiatriques".into(), ..SessionSpec::default() },
        )
        .await;
    let held = app.apply(&app.login(&people[0].0).await, &same_days, 2).await;
    app.decide(&director, &same_days, &held, "SELECTED").await;
    // The demo magistrate was selected, then withdrew.
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let withdrawn = app.apply(&magistrate, &session, 1).await;
    app.decide(&director, &session, &withdrawn, "SELECTED").await;
    app.ok(&magistrate, ops::WITHDRAW, json!({ "a": withdrawn, "r": "OTHER", "d": "Convenance personnelle." })).await;
    let validation = "Master de droit pénal international";
    app.ok(
        &magistrate,
        "mutation($i: ValidationRequestInput!) { requestValidation(input: $i) { id } }",
        json!({ "i": { "kind": "DIPLOMA", "title": validation, "year": 2027, "daysRequested": 2.0 } }),
    )
    .await;

    // Lyon's 2027 plan, sent to the School after the council's opinion and both heads' adoption.
    let delegate = app.login("delegue@demo.magistra.fr").await;
    let lyon = lyon(&app, &delegate).await;
    let plan = app
        .ok(&delegate, "mutation($c: ID!) { createPlan(courtId: $c, year: 2027) { id } }", json!({ "c": lyon }))
        .await;
    let plan_actions = ["Audition de l’enfant", "Justice restaurative"];
    for (title, start) in plan_actions.iter().zip(["2027-03-16", "2027-05-11"]) {
        let action = json!({ "title": title, "format": "STUDY_DAY", "plannedStart": start, "plannedEnd": start,
            "expectedParticipants": 30, "costLines": [{ "category": "SPEAKER_FEES", "amountCents": 165_000 }] });
        app.ok(
            &delegate,
            "mutation($p: ID!, $i: PlanActionInput!) { addPlanAction(planId: $p, input: $i) { id } }",
            json!({ "p": plan["createPlan"]["id"], "i": action }),
        )
        .await;
    }
    tests::plans::record_council(&app, &delegate, &lyon, 2027, "2027-01-08").await;
    let heads = [app.login("chef-cour@demo.magistra.fr").await, app.login("chef-cour-parquet@demo.magistra.fr").await];
    tests::plans::adopt_and_submit(&app, &heads, &delegate, &plan["createPlan"]["id"]).await;

    let fixtures = json!({
        "session": title, "validation": validation, "planActions": plan_actions,
        "candidates": people.iter().map(|p| p.1.clone()).collect::<Vec<_>>(),
    });
    journey(&app, "school", fixtures).await;
    assert_eq!(
        app.scalar_text("SELECT reason FROM conflict_overrides WHERE kind = 'PARTICIPANT'").await,
        "Deux demi-journées distinctes, accord du chef de juridiction.",
        "the reason the director gave in the browser is kept"
    );
    let funded = app.ok(&delegate, "query($c: ID!) { plan(courtId: $c, year: 2027) { status retainedCents actions { retainedCents session { status } } } }", json!({ "c": lyon })).await;
    assert_eq!(
        funded["plan"],
        json!({ "status": "ONLINE", "retainedCents": 150_000, "actions": [
            { "retainedCents": 150_000, "session": { "status": "PUBLISHED" } },
            { "retainedCents": 0, "session": null },
        ] }),
        "the retained action went online with the programme, the other became no session"
    );
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM sessions WHERE title = 'Intelligence artificielle et office du juge' AND status = 'PUBLISHED'").await, 1);
    assert!(app.scalar_i64("SELECT COUNT(*) FROM sheet_transmissions").await > 0, "sheets were transmitted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_works_with_the_keyboard_alone_on_laptop_and_phone_and_survives_an_expired_login() {
    let app = app().await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let first = "La justice pénale des mineurs";
    app.published_session(&school, SessionSpec { title: first.into(), ..SessionSpec::default() }).await;
    journey(&app, "keyboard", json!({ "first": first })).await;
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM applications WHERE motivation = 'Au cœur de mes fonctions.'").await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failures_show_a_french_message_and_a_way_back_and_a_double_click_sends_once() {
    let app = app().await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let session_id = app
        .published_session(&school, SessionSpec { title: "Le juge et le numérique".into(), ..SessionSpec::default() })
        .await;
    let other = app
        .published_session(
            &school,
            SessionSpec { title: "Droit de la famille".into(), start: day(2027, 9, 13), ..SessionSpec::default() },
        )
        .await;
    let other_application = app.apply(&magistrate, &other, 1).await;
    let fixtures = json!({
        "sessionId": session_id, "otherSession": other, "otherApplication": other_application,
        "directorToken": director,
    });
    journey(&app, "failures", fixtures).await;
    assert_eq!(
        app.scalar_i64(&format!("SELECT COUNT(*) FROM applications WHERE session_id = {session_id}")).await,
        1,
        "one application, whatever the clicks"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_reads_the_public_programme_and_logs_in_only_to_apply() {
    let app = app().await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let delegate = app.login("delegue@demo.magistra.fr").await;
    let court = |name: &str| format!("SELECT id FROM courts WHERE name = '{name}'");
    let lyon = app.scalar_i64(&court("Lyon")).await.to_string();
    let agen = app.scalar_i64(&court("Agen")).await.to_string();
    let national = "Éthique et office du juge";
    let lyon_title = "Journée lyonnaise de droit pénal";
    let agen_title = "Journée agenaise de droit rural";
    let national_id =
        app.published_session(&school, SessionSpec { title: national.into(), ..SessionSpec::default() }).await;
    let deconcentrated = |title: &str, court: String| SessionSpec {
        title: title.into(),
        scope: "DECONCENTRATED",
        court_ids: vec![court],
        start: day(2027, 5, 18),
        ..SessionSpec::default()
    };
    app.published_session(&delegate, deconcentrated(lyon_title, lyon)).await;
    app.published_session(&school, deconcentrated(agen_title, agen)).await;
    let fixtures = json!({ "national": national, "nationalId": national_id, "lyon": lyon_title, "agen": agen_title });
    journey(&app, "visitor", fixtures).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_school_reads_evaluations_cancels_a_session_downloads_a_report_and_follows_the_sweep() {
    let app = app().await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let evaluated = app
        .published_session(&school, SessionSpec { title: "Le juge et l’expert".into(), ..SessionSpec::default() })
        .await;
    let people = app.plain_magistrates(4).await;
    let comment = "Des intervenants remarquables, des cas concrets.";
    let mut participants = Vec::new();
    for magistrate in &people[..3] {
        let token = app.token_for(*magistrate);
        let application = app.apply(&token, &evaluated, 1).await;
        app.decide(&director, &evaluated, &application, "SELECTED").await;
        app.ok(&token, ops::CONFIRM, json!({ "a": application })).await;
        participants.push((token, application));
    }
    app.set_today(day(2027, 6, 17));
    for (n, (token, application)) in participants.iter().enumerate() {
        app.record_days(&school, &evaluated, application, day(2027, 6, 14), 3, true).await;
        let form = json!({ "content": 4 + (n % 2) as i32, "speakers": 5, "organisation": 4, "usefulness": 5, "comments": comment });
        app.ok(token, tests::records_ops::SUBMIT_EVALUATION, json!({ "a": application, "i": form })).await;
    }
    let to_cancel = app
        .published_session(
            &school,
            SessionSpec {
                title: "Droit des étrangers".into(),
                start: day(2027, 9, 13),
                open: day(2027, 6, 1),
                close: day(2027, 7, 31),
                ..SessionSpec::default()
            },
        )
        .await;
    let applicant = app.token_for(people[3]);
    app.apply(&applicant, &to_cancel, 2).await;
    let fixtures = json!({ "evaluated": evaluated, "toCancel": to_cancel, "comment": comment });
    journey(&app, "followup", fixtures).await;
    assert_eq!(app.scalar_text(&format!("SELECT status FROM sessions WHERE id = {to_cancel}")).await, "CANCELLED");
    let told = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM notifications WHERE user_id = {} AND kind = 'SESSION_CANCELLED'",
            people[3]
        ))
        .await;
    assert_eq!(told, 1, "the applicant is told of the cancellation");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ministry_reads_the_sheets_transmitted_to_it() {
    let app = app().await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let sent = app.ok(&director, tests::records_ops::TRANSMIT, json!({ "y": 2026, "c": null })).await;
    assert!(sent["transmitTrainingSheets"]["transmissions"].as_i64().unwrap() > 0, "{sent}");
    journey(&app, "ministry", json!({ "year": 2026 })).await;
}

/// The directory file's header (DESIGN.md, "The directory file").
const DIRECTORY_HEADER: &str =
    "identifiant;nom;prenom;courriel;affectation;fonction;siege_parquet;depuis;recrutement;nomination;evaluateur";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrator_manages_roles_accounts_the_directory_and_the_reference_data() {
    let app = app().await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let name = display_name(&app, &magistrate).await;
    let lines = [
        "B001;Vidal;Claire;claire.vidal-annuaire@justice.fr;Tribunal judiciaire de Lyon;Juge des enfants;SIEGE;2024-09-01;COMPETITION;2015-09-01;",
        "B002;Perrin;Hugo;hugo.perrin-annuaire@justice.fr;Tribunal judiciaire de Lyon;Juge d’instruction;SIEGE;2025-09-01;COMPETITION;2019-09-01;B001",
    ];
    let good = format!("{DIRECTORY_HEADER}\n{}\n", lines.join("\n"));
    let bad = good.replace("Juge d’instruction", "Juge des étoiles");
    let fixtures = json!({
        "person": { "email": "magistrat@demo.magistra.fr", "name": name, "identifier": "RH-000042" },
        "newAccount": { "name": "Claire Martin", "email": "claire.martin@justice.fr", "identifier": "RH-ENM-7" },
        "directory": { "good": good, "bad": bad, "badReason": "fonction inconnue", "createdName": "Claire Vidal" },
        "newFunction": "Juge chargé du contentieux de la protection",
    });
    journey(&app, "administrator", fixtures).await;

    // What the screens did reached the base, each change audited with its author.
    let admin = app.user_id("admin@demo.magistra.fr").await;
    for action in ["role.grant", "role.revoke"] {
        let audited = app
            .scalar_i64(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND actor_id = {admin}"))
            .await;
        assert_eq!(audited, 1, "{action} audited once with the administrator as author");
    }
    let imported = app.scalar_i64("SELECT COUNT(*) FROM users WHERE hr_id IN ('B001', 'B002') AND active").await;
    assert_eq!(imported, 2, "the two people of the file are in the base");
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM directory_imports").await, 1, "imported once");
    let function = app
        .scalar_i64("SELECT COUNT(*) FROM functions WHERE name = 'Juge chargé du contentieux de la protection'")
        .await;
    assert_eq!(function, 1);
    let active =
        app.scalar_i64("SELECT COUNT(*) FROM users WHERE email = 'magistrat@demo.magistra.fr' AND active").await;
    assert_eq!(active, 1, "the account was enabled again");
    let linked = app.scalar_text("SELECT hr_id FROM users WHERE email = 'magistrat@demo.magistra.fr'").await;
    assert_eq!(linked, "RH-000042", "the account linked to its HR identifier");
    let opened = app
        .scalar_i64("SELECT COUNT(*) FROM users WHERE email = 'claire.martin@justice.fr' AND hr_id = 'RH-ENM-7'")
        .await;
    assert_eq!(opened, 1, "the new account, with its identifier");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_magistrate_changes_the_password_and_downloads_their_data() {
    let app = app().await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let name = display_name(&app, &magistrate).await;
    let fixtures =
        json!({ "email": "magistrat@demo.magistra.fr", "name": name, "newPassword": "une phrase de passe sûre" });
    journey(&app, "account", fixtures).await;
    let changed = app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'auth.change_password'").await;
    assert_eq!(changed, 1, "the change is audited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_magistrate_signs_in_through_the_ministry_single_sign_on() {
    let (port, provider_port) = (tests::free_port(), tests::free_port());
    let redirect = format!("http://127.0.0.1:{port}/auth/oidc/callback");
    let oidc = server::auth::oidc::OidcSettings {
        issuer: format!("http://127.0.0.1:{provider_port}"),
        client_id: tests::oidc::CLIENT_ID.into(),
        client_secret: server::settings::Secret::new(tests::oidc::CLIENT_SECRET),
        claim: "hr_id".into(),
        redirect_url: redirect.clone(),
    };
    let options = SpawnOptions {
        web_dist: Some(workspace().join("web/dist")),
        oidc: Some(oidc),
        port,
        magistrates: 20,
        ..SpawnOptions::default()
    };
    let app = TestApp::spawn_with(Backend::Sqlite, options).await.expect("SQLite is always there");
    let _provider = tests::oidc::Provider::start(provider_port, &redirect, "RH-000042").await;
    app.execute("UPDATE users SET hr_id = 'RH-000042' WHERE email = 'magistrat@demo.magistra.fr'").await;
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let name = display_name(&app, &magistrate).await;
    journey(&app, "sso", json!({ "name": name })).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_director_runs_adopts_a_national_proposal_and_the_magistrate_reads_why() {
    let app = app().await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let title = "Le juge et l’intelligence artificielle";
    let spec = SessionSpec { title: title.into(), capacity: 1, start: day(2027, 6, 21), ..SessionSpec::default() };
    let session = app.published_session(&school, spec).await;
    let magistrate = app.user_id("magistrat@demo.magistra.fr").await;
    let other = app.plain_magistrates(1).await[0];
    let mine = app.apply(&app.login("magistrat@demo.magistra.fr").await, &session, 1).await;
    let theirs = app.apply(&app.token_for(other), &session, 1).await;
    app.set_today(day(2027, 4, 1));
    let fixtures = json!({ "title": title, "session": session, "magistrate": magistrate, "other": other });
    journey(&app, "selection", fixtures).await;
    let status = |id: String| format!("SELECT status FROM applications WHERE id = {id}");
    assert_eq!(app.scalar_text(&status(theirs)).await, "SELECTED", "the forced place");
    assert_eq!(app.scalar_text(&status(mine)).await, "WAITLISTED");
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM allocation_runs WHERE status = 'APPLIED'").await, 1);
}
