//! Who reads what, by the regulation, and what `viewerCan` promises: each through the real
//! server, on both databases.

use std::sync::atomic::Ordering;
use std::time::Duration;

use serde_json::{json, Value};
use tests::records_ops::{SHEET, SUBMIT_EVALUATION, TRANSMIT};
use tests::ws;
use tests::{day, on_both_databases, ops, SessionSpec, TestApp};

async fn login(app: &TestApp, who: &str) -> String {
    app.login(&format!("{who}@demo.magistra.fr")).await
}

async fn court(app: &TestApp, name: &str) -> String {
    app.scalar_i64(&format!("SELECT id FROM courts WHERE name = '{name}'")).await.to_string()
}

/// The organiser of `role` in court `name`.
async fn organiser(app: &TestApp, role: &str, name: &str) -> String {
    let id = app
        .scalar_i64(&format!(
            "SELECT r.user_id FROM role_assignments r JOIN courts c ON c.id = r.court_id WHERE r.role = '{role}' AND c.name = '{name}' ORDER BY r.user_id LIMIT 1"
        ))
        .await;
    app.token_for(id)
}

const REVIEW: &str =
    "{ applicationsToReview(pendingOnly: false) { id withdrawal { reason details } viewerCan { readWithdrawal } } }";

fn reviewed(data: &Value, id: &str) -> Value {
    data["applicationsToReview"].as_array().unwrap().iter().find(|a| a["id"] == id).cloned().unwrap_or(Value::Null)
}

on_both_databases!(
    art_134_a_withdrawal_reason_reaches_the_head_of_court_only_once_notified_and_never_the_evaluator,
    |app: TestApp| async move {
        let (school, director, magistrate) =
            (login(&app, "ecole").await, login(&app, "directeur").await, login(&app, "magistrat").await);
        let (head, evaluator) = (login(&app, "chef-cour").await, login(&app, "chef-juridiction").await);
        let session = app.published_session(&school, SessionSpec::default()).await;
        let application = app.apply(&magistrate, &session, 1).await;
        app.decide(&director, &session, &application, "SELECTED").await;
        app.ok(
            &magistrate,
            ops::WITHDRAW,
            json!({ "a": application, "r": "HEALTH", "d": "Raison médicale confidentielle." }),
        )
        .await;
        let me = app.user_id("magistrat@demo.magistra.fr").await;
        let sheet_reason = |token: String| {
            let app = &app;
            async move {
                let data = app.ok(&token, SHEET, json!({ "m": me.to_string(), "y": 2027 })).await;
                data["trainingSheet"]["withdrawn"][0]["withdrawalDetails"].clone()
            }
        };
        for (who, token) in [("the evaluator", &evaluator), ("the head of court", &head)] {
            let seen = reviewed(&app.ok(token, REVIEW, json!({})).await, &application);
            assert_eq!(seen["withdrawal"], Value::Null, "{who} before any notice: {seen}");
            assert_eq!(seen["viewerCan"]["readWithdrawal"], false, "{who}");
            assert_eq!(sheet_reason(token.clone()).await, Value::Null, "{who}, on the sheet");
        }
        assert_eq!(sheet_reason(school.clone()).await, "Raison médicale confidentielle.");
        assert_eq!(sheet_reason(magistrate.clone()).await, "Raison médicale confidentielle.");
        let assess =
            "mutation($a: ID!) { assessWithdrawal(applicationId: $a, serious: false, notifyHeadOfCourt: true) { id } }";
        app.ok(&school, assess, json!({ "a": application })).await;
        let seen = reviewed(&app.ok(&head, REVIEW, json!({})).await, &application);
        assert_eq!(seen["withdrawal"]["details"], "Raison médicale confidentielle.", "once notified (art. 134)");
        assert_eq!(sheet_reason(head.clone()).await, "Raison médicale confidentielle.");
        let seen = reviewed(&app.ok(&evaluator, REVIEW, json!({})).await, &application);
        assert_eq!(seen["withdrawal"], Value::Null, "never the evaluator");
        assert_eq!(sheet_reason(evaluator.clone()).await, Value::Null);
    }
);

