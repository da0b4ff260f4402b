//! Magistra's web client. The Leptos application lands with its own issue; until then the server
//! serves a placeholder page at `/` and GraphiQL at `/graphiql`. This crate already depends on
//! `shared` so that the wire names and error messages are the ones the client will match on.

pub use shared::ErrorCode;
