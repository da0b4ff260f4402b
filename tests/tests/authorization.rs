//! The authorization matrix: every court-scoped query and mutation × every demo role × the
//! caller's own court (Lyon) and another court (Paris), with the expected outcome. « Allowed »
//! means done in full, with no error: each allowed caller of a mutation acts on a fresh object in
//! the state the mutation needs (a selected wish to confirm, an adopted plan to submit…).
//! « Denied » means `FORBIDDEN`, or `NOT_FOUND` for an object the caller may not even see. List
//! queries are also checked for rows of other courts.

use std::cell::Cell;
use std::collections::HashMap;

use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use tests::{day, on_both_databases, ops, plans, SessionSpec, TestApp};

const ACTORS: [&str; 11] = tests::DEMO_ACTORS;

/// The ids the operations are aimed at, in Lyon (own) and in Paris (other).
struct Target {
    court: String,
    magistrate: String,
    /// A deconcentrated session of that court, with a wish on it (a national wish and the
    /// court's 2027 plan exist too, for the queries to read).
    session: String,
}

/// Where a case's variables come from.
#[derive(Clone, Copy)]
enum Vars {
    /// The shared target: queries, and mutations that can be made again and again.
    Shared(fn(&Target) -> Value),
    /// A fresh object in the state the mutation needs, made anew for each allowed caller, so
    /// that every allowed call must succeed in full.
    Fresh(Fixture),
}

/// The objects a mutation acts on, each in the state it needs.
#[derive(Clone, Copy, Debug)]
enum Fixture {
    /// A submitted wish on a deconcentrated session of the court.
    Decide,
    /// A draft deconcentrated session of the court.
    Publish,
    /// A published deconcentrated session of the court that has ended.
    Close,
    /// A selected wish on a deconcentrated session of the court that is under way.
    Attendance,
    /// A submitted wish of the court's magistrate on a national session.
    Observe,
    /// A selected wish of the court's magistrate on a national session.
    Selected,
    /// A submitted wish of the court's magistrate on a deconcentrated session.
    Cancel,
    /// A withdrawn wish of the court's magistrate on a national session.
    Withdrawn,
    /// A year without a plan.
    NewPlan,
    /// A draft plan with one action, and the council's opinion on it.
    DraftPlan,
    /// A plan with the council's opinion (art. 137).
    AdvisedPlan,
    /// A plan adopted by every head of the court.
    AdoptedPlan,
    /// An adopted plan sent to the School, and the School's verdict on its action.
    SubmittedPlan,
    /// A plan the School evaluated, and credits for its year (art. 139).
    EvaluatedPlan,
}

/// One operation of the matrix, with who may do it in each scope.
struct Case {
    name: &'static str,
    query: &'static str,
    vars: Vars,
    own: &'static [&'static str],
    other: &'static [&'static str],
}

const HEADS: &[&str] = &["chef-cour", "chef-cour-parquet"];
const ORGANISERS: &[&str] = &["delegue", "coordinateur"];
const SCHOOL: &[&str] = &["ecole", "directeur"];
const DASHBOARD_OWN: &[&str] =
    &["chef-cour", "chef-cour-parquet", "delegue", "coordinateur", "finances", "ecole", "directeur", "ministere"];
const DASHBOARD_OTHER: &[&str] = &["ecole", "directeur", "ministere"];

