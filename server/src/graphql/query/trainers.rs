//! `trainers`, `trainer`, `sessionProgramme`, `sessionAgreements`, `directedSessions`: the
//! trainers' directory, an action's programme and speakers, its agreements, and the actions the
//! caller directs (art. 132).

use async_graphql::{Context, Object, ID};

use crate::graphql::context::{env, parse_id};
use crate::graphql::types::trainer::{Agreement, SessionProgramme, Trainer};
use crate::graphql::types::Session;
use crate::services::{agreements, session_directors, session_programmes, trainers};

#[derive(Default)]
pub struct TrainersQuery;

#[Object]
impl TrainersQuery {
    /// The trainers' directory, by name; `search` matches name, body or expertise (the School and
    /// session directors).
    async fn trainers(&self, ctx: &Context<'_>, search: Option<String>) -> async_graphql::Result<Vec<Trainer>> {
        let env = env(ctx)?;
        Ok(trainers::list(&env, search.as_deref()).await?.into_iter().map(Trainer).collect())
    }

    /// One trainer of the directory.
    async fn trainer(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Trainer> {
        let env = env(ctx)?;
        Ok(Trainer(trainers::get(&env, parse_id(&id, "Formateur")?).await?))
    }

    /// An action's programme by half-day with its speakers, its session director, where its
    /// validation stands and its speakers' clashes with other actions.
    async fn session_programme(&self, ctx: &Context<'_>, session_id: ID) -> async_graphql::Result<SessionProgramme> {
        let env = env(ctx)?;
        let view = session_programmes::view(&env, parse_id(&session_id, "Action de formation")?).await?;
        let director = session_directors::with_trainer(env.db, view.session.id).await?;
        Ok(SessionProgramme(view, director))
    }

    /// The agreements with outside bodies of an action (those who manage it).
    async fn session_agreements(&self, ctx: &Context<'_>, session_id: ID) -> async_graphql::Result<Vec<Agreement>> {
        let env = env(ctx)?;
        let id = parse_id(&session_id, "Action de formation")?;
        Ok(agreements::of_session(&env, id).await?.into_iter().map(Agreement).collect())
    }

    /// The actions whose session director the caller is, by start date.
    async fn directed_sessions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Session>> {
        let env = env(ctx)?;
        Ok(session_directors::directed_by(&env).await?.into_iter().map(Session).collect())
    }
}
