//! `magistra-bench`: the opening-day load (issue 6) against a running Magistra with a freshly
//! seeded demo database. It starts nothing: it drives the server at `--url` over loopback, bounded
//! in requests, and prints throughput, p50, p95, p99 and errors per operation.
//!
//! 1. Logins, measured on their own (argon2 makes them CPU-bound by design), tokens reused.
//! 2. The ceiling: one wish per magistrate (rank 5) and catalogue pages through bare axum handlers.
//! 3. The opening day: each magistrate submits 4 ranked wishes through GraphQL, with 2 catalogue
//!    reads (`sessions`, 50 per page) per write.
//! 4. The director's selection of every session.
//! 5. With `--database-url`, the wishes are counted in the database: none lost, none twice.
//!
//! Run: `cargo run --release -p tests --bin magistra-bench -- --url http://127.0.0.1:8080
//!       --database-url sqlite://data/magistra.sqlite`

use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use futures::stream::{self, StreamExt};
use serde_json::{json, Value};

struct Args {
    url: String,
    database_url: Option<String>,
    magistrates: usize,
    concurrency: usize,
    password: String,
}

fn args() -> Args {
    let mut out = Args {
        url: "http://127.0.0.1:8080".into(),
        database_url: None,
        magistrates: 9_000,
        concurrency: 32,
        password: "magistra".into(),
    };
    let list: Vec<String> = std::env::args().collect();
    for pair in list.windows(2) {
        match pair[0].as_str() {
            "--url" => out.url = pair[1].clone(),
            "--database-url" => out.database_url = Some(pair[1].clone()),
            "--magistrates" => out.magistrates = pair[1].parse().unwrap_or(out.magistrates),
            "--concurrency" => out.concurrency = pair[1].parse().unwrap_or(out.concurrency),
            "--password" => out.password = pair[1].clone(),
            _ => {}
        }
    }
    out
}

/// Latencies (ms), error count and the first error of one operation.
type OpStats = (Vec<f64>, usize, Option<String>);

/// Latencies and errors per operation.
#[derive(Default)]
struct Stats {
    ops: Mutex<BTreeMap<&'static str, OpStats>>,
}

impl Stats {
    fn record(&self, op: &'static str, millis: f64, error: Option<String>) {
        let mut ops = self.ops.lock().unwrap();
        let entry = ops.entry(op).or_default();
        entry.0.push(millis);
        if let Some(e) = error {
            entry.1 += 1;
            entry.2.get_or_insert(e);
        }
    }

    fn print(&self, phase: &str, elapsed: Duration) {
        println!("\n{phase} ({:.1} s)", elapsed.as_secs_f64());
        println!(
            "{:<28} {:>8} {:>10} {:>8} {:>8} {:>8} {:>7}",
            "operation", "count", "per s", "p50 ms", "p95 ms", "p99 ms", "errors"
        );
        let mut ops = self.ops.lock().unwrap();
        for (op, (times, errors, first)) in ops.iter_mut() {
            times.sort_by(f64::total_cmp);
            let p = |q: f64| times[((times.len() as f64 - 1.0) * q).round() as usize];
            println!(
                "{op:<28} {:>8} {:>10.0} {:>8.1} {:>8.1} {:>8.1} {:>7}",
                times.len(),
                times.len() as f64 / elapsed.as_secs_f64(),
                p(0.5),
                p(0.95),
                p(0.99),
                errors
            );
            if let Some(e) = first {
                println!("    first error: {}", e.chars().take(300).collect::<String>());
            }
        }
        ops.clear();
    }
}

struct Client {
    http: reqwest::Client,
    url: String,
}

impl Client {
    /// One GraphQL operation; any `errors` in the body counts as an error.
    async fn gql(
        &self,
        stats: &Stats,
        op: &'static str,
        token: Option<&str>,
        query: &str,
        vars: Value,
    ) -> Option<Value> {
        let started = Instant::now();
        let mut request =
            self.http.post(format!("{}/graphql", self.url)).json(&json!({ "query": query, "variables": vars }));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        let result = match request.send().await {
            Ok(r) if r.status().is_success() => r.json::<Value>().await.map_err(|e| e.to_string()),
            Ok(r) => Err(format!("HTTP {}", r.status())),
            Err(e) => Err(e.to_string()),
        };
        let millis = started.elapsed().as_secs_f64() * 1_000.0;
        match result {
            Ok(body) if body.get("errors").is_none() => {
                stats.record(op, millis, None);
                Some(body["data"].clone())
            }
            Ok(body) => {
                stats.record(op, millis, Some(body["errors"].to_string()));
                None
            }
            Err(e) => {
                stats.record(op, millis, Some(e));
                None
            }
        }
    }