on_both_databases!(
    drafts_stay_hidden_through_nested_fields_and_a_shared_draft_is_seen_by_each_of_its_courts,
    |app: TestApp| async move {
        let school = login(&app, "ecole").await;
        let (lyon, paris) = (court(&app, "Lyon").await, court(&app, "Paris").await);
        let spec = SessionSpec {
            scope: "DECONCENTRATED",
            court_ids: vec![lyon.clone(), paris.clone()],
            ..SessionSpec::default()
        };
        let created = app.ok(&school, ops::CREATE_SESSION, json!({ "i": spec.input() })).await;
        let draft = created["createSession"]["id"].as_str().unwrap().to_owned();
        let one = "query($id: ID!) { session(id: $id) { id viewerCan { manage publish } } }";
        let listed = "{ sessions(filter: { status: DRAFT }, first: 100) { edges { node { id } } } }";
        for (who, token) in [
            ("Lyon's delegate", login(&app, "delegue").await),
            ("Paris's delegate", organiser(&app, "TRAINING_DELEGATE", "Paris").await),
        ] {
            let data = app.ok(&token, one, json!({ "id": draft })).await;
            assert_eq!(data["session"]["id"], draft.as_str(), "{who} sees the shared draft by its id");
            assert_eq!(
                data["session"]["viewerCan"],
                json!({ "manage": false, "publish": false }),
                "{who} alone may not manage it"
            );
            let list = app.ok(&token, listed, json!({})).await;
            assert!(
                list["sessions"]["edges"].as_array().unwrap().iter().any(|e| e["node"]["id"] == draft.as_str()),
                "{who}: listed too"
            );
        }
        for who in ["magistrat", "ministere", "finances"] {
            let data = app.ok(&login(&app, who).await, one, json!({ "id": draft })).await;
            assert_eq!(data["session"], Value::Null, "{who}");
        }
        // A plan's actions become draft sessions once its credits are reserved (art. 139); they stay
        // hidden inside the plan until the programme goes online.
        let delegate = login(&app, "delegue").await;
        let plan = app
            .ok(&delegate, "mutation($c: ID!) { createPlan(courtId: $c, year: 2027) { id } }", json!({ "c": lyon }))
            .await;
        let plan = plan["createPlan"]["id"].as_str().unwrap().to_owned();
        let action = json!({ "title": "Journée mineurs", "format": "STUDY_DAY", "plannedStart": "2027-03-16", "plannedEnd": "2027-03-16",
            "expectedParticipants": 25, "costLines": [{ "category": "SPEAKER_FEES", "amountCents": 120000 }] });
        app.ok(
            &delegate,
            "mutation($p: ID!, $i: PlanActionInput!) { addPlanAction(planId: $p, input: $i) { id } }",
            json!({ "p": plan, "i": action }),
        )
        .await;
        tests::plans::fund_lyon(&app, &lyon, 2027, 1_000_000).await;
        let nested = "query($c: ID!) { plan(courtId: $c, year: 2027) { actions { session { id status } } } courtBudget(courtId: $c, year: 2027) { byAction { session { id } } } }";
        let seen = app.ok(&delegate, nested, json!({ "c": lyon })).await;
        assert_eq!(seen["plan"]["actions"][0]["session"]["status"], "DRAFT", "its organiser sees it");
        let ministry = app.ok(&login(&app, "ministere").await, nested, json!({ "c": lyon })).await;
        assert_eq!(ministry["plan"]["actions"][0]["session"], Value::Null, "{ministry}");
        assert_eq!(ministry["courtBudget"]["byAction"][0]["session"], Value::Null, "{ministry}");
    }
);