fn cases() -> Vec<Case> {
    vec![
        Case { name: "trainingSheet", query: "query($m: ID!) { trainingSheet(magistrateId: $m, year: 2027) { year } }", vars: Vars::Shared(|t| json!({ "m": t.magistrate })),
            own: &["magistrat", "chef-juridiction", "chef-cour", "chef-cour-parquet", "ecole", "directeur"], other: SCHOOL },
        Case { name: "complianceReport", query: "query($c: ID!) { complianceReport(courtId: $c, year: 2027) { shortCount } }", vars: Vars::Shared(|t| json!({ "c": t.court })),
            own: &["chef-cour", "chef-cour-parquet", "ecole", "directeur"], other: SCHOOL },
        Case { name: "courtBudget", query: "query($c: ID!) { courtBudget(courtId: $c, year: 2027) { remainingCents } }", vars: Vars::Shared(|t| json!({ "c": t.court })),
            own: DASHBOARD_OWN, other: DASHBOARD_OTHER },
        Case { name: "plan", query: "query($c: ID!) { plan(courtId: $c, year: 2027) { status } }", vars: Vars::Shared(|t| json!({ "c": t.court })),
            own: DASHBOARD_OWN, other: DASHBOARD_OTHER },
        Case { name: "executionReport", query: "query($c: ID!) { executionReport(courtId: $c, year: 2027) { participants } }", vars: Vars::Shared(|t| json!({ "c": t.court })),
            own: DASHBOARD_OWN, other: DASHBOARD_OTHER },
        Case { name: "trainingNeeds", query: "query($c: ID!) { trainingNeeds(courtId: $c, year: 2027) { theme } }", vars: Vars::Shared(|t| json!({ "c": t.court })),
            own: &["delegue", "coordinateur", "ecole", "directeur"], other: SCHOOL },
        Case { name: "sessionApplicants", query: "query($s: ID!) { sessionApplicants(sessionId: $s) { id } }", vars: Vars::Shared(|t| json!({ "s": t.session })),
            own: &["delegue", "coordinateur", "ecole", "directeur"], other: SCHOOL },
        Case { name: "applicantStandings", query: "query($s: ID!) { applicantStandings(sessionId: $s) { daysCounted } }", vars: Vars::Shared(|t| json!({ "s": t.session })),
            own: &["delegue", "coordinateur", "ecole", "directeur"], other: SCHOOL },
        Case { name: "sessionEvaluations", query: "query($s: ID!) { sessionEvaluations(sessionId: $s) { responses } }", vars: Vars::Shared(|t| json!({ "s": t.session })),
            own: &["delegue", "coordinateur", "ecole", "directeur"], other: SCHOOL },
        Case { name: "sessionAttendance", query: "query($s: ID!) { sessionAttendance(sessionId: $s) { present } }", vars: Vars::Shared(|t| json!({ "s": t.session })),
            own: &["delegue", "coordinateur", "ecole"], other: &["ecole"] },
        Case { name: "magistrates", query: "query($c: ID) { magistrates(courtId: $c, first: 5) { totalCount } }", vars: Vars::Shared(|t| json!({ "c": t.court })),
            own: &["chef-juridiction", "chef-cour", "chef-cour-parquet", "delegue", "coordinateur", "ecole", "directeur", "admin"],
            // A head of jurisdiction may ask, and finds only the magistrates they evaluate: none there.
            other: &["chef-juridiction", "ecole", "directeur", "admin"] },
        Case { name: "decideApplications", query: ops::DECIDE, vars: Vars::Fresh(Fixture::Decide), own: ORGANISERS, other: &[] },
        Case { name: "publishSession", query: ops::PUBLISH, vars: Vars::Fresh(Fixture::Publish),
            own: &["delegue", "coordinateur", "ecole", "directeur"], other: SCHOOL },
        Case { name: "closeSession", query: "mutation($s: ID!) { closeSession(sessionId: $s) { status } }", vars: Vars::Fresh(Fixture::Close),
            own: ORGANISERS, other: &[] },
        Case { name: "recordAttendance", query: ops::RECORD_ATTENDANCE, vars: Vars::Fresh(Fixture::Attendance),
            own: &["delegue", "coordinateur", "ecole"], other: &["ecole"] },
        Case { name: "giveObservation", query: "mutation($a: ID!) { giveObservation(applicationId: $a, opinion: FAVORABLE) { id } }",
            vars: Vars::Fresh(Fixture::Observe), own: &["chef-juridiction", "chef-cour", "chef-cour-parquet"], other: &[] },
        Case { name: "confirmParticipation", query: ops::CONFIRM, vars: Vars::Fresh(Fixture::Selected), own: &["magistrat"], other: &[] },
        Case { name: "withdraw", query: ops::WITHDRAW, vars: Vars::Fresh(Fixture::Selected), own: &["magistrat"], other: &[] },
        Case { name: "cancelApplication", query: "mutation($a: ID!) { cancelApplication(applicationId: $a) { id } }", vars: Vars::Fresh(Fixture::Cancel),
            own: &["magistrat"], other: &[] },
        Case { name: "assessWithdrawal", query: "mutation($a: ID!) { assessWithdrawal(applicationId: $a, serious: true, notifyHeadOfCourt: false) { id } }",
            vars: Vars::Fresh(Fixture::Withdrawn), own: SCHOOL, other: SCHOOL },
        Case { name: "recordExpense", query: "mutation($i: ExpenseInput!) { recordExpense(input: $i) { id } }",
            vars: Vars::Shared(|t| json!({ "i": { "courtId": t.court, "category": "OTHER", "amountCents": 100, "kind": "COMMITTED", "date": "2027-02-01", "label": "Test" } })),
            own: &["delegue", "coordinateur", "finances", "ecole", "directeur"], other: SCHOOL },
        Case { name: "allocateCredits", query: plans::ALLOCATE, vars: Vars::Fresh(Fixture::EvaluatedPlan), own: &["directeur"], other: &["directeur"] },
        Case { name: "createPlan", query: "mutation($c: ID!, $y: Int!) { createPlan(courtId: $c, year: $y) { id } }", vars: Vars::Fresh(Fixture::NewPlan),
            own: ORGANISERS, other: &[] },
        Case { name: "recordCouncilOpinion", query: plans::COUNCIL, vars: Vars::Fresh(Fixture::DraftPlan), own: ORGANISERS, other: &[] },
        Case { name: "adoptPlan", query: "mutation($p: ID!) { adoptPlan(planId: $p) { status } }", vars: Vars::Fresh(Fixture::AdvisedPlan), own: HEADS, other: &[] },
        Case { name: "submitPlan", query: "mutation($p: ID!) { submitPlan(planId: $p) { status } }", vars: Vars::Fresh(Fixture::AdoptedPlan), own: ORGANISERS, other: &[] },
        Case { name: "evaluatePlan", query: plans::EVALUATE, vars: Vars::Fresh(Fixture::SubmittedPlan), own: SCHOOL, other: SCHOOL },
        Case { name: "transmitTrainingSheets", query: "mutation($c: ID!) { transmitTrainingSheets(year: 2027, courtId: $c) { sheets } }",
            vars: Vars::Shared(|t| json!({ "c": t.court })), own: &["directeur"], other: &["directeur"] },
    ]
}

