//! The administrator's work and each person's own access (issue 16), through the real server on
//! both databases: find a person and read their postings and roles; grant a role with its scope,
//! then see it used, then revoke it; disable an account; maintain the list of functions; upload
//! the directory, preview it and import exactly what was previewed; a person changes their
//! password and downloads their own data; art. 134 notices go to the magistrate's own head of
//! court only. Nobody but the administrator gets any of the administrator's answers.

use serde_json::{json, Value};
use tests::{ops, Backend, SessionSpec, TestApp};

const FIND: &str = "query($s: String!) { people(search: $s) { id displayName email identifier active } }";
const PERSON: &str = "query($id: ID!) { person(id: $id) { account { id active } career { functionTitle bench } \
    postings { assignment functionId bench startedOn endedOn jurisdiction { name } } grants { id role court { name } } } }";
const GRANT: &str = "mutation($u: ID!, $r: Role!, $c: ID, $j: ID) { grantRole(userId: $u, role: $r, courtId: $c, jurisdictionId: $j) { id role court { name } } }";
const REVOKE: &str = "mutation($g: ID!) { revokeRole(grantId: $g) { id } }";
const BUDGET: &str = "query($c: ID!) { courtBudget(courtId: $c, year: 2027) { remainingCents } }";
const HEADER: &str =
    "identifiant;nom;prenom;courriel;affectation;fonction;siege_parquet;depuis;recrutement;nomination;evaluateur";

fn code(answer: &Value) -> &str {
    answer["errors"][0]["extensions"]["code"].as_str().unwrap_or("")
}

async fn upload(app: &TestApp, token: &str, path: &str, body: &str) -> (u16, Value) {
    let response = app
        .client
        .post(format!("{}{path}", app.base))
        .bearer_auth(token)
        .header("content-type", "text/csv; charset=utf-8")
        .body(body.to_owned())
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.json().await.unwrap_or(Value::Null))
}

