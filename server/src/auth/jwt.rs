//! Login tokens: HS256 only, with `exp`, `nbf`, `iss` and `aud` checked and no leeway; each has
//! its own id (`jti`), which `logout` lists as revoked.

use chrono::{DateTime, Utc};
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use crate::settings::{Secret, TOKEN_LIFETIME};

pub const ISSUER: &str = "magistra";
pub const AUDIENCE: &str = "magistra-web";

/// The claims Magistra signs.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// The user's id.
    pub sub: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub nbf: i64,
    pub exp: i64,
    /// The token's own id, for revocation.
    pub jti: String,
}

/// What a valid token says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedToken {
    pub user_id: i64,
    /// The token's id (`jti`).
    pub id: String,
    pub expires_at: DateTime<Utc>,
}

/// Signing and checking keys, built once from the secret.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &Secret) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.leeway = 0;
        validation.validate_exp = true;
        validation.validate_nbf = true;
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "nbf", "iss", "aud", "sub"]);
        Self {
            encoding: EncodingKey::from_secret(secret.expose().as_bytes()),
            decoding: DecodingKey::from_secret(secret.expose().as_bytes()),
            validation,
        }
    }

    /// A token for `user_id`, valid from `now` for [`TOKEN_LIFETIME`].
    pub fn issue(&self, user_id: i64, now: DateTime<Utc>) -> anyhow::Result<(String, DateTime<Utc>)> {
        let expires = now + chrono::Duration::from_std(TOKEN_LIFETIME)?;
        let claims = Claims {
            sub: user_id.to_string(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now.timestamp(),
            nbf: now.timestamp(),
            exp: expires.timestamp(),
            jti: uuid::Uuid::new_v4().to_string(),
        };
        Ok((encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)?, expires))
    }

    /// What a valid token says, or `None` for any invalid token (whether it was revoked is the
    /// database's to say, see [`crate::auth::CurrentUser::load_for_token`]).
    ///
    /// `exp` and `nbf` are checked by jsonwebtoken against the system time.
    pub fn verify(&self, token: &str) -> Option<VerifiedToken> {
        let data = decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        let claims = data.claims;
        if claims.jti.is_empty() || claims.jti.len() > 64 {
            return None;
        }
        Some(VerifiedToken {
            user_id: claims.sub.parse().ok()?,
            id: claims.jti,
            expires_at: DateTime::from_timestamp(claims.exp, 0)?,
        })
    }
}
