//! Who is asking: tokens, passwords, the current user with their roles, and the policy functions
//! that decide what they may do on which object.

pub mod current_user;
pub mod jwt;
pub mod oidc;
pub mod password;
pub mod policy;

pub use current_user::{CurrentUser, Grant, MagistrateProfile};
pub use jwt::{JwtKeys, VerifiedToken};
