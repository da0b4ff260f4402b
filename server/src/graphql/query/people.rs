//! `people`, `person`, `functions`, `myData`: the administrator's directory, the reference list,
//! and each person's own data.

use async_graphql::{Context, Object, ID};

use crate::graphql::context::{env, parse_id, state};
use crate::graphql::types::people::{Account, Function, PersonDetail};
use crate::services::{my_data, people, reference};

#[derive(Default)]
pub struct PeopleQuery;

#[Object]
impl PeopleQuery {
    /// People whose name, e-mail or HR identifier matches `search` (administrator only), at most 50.
    async fn people(
        &self,
        ctx: &Context<'_>,
        search: String,
        first: Option<i32>,
    ) -> async_graphql::Result<Vec<Account>> {
        let env = env(ctx)?;
        let first = u64::try_from(first.unwrap_or(20)).unwrap_or(1);
        Ok(people::find(&env, &search, first).await?.into_iter().map(Account).collect())
    }

    /// One person with their career, postings and roles (administrator only).
    async fn person(&self, ctx: &Context<'_>, id: ID) -> async_graphql::Result<PersonDetail> {
        let env = env(ctx)?;
        Ok(PersonDetail(people::record(&env, parse_id(&id, "Personne")?).await?))
    }

    /// Everything Magistra holds on the caller (GDPR art. 15), as one JSON document: profile, career
    /// and postings, roles, wishes and decisions, opinions received, attendance, validations,
    /// training needs, notifications, and the audit entries about them.
    async fn my_data(&self, ctx: &Context<'_>) -> async_graphql::Result<async_graphql::Json<serde_json::Value>> {
        Ok(async_graphql::Json(my_data::my_data(&env(ctx)?).await?))
    }

    /// Whether people may sign in through the Ministry's single sign-on (OpenID Connect); public,
    /// for the login page.
    async fn single_sign_on(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(state(ctx)?.oidc.is_some())
    }

    /// The reference list of functions, by name.
    async fn functions(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Function>> {
        let env = env(ctx)?;
        Ok(reference::functions(env.db).await?.into_iter().map(Function::from).collect())
    }
}