async fn id(app: &TestApp, sql: String) -> String {
    app.scalar_i64(&sql).await.to_string()
}

async fn target(app: &TestApp, court: &str, magistrate: i64, organiser: &str) -> Target {
    let school = app.login("ecole@demo.magistra.fr").await;
    let court_id = id(app, format!("SELECT id FROM courts WHERE name = '{court}'")).await;
    let token = app.token_for(magistrate);
    let national = app
        .published_session(
            &school,
            SessionSpec { title: format!("Session nationale {court}"), ..SessionSpec::default() },
        )
        .await;
    app.apply(&token, &national, 1).await;
    let local = SessionSpec {
        title: format!("Journée {court}"),
        scope: "DECONCENTRATED",
        court_ids: vec![court_id.clone()],
        ..SessionSpec::default()
    };
    let session = app.published_session(&school, local).await;
    app.apply(&token, &session, 2).await;
    app.ok(organiser, "mutation($c: ID!) { createPlan(courtId: $c, year: 2027) { id } }", json!({ "c": court_id }))
        .await;
    Target { court: court_id, magistrate: magistrate.to_string(), session }
}

/// A court as the fixtures need it: its magistrate, its organiser and its heads.
struct CourtActors {
    id: String,
    magistrate: String,
    organiser: String,
    heads: Vec<String>,
    /// Wishes made so far by the magistrate, for a free (year, rank) each.
    wishes: Cell<i32>,
    /// Plans opened so far by the fixtures, for a free year each.
    plans: Cell<i32>,
}

