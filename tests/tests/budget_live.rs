//! The dashboard against the entries it sums (a property test) and its live updates over
//! WebSocket (art. 139), on both databases.

use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

use futures::{SinkExt, StreamExt};
use proptest::prelude::*;
use serde_json::{json, Value};
use tests::{on_both_databases, plans, Backend, TestApp};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;

const EXPENSE: &str = "mutation($i: ExpenseInput!) { recordExpense(input: $i) { id amountCents } }";
const FIGURES: &str = "query($c: ID!, $y: Int!) { courtBudget(courtId: $c, year: $y) { allocatedCents committedCents paidCents consumedCents remainingCents \
    byCategory { spent { committedCents paidCents consumedCents } } monthly { spent { consumedCents } } } \
    budgetDashboard(year: $y) { courts { court { id } allocatedCents committedCents paidCents consumedCents remainingCents } } }";

/// One step of a random sequence.
#[derive(Debug, Clone)]
enum Step {
    Commit(i64, u8),
    PayDirect(i64, u8),
    /// Pays part of the n-th accepted commitment.
    Settle(usize, i64),
    /// Reverses the n-th accepted entry.
    Reverse(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (1i64..60_000, 0u8..7).prop_map(|(a, c)| Step::Commit(a, c)),
        (1i64..20_000, 0u8..7).prop_map(|(a, c)| Step::PayDirect(a, c)),
        (0usize..10, 1i64..30_000).prop_map(|(i, a)| Step::Settle(i, a)),
        (0usize..10).prop_map(Step::Reverse),
    ]
}

const CATEGORIES: [&str; 7] =
    ["SPEAKER_FEES", "TRAVEL", "ACCOMMODATION", "CATERING", "ROOM_HIRE", "MATERIALS", "OTHER"];

/// An accepted entry as the test recorded it.
#[derive(Debug, Clone)]
struct Recorded {
    id: String,
    kind: &'static str,
    amount: i64,
    settles: bool,
    month: u32,
    reversed: bool,
    category: &'static str,
}

async fn run_case(app: &TestApp, finance: &str, court: &str, year: i32, steps: Vec<Step>) {
    let allocated = 150_000;
    plans::lyon_credits(app, court, year, allocated).await;
    let mut recorded: Vec<Recorded> = Vec::new();
    for (n, step) in steps.into_iter().enumerate() {
        let month = (n % 12) as u32 + 1;
        let date = format!("{year}-{month:02}-15");
        let (kind, amount, category, settles, reverses) = match step {
            Step::Commit(a, c) => ("COMMITTED", a, CATEGORIES[c as usize], None, None),
            Step::PayDirect(a, c) => ("PAID", a, CATEGORIES[c as usize], None, None),
            Step::Settle(i, a) => {
                let commitments: Vec<&Recorded> =
                    recorded.iter().filter(|r| r.kind == "COMMITTED" && r.amount > 0).collect();
                let Some(target) = commitments.get(i % commitments.len().max(1)).copied() else { continue };
                ("PAID", a, target.category, Some(target.id.clone()), None)
            }
            Step::Reverse(i) => {
                let open: Vec<&Recorded> = recorded.iter().filter(|r| r.amount > 0 && !r.reversed).collect();
                let Some(target) = open.get(i % open.len().max(1)).copied() else { continue };
                (target.kind, target.amount, target.category, None, Some(target.id.clone()))
            }
        };
        let input = json!({ "courtId": court, "category": category, "amountCents": amount, "kind": kind, "date": date,
            "label": "Écriture", "settlesExpenseId": settles, "reversesExpenseId": reverses });
        let answer = app.gql(Some(finance), EXPENSE, json!({ "i": input })).await;
        if let Some(errors) = answer.get("errors") {
            let code = errors[0]["extensions"]["code"].as_str().unwrap_or_default();
            assert!(["BUDGET_EXCEEDED", "VALIDATION", "INVALID_TRANSITION"].contains(&code), "unexpected {answer}");
            continue;
        }
        let id = answer["data"]["recordExpense"]["id"].as_str().unwrap().to_owned();
        let reversed_settles =
            reverses.as_ref().map(|r| recorded.iter().find(|e| &e.id == r).unwrap().settles).unwrap_or(false);
        if let Some(r) = &reverses {
            recorded.iter_mut().find(|e| &e.id == r).unwrap().reversed = true;
        }
        recorded.push(Recorded {
            id,
            kind,
            amount: answer["data"]["recordExpense"]["amountCents"].as_i64().unwrap(),
            settles: settles.is_some() || reversed_settles,
            month,
            reversed: false,
            category,
        });
    }
    let committed: i64 = recorded.iter().filter(|r| r.kind == "COMMITTED").map(|r| r.amount).sum();
    let paid: i64 = recorded.iter().filter(|r| r.kind == "PAID").map(|r| r.amount).sum();
    let consumed: i64 =
        committed + recorded.iter().filter(|r| r.kind == "PAID" && !r.settles).map(|r| r.amount).sum::<i64>();
    let data = app.ok(finance, FIGURES, json!({ "c": court, "y": year })).await;
    let b = &data["courtBudget"];
    assert_eq!(b["allocatedCents"], allocated);
    assert_eq!(b["committedCents"], committed, "{recorded:?}");
    assert_eq!(b["paidCents"], paid);
    assert_eq!(b["consumedCents"], consumed);
    assert_eq!(b["remainingCents"], allocated - consumed);
    let sum = |field: &str, list: &Value| {
        list.as_array().unwrap().iter().map(|c| c["spent"][field].as_i64().unwrap()).sum::<i64>()
    };
    assert_eq!(sum("committedCents", &b["byCategory"]), committed);
    assert_eq!(sum("consumedCents", &b["byCategory"]), consumed);
    assert_eq!(sum("consumedCents", &b["monthly"]), consumed);
    for month in 1..=12u32 {
        let expected: i64 = recorded
            .iter()
            .filter(|r| r.month == month)
            .map(|r| if r.kind == "COMMITTED" || !r.settles { r.amount } else { 0 })
            .sum();
        assert_eq!(b["monthly"][(month - 1) as usize]["spent"]["consumedCents"], expected, "month {month}");
    }
    let line = data["budgetDashboard"]["courts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["court"]["id"] == court)
        .unwrap()
        .clone();
    for field in ["allocatedCents", "committedCents", "paidCents", "consumedCents", "remainingCents"] {
        assert_eq!(line[field], b[field], "national dashboard, {field}");
    }
}

fn property(backend: Backend) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    let Some(app) = runtime.block_on(TestApp::spawn(backend)) else {
        eprintln!("skipped: MAGISTRA_TEST_POSTGRES is not set");
        return;
    };
    let (finance, court) = runtime.block_on(async {
        let court = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
        (app.login("finances@demo.magistra.fr").await, court)
    });
    let year = AtomicI32::new(2030);
    let config = ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() };
    proptest!(config, |(steps in prop::collection::vec(step(), 1..14))| {
        let y = year.fetch_add(1, Ordering::SeqCst);
        runtime.block_on(run_case(&app, &finance, &court, y, steps));
    });
    runtime.block_on(async move { drop(app) });
}

