//! The deconcentrated cycle driven through the API in the regulation's order (art. 137, 139), for
//! tests that need a court's plan at one of its steps.

use serde_json::{json, Value};

use crate::TestApp;

pub const COUNCIL: &str = "mutation($p: ID!, $i: CouncilOpinionInput!) { recordCouncilOpinion(planId: $p, input: $i) { status councilOpinion { meetingDate opinion } actions { id priority } } }";
pub const ADOPT: &str = "mutation($p: ID!) { adoptPlan(planId: $p) { status } }";
pub const SUBMIT: &str = "mutation($p: ID!) { submitPlan(planId: $p) { status } }";
pub const EVALUATE: &str = "mutation($p: ID!, $a: [ActionEvaluationInput!]!) { evaluatePlan(planId: $p, comment: \"Plan équilibré.\", actions: $a) { status retainedCents actions { retained retainedCents evaluationReason } } }";
pub const ALLOCATE: &str = "mutation($c: ID!, $y: Int!, $a: Int!, $d: Date!) { allocateCredits(courtId: $c, year: $y, amountCents: $a, boardOpinionDate: $d, boardReference: \"CA 2027-04\") { amountCents boardOpinionDate boardReference } }";
pub const ONLINE: &str = "mutation($y: Int!) { putProgrammeOnline(year: $y) { year onlineOn sessionsPublished } }";
/// A plan's actions with their forecast and session, as its organisers see them.
pub const ACTIONS: &str = "query($c: ID!, $y: Int!) { plan(courtId: $c, year: $y) { id status actions { id title plannedCents session { id status } } } }";

/// The plan of `court` for `year` as `token` sees it.
pub async fn plan(app: &TestApp, token: &str, court: &str, year: i32) -> Value {
    app.ok(token, ACTIONS, json!({ "c": court, "y": year })).await["plan"].clone()
}

/// The ids of the plan's actions, in the order they stand.
pub fn action_ids(plan: &Value) -> Vec<Value> {
    plan["actions"].as_array().unwrap().iter().map(|a| a["id"].clone()).collect()
}

/// Records the council's opinion as the organiser, met on `date`, with the order the actions stand in.
pub async fn record_council(app: &TestApp, organiser: &str, court: &str, year: i32, date: &str) -> Value {
    let found = plan(app, organiser, court, year).await;
    let input =
        json!({ "meetingDate": date, "opinion": "Avis favorable du conseil.", "actionIds": action_ids(&found) });
    app.ok(organiser, COUNCIL, json!({ "p": found["id"], "i": input })).await["recordCouncilOpinion"].clone()
}

/// Every head adopts, then the organiser sends the plan to the School.
pub async fn adopt_and_submit(app: &TestApp, heads: &[String], organiser: &str, plan_id: &Value) {
    for head in heads {
        app.ok(head, ADOPT, json!({ "p": plan_id })).await;
    }
    app.ok(organiser, SUBMIT, json!({ "p": plan_id })).await;
}

/// The School retains every action, at its forecast less `cut(forecast)`.
pub async fn retain_every_action(app: &TestApp, school: &str, plan: &Value, cut: fn(i64) -> i64) -> Value {
    let verdicts: Vec<Value> = plan["actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let forecast = a["plannedCents"].as_i64().unwrap();
            json!({ "actionId": a["id"], "retained": true, "retainedCents": forecast - cut(forecast) })
        })
        .collect();
    app.ok(school, EVALUATE, json!({ "p": plan["id"], "a": verdicts })).await["evaluatePlan"].clone()
}

/// Takes a draft plan of Lyon (`court`) with its actions through the council, both heads, the
/// School's evaluation (everything retained at its forecast) and the director's credits after the
/// board's opinion, all on the test clock's day: its actions are then draft sessions, waiting for
/// the programme to go online. Returns the plan as its organiser sees it.
pub async fn fund_lyon(app: &TestApp, court: &str, year: i32, credits: i64) -> Value {
    let today = server::clock::Clock::today(&app.clock).to_string();
    let organiser = app.login("delegue@demo.magistra.fr").await;
    let heads = [app.login("chef-cour@demo.magistra.fr").await, app.login("chef-cour-parquet@demo.magistra.fr").await];
    let school = app.login("ecole@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    record_council(app, &organiser, court, year, &today).await;
    let found = plan(app, &organiser, court, year).await;
    adopt_and_submit(app, &heads, &organiser, &found["id"]).await;
    retain_every_action(app, &school, &found, |_| 0).await;
    app.ok(&director, ALLOCATE, json!({ "c": court, "y": year, "a": credits, "d": today })).await;
    plan(app, &organiser, court, year).await
}

/// Lyon's credits for `year`, reserved in the cycle's order on a plan of one action opened for it
/// (art. 137, 139).
pub async fn lyon_credits(app: &TestApp, court: &str, year: i32, credits: i64) {
    let organiser = app.login("delegue@demo.magistra.fr").await;
    let created = app
        .ok(
            &organiser,
            "mutation($c: ID!, $y: Int!) { createPlan(courtId: $c, year: $y) { id } }",
            json!({ "c": court, "y": year }),
        )
        .await;
    let action = json!({ "title": "Journée de la cour", "format": "STUDY_DAY", "plannedStart": format!("{year}-06-15"),
        "plannedEnd": format!("{year}-06-15"), "expectedParticipants": 20, "costLines": [{ "category": "OTHER", "amountCents": 10_000 }] });
    app.ok(
        &organiser,
        "mutation($p: ID!, $i: PlanActionInput!) { addPlanAction(planId: $p, input: $i) { id } }",
        json!({ "p": created["createPlan"]["id"], "i": action }),
    )
    .await;
    fund_lyon(app, court, year, credits).await;
}
