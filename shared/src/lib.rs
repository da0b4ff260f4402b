//! Magistra's shared vocabulary: the domain enums, the stable error codes the client matches on,
//! validated value types, and the pure rules of Title VII of the ENM's internal regulations.
//!
//! Everything here compiles for the server and for `wasm32-unknown-unknown`; GraphQL derives are
//! behind the `server` feature so the web client stays small.

pub mod builds;
pub mod dates;
pub mod directory;
pub mod enums;
pub mod error_code;
pub mod money;
pub mod rules;
pub mod search;
pub mod values;

pub use enums::*;
pub use error_code::ErrorCode;
pub use money::Money;
