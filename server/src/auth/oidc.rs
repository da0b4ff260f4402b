//! Single sign-on with OpenID Connect (issue 16), as a relying party: the authorization code flow
//! with PKCE (S256), the provider found by discovery, and the ID token checked — its RS256
//! signature against the provider's published keys, its issuer, its audience (this client), its
//! expiry and its nonce. A sign-in's state, nonce, PKCE verifier and destination travel as a
//! [`Flow`] signed by the server (HS256, a key of its own derived from the login secret) in an
//! HttpOnly cookie of the browser that began it, for [`FLOW_LIFETIME`] at most: any of the server's
//! processes can finish it, and none holds memory an anonymous caller could fill. The code is
//! single-use at the provider, so a flow replayed gets nothing. The person is the one whose HR
//! identifier equals the configured claim (`MAGISTRA_OIDC_CLAIM`, `hr_id` by default), never the
//! one with the e-mail; `crate::sso` answers the browser.

use std::time::Duration;

use base64::Engine;
use jsonwebtoken::jwk::JwkSet;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::distributions::Alphanumeric;
use rand::Rng;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::sync::RwLock;

use crate::settings::Secret;

/// How long a sign-in may take at the provider.
pub const FLOW_LIFETIME: Duration = Duration::from_secs(600);
/// The audience of a signed flow, so that it can never pass for anything else.
const FLOW_AUDIENCE: &str = "magistra-sso-flow";
/// How long a call to the provider may take.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);
/// Clock difference tolerated on the token's times.
const LEEWAY_SECONDS: u64 = 60;

/// `MAGISTRA_OIDC_*`: the provider, this client's registration there, and the claim that holds the
/// HR identifier.
#[derive(Clone, Debug)]
pub struct OidcSettings {
    pub issuer: String,
    pub client_id: String,
    pub client_secret: Secret,
    pub claim: String,
    /// Where the provider sends the person back: `<MAGISTRA_PUBLIC_URL>/auth/oidc/callback`.
    pub redirect_url: String,
}

/// Why a sign-in did not go through; logged, and told to the person in general terms.
#[derive(Debug, thiserror::Error)]
pub enum SignInError {
    #[error("the provider cannot be reached or answered badly: {0}")]
    Provider(String),
    #[error("unknown, used or expired sign-in request")]
    State,
    #[error("the ID token is not acceptable: {0}")]
    Token(String),
}

/// The provider's addresses, from its discovery document.
#[derive(Clone, Deserialize)]
struct Discovery {
    issuer: String,
    authorization_endpoint: String,
    token_endpoint: String,
    jwks_uri: String,
}

/// A sign-in sent to the provider and not yet back, as the browser keeps it (signed).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Flow {
    pub state: String,
    nonce: String,
    verifier: String,
    pub next: Option<String>,
    aud: String,
    exp: i64,
}

/// What a finished sign-in gives: the HR identifier, and where the person was going.
#[derive(Debug)]
pub struct SignedIn {
    pub hr_id: String,
    pub next: Option<String>,
}

pub struct OidcClient {
    settings: OidcSettings,
    http: reqwest::Client,
    discovery: RwLock<Option<Discovery>>,
    keys: RwLock<Option<JwkSet>>,
    flow_signing: EncodingKey,
    flow_checking: DecodingKey,
}

fn random(length: usize) -> String {
    rand::thread_rng().sample_iter(&Alphanumeric).take(length).map(char::from).collect()
}

/// Percent-encoding of everything but the unreserved characters (RFC 3986), as forms want it.
pub fn form_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The PKCE challenge of `verifier` (RFC 7636, S256).
pub fn challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

fn provider_error(error: impl std::fmt::Display) -> SignInError {
    SignInError::Provider(error.to_string())
}

impl OidcClient {
    /// The client; flows are signed with a key derived from `secret` (the login tokens' own).
    pub fn new(settings: OidcSettings, secret: &Secret) -> anyhow::Result<Self> {
        let flow_key = Sha256::digest(format!("{FLOW_AUDIENCE}:{}", secret.expose()).as_bytes());
        let http =
            reqwest::Client::builder().timeout(PROVIDER_TIMEOUT).redirect(reqwest::redirect::Policy::none()).build()?;
        Ok(Self {
            settings,
            http,
            discovery: RwLock::new(None),
            keys: RwLock::new(None),
            flow_signing: EncodingKey::from_secret(&flow_key),
            flow_checking: DecodingKey::from_secret(&flow_key),
        })
    }

    /// A JSON document the provider publishes.
    async fn get_json<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<T, SignInError> {
        let answer = self.http.get(url).send().await.and_then(reqwest::Response::error_for_status);
        answer.map_err(provider_error)?.json().await.map_err(provider_error)
    }

    /// The discovery document, read once; its issuer must be the configured one exactly.
    async fn discovery(&self) -> Result<Discovery, SignInError> {
        if let Some(found) = self.discovery.read().await.clone() {
            return Ok(found);
        }
        let url = format!("{}/.well-known/openid-configuration", self.settings.issuer.trim_end_matches('/'));
        let found: Discovery = self.get_json(&url).await?;
        if found.issuer != self.settings.issuer {
            return Err(SignInError::Provider(format!("discovery names the issuer {}", found.issuer)));
        }
        *self.discovery.write().await = Some(found.clone());
        Ok(found)
    }