impl CourtActors {
    /// A year and a rank the magistrate has not used (the target used ranks 1 and 2 of 2027).
    fn next_wish(&self) -> (i32, i32) {
        let n = self.wishes.get();
        self.wishes.set(n + 1);
        (2027 + n / 20, n % 20 + 1)
    }

    fn next_plan_year(&self) -> i32 {
        let n = self.plans.get();
        self.plans.set(n + 1);
        2030 + n
    }
}

/// The School's two tokens.
struct Staff {
    school: String,
    director: String,
}

/// A published session of `year` (national, or deconcentrated in `court`), by the School.
/// Each of the year's sessions on days of its own (`slot` from 1), so that a magistrate selected
/// for several is never selected for two at once (art. 131, `services::conflicts`).
async fn session(
    app: &TestApp,
    staff: &Staff,
    court: &CourtActors,
    deconcentrated: bool,
    year: i32,
    slot: i32,
) -> String {
    let spec = SessionSpec {
        start: day(year, 6, 1) + chrono::Days::new(3 * u64::try_from(slot - 1).unwrap()),
        scope: if deconcentrated { "DECONCENTRATED" } else { "NATIONAL" },
        court_ids: if deconcentrated { vec![court.id.clone()] } else { Vec::new() },
        ..SessionSpec::default()
    };
    app.published_session(&staff.school, spec).await
}

/// A submitted wish of the court's magistrate: the session and the application.
async fn wish(app: &TestApp, staff: &Staff, court: &CourtActors, deconcentrated: bool) -> (String, String) {
    let (year, rank) = court.next_wish();
    let session = session(app, staff, court, deconcentrated, year, rank).await;
    let application = app.apply(&court.magistrate, &session, rank).await;
    (session, application)
}

/// A draft plan of a new year with one action: the plan's id and year.
async fn draft_plan(app: &TestApp, court: &CourtActors) -> (String, i32) {
    let year = court.next_plan_year();
    let created = app
        .ok(
            &court.organiser,
            "mutation($c: ID!, $y: Int!) { createPlan(courtId: $c, year: $y) { id } }",
            json!({ "c": court.id, "y": year }),
        )
        .await;
    let plan = created["createPlan"]["id"].as_str().unwrap().to_owned();
    let action = json!({ "title": "Journée", "format": "STUDY_DAY", "plannedStart": format!("{year}-03-16"),
        "plannedEnd": format!("{year}-03-16"), "expectedParticipants": 20, "costLines": [] });
    app.ok(
        &court.organiser,
        "mutation($p: ID!, $i: PlanActionInput!) { addPlanAction(planId: $p, input: $i) { id } }",
        json!({ "p": plan, "i": action }),
    )
    .await;
    (plan, year)
}

/// Takes the plan of `court` for `year` through the cycle, in order, up to `stage` (art. 137, 139).
async fn advance(app: &TestApp, staff: &Staff, court: &CourtActors, year: i32, stage: Fixture) {
    let step = |f: Fixture| match f {
        Fixture::AdvisedPlan => 1,
        Fixture::AdoptedPlan => 2,
        Fixture::SubmittedPlan => 3,
        Fixture::EvaluatedPlan => 4,
        _ => 0,
    };
    let today = server::clock::Clock::today(&app.clock).to_string();
    if step(stage) >= 1 {
        plans::record_council(app, &court.organiser, &court.id, year, &today).await;
    }
    let found = plans::plan(app, &court.organiser, &court.id, year).await;
    if step(stage) >= 3 {
        plans::adopt_and_submit(app, &court.heads, &court.organiser, &found["id"]).await;
    } else if step(stage) == 2 {
        for head in &court.heads {
            app.ok(head, plans::ADOPT, json!({ "p": found["id"] })).await;
        }
    }
    if step(stage) >= 4 {
        plans::retain_every_action(app, &staff.school, &found, |_| 0).await;
    }
}

