//! The deconcentrated cycle and the shared budget dashboard (art. 137–143), on both databases.

use futures::future::join_all;
use serde_json::{json, Value};
use tests::plans::{self, ALLOCATE, COUNCIL, EVALUATE, ONLINE, SUBMIT};
use tests::{day, on_both_databases, ops, TestApp};

const CREATE_PLAN: &str = "mutation($c: ID!, $y: Int!) { createPlan(courtId: $c, year: $y) { id status } }";
const ADD_ACTION: &str = "mutation($p: ID!, $i: PlanActionInput!) { addPlanAction(planId: $p, input: $i) { plannedCents actions { id title plannedCents } } }";
const PRIORITIES: &str =
    "mutation($p: ID!, $a: [ID!]!) { setPlanPriorities(planId: $p, actionIds: $a) { actions { title priority } } }";
const ADOPT: &str = "mutation($p: ID!) { adoptPlan(planId: $p) { status adoptedBy { displayName } actions { session { id status scope } } } }";
/// The plan's actions and the sessions they became, as the court's organisers see them.
const PLAN_SESSIONS: &str =
    "query($c: ID!, $y: Int!) { plan(courtId: $c, year: $y) { status actions { session { id status scope } } } }";
/// Where the plan stands and what its next step lacks.
const NEXT_STEP: &str =
    "query($c: ID!, $y: Int!) { plan(courtId: $c, year: $y) { status nextStep { label missing } } }";
const EXPENSE: &str = "mutation($i: ExpenseInput!) { recordExpense(input: $i) { id amountCents forced } }";
const COURT_BUDGET: &str = "query($c: ID!, $y: Int!) { courtBudget(courtId: $c, year: $y) { allocatedCents committedCents paidCents consumedCents remainingCents forecastCents \
    byCategory { category plannedCents spent { committedCents paidCents consumedCents } } monthly { month spent { committedCents paidCents consumedCents } cumulativeConsumedCents } \
    byAction { title plannedCents spent { committedCents paidCents consumedCents } } allocations { amountCents } } }";
const DASHBOARD: &str = "query($y: Int!) { budgetDashboard(year: $y) { courts { court { name } allocatedCents committedCents paidCents consumedCents remainingCents forecastCents } \
    totals { allocatedCents committedCents paidCents consumedCents remainingCents forecastCents } } }";

/// What a test needs about the Lyon court.
struct Court {
    id: String,
    delegate: String,
    finance: String,
    director: String,
    school: String,
}

async fn lyon(app: &TestApp) -> Court {
    Court {
        id: app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string(),
        delegate: app.login("delegue@demo.magistra.fr").await,
        finance: app.login("finances@demo.magistra.fr").await,
        director: app.login("directeur@demo.magistra.fr").await,
        school: app.login("ecole@demo.magistra.fr").await,
    }
}

fn action(title: &str, start: &str, end: &str, lines: Value) -> Value {
    json!({ "title": title, "format": "STUDY_DAY", "plannedStart": start, "plannedEnd": end, "expectedParticipants": 25, "costLines": lines })
}

fn expense(court: &str, session: Option<&str>, cents: i64, kind: &str, date: &str) -> Value {
    json!({ "courtId": court, "sessionId": session, "category": "SPEAKER_FEES", "amountCents": cents, "kind": kind, "date": date, "label": "Intervenant" })
}

