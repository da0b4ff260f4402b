//! Typed settings read once from the environment; secrets are wrapped so they never reach a log.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::auth::oidc::OidcSettings;
use crate::visitor_limit::VisitorRate;

/// Where the server runs, which decides the defaults that touch security.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Test,
    Production,
}

impl Environment {
    fn parse(value: &str) -> anyhow::Result<Self> {
        match value {
            "development" => Ok(Self::Development),
            "test" => Ok(Self::Test),
            "production" => Ok(Self::Production),
            other => anyhow::bail!("MAGISTRA_ENV must be development, test or production, not {other:?}"),
        }
    }

    pub fn is_production(self) -> bool {
        self == Self::Production
    }
}

/// A secret that prints as `[hidden]`.
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[hidden]")
    }
}

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Settings {
    pub database_url: String,
    pub bind: SocketAddr,
    pub environment: Environment,
    pub jwt_secret: Secret,
    /// Password of every seeded account outside production.
    pub demo_password: Secret,
    /// `smtp://user:pass@host:port`; without it, e-mails are appended to `mail_log`.
    pub smtp_url: Option<Secret>,
    pub mail_from: String,
    /// Where answers to the School's e-mails go, and the organiser of its calendar invitations;
    /// the sender when unset.
    pub mail_reply_to: Option<String>,
    /// The address people open Magistra at, for the links in e-mails (`MAGISTRA_PUBLIC_URL`);
    /// empty: the address the server listens on.
    pub public_url: String,
    pub mail_log: PathBuf,
    /// Days before the due date that the invitation to confirm goes out (art. 131;
    /// `MAGISTRA_CONFIRMATION_INVITATION_DAYS`).
    pub confirmation_invitation_days: u32,
    /// How often the deadline sweep and the outbox worker run.
    pub sweep_interval: Duration,
    pub outbox_interval: Duration,
    /// The outbox's first wait after a temporary refusal (`shared::rules::delivery`).
    pub outbox_retry_base: Duration,
    /// Longest a request may take, body included (slow clients are cut off with 408).
    pub request_timeout: Duration,
    /// Where the built web client lives, served at `/`.
    pub web_dist: PathBuf,
    /// Reverse proxies whose `X-Forwarded-For` names the client (login throttling per address).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// How often a live subscription checks that its token and account are still valid.
    pub live_recheck: Duration,
    /// The bearer token `/metrics` asks for; without one, `/metrics` answers loopback callers only,
    /// and nobody in production.
    pub metrics_token: Option<Secret>,
    /// What one address may ask of the public reads without logging in.
    pub visitor_rate: VisitorRate,
    /// Single sign-on with the Ministry's OpenID provider; none: local passwords only.
    pub oidc: Option<OidcSettings>,
}

/// Lifetime of a login token.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(8 * 3600);

impl Settings {
    /// The School's mailbox that organises calendar invitations: the reply address, else the sender.
    pub fn organizer(&self) -> &str {
        self.mail_reply_to.as_deref().unwrap_or(&self.mail_from)
    }