/// Makes the object `fixture` names, in `court`, and returns the case's variables.
async fn fresh(app: &TestApp, staff: &Staff, court: &CourtActors, fixture: Fixture) -> Value {
    match fixture {
        Fixture::Decide => {
            let (session, application) = wish(app, staff, court, true).await;
            json!({ "s": session, "d": [{ "applicationId": application, "decision": "WAITLISTED" }] })
        }
        Fixture::Publish => {
            let spec =
                SessionSpec { scope: "DECONCENTRATED", court_ids: vec![court.id.clone()], ..SessionSpec::default() };
            let created = app.ok(&staff.school, ops::CREATE_SESSION, json!({ "i": spec.input() })).await;
            json!({ "id": created["createSession"]["id"] })
        }
        Fixture::Close => {
            let spec = SessionSpec {
                start: day(2026, 12, 1),
                open: day(2026, 11, 1),
                close: day(2026, 11, 15),
                scope: "DECONCENTRATED",
                court_ids: vec![court.id.clone()],
                ..SessionSpec::default()
            };
            let session = app.published_session(&staff.school, spec).await;
            // The programme as given, which goes to the School with the final list (art. 141).
            let given = json!({ "sequences": [{ "day": "2026-12-01", "halfDay": "MORNING", "title": "Ouverture", "speakerIds": [] }] });
            app.ok(&staff.school, ops::SAVE_PROGRAMME, json!({ "s": session, "i": given })).await;
            json!({ "s": session })
        }
        Fixture::Attendance => {
            let (session, application) = wish(app, staff, court, true).await;
            app.decide(&court.organiser, &session, &application, "SELECTED").await;
            // The selection made, the action is under way today.
            app.db()
                .execute_unprepared(&format!(
                    "UPDATE sessions SET start_date = '2027-01-10', end_date = '2027-01-12' WHERE id = {session}"
                ))
                .await
                .unwrap();
            json!({ "s": session, "e": [{ "applicationId": application, "date": "2027-01-10", "halfDay": "MORNING", "present": true }] })
        }
        Fixture::Observe => json!({ "a": wish(app, staff, court, false).await.1 }),
        Fixture::Selected => {
            let (session, application) = wish(app, staff, court, false).await;
            app.decide(&staff.director, &session, &application, "SELECTED").await;
            json!({ "a": application, "r": "OTHER", "d": "Essai" })
        }
        Fixture::Cancel => json!({ "a": wish(app, staff, court, true).await.1 }),
        Fixture::Withdrawn => {
            let (session, application) = wish(app, staff, court, false).await;
            app.decide(&staff.director, &session, &application, "SELECTED").await;
            app.ok(&court.magistrate, ops::WITHDRAW, json!({ "a": application, "r": "OTHER", "d": "Essai" })).await;
            json!({ "a": application })
        }
        Fixture::NewPlan => json!({ "c": court.id, "y": court.next_plan_year() }),
        Fixture::DraftPlan => {
            let (plan, year) = draft_plan(app, court).await;
            let found = plans::plan(app, &court.organiser, &court.id, year).await;
            let today = server::clock::Clock::today(&app.clock).to_string();
            json!({ "p": plan, "i": { "meetingDate": today, "opinion": "Favorable.", "actionIds": plans::action_ids(&found) } })
        }
        Fixture::AdvisedPlan | Fixture::AdoptedPlan => {
            let (plan, year) = draft_plan(app, court).await;
            advance(app, staff, court, year, fixture).await;
            json!({ "p": plan })
        }
        Fixture::SubmittedPlan => {
            let (plan, year) = draft_plan(app, court).await;
            advance(app, staff, court, year, fixture).await;
            let found = plans::plan(app, &court.organiser, &court.id, year).await;
            let verdicts: Vec<Value> = plans::action_ids(&found)
                .into_iter()
                .map(|id| json!({ "actionId": id, "retained": true, "retainedCents": 0 }))
                .collect();
            json!({ "p": plan, "a": verdicts })
        }
        Fixture::EvaluatedPlan => {
            let (_, year) = draft_plan(app, court).await;
            advance(app, staff, court, year, fixture).await;
            let today = server::clock::Clock::today(&app.clock).to_string();
            json!({ "c": court.id, "y": year, "a": 1_000_000, "d": today })
        }
    }
}