on_both_databases!(
    the_ministry_reads_transmitted_sheets_not_the_directory_and_the_administrator_manages_people_not_budgets,
    |app: TestApp| async move {
        let (ministry, admin, director) =
            (login(&app, "ministere").await, login(&app, "admin").await, login(&app, "directeur").await);
        let lyon = court(&app, "Lyon").await;
        let people = "{ magistrates(first: 5) { totalCount } }";
        assert_eq!(app.error_code(Some(&ministry), people, json!({})).await, "FORBIDDEN");
        app.ok(&admin, people, json!({})).await;
        let needs = "query($c: ID!) { trainingNeeds(courtId: $c, year: 2027) { theme } }";
        assert_eq!(app.error_code(Some(&ministry), needs, json!({ "c": lyon })).await, "FORBIDDEN", "named needs");
        let me = app.user_id("magistrat@demo.magistra.fr").await.to_string();
        assert_eq!(
            app.error_code(Some(&ministry), SHEET, json!({ "m": me, "y": 2027 })).await,
            "NOT_FOUND",
            "not yet transmitted"
        );
        app.ok(&director, TRANSMIT, json!({ "y": 2027, "c": lyon })).await;
        app.ok(&ministry, SHEET, json!({ "m": me, "y": 2027 })).await;
        app.ok(&ministry, "query($c: ID!) { courtBudget(courtId: $c, year: 2027) { remainingCents } budgetDashboard(year: 2027) { year } }", json!({ "c": lyon })).await;
        for query in [
            "query($c: ID!) { courtBudget(courtId: $c, year: 2027) { remainingCents } }",
            "query($c: ID!) { plan(courtId: $c, year: 2027) { id } }",
            "query($c: ID!) { executionReport(courtId: $c, year: 2027) { participants } }",
        ] {
            assert_eq!(app.error_code(Some(&admin), query, json!({ "c": lyon })).await, "FORBIDDEN", "{query}");
        }
        assert_eq!(
            app.error_code(Some(&admin), "{ budgetDashboard(year: 2027) { year } }", json!({})).await,
            "FORBIDDEN"
        );
        assert_eq!(app.error_code(Some(&admin), ops::SWEEP, json!({ "at": null })).await, "FORBIDDEN");
    }
);

on_both_databases!(
    an_object_one_may_not_see_answers_not_found_and_one_seen_but_not_ones_own_forbidden,
    |app: TestApp| async move {
        let (school, magistrate, head) =
            (login(&app, "ecole").await, login(&app, "magistrat").await, login(&app, "chef-cour").await);
        let session = app.published_session(&school, SessionSpec::default()).await;
        let application = app.apply(&magistrate, &session, 1).await;
        let stranger = app.token_for(app.plain_magistrates(1).await[0]);
        let me = app.user_id("magistrat@demo.magistra.fr").await.to_string();
        let cases = [
            (ops::CONFIRM, json!({ "a": application })),
            (ops::WITHDRAW, json!({ "a": application, "r": "OTHER", "d": "x" })),
            ("mutation($a: ID!) { cancelApplication(applicationId: $a) { id } }", json!({ "a": application })),
            (
                "mutation($a: ID!) { giveObservation(applicationId: $a, opinion: FAVORABLE) { id } }",
                json!({ "a": application }),
            ),
            (SHEET, json!({ "m": me, "y": 2027 })),
        ];
        for (query, vars) in &cases {
            assert_eq!(app.error_code(Some(&stranger), query, vars.clone()).await, "NOT_FOUND", "{query}");
        }
        let missing = [(ops::CONFIRM, json!({ "a": "999999" })), (SHEET, json!({ "m": "999999", "y": 2027 }))];
        for (query, vars) in &missing {
            assert_eq!(
                app.error_code(Some(&stranger), query, vars.clone()).await,
                "NOT_FOUND",
                "the same answer for nothing"
            );
        }
        // The head of court sees the request (art. 130) but may not act in the magistrate's place.
        assert_eq!(app.error_code(Some(&head), ops::CONFIRM, json!({ "a": application })).await, "FORBIDDEN");
        assert_eq!(
            app.error_code(
                Some(&head),
                "mutation($a: ID!) { cancelApplication(applicationId: $a) { id } }",
                json!({ "a": application })
            )
            .await,
            "FORBIDDEN"
        );
    }
);

const SESSION_CAN: &str = "query($id: ID!) { session(id: $id) { viewerCan { apply decide manage publish viewApplicants recordAttendance close readEvaluations assessWithdrawals } } }";
const MINE: &str = "{ myApplications { id viewerCan { cancel confirm withdraw evaluate observe decide } } }";