    /// One bare call of the ceiling; its body is read and checked like a GraphQL one: it must
    /// hold `expected` (the new wish's `id`, the page's `rows`).
    async fn bare(
        &self,
        stats: &Stats,
        op: &'static str,
        token: &str,
        path: &str,
        body: Option<Value>,
        expected: &str,
    ) {
        let started = Instant::now();
        let request = match body {
            Some(b) => self.http.post(format!("{}{path}", self.url)).json(&b),
            None => self.http.get(format!("{}{path}", self.url)),
        };
        let result = match request.bearer_auth(token).send().await {
            Ok(r) if r.status().is_success() => r.json::<Value>().await.map_err(|e| e.to_string()),
            Ok(r) => Err(format!("HTTP {} {}", r.status(), r.text().await.unwrap_or_default())),
            Err(e) => Err(e.to_string()),
        };
        let millis = started.elapsed().as_secs_f64() * 1_000.0;
        match result {
            Ok(body) if body.get(expected).is_some() => stats.record(op, millis, None),
            Ok(body) => stats.record(op, millis, Some(format!("no `{expected}` in {body}"))),
            Err(e) => stats.record(op, millis, Some(e)),
        }
    }
}

const CATALOGUE: &str = "{ sessions(filter: { openForApplications: true }, first: 50) { totalCount edges { node { id code title format startDate endDate seatsLeft } } } }";
const APPLY: &str = "mutation($s: ID!, $r: Int!) { apply(sessionId: $s, rank: $r) { id status } }";

