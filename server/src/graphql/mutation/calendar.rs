//! `openCalendarFeed`, `closeCalendarFeed`: the caller's secret calendar address; `setOffersDigest`: the
//! daily digest of new offers (art. 129). What « Mon compte » says of the messages and calendars.

use async_graphql::{Context, Object};

use crate::graphql::context::{env, state};
use crate::services::calendars;

#[derive(Default)]
pub struct CalendarMutation;

#[Object]
impl CalendarMutation {
    /// Opens a new calendar address for the caller (a previous one stops working) and returns it,
    /// once: a calendar client subscribes to it to follow the actions the caller confirmed.
    async fn open_calendar_feed(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let token = calendars::open_feed(&env(ctx)?).await?;
        Ok(format!("{}{}", state(ctx)?.settings.public_url, calendars::feed_path(&token)))
    }

    /// Closes the caller's calendar address; `false` when there was none.
    async fn close_calendar_feed(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        Ok(calendars::close_feed(&env(ctx)?).await?)
    }

    /// Asks for the daily digest of new offers open to the caller (art. 129), or stops it; returns
    /// the preference now recorded.
    async fn set_offers_digest(&self, ctx: &Context<'_>, enabled: bool) -> async_graphql::Result<bool> {
        Ok(crate::services::offer_digests::set_preference(&env(ctx)?, enabled).await?)
    }
}