/// A Lyon plan for 2027 with two actions taken through the whole cycle in the regulation's order
/// (art. 137, 139), each step refused before its turn: the council's opinion and priorities, both
/// heads' adoption, the School's evaluation (March retained at its forecast, May cut to 1,000 €),
/// `credits` reserved after the board's opinion, and the programme put online. Returns the plan
/// and the published session of the March action.
async fn funded_plan(app: &TestApp, court: &Court, credits: i64) -> (String, String) {
    let plan = app.ok(&court.delegate, CREATE_PLAN, json!({ "c": court.id, "y": 2027 })).await["createPlan"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let first = action(
        "Les mineurs non accompagnés",
        "2027-03-16",
        "2027-03-16",
        json!([
            { "category": "SPEAKER_FEES", "amountCents": 120_000 }, { "category": "CATERING", "amountCents": 45_000 }
        ]),
    );
    app.ok(&court.delegate, ADD_ACTION, json!({ "p": plan, "i": first })).await;
    let second = action(
        "Violences intrafamiliales : le traitement en urgence",
        "2027-05-11",
        "2027-05-12",
        json!([
            { "category": "TRAVEL", "amountCents": 80_000 }, { "category": "ROOM_HIRE", "amountCents": 30_000 }
        ]),
    );
    let added = app.ok(&court.delegate, ADD_ACTION, json!({ "p": plan, "i": second })).await;
    let ids: Vec<Value> =
        added["addPlanAction"]["actions"].as_array().unwrap().iter().map(|a| a["id"].clone()).collect();
    // The delegate's own order first; the council's opinion proposes its own.
    app.ok(&court.delegate, PRIORITIES, json!({ "p": plan, "a": [ids[0], ids[1]] })).await;
    let head = app.login("chef-cour@demo.magistra.fr").await;
    let other_head = app.login("chef-cour-parquet@demo.magistra.fr").await;
    let next = app.ok(&court.delegate, NEXT_STEP, json!({ "c": court.id, "y": 2027 })).await;
    assert_eq!(next["plan"]["nextStep"]["label"], "Avis du conseil de la formation continue déconcentrée (art. 137)");
    let refused = app.gql(Some(&head), ADOPT, json!({ "p": plan })).await;
    assert_eq!(refused["errors"][0]["extensions"]["code"], "INVALID_TRANSITION", "no adoption before the council");
    assert!(refused["errors"][0]["message"].as_str().unwrap().contains("avis du conseil"), "{refused}");

    // The council meets, gives its opinion and puts May first.
    let council = json!({ "meetingDate": "2027-01-08", "opinion": "Avis favorable ; priorité aux violences intrafamiliales.", "actionIds": [ids[1], ids[0]] });
    let tomorrow = json!({ "meetingDate": "2027-01-11", "opinion": "Avis", "actionIds": [ids[1], ids[0]] });
    assert_eq!(
        app.error_code(Some(&court.delegate), COUNCIL, json!({ "p": plan, "i": tomorrow })).await,
        "VALIDATION",
        "an opinion not yet given"
    );
    let advised = app.ok(&court.delegate, COUNCIL, json!({ "p": plan, "i": council.clone() })).await;
    assert_eq!(advised["recordCouncilOpinion"]["status"], "ADVISED");
    assert_eq!(advised["recordCouncilOpinion"]["councilOpinion"]["meetingDate"], "2027-01-08");
    assert_eq!(
        app.error_code(Some(&court.delegate), COUNCIL, json!({ "p": plan, "i": council })).await,
        "INVALID_TRANSITION",
        "the council's opinion once"
    );
    let late = action("Ajout tardif", "2027-06-01", "2027-06-01", json!([]));
    assert_eq!(
        app.error_code(Some(&court.delegate), ADD_ACTION, json!({ "p": plan, "i": late })).await,
        "INVALID_TRANSITION",
        "the plan the council saw is the plan adopted"
    );
    assert_eq!(app.error_code(Some(&court.delegate), SUBMIT, json!({ "p": plan })).await, "INVALID_TRANSITION");

    assert_eq!(app.ok(&head, ADOPT, json!({ "p": plan })).await["adoptPlan"]["status"], "ADVISED", "one head of two");
    assert_eq!(app.error_code(Some(&head), ADOPT, json!({ "p": plan })).await, "CONFLICT", "adopted once per head");
    let next = app.ok(&court.delegate, NEXT_STEP, json!({ "c": court.id, "y": 2027 })).await;
    let pending = next["plan"]["nextStep"]["missing"].as_array().unwrap();
    assert_eq!(pending.len(), 1, "the other head's adoption is missing: {next}");
    let adopted = app.ok(&other_head, ADOPT, json!({ "p": plan })).await;
    assert_eq!(adopted["adoptPlan"]["status"], "ADOPTED");
    let seen = app.ok(&court.delegate, PLAN_SESSIONS, json!({ "c": court.id, "y": 2027 })).await;
    assert!(
        seen["plan"]["actions"].as_array().unwrap().iter().all(|a| a["session"].is_null()),
        "no session before the School's evaluation and the credits: {seen}"
    );
    let director = &court.director;
    let board = json!({ "c": court.id, "y": 2027, "a": credits, "d": "2027-01-10" });
    let too_soon = app.gql(Some(director), ALLOCATE, board.clone()).await;
    assert_eq!(too_soon["errors"][0]["extensions"]["code"], "INVALID_TRANSITION", "{too_soon}");
    assert!(too_soon["errors"][0]["message"].as_str().unwrap().contains("évaluation pédagogique et financière"));
    let found = plans::plan(app, &court.delegate, &court.id, 2027).await;
    assert_eq!(
        app.error_code(Some(&court.school), EVALUATE, json!({ "p": plan, "a": [] })).await,
        "INVALID_TRANSITION",
        "the School evaluates what the court sent"
    );
    app.ok(&court.delegate, SUBMIT, json!({ "p": plan })).await;

    // The School retains March at its forecast and cuts May to 1,000 €.
    let verdicts = |may: Value| json!({ "p": plan, "a": [{ "actionId": ids[0], "retained": true, "retainedCents": 165_000 }, may] });
    let no_reason = verdicts(json!({ "actionId": ids[1], "retained": false }));
    assert_eq!(app.error_code(Some(&court.school), EVALUATE, no_reason).await, "VALIDATION", "a refusal has a reason");
    let beyond = verdicts(json!({ "actionId": ids[1], "retained": true, "retainedCents": 110_001 }));
    assert_eq!(app.error_code(Some(&court.school), EVALUATE, beyond).await, "VALIDATION", "no more than the forecast");
    let evaluated = app
        .ok(
            &court.school,
            EVALUATE,
            verdicts(json!({ "actionId": ids[1], "retained": true, "retainedCents": 100_000 })),
        )
        .await;
    assert_eq!(evaluated["evaluatePlan"]["status"], "EVALUATED");
    assert_eq!(evaluated["evaluatePlan"]["retainedCents"], 265_000);
    assert_eq!(found["actions"].as_array().unwrap().len(), 2);

    // The board's opinion follows the evaluation: not before it, not after today.
    let before_evaluation = json!({ "c": court.id, "y": 2027, "a": credits, "d": "2027-01-09" });
    assert_eq!(app.error_code(Some(director), ALLOCATE, before_evaluation).await, "VALIDATION");
    let allocated = app.ok(director, ALLOCATE, board).await;
    assert_eq!(allocated["allocateCredits"]["boardReference"], "CA 2027-04");
    let seen = app.ok(&court.delegate, PLAN_SESSIONS, json!({ "c": court.id, "y": 2027 })).await;
    assert_eq!(seen["plan"]["status"], "FUNDED");
    let sessions: Vec<String> = seen["plan"]["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            assert_eq!(a["session"]["status"], "DRAFT", "a session once the credits are reserved, online later");
            a["session"]["id"].as_str().unwrap().to_owned()
        })
        .collect();
    // The first action by priority is the May one; the March one comes second.
    let march = sessions[1].clone();
    let early = app.gql(Some(&court.delegate), ops::PUBLISH, json!({ "id": march })).await;
    assert_eq!(early["errors"][0]["extensions"]["code"], "INVALID_TRANSITION", "{early}");
    assert!(early["errors"][0]["message"].as_str().unwrap().contains("en même temps que le programme national"));
    assert_eq!(
        app.error_code(Some(&court.delegate), ONLINE, json!({ "y": 2027 })).await,
        "FORBIDDEN",
        "the School puts the programme online"
    );
    let online = app.ok(&court.school, ONLINE, json!({ "y": 2027 })).await;
    assert_eq!(online["putProgrammeOnline"], json!({ "year": 2027, "onlineOn": "2027-01-10", "sessionsPublished": 2 }));
    assert_eq!(app.error_code(Some(&court.school), ONLINE, json!({ "y": 2027 })).await, "CONFLICT", "once a year");
    (plan, march)
}