#[test]
fn art_139_every_dashboard_figure_is_the_sum_of_the_recorded_entries_sqlite() {
    property(Backend::Sqlite);
}

#[test]
fn art_139_every_dashboard_figure_is_the_sum_of_the_recorded_entries_postgres() {
    property(Backend::Postgres);
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Opens a `graphql-transport-ws` connection authenticated with `token`; returns after the ack.
async fn connect(app: &TestApp, token: &str) -> Socket {
    connect_to(&app.base, token).await
}

/// The same, to the server at `base`.
async fn connect_to(base: &str, token: &str) -> Socket {
    let mut request = format!("{}/graphql/ws", base.replace("http://", "ws://")).into_client_request().unwrap();
    request.headers_mut().insert("Sec-WebSocket-Protocol", "graphql-transport-ws".parse().unwrap());
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.unwrap();
    let init = json!({ "type": "connection_init", "payload": { "Authorization": format!("Bearer {token}") } });
    socket.send(Message::Text(init.to_string().into())).await.unwrap();
    let ack = next_json(&mut socket).await;
    assert_eq!(ack["type"], "connection_ack");
    socket
}

async fn next_json(
    socket: &mut tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
) -> Value {
    loop {
        let message =
            tokio::time::timeout(Duration::from_secs(10), socket.next()).await.expect("a message").unwrap().unwrap();
        if let Message::Text(text) = message {
            return serde_json::from_str(&text).unwrap();
        }
    }
}

on_both_databases!(
    art_139_an_open_dashboard_receives_the_new_figures_when_an_expense_is_recorded,
    |app: TestApp| async move {
        let court = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
        let finance = app.login("finances@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        plans::lyon_credits(&app, &court, 2027, 100_000).await;
        let subscription = json!({ "id": "1", "type": "subscribe", "payload": {
        "query": "subscription($c: ID!) { budgetChanged(courtId: $c, year: 2027) { consumedCents remainingCents } }", "variables": { "c": court } } });
        let mut watcher = connect(&app, &director).await;
        watcher.send(Message::Text(subscription.to_string().into())).await.unwrap();
        // Another court's officer may not watch Lyon.
        let paris_finance = app.scalar_i64("SELECT r.user_id FROM role_assignments r JOIN courts c ON c.id = r.court_id WHERE r.role = 'FINANCE_OFFICER' AND c.name = 'Paris'").await;
        let mut outsider = connect(&app, &app.token_for(paris_finance)).await;
        outsider.send(Message::Text(subscription.to_string().into())).await.unwrap();
        let refused = next_json(&mut outsider).await;
        assert!(refused["payload"]["data"].is_null(), "{refused}");
        assert_eq!(refused["payload"]["errors"][0]["extensions"]["code"], "FORBIDDEN");
        tokio::time::sleep(Duration::from_millis(200)).await;
        let sent = Instant::now();
        let input = json!({ "courtId": court, "category": "CATERING", "amountCents": 12_345, "kind": "COMMITTED", "date": "2027-02-01", "label": "Déjeuner" });
        app.ok(&finance, EXPENSE, json!({ "i": input })).await;
        let pushed = next_json(&mut watcher).await;
        eprintln!(
            "budgetChanged pushed {} ms after the expense was sent ({:?})",
            sent.elapsed().as_millis(),
            app.backend
        );
        assert_eq!(pushed["type"], "next");
        assert_eq!(
            pushed["payload"]["data"]["budgetChanged"],
            json!({ "consumedCents": 12_345, "remainingCents": 87_655 })
        );
    }
);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn art_139_a_dashboard_open_on_one_server_sees_an_expense_recorded_through_another() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else {
        eprintln!("skipped: MAGISTRA_TEST_POSTGRES is not set");
        return;
    };
    let other = app.second_server().await;
    let court = app.scalar_i64("SELECT id FROM courts WHERE name = 'Lyon'").await.to_string();
    let finance = app.login("finances@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    plans::lyon_credits(&app, &court, 2027, 100_000).await;
    let mut watcher = connect_to(&app.base, &director).await;
    let subscription = json!({ "id": "1", "type": "subscribe", "payload": {
        "query": "subscription($c: ID!) { budgetChanged(courtId: $c, year: 2027) { consumedCents } }", "variables": { "c": court } } });
    watcher.send(Message::Text(subscription.to_string().into())).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let input = json!({ "courtId": court, "category": "TRAVEL", "amountCents": 4_200, "kind": "COMMITTED", "date": "2027-02-01", "label": "Billets" });
    app.ok_at(&other.base, &finance, EXPENSE, json!({ "i": input })).await;
    let pushed = next_json(&mut watcher).await;
    assert_eq!(pushed["payload"]["data"]["budgetChanged"], json!({ "consumedCents": 4_200 }));
}

on_both_databases!(
    a_magistrate_hears_of_the_decision_on_their_application_live_and_nobody_else_does,
    |app: TestApp| async move {
        use tests::{ops, ws, SessionSpec};
        let school = app.login("ecole@demo.magistra.fr").await;
        let director = app.login("directeur@demo.magistra.fr").await;
        let magistrate = app.login("magistrat@demo.magistra.fr").await;
        let other = app.plain_magistrates(1).await[0];
        let other_token = app.token_for(other);
        let session = app.published_session(&school, SessionSpec::default()).await;
        let application = app.apply(&magistrate, &session, 1).await;

        const ADDED: &str = "subscription { notificationAdded { id kind title applicationId read } }";
        let mut mine = ws::connect(&app.base, &magistrate).await;
        ws::subscribe(&mut mine, "n", ADDED, json!({})).await;
        let mut theirs = ws::connect(&app.base, &other_token).await;
        ws::subscribe(&mut theirs, "n", ADDED, json!({})).await;
        tokio::time::sleep(Duration::from_millis(300)).await;

        let sent = Instant::now();
        app.decide(&director, &session, &application, "SELECTED").await;
        let pushed = ws::next_json(&mut mine).await;
        println!("notificationAdded pushed {} ms after the decision", sent.elapsed().as_millis());
        assert_eq!(pushed["type"], "next", "{pushed}");
        let added = &pushed["payload"]["data"]["notificationAdded"];
        assert_eq!(added["kind"], "SELECTED", "{pushed}");
        assert_eq!(added["applicationId"], application.as_str());
        assert_eq!(added["read"], false);
        let listed = app.ok(&magistrate, ops::NOTIFICATIONS, json!({})).await;
        assert!(listed["notifications"].as_array().unwrap().iter().any(|n| n["id"] == added["id"]), "the same row");
        assert!(
            ws::next(&mut theirs, Duration::from_millis(1_500)).await.is_none(),
            "another's notification stays theirs"
        );

        // Without a login, no subscription at all.
        let mut stranger = ws::open(&app.base).await;
        let refused = ws::init(&mut stranger, json!({})).await;
        assert_ne!(refused["type"], "connection_ack", "{refused}");
    }
);
