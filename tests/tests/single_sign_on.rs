//! Single sign-on with OpenID Connect (issue 16), end to end against a real OpenID provider started
//! on loopback (npm oidc-provider, `tests/oidc/provider.mjs`), through the real server on both
//! databases: the authorization code flow with PKCE signs in the person whose HR identifier the
//! provider vouches for — never the one with the e-mail it gives — and takes them back where they
//! were going; an unknown identifier is refused and no account is created; a disabled account is
//! refused; a forged token, a token for another audience, an expired one, one with another
//! request's nonce, a used sign-in, a replayed code and a sign-in finished in another browser than
//! the one that began it (login CSRF) are all refused; the token never travels in an address, and
//! a destination that is not Magistra's is not followed.

use serde_json::{json, Value};
use server::auth::oidc::OidcSettings;
use server::settings::Secret;
use tests::oidc::{Provider, Walker, CLIENT_ID, CLIENT_SECRET};
use tests::{free_port, Backend, SpawnOptions, TestApp};

/// The demo magistrate's HR identifier, given for the test.
const HR_ID: &str = "RH-000042";

/// Magistra with single sign-on through a provider started for it.
async fn app_with_provider(backend: Backend) -> Option<(TestApp, Provider)> {
    let (port, provider_port) = (free_port(), free_port());
    let redirect = format!("http://127.0.0.1:{port}/auth/oidc/callback");
    let oidc = OidcSettings {
        issuer: format!("http://127.0.0.1:{provider_port}"),
        client_id: CLIENT_ID.into(),
        client_secret: Secret::new(CLIENT_SECRET),
        claim: "hr_id".into(),
        redirect_url: redirect.clone(),
    };
    let options = SpawnOptions { oidc: Some(oidc), port, magistrates: 20, ..SpawnOptions::default() };
    let app = TestApp::spawn_with(backend, options).await?;
    let provider = Provider::start(provider_port, &redirect, HR_ID).await;
    app.execute(&format!("UPDATE users SET hr_id = '{HR_ID}' WHERE email = 'magistrat@demo.magistra.fr'")).await;
    Some((app, provider))
}

/// Starts a sign-in at Magistra as `hint` and walks it through the provider: the address the
/// provider sends the browser back to (Magistra's callback, with a code and the state).
async fn through_the_provider(app: &TestApp, walker: &mut Walker, hint: &str) -> String {
    through_the_provider_to(app, walker, hint, "/mes-voeux").await
}

/// The same, with `suite` as the address to come back to.
async fn through_the_provider_to(app: &TestApp, walker: &mut Walker, hint: &str, suite: &str) -> String {
    let (status, authorize) = walker.get(&format!("{}/auth/oidc/login?suite={suite}", app.base)).await;
    assert_eq!(status, 303, "Magistra sends the browser to the provider");
    let authorize = authorize.unwrap();
    assert!(authorize.contains("code_challenge_method=S256") && authorize.contains("nonce="), "{authorize}");
    assert!(!authorize.contains("code_verifier"), "the verifier stays on the server: {authorize}");
    let callback = walker.follow_until(&format!("{authorize}&login_hint={hint}"), &app.base).await;
    assert!(callback.starts_with(&format!("{}/auth/oidc/callback?code=", app.base)), "{callback}");
    callback
}

/// Where Magistra's callback sends `walker`.
async fn landing(app: &TestApp, walker: &mut Walker, callback: &str) -> String {
    let (status, location) = walker.get(callback).await;
    assert_eq!(status, 303, "{callback}");
    location.unwrap().trim_start_matches(&app.base).to_owned()
}

fn state_of(url: &str) -> String {
    let url = reqwest::Url::parse(url).unwrap();
    url.query_pairs().find(|(k, _)| k == "state").map(|(_, v)| v.into_owned()).unwrap()
}