    /// Reads `DATABASE_URL`, `MAGISTRA_BIND`, `MAGISTRA_ENV`, `MAGISTRA_JWT_SECRET`,
    /// `MAGISTRA_DEMO_PASSWORD`, `MAGISTRA_SMTP_URL`, `MAGISTRA_MAIL_FROM`, `MAGISTRA_MAIL_REPLY_TO`,
    /// `MAGISTRA_MAIL_LOG`,
    /// `MAGISTRA_WEB_DIST`, `MAGISTRA_TRUSTED_PROXIES` (comma-separated addresses),
    /// `MAGISTRA_METRICS_TOKEN`, `MAGISTRA_VISITOR_RATE` and `MAGISTRA_VISITOR_BURST` (requests per
    /// second and at once, per address, of the public reads), and for single sign-on
    /// `MAGISTRA_OIDC_ISSUER`, `MAGISTRA_OIDC_CLIENT_ID`, `MAGISTRA_OIDC_CLIENT_SECRET`,
    /// `MAGISTRA_OIDC_CLAIM` (`hr_id` by default) and `MAGISTRA_PUBLIC_URL` (the address people
    /// reach Magistra at, where the provider sends them back).
    pub fn from_env() -> anyhow::Result<Self> {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let environment = Environment::parse(&var("MAGISTRA_ENV").unwrap_or_else(|| "development".into()))?;
        let database_url = match var("DATABASE_URL") {
            Some(url) => url,
            None => {
                std::fs::create_dir_all("data")?;
                "sqlite://data/magistra.sqlite?mode=rwc".to_owned()
            }
        };
        let jwt_secret = match var("MAGISTRA_JWT_SECRET") {
            Some(secret) if secret.len() >= 32 => Secret::new(secret),
            Some(_) => anyhow::bail!("MAGISTRA_JWT_SECRET must be at least 32 characters long"),
            None if environment.is_production() => {
                anyhow::bail!("MAGISTRA_JWT_SECRET is required in production")
            }
            None => Secret::new(random_secret()),
        };
        Ok(Self {
            database_url,
            bind: var("MAGISTRA_BIND").unwrap_or_else(|| "127.0.0.1:8080".into()).parse()?,
            environment,
            jwt_secret,
            demo_password: Secret::new(var("MAGISTRA_DEMO_PASSWORD").unwrap_or_else(|| "magistra".into())),
            smtp_url: var("MAGISTRA_SMTP_URL").map(Secret::new),
            mail_from: var("MAGISTRA_MAIL_FROM").unwrap_or_else(|| "Magistra <ne-pas-repondre@enm.justice.fr>".into()),
            mail_reply_to: var("MAGISTRA_MAIL_REPLY_TO"),
            public_url: var("MAGISTRA_PUBLIC_URL").unwrap_or_default().trim_end_matches('/').to_owned(),
            mail_log: var("MAGISTRA_MAIL_LOG").unwrap_or_else(|| "data/mail.log".into()).into(),
            confirmation_invitation_days: number(
                var("MAGISTRA_CONFIRMATION_INVITATION_DAYS"),
                "MAGISTRA_CONFIRMATION_INVITATION_DAYS",
                shared::rules::confirmation::DEFAULT_INVITATION_DAYS,
            )?,
            sweep_interval: Duration::from_secs(3600),
            outbox_interval: Duration::from_secs(5),
            outbox_retry_base: Duration::from_secs(120),
            request_timeout: Duration::from_secs(30),
            web_dist: var("MAGISTRA_WEB_DIST").unwrap_or_else(|| "web/dist".into()).into(),
            live_recheck: Duration::from_secs(30),
            metrics_token: var("MAGISTRA_METRICS_TOKEN").map(Secret::new),
            visitor_rate: VisitorRate {
                per_second: number(
                    var("MAGISTRA_VISITOR_RATE"),
                    "MAGISTRA_VISITOR_RATE",
                    VisitorRate::default().per_second,
                )?,
                burst: number(var("MAGISTRA_VISITOR_BURST"), "MAGISTRA_VISITOR_BURST", VisitorRate::default().burst)?,
            },
            oidc: oidc_from_env(&var)?,
            trusted_proxies: match var("MAGISTRA_TRUSTED_PROXIES") {
                Some(list) => list
                    .split(',')
                    .map(|a| {
                        a.trim()
                            .parse()
                            .map_err(|_| anyhow::anyhow!("MAGISTRA_TRUSTED_PROXIES: `{a}` is not an address"))
                    })
                    .collect::<anyhow::Result<_>>()?,
                None => Vec::new(),
            },
        })
    }
}

impl Settings {
    /// The demo password, for `magistra seed`; refused in production, where no account may be
    /// opened with a known password (fail closed).
    pub fn demo_password_for_seed(&self) -> anyhow::Result<Secret> {
        if self.environment.is_production() {
            anyhow::bail!(
                "magistra seed crée des comptes de démonstration au mot de passe connu : refusé en production \
                 (MAGISTRA_ENV=production). Les personnes viennent de l’annuaire."
            );
        }
        Ok(self.demo_password.clone())
    }
}

/// The single sign-on settings: all of them or none; an issuer without the rest is an error.
fn oidc_from_env(var: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<Option<OidcSettings>> {
    let Some(issuer) = var("MAGISTRA_OIDC_ISSUER") else {
        return Ok(None);
    };
    let needed =
        |name: &str| var(name).ok_or_else(|| anyhow::anyhow!("MAGISTRA_OIDC_ISSUER is set: {name} is needed too"));
    let public_url = needed("MAGISTRA_PUBLIC_URL")?;
    Ok(Some(OidcSettings {
        issuer,
        client_id: needed("MAGISTRA_OIDC_CLIENT_ID")?,
        client_secret: Secret::new(needed("MAGISTRA_OIDC_CLIENT_SECRET")?),
        claim: var("MAGISTRA_OIDC_CLAIM").unwrap_or_else(|| "hr_id".into()),
        redirect_url: format!("{}/auth/oidc/callback", public_url.trim_end_matches('/')),
    }))
}

/// A positive whole number from the environment, or `default` when unset.
fn number(value: Option<String>, name: &str, default: u32) -> anyhow::Result<u32> {
    match value {
        None => Ok(default),
        Some(text) => match text.trim().parse::<u32>() {
            Ok(n) if n > 0 => Ok(n),
            _ => anyhow::bail!("{name}: `{text}` is not a positive whole number"),
        },
    }
}

/// 48 random alphanumeric characters, for a development signing key.
pub fn random_secret() -> String {
    use rand::{distributions::Alphanumeric, Rng};
    rand::thread_rng().sample_iter(&Alphanumeric).take(48).map(char::from).collect()
}
