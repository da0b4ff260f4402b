//! `myApplications`, `applicationsToReview`, `sessionApplicants`.

use async_graphql::{Context, Object, ID};

use crate::graphql::context::{env, parse_id};
use crate::graphql::types::connection::{list_weight, list_window};
use crate::graphql::types::sheet::ApplicantStanding;
use crate::graphql::types::Application;
use crate::services::{applications, review};

#[derive(Default)]
pub struct ApplicationQuery;

fn wrap(rows: Vec<crate::entities::application::Model>) -> Vec<Application> {
    rows.into_iter().map(Application).collect()
}

#[Object]
impl ApplicationQuery {
    /// The caller's wishes, of one year or all.
    async fn my_applications(&self, ctx: &Context<'_>, year: Option<i32>) -> async_graphql::Result<Vec<Application>> {
        Ok(wrap(applications::mine(&env(ctx)?, year).await?))
    }

    /// Requests on which the caller may give observations (art. 130), `first` (100 by default,
    /// 200 at most) after `offset`.
    #[graphql(complexity = "list_weight(first) * child_complexity")]
    async fn applications_to_review(
        &self,
        ctx: &Context<'_>,
        session_id: Option<ID>,
        pending_only: Option<bool>,
        first: Option<i32>,
        offset: Option<i32>,
    ) -> async_graphql::Result<Vec<Application>> {
        let session_id = session_id.as_ref().map(|id| parse_id(id, "Action de formation")).transpose()?;
        let window = list_window(first, offset)?;
        Ok(wrap(review::to_review(&env(ctx)?, session_id, pending_only.unwrap_or(false), window).await?))
    }

    /// Every application to a session, for whoever decides and the School (art. 131, 140).
    async fn session_applicants(&self, ctx: &Context<'_>, session_id: ID) -> async_graphql::Result<Vec<Application>> {
        let session_id = parse_id(&session_id, "Action de formation")?;
        Ok(wrap(review::applicants(&env(ctx)?, session_id).await?))
    }

    /// Each applicant's days counted and shortfall in the session's year, for the selection board.
    async fn applicant_standings(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
    ) -> async_graphql::Result<Vec<ApplicantStanding>> {
        let session_id = parse_id(&session_id, "Action de formation")?;
        Ok(review::applicant_standings(&env(ctx)?, session_id).await?.into_iter().map(ApplicantStanding).collect())
    }
}