async fn the_administrator_manages_people_and_each_person_their_own_access(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.login("admin@demo.magistra.fr").await;
    let director = app.login("directeur@demo.magistra.fr").await;
    let magistrate_token = app.login("magistrat@demo.magistra.fr").await;
    let magistrate = app.user_id("magistrat@demo.magistra.fr").await.to_string();

    // Find a person and read their career: the demo magistrate took up a new function.
    let found = app.ok(&admin, FIND, json!({ "s": "magistrat@demo" })).await;
    assert!(found["people"].as_array().unwrap().iter().any(|p| p["id"] == magistrate.as_str()), "{found}");
    let detail = app.ok(&admin, PERSON, json!({ "id": magistrate })).await["person"].clone();
    assert_eq!(detail["career"]["functionTitle"], "Juge des enfants");
    assert_eq!(detail["career"]["bench"], "SIEGE");
    let postings = detail["postings"].as_array().unwrap();
    assert!(postings.last().unwrap()["endedOn"].is_null(), "the current posting is open: {detail}");
    assert!(detail["grants"].as_array().unwrap().iter().any(|g| g["role"] == "MAGISTRATE"));
    for (token, who) in [(&director, "director"), (&magistrate_token, "magistrate")] {
        assert_eq!(code(&app.gql(Some(token), FIND, json!({ "s": "a" })).await), "FORBIDDEN", "{who} lists people");
        assert_eq!(code(&app.gql(Some(token), PERSON, json!({ "id": magistrate })).await), "FORBIDDEN");
        let grant = app.gql(Some(token), GRANT, json!({ "u": magistrate, "r": "ADMIN" })).await;
        assert_eq!(code(&grant), "FORBIDDEN", "{who} grants a role");
        let (status, _) = upload(&app, token, "/admin/directory/preview", HEADER).await;
        assert_eq!(status, 403, "{who} uploads the directory");
    }

    // A role granted with its scope, then used, then revoked.
    let grenoble = app.scalar_i64("SELECT id FROM courts WHERE name = 'Grenoble'").await.to_string();
    assert_eq!(code(&app.gql(Some(&magistrate_token), BUDGET, json!({ "c": grenoble })).await), "FORBIDDEN");
    let no_court = app.gql(Some(&admin), GRANT, json!({ "u": magistrate, "r": "TRAINING_DELEGATE" })).await;
    assert_eq!(code(&no_court), "VALIDATION", "a delegate is named for a court: {no_court}");
    let granted = app.ok(&admin, GRANT, json!({ "u": magistrate, "r": "TRAINING_DELEGATE", "c": grenoble })).await;
    assert_eq!(granted["grantRole"]["court"]["name"], "Grenoble");
    let again = app.gql(Some(&admin), GRANT, json!({ "u": magistrate, "r": "TRAINING_DELEGATE", "c": grenoble })).await;
    assert_eq!(code(&again), "CONFLICT");
    let magistrate_token = app.login("magistrat@demo.magistra.fr").await;
    let budget = app.gql(Some(&magistrate_token), BUDGET, json!({ "c": grenoble })).await;
    assert!(budget["errors"].is_null(), "the new delegate reads Grenoble's budget: {budget}");
    let grant_id = granted["grantRole"]["id"].as_str().unwrap().to_owned();
    app.ok(&admin, REVOKE, json!({ "g": grant_id })).await;
    assert_eq!(code(&app.gql(Some(&magistrate_token), BUDGET, json!({ "c": grenoble })).await), "FORBIDDEN");
    let admin_id = app.user_id("admin@demo.magistra.fr").await;
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('role.grant', 'role.revoke') AND actor_id = {admin_id}"
        ))
        .await,
        2,
        "each change audited with its author"
    );
    let own_admin =
        app.scalar_i64(&format!("SELECT id FROM role_assignments WHERE user_id = {admin_id} AND role = 'ADMIN'")).await;
    assert_eq!(code(&app.gql(Some(&admin), REVOKE, json!({ "g": own_admin.to_string() })).await), "VALIDATION");

    // An account disabled can no longer be used; the administrator cannot disable their own.
    let disable = "mutation($u: ID!, $a: Boolean!) { setAccountActive(userId: $u, active: $a) { active } }";
    let other = app.plain_magistrates(1).await[0];
    let other_token = app.token_for(other);
    app.ok(&admin, disable, json!({ "u": other.to_string(), "a": false })).await;
    assert_eq!(code(&app.gql(Some(&other_token), "{ me { id } }", json!({})).await), "UNAUTHENTICATED");
    app.ok(&admin, disable, json!({ "u": other.to_string(), "a": true })).await;
    assert!(app.gql(Some(&other_token), "{ me { id } }", json!({})).await["errors"].is_null());
    assert_eq!(
        code(&app.gql(Some(&admin), disable, json!({ "u": admin_id.to_string(), "a": false })).await),
        "VALIDATION"
    );

    // The list of functions: added, refused twice (apostrophes aside), renamed on careers.
    let save = "mutation($id: ID, $n: String!) { saveFunction(id: $id, name: $n) { id name } }";
    let added = app.ok(&admin, save, json!({ "n": "Juge des référés" })).await;
    assert_eq!(code(&app.gql(Some(&admin), save, json!({ "n": "juge d'instruction" })).await), "CONFLICT");
    assert_eq!(code(&app.gql(Some(&director), save, json!({ "n": "Juge du livre foncier" })).await), "FORBIDDEN");
    let functions = app.ok(&director, "{ functions { name } }", json!({})).await;
    assert!(functions["functions"].as_array().unwrap().iter().any(|f| f["name"] == "Juge des référés"));
    let id = added["saveFunction"]["id"].as_str().unwrap();
    app.ok(&admin, save, json!({ "id": id, "n": "Juge des référés civils" })).await;

    // The directory uploaded, previewed, then imported exactly as previewed.
    let file = format!(
        "{HEADER}\nU001;Vidal;Nina;nina.vidal@justice.fr;Tribunal judiciaire de Grenoble;Juge des référés civils;SIEGE;2026-09-01;COMPETITION;2016-09-01;\n\
         U002;Perrin;Hugo;hugo.perrin@justice.fr;Cour d’appel de Grenoble;Substitut général;PARQUET;2025-09-01;ARTICLE_22;2024-09-01;U001"
    );
    let (status, bad) =
        upload(&app, &admin, "/admin/directory/preview", &file.replace("Grenoble;Juge", "Grenobl;Juge")).await;
    assert_eq!(status, 422, "{bad}");
    assert_eq!(bad["errors"][0]["line"], 2);
    assert_eq!(bad["errors"][0]["reason"], "affectation inconnue « Tribunal judiciaire de Grenobl »");
    let (status, preview) = upload(&app, &admin, "/admin/directory/preview", &file).await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(preview["created"].as_array().unwrap().len(), 2);
    assert_eq!(preview["created"][1]["assignment"], "Cour d’appel de Grenoble");
    assert_eq!(
        app.scalar_i64("SELECT COUNT(*) FROM users WHERE hr_id IS NOT NULL").await,
        0,
        "a preview writes nothing"
    );
    let sha = preview["sha256"].as_str().unwrap().to_owned();
    let (status, _) =
        upload(&app, &admin, &format!("/admin/directory/import?sha256={sha}"), &file.replace("Hugo", "Hugues")).await;
    assert_eq!(status, 409, "another file than the one previewed");
    let (status, done) = upload(&app, &admin, &format!("/admin/directory/import?sha256={sha}"), &file).await;
    assert_eq!(status, 200, "{done}");
    assert!(done["importId"].is_number(), "{done}");
    assert_eq!(
        app.scalar_i64(&format!("SELECT COUNT(*) FROM directory_imports WHERE author_id = {admin_id}")).await,
        1
    );
    let (_, again) = upload(&app, &admin, &format!("/admin/directory/import?sha256={sha}"), &file).await;
    assert!(again["importId"].is_null() && again["unchanged"] == 2, "the same file again changes nothing: {again}");

    // A person changes their local password: twelve characters at least, the present one checked.
    let change = "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }";
    let short = app.gql(Some(&magistrate_token), change, json!({ "c": tests::PASSWORD, "n": "court" })).await;
    assert_eq!(code(&short), "VALIDATION", "{short}");
    let wrong =
        app.gql(Some(&magistrate_token), change, json!({ "c": "pas le bon", "n": "un mot de passe long" })).await;
    assert_eq!(code(&wrong), "VALIDATION", "{wrong}");
    app.ok(&magistrate_token, change, json!({ "c": tests::PASSWORD, "n": "un mot de passe long" })).await;
    let login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
    let old = app.gql(None, login, json!({ "e": "magistrat@demo.magistra.fr", "p": tests::PASSWORD })).await;
    assert_eq!(code(&old), "UNAUTHENTICATED");
    let new = app.gql(None, login, json!({ "e": "magistrat@demo.magistra.fr", "p": "un mot de passe long" })).await;
    assert!(new["data"]["login"]["token"].is_string(), "{new}");

    // Art. 134: a magistrate of the bench who withdraws without a serious reason is reported to the
    // premier président, not to the procureur général.
    let school = app.login("ecole@demo.magistra.fr").await;
    let session = app.published_session(&school, SessionSpec::default()).await;
    let application = app.apply(&magistrate_token, &session, 1).await;
    app.decide(&director, &session, &application, "SELECTED").await;
    app.ok(&magistrate_token, ops::WITHDRAW, json!({ "a": application, "r": "OTHER", "d": "Convenance personnelle." }))
        .await;
    let assess =
        "mutation($a: ID!) { assessWithdrawal(applicationId: $a, serious: false, notifyHeadOfCourt: true) { id } }";
    app.ok(&school, assess, json!({ "a": application })).await;
    let notices = |email: &'static str| {
        let app = &app;
        async move {
            let token = app.login(email).await;
            let all = app.ok(&token, ops::NOTIFICATIONS, json!({})).await;
            all["notifications"].as_array().unwrap().iter().filter(|n| n["kind"] == "UNJUSTIFIED_WITHDRAWAL").count()
        }
    };
    assert_eq!(notices("chef-cour@demo.magistra.fr").await, 1, "the premier président, for the bench");
    assert_eq!(notices("chef-cour-parquet@demo.magistra.fr").await, 0, "not the procureur général");

    // Everything Magistra holds on the magistrate, for them alone.
    let data = app.ok(&magistrate_token, "{ myData }", json!({})).await["myData"].clone();
    assert_eq!(data["profil"]["courriel"], "magistrat@demo.magistra.fr");
    assert!(!data["affectations"].as_array().unwrap().is_empty());
    let wishes = app.scalar_i64(&format!("SELECT COUNT(*) FROM applications WHERE magistrate_id = {magistrate}")).await;
    assert_eq!(data["voeux_et_decisions"].as_array().unwrap().len() as i64, wishes);
    assert!(data["journal"].as_array().unwrap().iter().any(|e| e["action"] == "auth.change_password"), "{data}");
    assert!(!data.to_string().contains("argon2"), "no password hash in the export");
    assert_eq!(code(&app.gql(None, "{ myData }", json!({})).await), "UNAUTHENTICATED");
    // The same as a file to keep (« Mes données » in « Mon compte »), for the caller only.
    let file = app
        .client
        .get(format!("{}/export/my-data.json", app.base))
        .bearer_auth(&magistrate_token)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status(), 200);
    let disposition = file.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment; filename=\"mes-donnees-"), "{disposition}");
    let kept: Value = file.json().await.unwrap();
    assert_eq!(kept["profil"]["courriel"], "magistrat@demo.magistra.fr");
    assert_eq!(kept["affectations"], data["affectations"]);
    let anonymous = app.client.get(format!("{}/export/my-data.json", app.base)).send().await.unwrap();
    assert_eq!(anonymous.status(), 401);
    // What the administrator did to others' records is theirs, not the administrator's to export.
    let own = app.ok(&admin, "{ myData }", json!({})).await["myData"]["journal"].clone();
    assert!(!own.to_string().contains("role.grant"), "{own}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrator_manages_people_and_each_person_their_own_access_on_sqlite() {
    the_administrator_manages_people_and_each_person_their_own_access(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrator_manages_people_and_each_person_their_own_access_on_postgres() {
    the_administrator_manages_people_and_each_person_their_own_access(Backend::Postgres).await;
}

const CREATE_ACCOUNT: &str = "mutation($n: String!, $e: String!, $i: String) { createAccount(displayName: $n, email: $e, identifier: $i) { id displayName email identifier active } }";
const SET_IDENTIFIER: &str =
    "mutation($u: ID!, $i: String!) { setAccountIdentifier(userId: $u, identifier: $i) { id identifier } }";

async fn the_administrator_opens_accounts_outside_the_directory(backend: Backend) {
    let Some(app) = TestApp::spawn(backend).await else { return };
    let admin = app.login("admin@demo.magistra.fr").await;
    let school = app.login("ecole@demo.magistra.fr").await;
    let vars = json!({ "n": "Claire Martin", "e": " Claire.Martin@Justice.fr ", "i": "RH-ENM-7" });
    assert_eq!(code(&app.gql(Some(&school), CREATE_ACCOUNT, vars.clone()).await), "FORBIDDEN");

    // A member of the School's staff: an account with its identifier, no password, no role yet.
    let created = app.ok(&admin, CREATE_ACCOUNT, vars.clone()).await["createAccount"].clone();
    assert_eq!(created["email"], "claire.martin@justice.fr");
    assert_eq!(created["identifier"], "RH-ENM-7");
    let id = created["id"].as_str().unwrap().to_owned();
    let login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }";
    for password in ["", "!", "magistra"] {
        let attempt = app.gql(None, login, json!({ "e": "claire.martin@justice.fr", "p": password })).await;
        assert_eq!(code(&attempt), "UNAUTHENTICATED", "no local password: {password:?}");
    }
    assert_eq!(app.scalar_i64(&format!("SELECT COUNT(*) FROM role_assignments WHERE user_id = {id}")).await, 0);
    assert_eq!(
        app.scalar_i64(&format!("SELECT COUNT(*) FROM audit_log WHERE action = 'user.create' AND entity_id = {id}"))
            .await,
        1
    );

    // The same e-mail or identifier twice is refused, and bad input says what to correct.
    assert_eq!(code(&app.gql(Some(&admin), CREATE_ACCOUNT, vars).await), "CONFLICT");
    let taken = json!({ "n": "Paul Martin", "e": "paul.martin@justice.fr", "i": "RH-ENM-7" });
    assert_eq!(code(&app.gql(Some(&admin), CREATE_ACCOUNT, taken).await), "CONFLICT");
    let bad = json!({ "n": "Paul Martin", "e": "paul.martin@", "i": null });
    assert_eq!(code(&app.gql(Some(&admin), CREATE_ACCOUNT, bad).await), "VALIDATION");

    // An account without identifier gets one, once; a directory's identifier is not changed here.
    let later = json!({ "n": "Paul Martin", "e": "paul.martin@justice.fr", "i": null });
    let paul = app.ok(&admin, CREATE_ACCOUNT, later).await["createAccount"]["id"].as_str().unwrap().to_owned();
    let given = app.ok(&admin, SET_IDENTIFIER, json!({ "u": paul, "i": "RH-ENM-8" })).await;
    assert_eq!(given["setAccountIdentifier"]["identifier"], "RH-ENM-8");
    assert_eq!(code(&app.gql(Some(&admin), SET_IDENTIFIER, json!({ "u": paul, "i": "RH-ENM-9" })).await), "VALIDATION");
    let other = app.user_id("delegue@demo.magistra.fr").await.to_string();
    assert_eq!(code(&app.gql(Some(&admin), SET_IDENTIFIER, json!({ "u": other, "i": "RH-ENM-8" })).await), "CONFLICT");
    assert_eq!(code(&app.gql(Some(&school), SET_IDENTIFIER, json!({ "u": other, "i": "RH-X" })).await), "FORBIDDEN");
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'user.identifier' AND entity_id = {paul}"
        ))
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrator_opens_accounts_outside_the_directory_on_sqlite() {
    the_administrator_opens_accounts_outside_the_directory(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_administrator_opens_accounts_outside_the_directory_on_postgres() {
    the_administrator_opens_accounts_outside_the_directory(Backend::Postgres).await;
}
