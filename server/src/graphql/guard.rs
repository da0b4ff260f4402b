//! Checks made on every operation once parsed, before it is validated or run: a cap on the root
//! fields and on the aliases of an operation (`QUERY_TOO_COMPLEX`), and, over WebSocket, nothing
//! but subscriptions (no login spraying, no queries that skip the HTTP guards).

use std::sync::Arc;

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection, SelectionSet};
use async_graphql::{ErrorExtensionValues, Positioned, ServerError, ServerResult, Variables};
use shared::ErrorCode;

/// Most root fields one operation may ask for (aliases included): 1,000 aliased copies of an
/// expensive field are refused before any of them runs.
pub const MAX_ROOT_FIELDS: usize = 20;
/// Most aliased fields in one document.
pub const MAX_ALIASES: usize = 40;
/// How deep fragments may nest inside one another before the guard stops counting (validation
/// refuses cycles afterwards; this only keeps the count finite).
const MAX_FRAGMENT_NESTING: usize = 16;

/// Marks a request that came over the WebSocket.
pub struct OverWebSocket;

/// The extension, installed on the schema.
pub struct OperationGuard;

impl ExtensionFactory for OperationGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(OperationGuardExtension)
    }
}

struct OperationGuardExtension;

/// An error with its code, as the other errors of the API carry one.
pub fn coded(code: ErrorCode, message: impl Into<String>) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code.as_str());
    error.extensions = Some(extensions);
    error
}

#[async_trait::async_trait]
impl Extension for OperationGuardExtension {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        if ctx.data_opt::<OverWebSocket>().is_some()
            && document.operations.iter().any(|(_, op)| op.node.ty != OperationType::Subscription)
        {
            return Err(coded(
                ErrorCode::Forbidden,
                "Seuls les abonnements passent par WebSocket ; les requêtes et mutations passent par POST /graphql.",
            ));
        }
        for (_, operation) in document.operations.iter() {
            let roots = count(&document, &operation.node.selection_set, Counting::RootFields, 0);
            if roots > MAX_ROOT_FIELDS {
                return Err(coded(
                    ErrorCode::QueryTooComplex,
                    format!("Une opération demande au plus {MAX_ROOT_FIELDS} champs à la racine ({roots} ici)."),
                ));
            }
            let aliases = count(&document, &operation.node.selection_set, Counting::Aliases, 0);
            if aliases > MAX_ALIASES {
                return Err(coded(
                    ErrorCode::QueryTooComplex,
                    format!("Une opération compte au plus {MAX_ALIASES} alias ({aliases} ici)."),
                ));
            }
        }
        Ok(document)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Counting {
    /// The fields this selection set asks for, through its fragments, not below.
    RootFields,
    /// The aliased fields at every level.
    Aliases,
}

fn count(document: &ExecutableDocument, set: &Positioned<SelectionSet>, what: Counting, nesting: usize) -> usize {
    if nesting > MAX_FRAGMENT_NESTING {
        return 0;
    }
    set.node
        .items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(field) => match what {
                Counting::RootFields => 1,
                Counting::Aliases => {
                    usize::from(field.node.alias.is_some())
                        + count(document, &field.node.selection_set, what, nesting + 1)
                }
            },
            Selection::InlineFragment(fragment) => count(document, &fragment.node.selection_set, what, nesting + 1),
            Selection::FragmentSpread(spread) => document
                .fragments
                .get(&spread.node.fragment_name.node)
                .map(|f| count(document, &f.node.selection_set, what, nesting + 1))
                .unwrap_or(0),
        })
        .sum()
}

/// The code of the errors async-graphql raises on its own limits, which carry none.
/// The code an error carries, or the one the HTTP layer gives it when it has none (a limit of
/// async-graphql's own, else a validation error): the answer and `/metrics` read it the same way.
pub fn code_of(error: &ServerError) -> ErrorCode {
    let given = error.extensions.as_ref().and_then(|x| x.get("code")).and_then(|v| match v {
        async_graphql::Value::String(s) => ErrorCode::parse(s),
        async_graphql::Value::Enum(s) => ErrorCode::parse(s.as_str()),
        _ => None,
    });
    given.or_else(|| code_of_builtin_limit(&error.message)).unwrap_or(ErrorCode::Validation)
}

pub fn code_of_builtin_limit(message: &str) -> Option<ErrorCode> {
    matches!(message, "Query is too complex." | "Query is nested too deep.").then_some(ErrorCode::QueryTooComplex)
}