async fn signing_in_through_the_ministry_provider(backend: Backend) {
    let Some((app, provider)) = app_with_provider(backend).await else { return };
    let offered = app.gql(None, "{ singleSignOn }", json!({})).await;
    assert_eq!(offered["data"]["singleSignOn"], true, "the login page offers it: {offered}");

    // The person the provider vouches for, by HR identifier, back where they were going.
    let mut walker = Walker::new();
    let callback = through_the_provider(&app, &mut walker, HR_ID).await;
    // Login CSRF: the provider's answer followed in another browser than the one that started it.
    let elsewhere = landing(&app, &mut Walker::new(), &callback).await;
    assert_eq!(elsewhere, "/connexion?sso=echec", "a sign-in is finished only in the browser that began it");
    let landed = landing(&app, &mut walker, &callback).await;
    assert_eq!(landed, "/connexion?sso=ok&suite=%2Fmes-voeux", "no token in the address");
    let token = walker.cookie("magistra_jeton").expect("the token, in a short-lived cookie for the client");
    let token = token.as_str();
    let me = app.ok(token, "{ me { email } }", json!({})).await;
    assert_eq!(me["me"]["email"], "magistrat@demo.magistra.fr", "matched on the HR identifier, not the e-mail claim");

    // A destination that is not Magistra's is dropped (open redirect).
    for elsewhere in ["//evil.example", "/%5Cevil.example", "/%09/evil.example", "https://evil.example"] {
        let mut browser = Walker::new();
        let callback = through_the_provider_to(&app, &mut browser, HR_ID, elsewhere).await;
        assert_eq!(landing(&app, &mut browser, &callback).await, "/connexion?sso=ok", "{elsewhere} is not followed");
    }

    // The same sign-in once more: its state is used up.
    assert_eq!(landing(&app, &mut walker, &callback).await, "/connexion?sso=echec", "a sign-in is finished once");

    // A replayed code, under a new sign-in's state: the provider refuses it (invalid_grant).
    let mut replayer = Walker::new();
    let (_, fresh) = replayer.get(&format!("{}/auth/oidc/login", app.base)).await;
    let code = reqwest::Url::parse(&callback).unwrap().query_pairs().find(|(k, _)| k == "code").unwrap().1.into_owned();
    let replay = format!("{}/auth/oidc/callback?code={code}&state={}", app.base, state_of(&fresh.unwrap()));
    assert_eq!(landing(&app, &mut replayer, &replay).await, "/connexion?sso=echec", "a code serves once");

    // An identifier no account has: refused, and no account is created.
    let accounts = app.scalar_i64("SELECT COUNT(*) FROM users").await;
    let mut walker = Walker::new();
    let callback = through_the_provider(&app, &mut walker, "RH-INCONNU").await;
    assert_eq!(landing(&app, &mut walker, &callback).await, "/connexion?sso=inconnu");
    assert_eq!(app.scalar_i64("SELECT COUNT(*) FROM users").await, accounts, "no account made on the fly");

    // Tokens that must not pass: each refused, nobody signed in.
    for mode in ["forged", "audience", "expired", "nonce"] {
        provider.set_mode(mode).await;
        let mut walker = Walker::new();
        let callback = through_the_provider(&app, &mut walker, HR_ID).await;
        assert_eq!(
            landing(&app, &mut walker, &callback).await,
            "/connexion?sso=echec",
            "an ID token {mode} is refused"
        );
    }
    provider.set_mode("normal").await;

    // A disabled account is told so.
    app.execute(&format!("UPDATE users SET active = FALSE WHERE hr_id = '{HR_ID}'")).await;
    let mut walker = Walker::new();
    let callback = through_the_provider(&app, &mut walker, HR_ID).await;
    assert_eq!(landing(&app, &mut walker, &callback).await, "/connexion?sso=desactive");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_through_the_ministry_provider_on_sqlite() {
    signing_in_through_the_ministry_provider(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_through_the_ministry_provider_on_postgres() {
    signing_in_through_the_ministry_provider(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_provider_only_local_passwords_are_offered() {
    let app = TestApp::spawn(Backend::Sqlite).await.unwrap();
    let offered: Value = app.gql(None, "{ singleSignOn }", json!({})).await;
    assert_eq!(offered["data"]["singleSignOn"], false);
    let response = app.client.get(format!("{}/auth/oidc/login", app.base)).send().await.unwrap();
    assert_eq!(response.status(), 404);
}