/// The tokens of the holders of `role` in court `name`.
async fn holders(app: &TestApp, role: &str, name: &str) -> Vec<String> {
    let sql = format!(
        "SELECT r.user_id FROM role_assignments r JOIN courts c ON c.id = r.court_id WHERE r.role = '{role}' AND c.name = '{name}' ORDER BY r.user_id"
    );
    let rows = app.db().query_all_raw(Statement::from_string(app.db().get_database_backend(), sql)).await.unwrap();
    rows.iter().map(|r| app.token_for(r.try_get_by_index::<i64>(0).unwrap())).collect()
}

on_both_databases!(
    the_authorization_matrix_holds_for_every_role_in_its_own_court_and_another,
    |app: TestApp| async move {
        let mut tokens = HashMap::new();
        for actor in ACTORS {
            tokens.insert(actor, app.login(&format!("{actor}@demo.magistra.fr")).await);
        }
        let staff = Staff { school: tokens["ecole"].clone(), director: tokens["directeur"].clone() };
        let paris_delegate = holders(&app, "TRAINING_DELEGATE", "Paris").await.remove(0);
        let paris_magistrate = app
            .scalar_i64(
                "SELECT m.user_id FROM magistrates m JOIN courts c ON c.id = m.court_id WHERE c.name = 'Paris' \
                 AND m.user_id NOT IN (SELECT user_id FROM role_assignments WHERE role <> 'MAGISTRATE') ORDER BY m.user_id LIMIT 1",
            )
            .await;
        let own = target(&app, "Lyon", app.user_id("magistrat@demo.magistra.fr").await, &tokens["delegue"]).await;
        let other = target(&app, "Paris", paris_magistrate, &paris_delegate).await;
        let lyon = CourtActors {
            id: own.court.clone(),
            magistrate: tokens["magistrat"].clone(),
            organiser: tokens["delegue"].clone(),
            heads: vec![tokens["chef-cour"].clone(), tokens["chef-cour-parquet"].clone()],
            wishes: Cell::new(2),
            plans: Cell::new(0),
        };
        let paris = CourtActors {
            id: other.court.clone(),
            magistrate: app.token_for(paris_magistrate),
            organiser: paris_delegate,
            heads: holders(&app, "HEAD_OF_COURT", "Paris").await,
            wishes: Cell::new(2),
            plans: Cell::new(0),
        };
        // Each court's 2027 credits, reserved on its plan in the cycle's order (art. 137, 139).
        for court in [&lyon, &paris] {
            let found = plans::plan(&app, &court.organiser, &court.id, 2027).await;
            let action = json!({ "title": "Journée", "format": "STUDY_DAY", "plannedStart": "2027-03-16", "plannedEnd": "2027-03-16",
                "expectedParticipants": 20, "costLines": [] });
            app.ok(
                &court.organiser,
                "mutation($p: ID!, $i: PlanActionInput!) { addPlanAction(planId: $p, input: $i) { id } }",
                json!({ "p": found["id"], "i": action }),
            )
            .await;
            advance(&app, &staff, court, 2027, Fixture::EvaluatedPlan).await;
            let today = server::clock::Clock::today(&app.clock).to_string();
            app.ok(&staff.director, plans::ALLOCATE, json!({ "c": court.id, "y": 2027, "a": 10_000_000, "d": today }))
                .await;
        }
        let (mut checked, mut denied) = (0, 0);
        let mut failures = Vec::new();
        for case in cases() {
            for (scope, target, court, allowed) in
                [("own", &own, &lyon, case.own), ("other", &other, &paris, case.other)]
            {
                // Refusals change nothing: the denied callers all try the same object.
                let shared = match case.vars {
                    Vars::Shared(vars) => vars(target),
                    Vars::Fresh(fixture) => fresh(&app, &staff, court, fixture).await,
                };
                for actor in ACTORS {
                    let expect_allowed = allowed.contains(&actor);
                    let vars = match case.vars {
                        Vars::Fresh(fixture) if expect_allowed => fresh(&app, &staff, court, fixture).await,
                        _ => shared.clone(),
                    };
                    let answer = app.gql(Some(&tokens[actor]), case.query, vars).await;
                    let code = answer["errors"][0]["extensions"]["code"].as_str().unwrap_or("").to_owned();
                    let refused = ["FORBIDDEN", "UNAUTHENTICATED", "NOT_FOUND"].contains(&code.as_str());
                    // Allowed means done in full, on an object in the state the operation needs.
                    let done = answer.get("errors").is_none();
                    if expect_allowed != done || (!expect_allowed && !refused) {
                        failures.push(format!(
                            "{} ({scope}) by {actor}: expected {}, got {answer}",
                            case.name,
                            if expect_allowed { "done" } else { "FORBIDDEN or NOT_FOUND" }
                        ));
                    }
                    checked += 1;
                    denied += usize::from(!expect_allowed);
                }
            }
        }
        assert!(failures.is_empty(), "{} of {checked} cases wrong:\n{}", failures.len(), failures.join("\n"));
        assert!(checked >= 200 && denied * 2 >= checked, "{checked} cases, {denied} denials");
    }
);