on_both_databases!(viewer_can_says_what_the_server_then_allows, |app: TestApp| async move {
    let (school, director, magistrate) =
        (login(&app, "ecole").await, login(&app, "directeur").await, login(&app, "magistrat").await);
    let evaluator = login(&app, "chef-juridiction").await;
    let session = app.published_session(&school, SessionSpec::default()).await;
    let can = |token: String| {
        let app = &app;
        let session = session.clone();
        async move { app.ok(&token, SESSION_CAN, json!({ "id": session })).await["session"]["viewerCan"].clone() }
    };
    let m = can(magistrate.clone()).await;
    assert_eq!(
        (m["apply"].clone(), m["decide"].clone(), m["manage"].clone()),
        (json!(true), json!(false), json!(false)),
        "{m}"
    );
    let d = can(director.clone()).await;
    assert_eq!(
        (d["apply"].clone(), d["decide"].clone(), d["manage"].clone(), d["viewApplicants"].clone()),
        (json!(false), json!(true), json!(true), json!(true)),
        "{d}"
    );
    let s = can(school.clone()).await;
    assert_eq!(
        (s["decide"].clone(), s["recordAttendance"].clone(), s["publish"].clone()),
        (json!(false), json!(true), json!(false)),
        "{s}"
    );

    let application = app.apply(&magistrate, &session, 1).await;
    let mine = app.ok(&magistrate, MINE, json!({})).await["myApplications"][0]["viewerCan"].clone();
    assert_eq!(
        mine,
        json!({ "cancel": true, "confirm": false, "withdraw": false, "evaluate": false, "observe": false, "decide": false })
    );
    let seen = reviewed(
        &app.ok(
            &evaluator,
            "{ applicationsToReview(pendingOnly: true) { id viewerCan { observe cancel } } }",
            json!({}),
        )
        .await,
        &application,
    );
    assert_eq!(seen["viewerCan"], json!({ "observe": true, "cancel": false }));
    // Each promise is kept, and each refusal is the server's.
    assert_eq!(
        app.error_code(Some(&magistrate), ops::CONFIRM, json!({ "a": application })).await,
        "INVALID_TRANSITION"
    );
    app.decide(&director, &session, &application, "SELECTED").await;
    let mine = app.ok(&magistrate, MINE, json!({})).await["myApplications"][0]["viewerCan"].clone();
    assert_eq!(
        mine,
        json!({ "cancel": false, "confirm": true, "withdraw": true, "evaluate": false, "observe": false, "decide": false })
    );
    app.ok(&magistrate, ops::CONFIRM, json!({ "a": application })).await;

    let lyon = court(&app, "Lyon").await;
    let budget = "query($c: ID!) { courtBudget(courtId: $c, year: 2027) { viewerCan { recordExpense forceExpense allocateCredits } } }";
    let of = |who: &'static str| {
        let app = &app;
        let lyon = lyon.clone();
        async move { app.ok(&login(app, who).await, budget, json!({ "c": lyon })).await["courtBudget"]["viewerCan"].clone() }
    };
    assert_eq!(of("finances").await, json!({ "recordExpense": true, "forceExpense": false, "allocateCredits": false }));
    assert_eq!(of("directeur").await, json!({ "recordExpense": true, "forceExpense": true, "allocateCredits": true }));
    assert_eq!(
        of("ministere").await,
        json!({ "recordExpense": false, "forceExpense": false, "allocateCredits": false })
    );

    let delegate = login(&app, "delegue").await;
    let plan = app
        .ok(&delegate, "mutation($c: ID!) { createPlan(courtId: $c, year: 2027) { id } }", json!({ "c": lyon }))
        .await;
    let plan_id = plan["createPlan"]["id"].as_str().unwrap().to_owned();
    let plan_can = "query($c: ID!) { plan(courtId: $c, year: 2027) { viewerCan { edit recordCouncilOpinion adopt submit evaluate } } }";
    assert_eq!(
        app.ok(&delegate, plan_can, json!({ "c": lyon })).await["plan"]["viewerCan"],
        json!({ "edit": true, "recordCouncilOpinion": true, "adopt": false, "submit": false, "evaluate": false })
    );
    let head = login(&app, "chef-cour").await;
    assert_eq!(
        app.ok(&head, plan_can, json!({ "c": lyon })).await["plan"]["viewerCan"]["adopt"],
        false,
        "not before the council's opinion (art. 137)"
    );
    let action = json!({ "title": "Journée", "format": "STUDY_DAY", "plannedStart": "2027-03-16", "plannedEnd": "2027-03-16", "expectedParticipants": 20, "costLines": [] });
    app.ok(
        &delegate,
        "mutation($p: ID!, $i: PlanActionInput!) { addPlanAction(planId: $p, input: $i) { id } }",
        json!({ "p": plan_id, "i": action }),
    )
    .await;
    tests::plans::record_council(&app, &delegate, &lyon, 2027, "2027-01-10").await;
    assert_eq!(
        app.ok(&delegate, plan_can, json!({ "c": lyon })).await["plan"]["viewerCan"],
        json!({ "edit": false, "recordCouncilOpinion": false, "adopt": false, "submit": false, "evaluate": false })
    );
    assert_eq!(app.ok(&head, plan_can, json!({ "c": lyon })).await["plan"]["viewerCan"]["adopt"], true);
    app.ok(&head, "mutation($p: ID!) { adoptPlan(planId: $p) { status } }", json!({ "p": plan_id })).await;
    assert_eq!(app.ok(&head, plan_can, json!({ "c": lyon })).await["plan"]["viewerCan"]["adopt"], false, "once each");

    let menu = "{ me { viewerCan { enrol review decideValidations transmitSheets readNationalDashboard runSweep expenseCourts { name } budgetCourts { name } planCourts { name } } } }";
    let m = app.ok(&magistrate, menu, json!({})).await["me"]["viewerCan"].clone();
    assert_eq!(
        (m["enrol"].clone(), m["review"].clone(), m["readNationalDashboard"].clone()),
        (json!(true), json!(false), json!(false))
    );
    let d = app.ok(&director, menu, json!({})).await["me"]["viewerCan"].clone();
    assert_eq!(
        (
            d["decideValidations"].clone(),
            d["transmitSheets"].clone(),
            d["readNationalDashboard"].clone(),
            d["runSweep"].clone()
        ),
        (json!(true), json!(true), json!(true), json!(true))
    );
    let f = app.ok(&login(&app, "finances").await, menu, json!({})).await["me"]["viewerCan"].clone();
    assert_eq!(f["expenseCourts"], json!([{ "name": "Lyon" }]));
    assert_eq!(f["budgetCourts"], json!([{ "name": "Lyon" }]));
    let c = app.ok(&login(&app, "coordinateur").await, menu, json!({})).await["me"]["viewerCan"].clone();
    assert_eq!(c["planCourts"].as_array().unwrap().len(), 4, "{c}");
    let a = app.ok(&login(&app, "admin").await, menu, json!({})).await["me"]["viewerCan"].clone();
    assert_eq!((a["readNationalDashboard"].clone(), a["runSweep"].clone()), (json!(false), json!(false)), "{a}");
});

