//! The one error type of the server. Each case maps to a stable [`ErrorCode`]; internal causes are
//! logged with the request id and never shown to the client.

use async_graphql::ErrorExtensions;
use sea_orm::{DbErr, SqlErr};
use shared::values::ValueError;
use shared::ErrorCode;

/// What went wrong, as the client may know it.
///
/// Deliberately not `Display`: async-graphql converts any `Display` type into an error carrying
/// its text, which would show internal causes; [`From<AppError>`] below is the only way out.
#[derive(Debug)]
pub enum AppError {
    /// A client-facing failure with its code and a French message.
    Client { code: ErrorCode, message: String, field: Option<&'static str> },
    /// Anything the client must not see.
    Internal(anyhow::Error),
}

impl From<anyhow::Error> for AppError {
    fn from(e: anyhow::Error) -> Self {
        Self::Internal(e)
    }
}

pub type AppResult<T> = Result<T, AppError>;

impl AppError {
    pub fn client(code: ErrorCode, message: impl Into<String>) -> Self {
        Self::Client { code, message: message.into(), field: None }
    }

    pub fn unauthenticated() -> Self {
        Self::client(ErrorCode::Unauthenticated, ErrorCode::Unauthenticated.message_fr())
    }

    pub fn forbidden() -> Self {
        Self::client(ErrorCode::Forbidden, ErrorCode::Forbidden.message_fr())
    }

    pub fn not_found(what: &str) -> Self {
        Self::client(ErrorCode::NotFound, format!("{what} introuvable."))
    }

    pub fn validation(field: &'static str, message: impl Into<String>) -> Self {
        Self::Client { code: ErrorCode::Validation, message: message.into(), field: Some(field) }
    }

    pub fn invalid_transition(message: impl Into<String>) -> Self {
        Self::client(ErrorCode::InvalidTransition, message)
    }

    pub fn internal(cause: impl std::fmt::Display) -> Self {
        Self::Internal(anyhow::anyhow!("{cause}"))
    }

    /// The code the client sees.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::Client { code, .. } => *code,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }
}

impl From<ValueError> for AppError {
    fn from(e: ValueError) -> Self {
        Self::validation(e.field, e.to_string())
    }
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        if let Some(SqlErr::UniqueConstraintViolation(detail)) = e.sql_err() {
            return unique_violation(&detail);
        }
        let text = e.to_string();
        if text.contains("database is locked") || text.contains("could not serialize") || text.contains("deadlock") {
            return Self::client(ErrorCode::Conflict, "Opération concurrente : veuillez réessayer.");
        }
        Self::Internal(anyhow::Error::new(e))
    }
}

/// Maps a unique index to the rule it carries.
fn unique_violation(detail: &str) -> AppError {
    if detail.contains("ux_applications_live_per_session")
        || detail.contains("applications.session_id, applications.magistrate_id")
    {
        AppError::client(ErrorCode::AlreadyApplied, ErrorCode::AlreadyApplied.message_fr())
    } else if detail.contains("ux_applications_rank")
        || detail.contains("applications.magistrate_id, applications.year")
    {
        AppError::client(ErrorCode::Conflict, "Ce rang est déjà attribué à un autre de vos vœux cette année.")
    } else {
        AppError::client(ErrorCode::Conflict, ErrorCode::Conflict.message_fr())
    }
}

impl From<AppError> for async_graphql::Error {
    /// A GraphQL error with `extensions.code`; an internal error is logged here with the request
    /// id and replaced by a generic message.
    fn from(error: AppError) -> Self {
        match error {
            AppError::Client { code, message, field } => async_graphql::Error::new(message).extend_with(|_, ext| {
                ext.set("code", code.as_str());
                if let Some(field) = field {
                    ext.set("field", field);
                }
            }),
            AppError::Internal(cause) => {
                let request_id = crate::services::request_id().unwrap_or_default();
                tracing::error!(request_id, error = ?cause, "internal error");
                async_graphql::Error::new(ErrorCode::Internal.message_fr()).extend_with(|_, ext| {
                    ext.set("code", ErrorCode::Internal.as_str());
                    ext.set("requestId", request_id.as_str());
                })
            }
        }
    }
}
