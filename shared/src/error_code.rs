//! Stable error codes carried in `extensions.code` of every GraphQL error (DESIGN.md, API contract).

use serde::{Deserialize, Serialize};

/// The code of an error as the client sees it. The web client matches on it to show a French message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    Unauthenticated,
    Forbidden,
    NotFound,
    Validation,
    AlreadyApplied,
    ApplicationsClosed,
    SessionFull,
    InvalidTransition,
    ConfirmationClosed,
    BudgetExceeded,
    Conflict,
    RateLimited,
    QueryTooComplex,
    Internal,
}

impl ErrorCode {
    /// The wire form, e.g. `SESSION_FULL`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unauthenticated => "UNAUTHENTICATED",
            Self::Forbidden => "FORBIDDEN",
            Self::NotFound => "NOT_FOUND",
            Self::Validation => "VALIDATION",
            Self::AlreadyApplied => "ALREADY_APPLIED",
            Self::ApplicationsClosed => "APPLICATIONS_CLOSED",
            Self::SessionFull => "SESSION_FULL",
            Self::InvalidTransition => "INVALID_TRANSITION",
            Self::ConfirmationClosed => "CONFIRMATION_CLOSED",
            Self::BudgetExceeded => "BUDGET_EXCEEDED",
            Self::Conflict => "CONFLICT",
            Self::RateLimited => "RATE_LIMITED",
            Self::QueryTooComplex => "QUERY_TOO_COMPLEX",
            Self::Internal => "INTERNAL",
        }
    }

    /// Reads a wire form back; `None` for a code this version does not know.
    pub fn parse(wire: &str) -> Option<Self> {
        const ALL: [ErrorCode; 14] = [
            ErrorCode::Unauthenticated,
            ErrorCode::Forbidden,
            ErrorCode::NotFound,
            ErrorCode::Validation,
            ErrorCode::AlreadyApplied,
            ErrorCode::ApplicationsClosed,
            ErrorCode::SessionFull,
            ErrorCode::InvalidTransition,
            ErrorCode::ConfirmationClosed,
            ErrorCode::BudgetExceeded,
            ErrorCode::Conflict,
            ErrorCode::RateLimited,
            ErrorCode::QueryTooComplex,
            ErrorCode::Internal,
        ];
        ALL.into_iter().find(|code| code.as_str() == wire)
    }

    /// A French sentence a person can read, for the web client.
    pub fn message_fr(self) -> &'static str {
        match self {
            Self::Unauthenticated => "Votre session a expiré : veuillez vous reconnecter.",
            Self::Forbidden => "Vous n’avez pas les droits nécessaires pour cette action.",
            Self::NotFound => "L’élément demandé est introuvable.",
            Self::Validation => "Certaines informations saisies sont invalides.",
            Self::AlreadyApplied => "Vous avez déjà présenté une candidature pour cette action.",
            Self::ApplicationsClosed => "Les inscriptions à cette action ne sont pas ouvertes.",
            Self::SessionFull => "Cette action de formation est complète.",
            Self::InvalidTransition => "Cette opération n’est pas possible dans l’état actuel.",
            Self::ConfirmationClosed => "Le délai de confirmation est dépassé.",
            Self::BudgetExceeded => "Cet engagement dépasse les crédits disponibles.",
            Self::Conflict => "Cette opération entre en conflit avec une donnée existante.",
            Self::RateLimited => "Trop de tentatives : réessayez dans quelques minutes.",
            Self::QueryTooComplex => "Cette requête demande trop de données à la fois : découpez-la.",
            Self::Internal => "Une erreur interne est survenue. Réessayez plus tard.",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}
