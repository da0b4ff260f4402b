//! The test harness: a real Magistra server on a fresh database (a SQLite file in a temporary
//! folder, or a new PostgreSQL database when `MAGISTRA_TEST_POSTGRES` names a server), spoken
//! to over HTTP, with a clock the test moves.

use std::sync::Arc;

pub mod oidc;
pub mod plans;
pub mod postgres;
pub mod read_back;
pub mod smtp;
pub mod ws;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::{json, Value};
use server::clock::ManualClock;
use server::seed::{self, SeedOptions};
use server::settings::{Environment, Secret, Settings};
use server::state::AppState;
use server::Application;

/// Runs a query returning one integer on `db` (INTEGER or BIGINT).
pub async fn scalar(db: &DatabaseConnection, sql: &str) -> i64 {
    let row =
        db.query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.unwrap().unwrap();
    row.try_get_by_index::<i64>(0).or_else(|_| row.try_get_by_index::<i32>(0).map(i64::from)).unwrap()
}

/// The `magistra` binary beside the test executables (built by `scripts/test`).
pub fn magistra_binary() -> std::path::PathBuf {
    let exe = std::env::current_exe().unwrap();
    let dir = exe.parent().and_then(|d| d.parent()).unwrap();
    let path = dir.join("magistra");
    assert!(path.exists(), "{} is missing: run `cargo build -p server --bin magistra` first", path.display());
    path
}

/// A free port on loopback, for a server started as its own process.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// The database a benchmark runs on: PostgreSQL with `--postgres` (on `MAGISTRA_TEST_POSTGRES`,
/// default `postgres://postgres@127.0.0.1:5432`), else SQLite.
pub fn bench_backend() -> Backend {
    if !std::env::args().any(|a| a == "--postgres") {
        return Backend::Sqlite;
    }
    if std::env::var("MAGISTRA_TEST_POSTGRES").is_err() {
        std::env::set_var("MAGISTRA_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432");
    }
    Backend::Postgres
}

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The demo accounts, by the part of their address before `@demo.magistra.fr`: one per role.
pub const DEMO_ACTORS: [&str; 11] = [
    "magistrat",
    "chef-juridiction",
    "chef-cour",
    "chef-cour-parquet",
    "delegue",
    "coordinateur",
    "finances",
    "ecole",
    "directeur",
    "ministere",
    "admin",
];

/// The password of every seeded test account.
pub const PASSWORD: &str = "magistra";

/// Where the test clock starts: inside the 2027 campaign.
pub fn start_of_tests() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 1, 10, 9, 0, 0).single().unwrap_or_default()
}

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A running server and what a test needs to drive it.
pub struct TestApp {
    pub base: String,
    pub client: reqwest::Client,
    pub clock: ManualClock,
    pub state: AppState,
    pub backend: Backend,
    /// The database the server uses, for a command run beside it (`magistra import-directory`).
    pub database_url: String,
    pub mail_log: std::path::PathBuf,
    postgres_database: Option<(String, String)>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: tempfile::TempDir,
}

/// Options for [`TestApp::spawn_with`].
pub struct SpawnOptions {
    pub magistrates: usize,
    pub national_sessions: usize,
    pub deconcentrated_per_court: usize,
    pub environment: Environment,
    pub request_timeout: std::time::Duration,
    /// The built web client to serve at `/`, for the browser tests.
    pub web_dist: Option<std::path::PathBuf>,
    /// The demo magistrate's first year of history (trainings attended, a withdrawal, a publication).
    pub demo_history: bool,
    /// Reverse proxies whose `X-Forwarded-For` is believed.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How often a live subscription checks its token and account.
    pub live_recheck: std::time::Duration,
    /// `smtp://127.0.0.1:PORT` of a mail server started by the test; else the mail log.
    pub smtp_url: Option<String>,
    /// The bearer token `/metrics` asks for.
    pub metrics_token: Option<String>,
    /// What one address may ask of the public reads without logging in.
    pub visitor_rate: server::visitor_limit::VisitorRate,
    /// A PostgreSQL server to use instead of `MAGISTRA_TEST_POSTGRES` (a test's own).
    pub postgres_server: Option<String>,
    /// The demo's story of the year (`magistra seed`).
    pub story: bool,
    /// Single sign-on with an OpenID provider the test started.
    pub oidc: Option<server::auth::oidc::OidcSettings>,
    /// The port to listen on; 0 picks a free one (a test that must name the address beforehand,
    /// for an OpenID provider's redirect, picks it with [`free_port`]).
    pub port: u16,
}

