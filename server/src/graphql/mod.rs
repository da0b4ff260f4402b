//! The GraphQL API: the schema with its limits, the per-request context, loaders and the API
//! types. Resolvers only convert, call one service, and convert back.

pub mod context;
pub mod guard;
pub mod loaders;
pub mod mutation;
pub mod query;
pub mod scalars;
pub mod subscription;
pub mod types;

use async_graphql::Schema;

use crate::state::AppState;

/// The whole schema.
pub type AppSchema = Schema<query::Query, mutation::Mutation, subscription::Subscription>;

/// Deepest query accepted.
pub const MAX_DEPTH: usize = 12;
/// Most complex query accepted: one point per field, a paged list's fields multiplied by its page
/// size (the richest screen, the requests to review with their sessions and magistrates, weighs
/// about 7,300 for its 100 rows).
pub const MAX_COMPLEXITY: usize = 10_000;

/// Builds the schema with its limits (depth, weighted complexity, root fields and aliases);
/// introspection and field suggestions are off in production.
pub fn build_schema(state: AppState) -> AppSchema {
    let production = state.settings.environment.is_production();
    let builder = Schema::build(query::Query::default(), mutation::Mutation::default(), subscription::Subscription)
        .extension(crate::metrics::MetricsExtension(state.metrics.clone()))
        .data(state)
        .extension(guard::OperationGuard)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(32);
    if production {
        builder.disable_introspection().disable_suggestions().finish()
    } else {
        builder.finish()
    }
}

/// The SDL as committed in `server/schema.graphql`.
pub fn sdl() -> String {
    Schema::build(query::Query::default(), mutation::Mutation::default(), subscription::Subscription).finish().sdl()
}