#[tokio::main]
async fn main() {
    let args = args();
    let client =
        Client { http: reqwest::Client::builder().pool_max_idle_per_host(256).build().unwrap(), url: args.url.clone() };
    let stats = Stats::default();
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    println!(
        "magistra-bench against {} — {} magistrates, {} in flight, {cores} cores",
        args.url, args.magistrates, args.concurrency
    );

    // Who: the first magistrates of the directory.
    let admin = login(&client, &stats, "admin@demo.magistra.fr", &args.password).await.expect("admin login");
    let mut emails = Vec::new();
    let mut after: Option<String> = None;
    while emails.len() < args.magistrates {
        let data = client
            .gql(&stats, "setup", Some(&admin), "query($a: String) { magistrates(first: 100, after: $a) { edges { node { email } } pageInfo { hasNextPage endCursor } } }", json!({ "a": after }))
            .await
            .expect("directory");
        for e in data["magistrates"]["edges"].as_array().unwrap() {
            emails.push(e["node"]["email"].as_str().unwrap().to_owned());
        }
        if data["magistrates"]["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = data["magistrates"]["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    emails.truncate(args.magistrates);
    let open = client.gql(&stats, "setup", Some(&admin), "{ sessions(filter: { openForApplications: true, scope: NATIONAL }, first: 100) { edges { node { id } } } }", json!({})).await.expect("catalogue");
    let sessions: Vec<String> = open["sessions"]["edges"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["node"]["id"].as_str().unwrap().to_owned())
        .collect();
    assert!(sessions.len() >= 5, "at least 5 open national sessions are needed");
    stats.ops.lock().unwrap().clear();

    // 1. Logins.
    let started = Instant::now();
    let tokens: Vec<Option<String>> = stream::iter(emails.iter())
        .map(|email| login(&client, &stats, email, &args.password))
        .buffered(cores * 2)
        .collect()
        .await;
    let elapsed = started.elapsed();
    stats.print("Logins (argon2id, CPU-bound)", elapsed);
    println!("    = {:.1} logins per second per core", emails.len() as f64 / elapsed.as_secs_f64() / cores as f64);
    let tokens: Vec<String> = tokens.into_iter().flatten().collect();

    // 2. The ceiling: bare handlers, one wish (rank 5) per magistrate and two catalogue pages per write.
    let ceiling_people = tokens.len().min(2_000);
    let started = Instant::now();
    stream::iter(tokens.iter().take(ceiling_people).enumerate())
        .for_each_concurrent(args.concurrency, |(i, token)| {
            let (client, stats, sessions) = (&client, &stats, &sessions);
            async move {
                let session: i64 = sessions[(i + 4) % sessions.len()].parse().unwrap();
                let wish = json!({ "session_id": session, "rank": 5 });
                client.bare(stats, "ceiling: apply", token, "/ceiling/apply", Some(wish), "id").await;
                for _ in 0..2 {
                    client
                        .bare(stats, "ceiling: sessions (50)", token, "/ceiling/sessions?first=50", None, "rows")
                        .await;
                }
            }
        })
        .await;
    let ceiling_elapsed = started.elapsed();
    let ceiling_reads = stats.ops.lock().unwrap().get("ceiling: sessions (50)").map(|o| o.0.len()).unwrap_or(0) as f64
        / ceiling_elapsed.as_secs_f64();
    let ceiling_writes = ceiling_people as f64 / ceiling_elapsed.as_secs_f64();
    stats.print("Ceiling: bare axum handlers, same services", ceiling_elapsed);

    // 3. The opening day through GraphQL.
    let started = Instant::now();
    stream::iter(tokens.iter().enumerate().flat_map(|(i, t)| (0..4).map(move |k| (i, k, t))))
        .for_each_concurrent(args.concurrency, |(i, k, token)| {
            let (client, stats, sessions) = (&client, &stats, &sessions);
            async move {
                let session = &sessions[(i + k) % sessions.len()];
                client.gql(stats, "graphql: apply", Some(token), APPLY, json!({ "s": session, "r": k + 1 })).await;
                client.gql(stats, "graphql: sessions (50)", Some(token), CATALOGUE, json!({})).await;
                client.gql(stats, "graphql: sessions (50)", Some(token), CATALOGUE, json!({})).await;
            }
        })
        .await;
    let elapsed = started.elapsed();
    let reads = stats.ops.lock().unwrap().get("graphql: sessions (50)").map(|o| o.0.len()).unwrap_or(0) as f64
        / elapsed.as_secs_f64();
    let writes = (tokens.len() * 4) as f64 / elapsed.as_secs_f64();
    stats.print(&format!("Opening day: {} wishes through GraphQL", tokens.len() * 4), elapsed);
    println!(
        "    GraphQL ÷ ceiling: writes {:.2}, catalogue reads {:.2}",
        writes / ceiling_writes,
        reads / ceiling_reads
    );

    // 4. The director's selection of every session.
    let director = login(&client, &stats, "directeur@demo.magistra.fr", &args.password).await.expect("director login");
    stats.ops.lock().unwrap().clear();
    let started = Instant::now();
    for session in &sessions {
        let Some(data) = client
            .gql(
                &stats,
                "graphql: sessionApplicants",
                Some(&director),
                "query($s: ID!) { sessionApplicants(sessionId: $s) { id rank status } session(id: $s) { capacity } }",
                json!({ "s": session }),
            )
            .await
        else {
            continue;
        };
        let capacity = data["session"]["capacity"].as_u64().unwrap_or(0) as usize;
        let mut waiting: Vec<(i64, String)> = data["sessionApplicants"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["status"] == "SUBMITTED")
            .map(|a| (a["rank"].as_i64().unwrap(), a["id"].as_str().unwrap().to_owned()))
            .collect();
        waiting.sort();
        let decisions: Vec<Value> = waiting
            .iter()
            .enumerate()
            .map(|(n, (_, id))| json!({ "applicationId": id, "decision": if n < capacity { "SELECTED" } else { "WAITLISTED" } }))
            .collect();
        for chunk in decisions.chunks(500) {
            client
                .gql(&stats, "graphql: decideApplications", Some(&director), "mutation($s: ID!, $d: [DecisionInput!]!) { decideApplications(sessionId: $s, decisions: $d, confirmEarly: true) { id } }", json!({ "s": session, "d": chunk }))
                .await;
        }
    }
    stats.print(&format!("Selection of {} sessions by the director", sessions.len()), started.elapsed());

    // 5. Count in the database.
    if let Some(url) = &args.database_url {
        let db = server::db::connect(url).await.expect("database");
        let count = |sql: &'static str| {
            let db = db.clone();
            async move {
                let row = sea_orm::ConnectionTrait::query_one_raw(
                    &db,
                    sea_orm::Statement::from_string(db.get_database_backend(), sql),
                )
                .await
                .unwrap()
                .unwrap();
                row.try_get_by_index::<i64>(0).unwrap()
            }
        };
        let wishes = count("SELECT COUNT(*) FROM applications WHERE rank BETWEEN 1 AND 4").await;
        let distinct =
            count("SELECT COUNT(*) FROM (SELECT DISTINCT magistrate_id, session_id FROM applications) AS d").await;
        let all = count("SELECT COUNT(*) FROM applications").await;
        println!("\nIn the database: {wishes} wishes of rank 1–4 (expected {}), {all} applications, {distinct} distinct (magistrate, session) pairs", tokens.len() * 4);
    }
}

async fn login(client: &Client, stats: &Stats, email: &str, password: &str) -> Option<String> {
    let data = client
        .gql(
            stats,
            "login",
            None,
            "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
            json!({ "e": email, "p": password }),
        )
        .await?;
    data["login"]["token"].as_str().map(str::to_owned)
}