impl Default for SpawnOptions {
    fn default() -> Self {
        Self {
            magistrates: 600,
            national_sessions: 0,
            deconcentrated_per_court: 0,
            environment: Environment::Test,
            request_timeout: std::time::Duration::from_secs(30),
            web_dist: None,
            demo_history: false,
            trusted_proxies: Vec::new(),
            live_recheck: std::time::Duration::from_secs(30),
            smtp_url: None,
            metrics_token: None,
            visitor_rate: Default::default(),
            postgres_server: None,
            story: false,
            oidc: None,
            port: 0,
        }
    }
}

impl TestApp {
    /// A server on `backend` with the small test seed, or `None` when PostgreSQL is asked for
    /// and `MAGISTRA_TEST_POSTGRES` is unset.
    pub async fn spawn(backend: Backend) -> Option<TestApp> {
        Self::spawn_with(backend, SpawnOptions::default()).await
    }

    pub async fn spawn_with(backend: Backend, options: SpawnOptions) -> Option<TestApp> {
        let dir = tempfile::tempdir().unwrap();
        let (database_url, postgres_database) = match backend {
            Backend::Sqlite => (format!("sqlite://{}?mode=rwc", dir.path().join("magistra.sqlite").display()), None),
            Backend::Postgres => {
                let server_url = match &options.postgres_server {
                    Some(url) => url.clone(),
                    None => std::env::var("MAGISTRA_TEST_POSTGRES").ok().filter(|v| !v.is_empty())?,
                };
                let server_url = server_url.trim_end_matches('/').to_owned();
                let name = format!("magistra_test_{}", uuid::Uuid::new_v4().simple());
                let admin = Database::connect(format!("{server_url}/postgres")).await.unwrap();
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
                admin.close().await.unwrap();
                (format!("{server_url}/{name}"), Some((server_url, name)))
            }
        };
        let mail_log = dir.path().join("mail.log");
        let settings = Settings {
            database_url: database_url.clone(),
            bind: std::net::SocketAddr::from(([127, 0, 0, 1], options.port)),
            environment: options.environment,
            jwt_secret: Secret::new(server::settings::random_secret()),
            demo_password: Secret::new(PASSWORD),
            smtp_url: options.smtp_url.clone().map(Secret::new),
            mail_from: "Magistra <test@magistra.test>".into(),
            mail_reply_to: Some("Formation continue <formation-continue@magistra.test>".into()),
            public_url: String::new(),
            mail_log: mail_log.clone(),
            confirmation_invitation_days: shared::rules::confirmation::DEFAULT_INVITATION_DAYS,
            sweep_interval: std::time::Duration::from_secs(3600),
            outbox_interval: std::time::Duration::from_millis(200),
            outbox_retry_base: std::time::Duration::from_secs(60),
            request_timeout: options.request_timeout,
            web_dist: options.web_dist.clone().unwrap_or_else(|| dir.path().join("no-web")),
            trusted_proxies: options.trusted_proxies.clone(),
            live_recheck: options.live_recheck,
            metrics_token: options.metrics_token.clone().map(Secret::new),
            visitor_rate: options.visitor_rate,
            oidc: options.oidc.clone(),
        };
        let clock = ManualClock::new(start_of_tests());
        let application = Application::build(settings, Arc::new(clock.clone())).await.unwrap();
        let state = application.state().clone();
        seed::seed(
            &state.db,
            &SeedOptions {
                magistrates: options.magistrates,
                national_sessions: options.national_sessions,
                deconcentrated_per_court: options.deconcentrated_per_court,
                first_year: 2027,
                password: Secret::new(PASSWORD),
                demo_history: options.demo_history,
                story: options.story,
            },
        )
        .await
        .unwrap();
        let address = application.address().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(application.run_until(async move {
            let _ = rx.await;
        }));
        Some(TestApp {
            base: format!("http://{address}"),
            client: reqwest::Client::new(),
            clock,
            state,
            backend,
            database_url,
            mail_log,
            postgres_database,
            shutdown: Some(tx),
            _dir: dir,
        })
    }

    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// Sends one GraphQL operation and returns the whole JSON answer.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let response = self.post_graphql(token, query, variables).await;
        assert_eq!(response.status(), 200, "GraphQL answers 200");
        response.json().await.unwrap()
    }

    /// Sends one GraphQL operation and returns the HTTP response as it came.
    pub async fn post_graphql(&self, token: Option<&str>, query: &str, variables: Value) -> reqwest::Response {
        let mut request =
            self.client.post(format!("{}/graphql", self.base)).json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        request.send().await.unwrap()
    }

    /// Sends an operation that must succeed and returns its `data`.
    pub async fn ok(&self, token: &str, query: &str, variables: Value) -> Value {
        let answer = self.gql(Some(token), query, variables).await;
        assert!(answer.get("errors").is_none(), "unexpected errors: {answer}");
        answer["data"].clone()
    }

    /// Sends an operation that must fail and returns the first error's code.
    pub async fn error_code(&self, token: Option<&str>, query: &str, variables: Value) -> String {
        let answer = self.gql(token, query, variables).await;
        answer["errors"][0]["extensions"]["code"]
            .as_str()
            .unwrap_or_else(|| panic!("expected an error, got {answer}"))
            .to_owned()
    }

    /// Logs in through the API.
    pub async fn login(&self, email: &str) -> String {
        let data = self
            .gql(
                None,
                "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
                json!({ "e": email, "p": PASSWORD }),
            )
            .await;
        data["data"]["login"]["token"].as_str().unwrap_or_else(|| panic!("login of {email} failed: {data}")).to_owned()
    }

    /// A token for a user, signed with the server's key, for setting up many actors quickly.
    pub fn token_for(&self, user_id: i64) -> String {
        self.state.keys.issue(user_id, Utc::now()).unwrap().0
    }

    pub async fn user_id(&self, email: &str) -> i64 {
        self.scalar_i64(&format!("SELECT id FROM users WHERE email = '{email}'")).await
    }

    /// Runs a query returning one integer.
    pub async fn scalar_i64(&self, sql: &str) -> i64 {
        scalar(self.db(), sql).await
    }

    /// Runs a statement that answers nothing.
    pub async fn execute(&self, sql: &str) {
        use sea_orm::ConnectionTrait;
        self.db().execute_unprepared(sql).await.unwrap();
    }

    /// Runs a query returning one text.
    pub async fn scalar_text(&self, sql: &str) -> String {
        let db = self.db();
        let row =
            db.query_one_raw(Statement::from_string(db.get_database_backend(), sql.to_owned())).await.unwrap().unwrap();
        row.try_get_by_index::<String>(0).unwrap()
    }

    /// Ids of `n` ordinary magistrates (not demo accounts, not heads).
    pub async fn plain_magistrates(&self, n: usize) -> Vec<i64> {
        let sql = format!(
            "SELECT u.id FROM users u JOIN magistrates m ON m.user_id = u.id \
             WHERE u.email NOT LIKE '%@demo.magistra.fr' \
             AND u.id NOT IN (SELECT user_id FROM role_assignments WHERE role <> 'MAGISTRATE') ORDER BY u.id LIMIT {n}"
        );
        let rows =
            self.db().query_all_raw(Statement::from_string(self.db().get_database_backend(), sql)).await.unwrap();
        rows.iter().map(|r| r.try_get_by_index::<i64>(0).unwrap()).collect()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some((server_url, name)) = self.postgres_database.take() {
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
                runtime.block_on(async {
                    if let Ok(admin) = Database::connect(format!("{server_url}/postgres")).await {
                        let _ = admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// Runs a test body on SQLite and on PostgreSQL (skipped, saying so, without `MAGISTRA_TEST_POSTGRES`).
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let app = $crate::TestApp::spawn($crate::Backend::Sqlite).await.expect("SQLite is always there");
                ($body)(app).await;
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let Some(app) = $crate::TestApp::spawn($crate::Backend::Postgres).await else {
                    eprintln!("skipped: MAGISTRA_TEST_POSTGRES is not set");
                    return;
                };
                ($body)(app).await;
            }
        }
    };
}

/// GraphQL operations the tests share.
pub mod ops {
    pub const CREATE_SESSION: &str = "mutation($i: SessionInput!) { createSession(input: $i) { id code status } }";
    pub const PUBLISH: &str = "mutation($id: ID!) { publishSession(id: $id) { id status } }";
    pub const SAVE_PROGRAMME: &str =
        "mutation($s: ID!, $i: ProgrammeInput!) { saveSessionProgramme(sessionId: $s, input: $i) { status } }";
    pub const PROPOSE_PROGRAMME: &str = "mutation($s: ID!) { proposeSessionProgramme(sessionId: $s) { status } }";
    pub const REVIEW_PROGRAMME: &str = "mutation($s: ID!, $v: Boolean!, $c: String) { reviewSessionProgramme(sessionId: $s, validate: $v, comment: $c) { status reviewComment } }";
    pub const APPLY: &str = "mutation($s: ID!, $r: Int!, $m: String) { apply(sessionId: $s, rank: $r, motivation: $m) { id status rank year } }";
    pub const DECIDE: &str = "mutation($s: ID!, $d: [DecisionInput!]!) { decideApplications(sessionId: $s, decisions: $d, confirmEarly: true) { id status confirmationDueDate waitlistPosition } }";
    pub const CONFIRM: &str = "mutation($a: ID!) { confirmParticipation(applicationId: $a) { id status confirmedAt } }";
    pub const WITHDRAW: &str = "mutation($a: ID!, $r: WithdrawalReason!, $d: String!) { withdraw(applicationId: $a, reason: $r, details: $d) { id status withdrawal { reason details serious } } }";
    pub const APPLICANTS: &str = "query($s: ID!) { sessionApplicants(sessionId: $s) { id rank status waitlistPosition confirmationDueDate magistrate { id displayName } observations { authority opinion comment author { displayName } } } }";
    pub const NOTIFICATIONS: &str = "{ notifications { id kind title body read applicationId } }";
    pub const SWEEP: &str = "mutation($at: DateTime) { runDeadlineSweep(asOf: $at) { lapsed promoted } }";
    pub const RECORD_ATTENDANCE: &str =
        "mutation($s: ID!, $e: [AttendanceInput!]!) { recordAttendance(sessionId: $s, entries: $e) { id status } }";
}

/// A session to create through the API, with sensible defaults around the test clock.
#[derive(Clone)]
pub struct SessionSpec {
    pub title: String,
    pub capacity: i32,
    pub start: NaiveDate,
    pub open: NaiveDate,
    pub close: NaiveDate,
    pub scope: &'static str,
    pub court_ids: Vec<String>,
    /// Functions of the reference list, by name.
    pub target_functions: Vec<&'static str>,
    /// Prise-de-fonction training (art. 126).
    pub onboarding: bool,
    /// `SESSION`, `INTERNSHIP`…
    pub format: &'static str,
}

impl Default for SessionSpec {
    fn default() -> Self {
        Self {
            title: "La justice pénale des mineurs".into(),
            capacity: 20,
            start: day(2027, 6, 14),
            open: day(2027, 1, 1),
            close: day(2027, 3, 31),
            scope: "NATIONAL",
            court_ids: Vec::new(),
            target_functions: Vec::new(),
            onboarding: false,
            format: "SESSION",
        }
    }
}

impl SessionSpec {
    pub fn input(&self) -> Value {
        json!({
            "title": self.title,
            "description": "Actualité législative et jurisprudentielle.",
            "format": self.format,
            "scope": self.scope,
            "courtIds": self.court_ids,
            "startDate": self.start.to_string(),
            "endDate": (self.start + chrono::Days::new(2)).to_string(),
            "durationDays": 3.0,
            "location": "ENM Paris",
            "capacity": self.capacity,
            "applicationsOpen": self.open.to_string(),
            "applicationsClose": self.close.to_string(),
            "targetFunctions": self.target_functions,
            "onboarding": self.onboarding,
        })
    }
}

impl TestApp {
    /// Creates and publishes a session as `token` (the School by default) and returns its id.
    pub async fn published_session(&self, token: &str, spec: SessionSpec) -> String {
        let created = self.ok(token, ops::CREATE_SESSION, json!({ "i": spec.input() })).await;
        let id = created["createSession"]["id"].as_str().unwrap().to_owned();
        if spec.scope == "NATIONAL" {
            self.validate_programme(&id, spec.start).await;
        }
        self.ok(token, ops::PUBLISH, json!({ "id": id })).await;
        id
    }

    /// Gives the national action `session_id`, starting on `start`, a one-sequence programme that
    /// the School proposes and the director of the School validates (art. 132), so that it may be
    /// published.
    pub async fn validate_programme(&self, session_id: &str, start: NaiveDate) {
        // Tokens signed here rather than logins, whose password hashing would slow every test.
        let school = self.token_for(self.user_id("ecole@demo.magistra.fr").await);
        let sequence =
            json!({ "day": start.to_string(), "halfDay": "MORNING", "title": "Ouverture", "speakerIds": [] });
        self.ok(&school, ops::SAVE_PROGRAMME, json!({ "s": session_id, "i": { "sequences": [sequence] } })).await;
        self.ok(&school, ops::PROPOSE_PROGRAMME, json!({ "s": session_id })).await;
        let director = self.token_for(self.user_id("directeur@demo.magistra.fr").await);
        self.ok(&director, ops::REVIEW_PROGRAMME, json!({ "s": session_id, "v": true, "c": null })).await;
    }

    /// Applies as `token` and returns the application id.
    pub async fn apply(&self, token: &str, session_id: &str, rank: i32) -> String {
        let data =
            self.ok(token, ops::APPLY, json!({ "s": session_id, "r": rank, "m": "Utile pour mes fonctions." })).await;
        data["apply"]["id"].as_str().unwrap().to_owned()
    }

    /// Decides one application as `token` and returns the application's new JSON.
    pub async fn decide(&self, token: &str, session_id: &str, application_id: &str, decision: &str) -> Value {
        let data = self
            .ok(
                token,
                ops::DECIDE,
                json!({ "s": session_id, "d": [{ "applicationId": application_id, "decision": decision }] }),
            )
            .await;
        data["decideApplications"][0].clone()
    }

    /// Counts audit rows for one entity.
    pub async fn audit_rows(&self, entity: &str, id: &str, action: &str) -> i64 {
        self.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE entity = '{entity}' AND entity_id = {id} AND action = '{action}'"
        ))
        .await
    }
}

