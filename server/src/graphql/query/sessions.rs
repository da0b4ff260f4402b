//! `sessions` (the programme) and `session`.

use async_graphql::{Context, InputObject, Object, ID};
use chrono::NaiveDate;
use shared::{Scope, SessionFormat, SessionStatus};

use crate::auth::policy;
use crate::error::AppError;
use crate::graphql::context::{parse_id, public_env};
use crate::graphql::scalars::Date;
use crate::graphql::types::connection::{page_size, page_weight, PageInfo, SessionConnection, SessionEdge};
use crate::graphql::types::Session;
use crate::services::catalogue::ProgrammeRevision;
use crate::services::sessions::{self, SessionQuery as Filter};
use crate::state::AppState;

#[derive(Default)]
pub struct SessionQuery;

/// Filters of the programme; all optional, combined with AND.
#[derive(InputObject, Default)]
pub struct SessionFilter {
    pub year: Option<i32>,
    pub format: Option<SessionFormat>,
    pub scope: Option<Scope>,
    /// Deconcentrated sessions of this court.
    pub court_id: Option<ID>,
    /// What is offered to this court's magistrates: the national programme and the court's own
    /// deconcentrated actions (a Lyon magistrate does not scroll past Agen's).
    pub offered_to_court: Option<ID>,
    /// Words of the title or the code; accents and case ignored.
    pub search: Option<String>,
    /// Only sessions taking applications today.
    pub open_for_applications: Option<bool>,
    pub starts_after: Option<Date>,
    pub starts_before: Option<Date>,
    pub status: Option<SessionStatus>,
}

fn cursor(date: NaiveDate, id: i64) -> String {
    // `NaiveDate`'s `Display` is `%Y-%m-%d`, without parsing a format string for every row.
    format!("{date}:{id}")
}

fn parse_cursor(text: &str) -> Result<(NaiveDate, i64), AppError> {
    text.split_once(':')
        .and_then(|(d, id)| Some((NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()?, id.parse().ok()?)))
        .ok_or_else(|| AppError::validation("after", "curseur invalide"))
}

#[Object]
impl SessionQuery {
    /// The programme, by start date, a page at a time; public (art. 129): without a login, the
    /// actions published, nothing personal.
    #[graphql(complexity = "page_weight(first) * child_complexity")]
    async fn sessions(
        &self,
        ctx: &Context<'_>,
        filter: Option<SessionFilter>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<SessionConnection> {
        let env = public_env(ctx)?;
        policy::ensure(policy::can_read_programme(env.user))?;
        let first = page_size(first)?;
        let after = after.as_deref().map(parse_cursor).transpose()?;
        let f = filter.unwrap_or_default();
        let query = Filter {
            year: f.year,
            format: f.format,
            scope: f.scope,
            court_id: f.court_id.as_ref().map(|id| parse_id(id, "Cour d’appel")).transpose()?,
            offered_to_court: f.offered_to_court.as_ref().map(|id| parse_id(id, "Cour d’appel")).transpose()?,
            search: f.search,
            open_for_applications: f.open_for_applications.unwrap_or(false),
            starts_after: f.starts_after.map(|d| d.0),
            starts_before: f.starts_before.map(|d| d.0),
            status: f.status,
        };
        let pages = &ctx.data::<AppState>()?.catalogue;
        let known = ctx.data_opt::<ProgrammeRevision>().copied();
        let page = sessions::list(&env, pages, &query, first, after, known).await?;
        let edges: Vec<SessionEdge> = page
            .rows
            .iter()
            .map(|s| SessionEdge { cursor: cursor(s.start_date, s.id), node: Session(s.clone()) })
            .collect();
        let end_cursor = edges.last().map(|e| e.cursor.clone());
        Ok(SessionConnection {
            edges,
            page_info: PageInfo { has_next_page: page.has_next, end_cursor },
            total_count: page.total,
        })
    }

    /// One session, if the caller may see it.
    async fn session(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<Option<Session>> {
        let env = public_env(ctx)?;
        policy::ensure(policy::can_read_programme(env.user))?;
        let Ok(id) = id.parse::<i64>() else { return Ok(None) };
        Ok(sessions::visible(&env, id).await?.map(Session))
    }
}