on_both_databases!(art_135_a_sessions_comments_are_shown_from_the_third_answer, |app: TestApp| async move {
    let (school, director) = (login(&app, "ecole").await, login(&app, "directeur").await);
    let session = app.published_session(&school, SessionSpec::default()).await;
    let people: Vec<String> = app.plain_magistrates(3).await.into_iter().map(|id| app.token_for(id)).collect();
    let mut apps = Vec::new();
    for token in &people {
        let application = app.apply(token, &session, 1).await;
        app.decide(&director, &session, &application, "SELECTED").await;
        app.ok(token, ops::CONFIRM, json!({ "a": application })).await;
        apps.push(application);
    }
    app.set_today(day(2027, 6, 17));
    for a in &apps {
        app.record_days(&school, &session, a, day(2027, 6, 14), 3, true).await;
    }
    let report = "query($s: ID!) { sessionEvaluations(sessionId: $s) { responses comments } }";
    for (n, (token, a)) in people.iter().zip(&apps).enumerate() {
        let form =
            json!({ "content": 4, "speakers": 4, "organisation": 4, "usefulness": 4, "comments": format!("Avis {n}") });
        app.ok(token, SUBMIT_EVALUATION, json!({ "a": a, "i": form })).await;
        let data = app.ok(&school, report, json!({ "s": session })).await;
        let shown = data["sessionEvaluations"]["comments"].as_array().unwrap().len();
        assert_eq!(shown, if n + 1 >= 3 { 3 } else { 0 }, "after {} answers", n + 1);
    }
});

