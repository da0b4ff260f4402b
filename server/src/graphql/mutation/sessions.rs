//! `createSession`, `updateSession`, `publishSession`, `cancelSession`.

use async_graphql::{Context, InputObject, Object, ID};
use shared::values::{optional_text, required_text, SessionSchedule};
use shared::{Scope, SessionFormat};

use crate::error::AppError;
use crate::graphql::context::{env, parse_id};
use crate::graphql::scalars::Date;
use crate::graphql::types::Session;
use crate::services::sessions::{self, SessionDraft};

#[derive(Default)]
pub struct SessionMutation;

/// A training action as the School or a delegate describes it.
#[derive(InputObject)]
pub struct SessionInput {
    pub title: String,
    pub description: Option<String>,
    pub format: SessionFormat,
    pub scope: Scope,
    /// The courts of a deconcentrated action (several for a regional one, art. 142).
    pub court_ids: Option<Vec<ID>>,
    pub start_date: Date,
    pub end_date: Date,
    /// Days of training, in half-day steps.
    pub duration_days: f64,
    pub location: Option<String>,
    pub capacity: i32,
    pub applications_open: Date,
    pub applications_close: Date,
    pub target_functions: Option<Vec<String>>,
    /// Prise-de-fonction training (art. 126) for the target functions (for any, without target);
    /// only such actions count toward the theory owed for a function never held before.
    pub onboarding: Option<bool>,
}

/// Most target functions on one session.
const MAX_TARGET_FUNCTIONS: usize = 30;

impl SessionInput {
    /// Validates every field once, at the edge.
    fn into_draft(self) -> Result<SessionDraft, AppError> {
        let schedule = SessionSchedule::parse(
            self.start_date.0,
            self.end_date.0,
            self.duration_days,
            self.capacity,
            self.applications_open.0,
            self.applications_close.0,
        )?;
        let court_ids = self
            .court_ids
            .unwrap_or_default()
            .iter()
            .map(|id| id.parse::<i64>().map_err(|_| AppError::not_found("Cour d’appel")))
            .collect::<Result<Vec<_>, _>>()?;
        let functions = self.target_functions.unwrap_or_default();
        if functions.len() > MAX_TARGET_FUNCTIONS {
            return Err(AppError::validation("targetFunctions", format!("{MAX_TARGET_FUNCTIONS} fonctions au plus")));
        }
        Ok(SessionDraft {
            title: required_text("title", &self.title, 200)?,
            description: optional_text("description", self.description.as_deref(), 10_000)?,
            format: self.format,
            scope: self.scope,
            court_ids,
            schedule,
            location: optional_text("location", self.location.as_deref(), 200)?,
            onboarding: self.onboarding.unwrap_or(false),
            target_functions: functions
                .iter()
                .map(|f| required_text("targetFunctions", f, 120))
                .collect::<Result<Vec<_>, _>>()?,
        })
    }
}

#[Object]
impl SessionMutation {
    /// Adds a draft action to the programme.
    async fn create_session(&self, ctx: &Context<'_>, input: SessionInput) -> async_graphql::Result<Session> {
        let env = env(ctx)?;
        Ok(Session(sessions::create(&env, input.into_draft()?).await?))
    }

    /// Changes an action's description, dates or capacity.
    async fn update_session(&self, ctx: &Context<'_>, id: ID, input: SessionInput) -> async_graphql::Result<Session> {
        let env = env(ctx)?;
        let id = parse_id(&id, "Action de formation")?;
        Ok(Session(sessions::update(&env, id, input.into_draft()?).await?))
    }

    /// Publishes a draft to the programme (art. 129).
    async fn publish_session(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Session> {
        let env = env(ctx)?;
        Ok(Session(sessions::publish(&env, parse_id(&id, "Action de formation")?).await?))
    }

    /// Cancels an action; everyone on it is notified.
    async fn cancel_session(&self, ctx: &Context<'_>, id: ID, reason: String) -> async_graphql::Result<Session> {
        let env = env(ctx)?;
        let id = parse_id(&id, "Action de formation")?;
        let reason = required_text("reason", &reason, 2_000)?;
        Ok(Session(sessions::cancel(&env, id, reason).await?))
    }
}