impl TestApp {
    /// Moves the test clock to noon on `date`.
    pub fn set_today(&self, date: NaiveDate) {
        self.clock.set(Utc.from_utc_datetime(&date.and_hms_opt(12, 0, 0).unwrap()));
    }

    /// Records every half-day of `days` (from the session's start) for `application_id` as `present`.
    pub async fn record_days(
        &self,
        school: &str,
        session_id: &str,
        application_id: &str,
        start: NaiveDate,
        days: u64,
        present: bool,
    ) -> Value {
        let entries: Vec<Value> = (0..days)
            .flat_map(|d| {
                let date = (start + chrono::Days::new(d)).to_string();
                ["MORNING", "AFTERNOON"].map(|half| json!({ "applicationId": application_id, "date": date, "halfDay": half, "present": present }))
            })
            .collect();
        self.ok(school, ops::RECORD_ATTENDANCE, json!({ "s": session_id, "e": entries })).await
    }

    /// A session of three days from 14 June 2027 with `n` confirmed participants; returns the
    /// session, the participants' tokens and their applications.
    pub async fn confirmed_session(&self, n: usize) -> (String, Vec<String>, Vec<String>) {
        // Tokens signed here rather than logins, whose password hashing would slow every test.
        let school = self.token_for(self.user_id("ecole@demo.magistra.fr").await);
        let director = self.login("directeur@demo.magistra.fr").await;
        let session = self.published_session(&school, SessionSpec::default()).await;
        let tokens: Vec<String> = self.plain_magistrates(n).await.into_iter().map(|id| self.token_for(id)).collect();
        let mut apps = Vec::new();
        for token in &tokens {
            let application = self.apply(token, &session, 1).await;
            self.decide(&director, &session, &application, "SELECTED").await;
            self.ok(token, ops::CONFIRM, json!({ "a": application })).await;
            apps.push(application);
        }
        (session, tokens, apps)
    }

