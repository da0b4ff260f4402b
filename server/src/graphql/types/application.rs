//! An application (vœu) with its observations, decision, confirmation and withdrawal.

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use shared::rules::observation_period::{observation_deadline, observations_awaited};
use shared::{ApplicationStatus, ObservationAuthority, Opinion, WithdrawalReason};

use crate::entities::{application, observation};
use crate::graphql::context::state;
use crate::graphql::loaders::{load, MagistrateKey, ObservationsKey, SessionKey, UserKey};
use crate::graphql::scalars::Date;

use super::permissions::{nested_session, ApplicationPermissions};
use super::{Magistrate, Person, Session};

/// A magistrate's ranked request for a session (art. 130).
pub struct Application(pub application::Model);

#[Object]
impl Application {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn session(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Session>> {
        nested_session(ctx, self.0.session_id).await
    }
    /// The adopted proposal of the national selection that decided this application, if one did:
    /// the magistrate's explanation is `allocationExplanation(runId, magistrateId)` (« Pourquoi ? »).
    async fn allocation_run_id(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<ID>> {
        let db = &crate::graphql::context::state(ctx)?.db;
        let run = crate::services::allocation::explanations::adopted_run_of(db, self.0.id).await?;
        Ok(run.map(|id| ID(id.to_string())))
    }
    /// What the caller may do with this application.
    async fn viewer_can(&self, ctx: &Context<'_>) -> async_graphql::Result<ApplicationPermissions> {
        ApplicationPermissions::of(ctx, &self.0).await
    }
    async fn magistrate(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Magistrate>> {
        let profile = load(ctx, MagistrateKey(self.0.magistrate_id)).await?;
        let user = load(ctx, UserKey(self.0.magistrate_id)).await?;
        Ok(profile.zip(user).map(|(profile, user)| Magistrate { user, profile }))
    }
    /// The programme year of the wish.
    async fn year(&self) -> i32 {
        self.0.year
    }
    /// Preference rank, 1 being the most wanted.
    async fn rank(&self) -> i32 {
        self.0.rank
    }
    async fn motivation(&self) -> Option<&str> {
        self.0.motivation.as_deref()
    }
    async fn status(&self) -> ApplicationStatus {
        self.0.status
    }
    /// The evaluator's and the head of court's advisory opinions (art. 130).
    async fn observations(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<Observation>> {
        Ok(load(ctx, ObservationsKey(self.0.id)).await?.unwrap_or_default().into_iter().map(Observation).collect())
    }
    async fn decided_at(&self) -> Option<DateTime<Utc>> {
        self.0.decided_at
    }
    async fn decision_reason(&self) -> Option<&str> {
        self.0.decision_reason.as_deref()
    }
    /// The last day the evaluating authorities may give their observations: fifteen days after
    /// the request, or the close of applications if later (art. 130).
    async fn observation_deadline(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Date>> {
        let Some(s) = load(ctx, SessionKey(self.0.session_id)).await? else { return Ok(None) };
        Ok(Some(Date(observation_deadline(s.today(self.0.created_at), s.applications_close))))
    }
    /// Whether observations are still awaited: the request awaits a decision, the period runs and
    /// none was given (art. 130).
    async fn observations_awaited(&self, ctx: &Context<'_>) -> async_graphql::Result<bool> {
        let Some(s) = load(ctx, SessionKey(self.0.session_id)).await? else { return Ok(false) };
        let given = load(ctx, ObservationsKey(self.0.id)).await?.map_or(0, |o| o.len());
        let deadline = observation_deadline(s.today(self.0.created_at), s.applications_close);
        Ok(observations_awaited(self.0.status, s.today(state(ctx)?.clock.now()), deadline, given))
    }
    /// The last day to confirm, once selected (art. 131).
    async fn confirmation_due_date(&self) -> Option<Date> {
        self.0.confirmation_due.map(Date)
    }
    async fn confirmed_at(&self) -> Option<DateTime<Utc>> {
        self.0.confirmed_at
    }
    /// Position on the session's waitlist, while waitlisted.
    async fn waitlist_position(&self) -> Option<i32> {
        self.0.waitlist_position
    }
    /// The withdrawal and its assessment (art. 134), once withdrawn; `null` for those who may
    /// not read it (an evaluator; a head of court until the School notified them).
    async fn withdrawal(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Withdrawal>> {
        let a = &self.0;
        if a.withdrawal_reason.is_none() || !ApplicationPermissions::of(ctx, a).await?.read_withdrawal {
            return Ok(None);
        }
        Ok(self.withdrawal_as_stored())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

impl Application {
    fn withdrawal_as_stored(&self) -> Option<Withdrawal> {
        let a = &self.0;
        Some(Withdrawal {
            reason: a.withdrawal_reason?,
            details: a.withdrawal_details.clone().unwrap_or_default(),
            withdrawn_at: a.withdrawn_at?,
            serious: a.withdrawal_serious,
            assessed_at: a.withdrawal_assessed_at,
            head_of_court_notified: a.head_of_court_notified,
        })
    }
}

/// A motivated withdrawal (art. 134).
#[derive(SimpleObject)]
pub struct Withdrawal {
    pub reason: WithdrawalReason,
    pub details: String,
    pub withdrawn_at: DateTime<Utc>,
    /// The School's assessment: `null` until assessed.
    pub serious: Option<bool>,
    pub assessed_at: Option<DateTime<Utc>>,
    pub head_of_court_notified: bool,
}

/// An advisory opinion on an application (art. 130).
pub struct Observation(pub observation::Model);

#[Object]
impl Observation {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// Given as evaluator or as head of the court of appeal.
    async fn authority(&self) -> ObservationAuthority {
        self.0.authority
    }
    async fn opinion(&self) -> Opinion {
        self.0.opinion
    }
    async fn comment(&self) -> Option<&str> {
        self.0.comment.as_deref()
    }
    async fn author(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Person>> {
        Ok(load(ctx, UserKey(self.0.author_id)).await?.as_ref().map(Person::from))
    }
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}
