//! `decideApplications`, `confirmParticipation`, `withdraw`, `assessWithdrawal`, `runDeadlineSweep`.

use async_graphql::{Context, InputObject, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use shared::values::{optional_text, required_text};
use shared::{Decision, WithdrawalReason};

use crate::auth::policy;
use crate::error::AppError;
use crate::graphql::context::{env, parse_id, state};
use crate::graphql::types::Application;
use crate::services::decisions::{self, DecisionRequest};
use crate::services::{participation, sweep};

#[derive(Default)]
pub struct CycleMutation;

/// One decision in a batch.
#[derive(InputObject)]
pub struct DecisionInput {
    pub application_id: ID,
    pub decision: Decision,
    pub reason: Option<String>,
    /// Why to select a magistrate already selected for an action sharing a day; required then.
    pub overlap_reason: Option<String>,
}

/// What a sweep did.
#[derive(SimpleObject)]
pub struct SweepReport {
    pub as_of: DateTime<Utc>,
    /// Whether the server's timer ran it (else a member of the School, on demand).
    pub by_timer: bool,
    /// Selections that lapsed for want of confirmation.
    pub lapsed: u32,
    /// Waitlisted applications promoted into the freed seats.
    pub promoted: u32,
    /// Participants reminded to fill their evaluation form a week after the end (art. 135).
    pub evaluation_reminders: u32,
    /// Invitations to confirm and reminders before the due date sent (art. 131).
    pub confirmation_notices: u32,
    /// Daily digests sent to evaluating authorities of the requests awaiting their observations
    /// (art. 130).
    pub observation_digests: u32,
    /// Daily digests of new offers sent to the magistrates who asked for them (art. 129).
    pub offer_digests: u32,
}

impl SweepReport {
    /// The report of a run at `as_of` that did `outcome`.
    pub fn of(as_of: DateTime<Utc>, by_timer: bool, outcome: sweep::SweepOutcome) -> Self {
        Self {
            as_of,
            by_timer,
            lapsed: outcome.lapsed,
            promoted: outcome.promoted,
            evaluation_reminders: outcome.reminded,
            confirmation_notices: outcome.confirmation_notices,
            observation_digests: outcome.observation_digests,
            offer_digests: outcome.offer_digests,
        }
    }
}

/// Most decisions in one batch.
const MAX_DECISIONS: usize = 500;

#[Object]
impl CycleMutation {
    /// Selects, waitlists or refuses applications of a session, all or nothing (art. 131, 140).
    /// While observations are still awaited on one of them (art. 130), the answer is `CONFLICT`
    /// saying until when, unless `confirmEarly` is true.
    async fn decide_applications(
        &self,
        ctx: &Context<'_>,
        session_id: ID,
        decisions: Vec<DecisionInput>,
        confirm_early: Option<bool>,
    ) -> async_graphql::Result<Vec<Application>> {
        let env = env(ctx)?;
        let session_id = parse_id(&session_id, "Action de formation")?;
        if decisions.len() > MAX_DECISIONS {
            return Err(
                AppError::validation("decisions", format!("{MAX_DECISIONS} décisions au plus par envoi")).into()
            );
        }
        let requests = decisions
            .into_iter()
            .map(|d| {
                Ok(DecisionRequest {
                    application_id: parse_id(&d.application_id, "Candidature")?,
                    decision: d.decision,
                    reason: optional_text("reason", d.reason.as_deref(), 2_000)?,
                    overlap_reason: optional_text("overlapReason", d.overlap_reason.as_deref(), 2_000)?,
                })
            })
            .collect::<async_graphql::Result<Vec<_>>>()?;
        Ok(decisions::decide(&env, session_id, &requests, confirm_early.unwrap_or(false))
            .await?
            .into_iter()
            .map(Application)
            .collect())
    }

    /// Confirms a selection before its due date; it commits to attend (art. 131).
    async fn confirm_participation(&self, ctx: &Context<'_>, application_id: ID) -> async_graphql::Result<Application> {
        let env = env(ctx)?;
        Ok(Application(participation::confirm(&env, parse_id(&application_id, "Candidature")?).await?))
    }

    /// Withdraws with a reason and details (art. 134).
    async fn withdraw(
        &self,
        ctx: &Context<'_>,
        application_id: ID,
        reason: WithdrawalReason,
        details: String,
    ) -> async_graphql::Result<Application> {
        let env = env(ctx)?;
        let id = parse_id(&application_id, "Candidature")?;
        let details = required_text("details", &details, 4_000)?;
        Ok(Application(participation::withdraw(&env, id, reason, details).await?))
    }

    /// The School's assessment of a withdrawal; the head of court may be told (art. 134).
    async fn assess_withdrawal(
        &self,
        ctx: &Context<'_>,
        application_id: ID,
        serious: bool,
        notify_head_of_court: bool,
    ) -> async_graphql::Result<Application> {
        let env = env(ctx)?;
        let id = parse_id(&application_id, "Candidature")?;
        Ok(Application(participation::assess(&env, id, serious, notify_head_of_court).await?))
    }

    /// Lapses overdue selections and promotes the waitlist now; `asOf` outside production only.
    async fn run_deadline_sweep(
        &self,
        ctx: &Context<'_>,
        as_of: Option<DateTime<Utc>>,
    ) -> async_graphql::Result<SweepReport> {
        let env = env(ctx)?;
        policy::ensure(policy::can_run_sweep(env.user))?;
        if as_of.is_some() && state(ctx)?.settings.environment.is_production() {
            return Err(AppError::validation("asOf", "asOf n’est accepté qu’en dehors de la production").into());
        }
        let as_of = as_of.unwrap_or(env.now);
        let days = state(ctx)?.settings.confirmation_invitation_days;
        let outcome = sweep::run(env.db, as_of, Some(env.user.id), days).await?;
        Ok(SweepReport::of(as_of, false, outcome))
    }
}