    /// GETs an export with a token; returns the status, the content type and the body.
    pub async fn export(&self, token: Option<&str>, path: &str) -> (u16, String, Vec<u8>) {
        let mut request = self.client.get(format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        let kind = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        (status, kind, response.bytes().await.unwrap().to_vec())
    }
}

/// Operations of the attendance and training-sheet tests.
pub mod records_ops {
    pub const SHEET: &str = "query($m: ID!, $y: Int!) { trainingSheet(magistrateId: $m, year: $y) { year daysCounted shortfallDays compliant \
        requested { status days session { title } } accepted { status } refused { status } attended { days session { title } } \
        withdrawn { withdrawalReason withdrawalDetails } deconcentrated { status } validatedActivities { title daysCredited } \
        obligations { kind article requiredDays countedDays shortfallDays met } transmissions { recipient } } }";
    pub const SUBMIT_EVALUATION: &str =
        "mutation($a: ID!, $i: EvaluationInput!) { submitEvaluation(applicationId: $a, input: $i) { submittedAt } }";
    pub const REQUEST_VALIDATION: &str =
        "mutation($i: ValidationRequestInput!) { requestValidation(input: $i) { id status daysRequested } }";
    pub const DECIDE_VALIDATION: &str = "mutation($id: ID!, $ok: Boolean!, $d: Float, $c: String) { decideValidation(id: $id, approved: $ok, daysCredited: $d, comment: $c) { status daysCredited } }";
    pub const TRANSMIT: &str = "mutation($y: Int!, $c: ID) { transmitTrainingSheets(year: $y, courtId: $c) { sheets transmissions alreadySent } }";
}

/// Another server process on the same database; it stops when dropped.
pub struct SecondServer {
    pub base: String,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

impl TestApp {
    /// Starts a second server on the same database and settings, as production runs several
    /// behind a load balancer.
    pub async fn second_server(&self) -> SecondServer {
        let application = Application::build(self.state.settings.clone(), Arc::new(self.clock.clone())).await.unwrap();
        let address = application.address().unwrap();
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(application.run_until(async move {
            let _ = rx.await;
        }));
        SecondServer { base: format!("http://{address}"), _shutdown: tx }
    }

    /// One GraphQL operation through the server at `base` (a [`SecondServer`]), which must answer
    /// without errors; the whole answer.
    pub async fn ok_at(&self, base: &str, token: &str, query: &str, variables: Value) -> Value {
        let body = json!({ "query": query, "variables": variables });
        let answer: Value = self
            .client
            .post(format!("{base}/graphql"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(answer.get("errors").is_none(), "{answer}");
        answer
    }
}