on_both_databases!(long_lists_come_a_window_at_a_time, |app: TestApp| async move {
    let (school, director, magistrate) =
        (login(&app, "ecole").await, login(&app, "directeur").await, login(&app, "magistrat").await);
    for n in 0..3 {
        let session = app
            .published_session(&school, SessionSpec { title: format!("Action {n}"), ..SessionSpec::default() })
            .await;
        let application = app.apply(&magistrate, &session, n + 1).await;
        app.decide(&director, &session, &application, "REFUSED").await;
    }
    let all =
        app.ok(&magistrate, "{ notifications { id } }", json!({})).await["notifications"].as_array().unwrap().clone();
    assert!(all.len() >= 3, "the demo magistrate has notifications: {}", all.len());
    let window = app.ok(&magistrate, "{ notifications(first: 2, offset: 1) { id } }", json!({})).await;
    assert_eq!(window["notifications"], json!([all[1], all[2]]));
    for query in [
        "{ notifications(first: 201) { id } }",
        "{ validationRequests(first: 0) { id } }",
        "{ notifications(offset: -1) { id } }",
    ] {
        assert_eq!(app.error_code(Some(&magistrate), query, json!({})).await, "VALIDATION", "{query}");
    }
    let head = login(&app, "chef-cour").await;
    app.ok(&head, "{ applicationsToReview(pendingOnly: true, first: 5, offset: 0) { id } }", json!({})).await;
});