on_both_databases!(
    art_137_a_plan_goes_from_needs_to_adoption_credits_sessions_and_expenses,
    |app: TestApp| async move {
        let court = lyon(&app).await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let need = "mutation($i: TrainingNeedInput!) { submitTrainingNeed(input: $i) { id year } }";
        let submitted = app.ok(&magistrate, need, json!({ "i": { "theme": "Mineurs non accompagnés", "description": "Pratiques des juges des enfants" } })).await;
        assert_eq!(submitted["submitTrainingNeed"]["year"], 2028, "next year's plan by default");
        app.ok(&magistrate, need, json!({ "i": { "theme": "Audiences en visioconférence", "year": 2027 } })).await;
        let needs = app
            .ok(
                &court.delegate,
                "query($c: ID!) { trainingNeeds(courtId: $c, year: 2027) { theme author { displayName } } }",
                json!({ "c": court.id }),
            )
            .await;
        assert_eq!(
            needs["trainingNeeds"],
            json!([{ "theme": "Audiences en visioconférence", "author": { "displayName": "Camille Durand" } }])
        );

        let (_plan, march) = funded_plan(&app, &court, 1_000_000).await;
        let plan = app.ok(&court.finance, "query($c: ID!) { plan(courtId: $c, year: 2027) { status plannedCents retainedCents onlineOn nextStep { label missing } actions { title priority session { status scope } } } }", json!({ "c": court.id })).await;
        assert_eq!(plan["plan"]["status"], "ONLINE");
        assert_eq!(plan["plan"]["plannedCents"], 275_000);
        assert_eq!(plan["plan"]["retainedCents"], 265_000);
        assert_eq!(plan["plan"]["onlineOn"], "2027-01-10");
        assert_eq!(plan["plan"]["nextStep"], json!({ "label": null, "missing": [] }));
        assert_eq!(plan["plan"]["actions"][0]["priority"], 1);
        for action in plan["plan"]["actions"].as_array().unwrap() {
            assert_eq!(action["session"], json!({ "status": "PUBLISHED", "scope": "DECONCENTRATED" }));
        }
        for (action, count) in [
            ("plan.council_opinion", 1),
            ("plan.evaluate_action", 2),
            ("plan.funded", 1),
            ("plan.online", 1),
            ("programme.online", 1),
        ] {
            assert_eq!(
                app.scalar_i64(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{action}'")).await,
                count,
                "{action}"
            );
        }
        // The session is in the programme and open to the court's magistrates.
        app.apply(&magistrate, &march, 1).await;

        let commitment = app
            .ok(
                &court.finance,
                EXPENSE,
                json!({ "i": expense(&court.id, Some(&march), 150_000, "COMMITTED", "2027-02-01") }),
            )
            .await;
        let mut payment = expense(&court.id, Some(&march), 120_000, "PAID", "2027-03-20");
        payment["settlesExpenseId"] = commitment["recordExpense"]["id"].clone();
        app.ok(&court.finance, EXPENSE, json!({ "i": payment })).await;
        let mut direct = expense(&court.id, None, 9_990, "PAID", "2027-03-21");
        direct["category"] = json!("MATERIALS");
        app.ok(&court.delegate, EXPENSE, json!({ "i": direct })).await;

        let budget =
            app.ok(&court.finance, COURT_BUDGET, json!({ "c": court.id, "y": 2027 })).await["courtBudget"].clone();
        assert_eq!(budget["allocatedCents"], 1_000_000);
        assert_eq!(budget["committedCents"], 150_000);
        assert_eq!(budget["paidCents"], 129_990);
        assert_eq!(budget["consumedCents"], 159_990, "a settling payment does not consume twice");
        assert_eq!(budget["remainingCents"], 840_010);
        assert_eq!(
            budget["forecastCents"],
            15_000 + 100_000,
            "retained 165,000 on March minus 150,000 committed, plus the 100,000 retained on May"
        );
        assert_eq!(budget["monthly"][1]["spent"]["committedCents"], 150_000);
        assert_eq!(budget["monthly"][2]["spent"]["paidCents"], 129_990);
        assert_eq!(budget["monthly"][11]["cumulativeConsumedCents"], 159_990);
        let materials =
            budget["byCategory"].as_array().unwrap().iter().find(|c| c["category"] == "MATERIALS").unwrap().clone();
        assert_eq!(materials["spent"]["consumedCents"], 9_990);
        // The national dashboard shows the same figures for Lyon.
        let national = app.ok(&court.director, DASHBOARD, json!({ "y": 2027 })).await["budgetDashboard"].clone();
        assert_eq!(national["courts"].as_array().unwrap().len(), 36);
        let line =
            national["courts"].as_array().unwrap().iter().find(|c| c["court"]["name"] == "Lyon").unwrap().clone();
        for field in
            ["allocatedCents", "committedCents", "paidCents", "consumedCents", "remainingCents", "forecastCents"]
        {
            assert_eq!(line[field], budget[field], "{field}");
        }
        assert_eq!(national["totals"]["consumedCents"], 159_990);
        // Each court sees only itself; a coordinator its courts.
        let own = app.ok(&court.delegate, DASHBOARD, json!({ "y": 2027 })).await;
        assert_eq!(own["budgetDashboard"]["courts"].as_array().unwrap().len(), 1);
        let coordinator = app.login("coordinateur@demo.magistra.fr").await;
        let region = app.ok(&coordinator, DASHBOARD, json!({ "y": 2027 })).await;
        assert_eq!(region["budgetDashboard"]["courts"].as_array().unwrap().len(), 4);
        assert_eq!(app.error_code(Some(&magistrate), DASHBOARD, json!({ "y": 2027 })).await, "FORBIDDEN");
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action LIKE 'expense.%'").await, 3);
    }
);

on_both_databases!(
    art_139_bad_amounts_foreign_sessions_late_changes_and_overspending_are_refused,
    |app: TestApp| async move {
        let court = lyon(&app).await;
        let (plan, march) = funded_plan(&app, &court, 200_000).await;
        for cents in [0, -5_000] {
            let code = app
                .error_code(
                    Some(&court.finance),
                    EXPENSE,
                    json!({ "i": expense(&court.id, None, cents, "COMMITTED", "2027-02-01") }),
                )
                .await;
            assert_eq!(code, "VALIDATION", "{cents}");
        }
        let paris = app.scalar_i64("SELECT id FROM courts WHERE name = 'Paris'").await.to_string();
        assert_eq!(
            app.error_code(
                Some(&court.finance),
                EXPENSE,
                json!({ "i": expense(&paris, None, 1_000, "COMMITTED", "2027-02-01") })
            )
            .await,
            "FORBIDDEN"
        );
        let grenoble = app.scalar_i64("SELECT id FROM courts WHERE name = 'Grenoble'").await.to_string();
        let coordinator = app.login("coordinateur@demo.magistra.fr").await;
        let foreign = expense(&grenoble, Some(&march), 1_000, "COMMITTED", "2027-02-01");
        assert_eq!(
            app.error_code(Some(&coordinator), EXPENSE, json!({ "i": foreign })).await,
            "VALIDATION",
            "another court's session"
        );
        let late =
            action("Ajout tardif", "2027-06-01", "2027-06-01", json!([{ "category": "OTHER", "amountCents": 1_000 }]));
        assert_eq!(
            app.error_code(Some(&court.delegate), ADD_ACTION, json!({ "p": plan, "i": late })).await,
            "INVALID_TRANSITION"
        );
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        assert_eq!(app.error_code(Some(&magistrate), ADOPT, json!({ "p": plan })).await, "FORBIDDEN");
        // Beyond the credits: refused, unless the School forces it with a reason.
        app.ok(
            &court.finance,
            EXPENSE,
            json!({ "i": expense(&court.id, Some(&march), 150_000, "COMMITTED", "2027-02-01") }),
        )
        .await;
        let over = expense(&court.id, Some(&march), 60_000, "COMMITTED", "2027-02-02");
        assert_eq!(
            app.error_code(Some(&court.finance), EXPENSE, json!({ "i": over.clone() })).await,
            "BUDGET_EXCEEDED"
        );
        let mut forced = over.clone();
        forced["forceReason"] = json!("Intervenant étranger, frais de voyage imprévus");
        assert_eq!(app.error_code(Some(&court.finance), EXPENSE, json!({ "i": forced.clone() })).await, "FORBIDDEN");
        let done = app.ok(&court.school, EXPENSE, json!({ "i": forced })).await;
        assert_eq!(done["recordExpense"]["forced"], true);
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'expense.record_forced'").await, 1);
        // Credits below what is consumed are refused; a reversal gives credits back.
        assert_eq!(
            app.error_code(
                Some(&court.director),
                ALLOCATE,
                json!({ "c": court.id, "y": 2027, "a": 100_000, "d": "2027-01-10" })
            )
            .await,
            "VALIDATION"
        );
        let budget = app.ok(&court.finance, COURT_BUDGET, json!({ "c": court.id, "y": 2027 })).await;
        assert_eq!(budget["courtBudget"]["remainingCents"], -10_000);
        let first_id = app.scalar_i64("SELECT MIN(id) FROM expenses").await.to_string();
        let mut reversal = expense(&court.id, Some(&march), 150_000, "COMMITTED", "2027-02-03");
        reversal["reversesExpenseId"] = json!(first_id);
        let reversed = app.ok(&court.finance, EXPENSE, json!({ "i": reversal.clone() })).await;
        assert_eq!(reversed["recordExpense"]["amountCents"], -150_000);
        assert_eq!(
            app.error_code(Some(&court.finance), EXPENSE, json!({ "i": reversal })).await,
            "CONFLICT",
            "reversed once only"
        );
        let budget = app.ok(&court.finance, COURT_BUDGET, json!({ "c": court.id, "y": 2027 })).await;
        assert_eq!(budget["courtBudget"]["consumedCents"], 60_000);
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM expenses").await, 3, "nothing deleted");
        app.ok(&court.director, ALLOCATE, json!({ "c": court.id, "y": 2027, "a": 100_000, "d": "2027-01-10" })).await;
        let history = app.ok(&court.finance, COURT_BUDGET, json!({ "c": court.id, "y": 2027 })).await;
        assert_eq!(
            history["courtBudget"]["allocations"],
            json!([{ "amountCents": 200_000 }, { "amountCents": 100_000 }])
        );
    }
);

on_both_databases!(art_139_one_hundred_concurrent_commitments_never_exceed_the_credits, |app: TestApp| async move {
    let court = lyon(&app).await;
    plans::lyon_credits(&app, &court.id, 2027, 500_000).await;
    let answers = join_all((0..100).map(|k| {
        let vars = json!({ "i": expense(&court.id, None, 10_000 + k, "COMMITTED", "2027-02-01") });
        let (app, token) = (&app, &court.finance);
        async move { app.gql(Some(token), EXPENSE, vars).await }
    }))
    .await;
    let accepted: i64 = answers
        .iter()
        .filter(|a| a.get("errors").is_none())
        .map(|a| a["data"]["recordExpense"]["amountCents"].as_i64().unwrap())
        .sum();
    let refused = answers.iter().filter(|a| a["errors"][0]["extensions"]["code"] == "BUDGET_EXCEEDED").count();
    assert_eq!(
        answers.iter().filter(|a| a.get("errors").is_none()).count() + refused,
        100,
        "every answer is a success or BUDGET_EXCEEDED"
    );
    assert!(accepted <= 500_000, "{accepted} committed");
    assert!(accepted > 500_000 - 10_100, "the credits are used up to the last commitment that fits: {accepted}");
    let stored = app.scalar_i64("SELECT CAST(SUM(amount_cents) AS BIGINT) FROM expenses").await;
    assert_eq!(stored, accepted);
    assert_eq!(app.scalar_i64("SELECT consumed_cents FROM court_budgets").await, accepted);
});

on_both_databases!(
    art_141_a_closed_session_sends_its_list_and_the_execution_report_adds_up,
    |app: TestApp| async move {
        let court = lyon(&app).await;
        let (_, march) = funded_plan(&app, &court, 500_000).await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let application = app.apply(&magistrate, &march, 1).await;
        let decided = app
            .ok(
                &court.delegate,
                ops::DECIDE,
                json!({ "s": march, "d": [{ "applicationId": application, "decision": "SELECTED" }] }),
            )
            .await;
        assert_eq!(decided["decideApplications"][0]["status"], "SELECTED");
        app.ok(&magistrate, ops::CONFIRM, json!({ "a": application })).await;
        app.ok(
            &court.finance,
            EXPENSE,
            json!({ "i": expense(&court.id, Some(&march), 90_000, "COMMITTED", "2027-02-01") }),
        )
        .await;
        let close = "mutation($s: ID!) { closeSession(sessionId: $s) { status } }";
        assert_eq!(
            app.error_code(Some(&court.delegate), close, json!({ "s": march })).await,
            "INVALID_TRANSITION",
            "not over yet"
        );
        app.set_today(day(2027, 3, 17));
        app.record_days(&court.delegate, &march, &application, day(2027, 3, 16), 1, true).await;
        assert_eq!(app.error_code(Some(&court.finance), close, json!({ "s": march })).await, "FORBIDDEN");
        // Art. 141: the programme as given goes with the final list; without it nothing is sent.
        let refused = app.gql(Some(&court.delegate), close, json!({ "s": march })).await;
        assert_eq!(refused["errors"][0]["extensions"]["code"], "INVALID_TRANSITION", "{refused}");
        assert!(refused["errors"][0]["message"].as_str().unwrap().contains("art. 141"), "{refused}");
        let given = json!({ "sequences": [
            { "day": "2027-03-16", "halfDay": "MORNING", "title": "Le contentieux de la nationalité", "speakerIds": [] },
            { "day": "2027-03-16", "halfDay": "AFTERNOON", "title": "Cas pratiques", "speakerIds": [] },
        ] });
        assert_eq!(
            app.error_code(Some(&court.finance), ops::SAVE_PROGRAMME, json!({ "s": march, "i": given })).await,
            "FORBIDDEN"
        );
        app.ok(&court.delegate, ops::SAVE_PROGRAMME, json!({ "s": march, "i": given })).await;
        assert_eq!(
            app.error_code(Some(&court.delegate), ops::PROPOSE_PROGRAMME, json!({ "s": march })).await,
            "VALIDATION",
            "no validation by the director for a court's action: it goes with the list"
        );
        assert_eq!(app.ok(&court.delegate, close, json!({ "s": march })).await["closeSession"]["status"], "CLOSED");
        let told = app.ok(&court.school, ops::NOTIFICATIONS, json!({})).await;
        let note =
            told["notifications"].as_array().unwrap().iter().find(|n| n["kind"] == "SESSION_CLOSED").unwrap().clone();
        let body = note["body"].as_str().unwrap();
        assert!(body.contains("1 participant(s)"), "{body}");
        assert!(body.contains("mardi 16 mars 2027, après-midi : Cas pratiques"), "the programme as given: {body}");
        let (status, _, body) =
            app.export(Some(&court.school), &format!("/export/session-participants.csv?session={march}")).await;
        assert_eq!(status, 200);
        assert!(String::from_utf8(body).unwrap().contains("Camille Durand;magistrat@demo.magistra.fr;1"));
        let q = "query($c: ID!) { executionReport(courtId: $c, year: 2027) { actionsPlanned actionsHeld participants daysDelivered allocatedCents consumedCents remainingCents lines { title planned held participants spentCents } } }";
        let report = app.ok(&court.delegate, q, json!({ "c": court.id })).await["executionReport"].clone();
        assert_eq!(report["actionsPlanned"], 2);
        assert_eq!(report["actionsHeld"], 1);
        assert_eq!(report["participants"], 1);
        assert_eq!(report["daysDelivered"], 1.0);
        assert_eq!(report["consumedCents"], 90_000);
        assert_eq!(report["remainingCents"], 410_000);
        let held = report["lines"].as_array().unwrap().iter().find(|l| l["held"] == true).unwrap().clone();
        assert_eq!(held["spentCents"], 90_000);
        let (status, kind, pdf) = app
            .export(Some(&court.delegate), &format!("/export/execution-report.pdf?court={}&year=2027", court.id))
            .await;
        assert_eq!((status, kind.as_str()), (200, "application/pdf"));
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let text = doc.extract_text(&doc.get_pages().keys().copied().collect::<Vec<_>>()).unwrap();
        assert!(text.contains("RAPPORT D’EXÉCUTION 2027") && text.contains("900,00 €"), "{text}");
        let (status, _, csv) = app
            .export(Some(&court.delegate), &format!("/export/execution-report.csv?court={}&year=2027", court.id))
            .await;
        assert_eq!(status, 200);
        assert_eq!(String::from_utf8(csv).unwrap().lines().count(), 3);
    }
);

on_both_databases!(
    art_139_credits_reserved_twice_at_once_fund_the_plan_once_and_two_heads_adopt_together,
    |app: TestApp| async move {
        let court = lyon(&app).await;
        let plan =
            app.ok(&court.delegate, CREATE_PLAN, json!({ "c": court.id, "y": 2027 })).await["createPlan"]["id"].clone();
        for (title, start) in [("Audition de l’enfant", "2027-03-16"), ("Justice restaurative", "2027-05-11")] {
            let lines = json!([{ "category": "SPEAKER_FEES", "amountCents": 50_000 }]);
            app.ok(&court.delegate, ADD_ACTION, json!({ "p": plan, "i": action(title, start, start, lines) })).await;
        }
        plans::record_council(&app, &court.delegate, &court.id, 2027, "2027-01-10").await;
        let heads =
            [app.login("chef-cour@demo.magistra.fr").await, app.login("chef-cour-parquet@demo.magistra.fr").await];
        let adopted = join_all(heads.iter().map(|head| app.gql(Some(head), ADOPT, json!({ "p": plan })))).await;
        assert!(adopted.iter().all(|a| a.get("errors").is_none()), "{adopted:?}");
        let found = plans::plan(&app, &court.delegate, &court.id, 2027).await;
        assert_eq!(found["status"], "ADOPTED", "the second head's adoption sees the first");
        app.ok(&court.delegate, SUBMIT, json!({ "p": plan })).await;
        plans::retain_every_action(&app, &court.school, &found, |_| 0).await;
        let board = json!({ "c": court.id, "y": 2027, "a": 300_000, "d": "2027-01-10" });
        let answers = join_all((0..2).map(|_| app.gql(Some(&court.director), ALLOCATE, board.clone()))).await;
        assert!(
            answers.iter().all(|a| a.get("errors").is_none()),
            "the second reservation revises the first: {answers:?}"
        );
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM plan_actions WHERE session_id IS NOT NULL").await, 2);
        assert_eq!(
            app.scalar_i64(
                "SELECT COUNT(*) FROM sessions WHERE scope = 'DECONCENTRATED' AND description LIKE 'Action du plan%'"
            )
            .await,
            2,
            "one session per retained action, whatever the concurrency"
        );
        assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'plan.funded'").await, 1);
    }
);

on_both_databases!(art_142_a_regional_action_is_open_to_every_court_it_names, |app: TestApp| async move {
    let coordinator = app.login("coordinateur@demo.magistra.fr").await;
    let court = |name: &'static str| {
        let app = &app;
        async move { app.scalar_i64(&format!("SELECT id FROM courts WHERE name = '{name}'")).await.to_string() }
    };
    let (lyon, grenoble, paris) = (court("Lyon").await, court("Grenoble").await, court("Paris").await);
    let plan = app.ok(&coordinator, CREATE_PLAN, json!({ "c": lyon, "y": 2027 })).await["createPlan"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut regional = action(
        "Rencontre régionale des juges des enfants",
        "2027-04-06",
        "2027-04-06",
        json!([{ "category": "ROOM_HIRE", "amountCents": 50_000 }]),
    );
    regional["otherCourtIds"] = json!([paris]);
    assert_eq!(
        app.error_code(Some(&coordinator), ADD_ACTION, json!({ "p": plan, "i": regional.clone() })).await,
        "FORBIDDEN",
        "Paris is not in the region"
    );
    regional["otherCourtIds"] = json!([grenoble]);
    app.ok(&coordinator, ADD_ACTION, json!({ "p": plan, "i": regional })).await;
    plans::fund_lyon(&app, &lyon, 2027, 100_000).await;
    let seen = app.ok(&coordinator, PLAN_SESSIONS, json!({ "c": lyon, "y": 2027 })).await;
    let session = seen["plan"]["actions"][0]["session"]["id"].as_str().unwrap().to_owned();
    let courts = app
        .ok(&coordinator, "query($id: ID!) { session(id: $id) { courts { name } } }", json!({ "id": session }))
        .await;
    let mut names: Vec<&str> =
        courts["session"]["courts"].as_array().unwrap().iter().map(|c| c["name"].as_str().unwrap()).collect();
    names.sort_unstable();
    assert_eq!(names, ["Grenoble", "Lyon"]);
    app.ok(&app.login("ecole@demo.magistra.fr").await, ONLINE, json!({ "y": 2027 })).await;
    let grenoble_magistrate = app
        .scalar_i64(&format!(
            "SELECT user_id FROM magistrates WHERE court_id = {grenoble} ORDER BY user_id DESC LIMIT 1"
        ))
        .await;
    app.apply(&app.token_for(grenoble_magistrate), &session, 1).await;
});