on_both_databases!(list_queries_never_return_rows_of_courts_out_of_scope, |app: TestApp| async move {
    let dashboard = "{ budgetDashboard(year: 2027) { courts { court { name } } } }";
    let people = "{ magistrates(first: 100) { edges { node { court { name } } } } }";
    let expectations: [(&str, &[&str]); 4] = [
        ("delegue", &["Lyon"]),
        ("finances", &["Lyon"]),
        ("chef-cour", &["Lyon"]),
        ("coordinateur", &["Chambéry", "Grenoble", "Lyon", "Riom"]),
    ];
    for (actor, courts) in expectations {
        let token = app.login(&format!("{actor}@demo.magistra.fr")).await;
        let data = app.ok(&token, dashboard, json!({})).await;
        let mut names: Vec<&str> = data["budgetDashboard"]["courts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["court"]["name"].as_str().unwrap())
            .collect();
        names.sort_unstable();
        assert_eq!(names, courts, "{actor}");
        if actor != "finances" {
            let data = app.ok(&token, people, json!({})).await;
            let edges = data["magistrates"]["edges"].as_array().unwrap();
            assert!(!edges.is_empty());
            assert!(edges.iter().all(|e| courts.contains(&e["node"]["court"]["name"].as_str().unwrap())), "{actor}");
        }
    }
    let evaluator = app.login("chef-juridiction@demo.magistra.fr").await;
    let data = app.ok(&evaluator, people, json!({})).await;
    let evaluated = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM magistrates WHERE evaluator_id = {}",
            app.user_id("chef-juridiction@demo.magistra.fr").await
        ))
        .await;
    assert_eq!(
        data["magistrates"]["edges"].as_array().unwrap().len() as i64,
        evaluated.min(100),
        "only those they evaluate"
    );
    let magistrate = app.login("magistrat@demo.magistra.fr").await;
    let mine = app
        .ok(&magistrate, "{ myApplications { id } notifications { id } validationRequests { id } }", json!({}))
        .await;
    assert_eq!(mine["validationRequests"].as_array().unwrap().len(), 0);
});