on_both_databases!(
    art_139_the_figures_of_one_change_are_computed_once_for_all_the_dashboards_watching,
    |app: TestApp| async move {
        let lyon = court(&app, "Lyon").await;
        tests::plans::lyon_credits(&app, &lyon, 2027, 100_000).await;
        let mut sockets = Vec::new();
        for who in ["directeur", "ecole", "finances", "delegue", "chef-cour", "ministere"] {
            let mut socket = ws::connect(&app.base, &login(&app, who).await).await;
            ws::subscribe(
                &mut socket,
                "1",
                "subscription($c: ID!) { budgetChanged(courtId: $c) { consumedCents } }",
                json!({ "c": lyon }),
            )
            .await;
            sockets.push(socket);
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        let before = app.state.figures_computed.load(Ordering::SeqCst);
        let input = json!({ "courtId": lyon, "category": "CATERING", "amountCents": 2_500, "kind": "COMMITTED", "date": "2027-02-01", "label": "Pause" });
        app.ok(
            &login(&app, "finances").await,
            "mutation($i: ExpenseInput!) { recordExpense(input: $i) { id } }",
            json!({ "i": input }),
        )
        .await;
        for socket in &mut sockets {
            let pushed = ws::next_json(socket).await;
            assert_eq!(pushed["payload"]["data"]["budgetChanged"]["consumedCents"], 2_500, "{pushed}");
        }
        assert_eq!(app.state.figures_computed.load(Ordering::SeqCst) - before, 1, "one computation for six dashboards");
    }
);

const EXPENSE: &str = "mutation($i: ExpenseInput!) { recordExpense(input: $i) { id amountCents } }";

async fn entry(app: &TestApp, token: &str, input: Value) -> Result<String, String> {
    let answer = app.gql(Some(token), EXPENSE, json!({ "i": input })).await;
    match answer["data"]["recordExpense"]["id"].as_str() {
        Some(id) => Ok(id.to_owned()),
        None => Err(answer["errors"][0]["extensions"]["code"].as_str().unwrap_or_default().to_owned()),
    }
}

on_both_databases!(
    art_139_a_reversal_takes_the_entry_it_cancels_and_a_settled_commitment_waits_for_its_payments,
    |app: TestApp| async move {
        let lyon = court(&app, "Lyon").await;
        let finance = login(&app, "finances").await;
        tests::plans::lyon_credits(&app, &lyon, 2027, 100_000).await;
        let base = |kind: &str, cents: i64| json!({ "courtId": lyon, "category": "CATERING", "amountCents": cents, "kind": kind, "date": "2027-02-01", "label": "Traiteur" });
        let commitment = entry(&app, &finance, base("COMMITTED", 10_000)).await.unwrap();
        let mut pay = base("PAID", 4_000);
        pay["settlesExpenseId"] = json!(commitment);
        let payment = entry(&app, &finance, pay).await.unwrap();
        let mut undo_commitment = base("COMMITTED", 10_000);
        undo_commitment["reversesExpenseId"] = json!(commitment);
        assert_eq!(
            entry(&app, &finance, undo_commitment.clone()).await,
            Err("INVALID_TRANSITION".into()),
            "payments first"
        );
        let mut undo_payment = base("PAID", 4_000);
        undo_payment["reversesExpenseId"] = json!(payment);
        undo_payment["category"] = json!("TRAVEL");
        undo_payment["date"] = json!("2028-01-15");
        let reversal = entry(&app, &finance, undo_payment.clone()).await.unwrap();
        let stored = |column: &str| format!("SELECT {column} FROM expenses WHERE id = {reversal}");
        assert_eq!(app.scalar_i64(&stored("year")).await, 2027, "the year of the entry it reverses");
        assert_eq!(app.scalar_text(&stored("category")).await, "CATERING", "its category");
        assert_eq!(app.scalar_i64(&stored("settles_expense_id")).await.to_string(), commitment, "its commitment");
        assert_eq!(entry(&app, &finance, undo_payment).await, Err("CONFLICT".into()), "once only");
        entry(&app, &finance, undo_commitment).await.unwrap();
        let figures = app
            .ok(
                &finance,
                "query($c: ID!) { courtBudget(courtId: $c, year: 2027) { consumedCents paidCents remainingCents } }",
                json!({ "c": lyon }),
            )
            .await;
        assert_eq!(figures["courtBudget"], json!({ "consumedCents": 0, "paidCents": 0, "remainingCents": 100_000 }));
    }
);

on_both_databases!(exports_neither_run_formulas_nor_let_text_open_a_calendar_event, |app: TestApp| async move {
    let (school, director, magistrate) =
        (login(&app, "ecole").await, login(&app, "directeur").await, login(&app, "magistrat").await);
    let spec = SessionSpec {
        title: "=HYPERLINK(\"http://x\";\"y\"), droit; pénal \\ mineurs".into(),
        ..SessionSpec::default()
    };
    let mut input = spec.input();
    input["location"] = json!("ENM Paris\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Faux");
    let created = app.ok(&school, ops::CREATE_SESSION, json!({ "i": input })).await;
    let session = created["createSession"]["id"].as_str().unwrap().to_owned();
    app.validate_programme(&session, spec.start).await;
    app.ok(&school, ops::PUBLISH, json!({ "id": session })).await;
    let application = app.apply(&magistrate, &session, 1).await;
    app.decide(&director, &session, &application, "SELECTED").await;
    app.ok(&magistrate, ops::CONFIRM, json!({ "a": application })).await;
    let me = app.user_id("magistrat@demo.magistra.fr").await;
    let (status, _, body) = app.export(Some(&magistrate), &format!("/export/sessions.ics?magistrate={me}")).await;
    assert_eq!(status, 200);
    let text = String::from_utf8(body).unwrap();
    let unfolded = text.replace("\r\n ", "");
    assert_eq!(unfolded.matches("\r\nBEGIN:VEVENT\r\n").count(), 1, "one event, not two: {text}");
    assert_eq!(unfolded.matches("\r\nSUMMARY:").count(), 1, "{text}");
    assert!(unfolded.contains("droit\\; pénal \\\\ mineurs"), "{text}");
    assert!(unfolded.contains("LOCATION:ENM Paris\\nEND:VEVENT\\nBEGIN:VEVENT\\nSUMMARY:Faux"), "{text}");

    // The final list of a deconcentrated action: a cell that would be a formula is neutralised.
    let delegate = login(&app, "delegue").await;
    let lyon = court(&app, "Lyon").await;
    let plan = app
        .ok(&delegate, "mutation($c: ID!) { createPlan(courtId: $c, year: 2027) { id } }", json!({ "c": lyon }))
        .await;
    let action = json!({ "title": "=cmd|' /C calc'!A0", "format": "STUDY_DAY", "plannedStart": "2027-03-16", "plannedEnd": "2027-03-16", "expectedParticipants": 20, "costLines": [{ "category": "OTHER", "amountCents": 100 }] });
    app.ok(
        &delegate,
        "mutation($p: ID!, $i: PlanActionInput!) { addPlanAction(planId: $p, input: $i) { id } }",
        json!({ "p": plan["createPlan"]["id"], "i": action }),
    )
    .await;
    let (status, _, body) =
        app.export(Some(&delegate), &format!("/export/execution-report.csv?court={lyon}&year=2027")).await;
    assert_eq!(status, 200);
    let csv = String::from_utf8(body).unwrap();
    assert!(csv.contains("\r\n'=cmd|' /C calc'!A0;"), "{csv}");
    assert!(!csv.contains("\r\n=cmd"), "{csv}");
});
