//! `me`, `courts`, `magistrates`.

use async_graphql::{Context, Object, ID};

use crate::auth::policy;
use crate::graphql::context::{env, parse_id, public_env, user};
use crate::graphql::types::connection::{page_size, page_weight, MagistrateConnection, MagistrateEdge, PageInfo};
use crate::graphql::types::{Court, Magistrate, User};
use crate::services::directory;

#[derive(Default)]
pub struct DirectoryQuery;

fn magistrate_cursor(name: &str, id: i64) -> String {
    format!("{id}:{name}")
}

fn parse_magistrate_cursor(cursor: &str) -> Option<(String, i64)> {
    let (id, name) = cursor.split_once(':')?;
    Some((name.to_owned(), id.parse().ok()?))
}

#[Object]
impl DirectoryQuery {
    /// The logged-in person with their roles.
    async fn me(&self, ctx: &Context<'_>) -> async_graphql::Result<User> {
        Ok(User(user(ctx)?.clone()))
    }

    /// Today's date on the School's clock (Europe/Paris), which deadlines are measured against; the web
    /// client takes its defaults and countdowns from it rather than from the browser.
    async fn today(&self, ctx: &Context<'_>) -> async_graphql::Result<chrono::NaiveDate> {
        Ok(env(ctx)?.today())
    }

    /// The 36 courts of appeal; public, like the programme they organise (art. 129).
    async fn courts(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Court>> {
        let env = public_env(ctx)?;
        policy::ensure(policy::can_read_programme(env.user))?;
        Ok(directory::courts(&env).await?.into_iter().map(Court).collect())
    }

    /// Magistrates within the caller's reach, alphabetically.
    #[graphql(complexity = "page_weight(first) * child_complexity")]
    async fn magistrates(
        &self,
        ctx: &Context<'_>,
        court_id: Option<ID>,
        search: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> async_graphql::Result<MagistrateConnection> {
        let env = env(ctx)?;
        let first = page_size(first)?;
        let court_id = court_id.as_ref().map(|id| parse_id(id, "Cour d’appel")).transpose()?;
        let after = match after {
            Some(cursor) => Some(
                parse_magistrate_cursor(&cursor)
                    .ok_or_else(|| crate::error::AppError::validation("after", "curseur invalide"))?,
            ),
            None => None,
        };
        let page = directory::magistrates(&env, court_id, search.as_deref(), first, after).await?;
        let edges: Vec<MagistrateEdge> = page
            .rows
            .into_iter()
            .map(|(user, profile)| MagistrateEdge {
                cursor: magistrate_cursor(&user.search_name, user.id),
                node: Magistrate { user, profile },
            })
            .collect();
        let end_cursor = edges.last().map(|e| e.cursor.clone());
        Ok(MagistrateConnection {
            edges,
            page_info: PageInfo { has_next_page: page.has_next, end_cursor },
            total_count: page.total,
        })
    }
}