    /// The provider's signing keys; read again when a token names a key not seen yet.
    async fn key(&self, kid: Option<&str>, discovery: &Discovery) -> Result<DecodingKey, SignInError> {
        for fresh in [false, true] {
            if fresh || self.keys.read().await.is_none() {
                let set: JwkSet = self.get_json(&discovery.jwks_uri).await?;
                *self.keys.write().await = Some(set);
            }
            let keys = self.keys.read().await;
            let found = keys.as_ref().and_then(|set| match kid {
                Some(kid) => set.find(kid),
                None => set.keys.first(),
            });
            if let Some(jwk) = found {
                return DecodingKey::from_jwk(jwk).map_err(|e| SignInError::Token(e.to_string()));
            }
        }
        Err(SignInError::Token("signed with a key the provider does not publish".into()))
    }

    /// Starts a sign-in: the provider's authorization address to send the browser to, with a new
    /// state, nonce and PKCE challenge, and the signed flow the browser keeps until it comes back.
    /// `next` is where to go once signed in.
    pub async fn begin(&self, next: Option<String>) -> Result<(String, String), SignInError> {
        let discovery = self.discovery().await?;
        let expires = chrono::Utc::now().timestamp() + i64::try_from(FLOW_LIFETIME.as_secs()).unwrap_or(600);
        let flow = Flow {
            state: random(32),
            nonce: random(32),
            verifier: random(64),
            next,
            aud: FLOW_AUDIENCE.to_owned(),
            exp: expires,
        };
        let mut authorize = reqwest::Url::parse(&discovery.authorization_endpoint).map_err(provider_error)?;
        authorize
            .query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &self.settings.client_id)
            .append_pair("redirect_uri", &self.settings.redirect_url)
            .append_pair("scope", "openid")
            .append_pair("state", &flow.state)
            .append_pair("nonce", &flow.nonce)
            .append_pair("code_challenge", &challenge(&flow.verifier))
            .append_pair("code_challenge_method", "S256");
        let signed = jsonwebtoken::encode(&Header::new(Algorithm::HS256), &flow, &self.flow_signing)
            .map_err(|e| SignInError::Provider(format!("signing the flow: {e}")))?;
        Ok((authorize.into(), signed))
    }

    /// The flow the browser kept, if the server signed it, it has not expired, and its state is the
    /// one the provider sent back.
    pub fn flow(&self, signed: &str, state: &str) -> Result<Flow, SignInError> {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_audience(&[FLOW_AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "aud"]);
        validation.leeway = 0;
        let flow = jsonwebtoken::decode::<Flow>(signed, &self.flow_checking, &validation)
            .map_err(|_| SignInError::State)?
            .claims;
        if flow.state != state {
            return Err(SignInError::State);
        }
        Ok(flow)
    }

    /// Finishes the sign-in of `flow` the provider sent back with `code`: the code exchanged with
    /// the flow's verifier (and the client's credentials), the ID token checked.
    pub async fn finish(&self, code: &str, flow: Flow) -> Result<SignedIn, SignInError> {
        let discovery = self.discovery().await?;
        let answer = self
            .http
            .post(&discovery.token_endpoint)
            // RFC 6749, 2.3.1: both form-encoded before Basic.
            .basic_auth(form_encode(&self.settings.client_id), Some(form_encode(self.settings.client_secret.expose())))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("redirect_uri", &self.settings.redirect_url),
                ("code_verifier", &flow.verifier),
            ])
            .send()
            .await
            .map_err(provider_error)?;
        let status = answer.status();
        let body: Value = answer.json().await.map_err(provider_error)?;
        if !status.is_success() {
            return Err(SignInError::Provider(format!("token endpoint: {status} {body}")));
        }
        let id_token = body
            .get("id_token")
            .and_then(Value::as_str)
            .ok_or_else(|| SignInError::Token("no ID token in the answer".into()))?;
        let claims = self.verify(id_token, &discovery).await?;
        if claims.get("nonce").and_then(Value::as_str) != Some(flow.nonce.as_str()) {
            return Err(SignInError::Token("the nonce is not this sign-in's".into()));
        }
        let hr_id = claims
            .get(&self.settings.claim)
            .and_then(Value::as_str)
            .filter(|v| !v.trim().is_empty())
            .ok_or_else(|| SignInError::Token(format!("no `{}` claim", self.settings.claim)))?;
        Ok(SignedIn { hr_id: hr_id.trim().to_owned(), next: flow.next })
    }

    /// The ID token's claims once its signature, issuer, audience and times are right.
    async fn verify(
        &self,
        id_token: &str,
        discovery: &Discovery,
    ) -> Result<serde_json::Map<String, Value>, SignInError> {
        let header = jsonwebtoken::decode_header(id_token).map_err(|e| SignInError::Token(e.to_string()))?;
        if header.alg != Algorithm::RS256 {
            return Err(SignInError::Token(format!("signed with {:?}, not RS256", header.alg)));
        }
        let key = self.key(header.kid.as_deref(), discovery).await?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_issuer(&[&self.settings.issuer]);
        validation.set_audience(&[&self.settings.client_id]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = LEEWAY_SECONDS;
        jsonwebtoken::decode::<serde_json::Map<String, Value>>(id_token, &key, &validation)
            .map(|data| data.claims)
            .map_err(|e| SignInError::Token(e.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pkce_challenge_is_rfc_7636s() {
        // RFC 7636, appendix B.
        assert_eq!(
            challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }
}
