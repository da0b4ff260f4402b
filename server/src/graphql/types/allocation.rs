//! The national selection's proposals as the API shows them (issue 17): a run with its
//! parameters, hashes and figures, its actions with their cut-offs, and one magistrate's
//! explanation.

use async_graphql::{Context, Object, SimpleObject, ID};
use chrono::{DateTime, Utc};
use shared::rules::allocation::explain::Explanation;
use shared::rules::allocation::{wilson_95, CriteriaOrder, Criterion, Need, Observation};
use shared::{AllocationOutcome, AllocationOverrideKind, AllocationRunStatus};

use crate::entities::{allocation_run, allocation_run_action, allocation_run_wish};
use crate::graphql::context::{env, state};
use crate::graphql::types::permissions::nested_session;
use crate::graphql::types::Session;
use crate::services::allocation::{explanations, runs, RunStats};
use crate::services::{selection_seed, ListWindow};

/// A proposal of the national selection.
pub struct AllocationRun(pub allocation_run::Model);

#[Object]
impl AllocationRun {
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    async fn year(&self) -> i32 {
        self.0.year
    }
    async fn status(&self) -> AllocationRunStatus {
        AllocationRunStatus::parse(&self.0.status).unwrap_or(AllocationRunStatus::Proposed)
    }
    /// Every criterion in the order compared: the statutory need first, the draw last.
    async fn criteria_order(&self) -> Vec<Criterion> {
        CriteriaOrder::parse(&self.0.criteria_order).unwrap_or_default().all().to_vec()
    }
    async fn cap_per_person(&self) -> i32 {
        self.0.cap_per_person
    }
    /// The director's overrides the run was made with.
    async fn overrides(&self) -> Vec<AllocationOverride> {
        runs::overrides(&self.0)
            .into_iter()
            .map(|o| AllocationOverride {
                kind: o.kind,
                session_id: ID(o.session_id.to_string()),
                magistrate_id: o.magistrate_id.map(|m| ID(m.to_string())),
                capacity: o.capacity,
                reason: o.reason,
            })
            .collect()
    }
    /// SHA-256 of the year's seed, as committed to when wishes opened.
    async fn seed_sha256(&self) -> &str {
        &self.0.seed_sha256
    }
    /// The seed, once the year's national wishes have closed (`allocationSeedCommitment`).
    async fn seed(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let env = env(ctx)?;
        Ok(selection_seed::commitment(env.db, self.0.year, env.today()).await?.and_then(|c| c.seed))
    }
    /// SHA-256 of the campaign, order, cap and overrides the run was given.
    async fn input_sha256(&self) -> &str {
        &self.0.input_sha256
    }
    /// SHA-256 of the places and waitlists proposed.
    async fn output_sha256(&self) -> &str {
        &self.0.output_sha256
    }
    async fn stats(&self) -> AllocationStats {
        AllocationStats::from(serde_json::from_str::<RunStats>(&self.0.stats).unwrap_or_default())
    }
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    async fn applied_at(&self) -> Option<DateTime<Utc>> {
        self.0.applied_at
    }
    /// How far its adoption has gone while `applyAllocation` runs in this server; none otherwise.
    async fn adoption(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AllocationAdoption>> {
        Ok(state(ctx)?.adoptions.of(self.0.id).map(|p| AllocationAdoption { done: p.done, total: p.total }))
    }
    /// Decisions taken by hand on the run's applications since it was applied (or made).
    async fn manual_changes(&self, ctx: &Context<'_>) -> async_graphql::Result<u64> {
        Ok(runs::manual_changes(&state(ctx)?.db, &self.0).await?)
    }
    /// The run's actions, the most asked first, with their cut-offs.
    async fn actions(
        &self,
        ctx: &Context<'_>,
        #[graphql(default = 100)] first: u64,
        #[graphql(default = 0)] offset: u64,
    ) -> async_graphql::Result<Vec<AllocationAction>> {
        let window = ListWindow { first: first.min(ListWindow::MAX), offset };
        Ok(runs::actions(&state(ctx)?.db, self.0.id, window).await?.into_iter().map(AllocationAction).collect())
    }
}

/// One of the director's overrides.
#[derive(SimpleObject)]
pub struct AllocationOverride {
    pub kind: AllocationOverrideKind,
    pub session_id: ID,
    pub magistrate_id: Option<ID>,
    pub capacity: Option<i32>,
    pub reason: String,
}

/// A run's figures.
#[derive(SimpleObject)]
pub struct AllocationStats {
    pub magistrates: u32,
    pub wishes: u32,
    pub actions: u32,
    pub places: u32,
    pub placed: u32,
    pub placed_magistrates: u32,
    /// Magistrates whose first wish got a place.
    pub first_wish_placed: u32,
    /// Their share of the magistrates, from 0 to 1.
    pub first_wish_share: f64,
    /// Places given in each round; the first is those the director forced.
    pub per_round: Vec<u32>,
    /// Mean rank of the wishes that got a place.
    pub mean_rank: f64,
    pub unplaced_magistrates: u32,
    /// Magistrates with a wish meeting a statutory need, and those placed at such an action.
    pub in_need: u32,
    pub needs_met: u32,
    /// Actions whose margin the draw decided, and their places.
    pub draw_decided_actions: u32,
    pub draw_decided_places: u32,
    /// Each court of appeal's share placed, with its 95 % confidence interval.
    pub per_court: Vec<AllocationCourtFigures>,
    /// Milliseconds spent reading the campaign, in the algorithm alone, storing the run, and in all.
    pub load_ms: u64,
    pub algorithm_ms: u64,
    pub store_ms: u64,
    pub total_ms: u64,
}

/// How far an adoption in progress has gone: actions decided out of all.
#[derive(SimpleObject)]
pub struct AllocationAdoption {
    pub done: u32,
    pub total: u32,
}

/// One court of appeal's magistrates in a run and the share placed.
pub struct AllocationCourtFigures(pub crate::services::allocation::CourtFigures);

#[Object]
impl AllocationCourtFigures {
    /// The court of appeal; none for magistrates outside any court.
    async fn court(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<super::Court>> {
        let Some(id) = self.0.court_id else { return Ok(None) };
        Ok(crate::graphql::loaders::load(ctx, crate::graphql::loaders::CourtKey(id)).await?.map(super::Court))
    }
    async fn magistrates(&self) -> u32 {
        self.0.magistrates
    }
    async fn placed(&self) -> u32 {
        self.0.placed
    }
    /// The share placed, from 0 to 1.
    async fn share(&self) -> f64 {
        if self.0.magistrates == 0 {
            0.0
        } else {
            f64::from(self.0.placed) / f64::from(self.0.magistrates)
        }
    }
    /// The 95 % Wilson interval of the share.
    async fn low(&self) -> f64 {
        wilson_95(self.0.placed, self.0.magistrates).0
    }
    async fn high(&self) -> f64 {
        wilson_95(self.0.placed, self.0.magistrates).1
    }
}

impl From<RunStats> for AllocationStats {
    fn from(s: RunStats) -> Self {
        let share = if s.magistrates == 0 { 0.0 } else { f64::from(s.first_wish_placed) / f64::from(s.magistrates) };
        Self {
            magistrates: s.magistrates,
            wishes: s.wishes,
            actions: s.actions,
            places: s.places,
            placed: s.placed,
            placed_magistrates: s.placed_magistrates,
            first_wish_placed: s.first_wish_placed,
            first_wish_share: share,
            per_round: s.per_round,
            mean_rank: s.mean_rank,
            unplaced_magistrates: s.magistrates.saturating_sub(s.placed_magistrates),
            in_need: s.in_need,
            needs_met: s.needs_met,
            draw_decided_actions: s.draw_decided_actions,
            draw_decided_places: s.draw_decided_places,
            per_court: s.per_court.into_iter().map(AllocationCourtFigures).collect(),
            load_ms: s.load_ms,
            algorithm_ms: s.algorithm_ms,
            store_ms: s.store_ms,
            total_ms: s.total_ms,
        }
    }
}

/// Where a magistrate stood at an action.
#[derive(SimpleObject)]
pub struct AllocationStanding {
    pub need: Option<Need>,
    pub observation: Observation,
    pub targets_function: bool,
    /// Days of training in the three years before.
    pub recent_days: f64,
}

impl From<&allocation_run_wish::Model> for AllocationStanding {
    fn from(row: &allocation_run_wish::Model) -> Self {
        let standing = explanations::standing(row);
        Self {
            need: row.need.as_deref().and_then(Need::parse),
            observation: standing.observation,
            targets_function: standing.targets_function,
            recent_days: f64::from(row.recent_half_days) / 2.0,
        }
    }
}

/// One action in a run.
pub struct AllocationAction(pub allocation_run_action::Model);

#[Object]
impl AllocationAction {
    async fn session(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Session>> {
        nested_session(ctx, self.0.session_id).await
    }
    async fn session_id(&self) -> ID {
        ID(self.0.session_id.to_string())
    }
    /// The capacity for the run.
    async fn capacity(&self) -> i32 {
        self.0.capacity
    }
    /// The places free for the run.
    async fn places(&self) -> i32 {
        self.0.places
    }
    async fn applicants(&self) -> i32 {
        self.0.applicants
    }
    async fn placed(&self) -> i32 {
        self.0.placed
    }
    /// The criterion at which the last admitted came before the first the action refused for priority.
    async fn cutoff_criterion(&self) -> Option<Criterion> {
        self.0.cutoff_criterion.as_deref().and_then(Criterion::parse)
    }
    /// Where the last admitted stood.
    async fn cutoff(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<AllocationStanding>> {
        let Some(person) = self.0.cutoff_magistrate_id else { return Ok(None) };
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        let row = allocation_run_wish::Entity::find()
            .filter(allocation_run_wish::Column::RunId.eq(self.0.run_id))
            .filter(allocation_run_wish::Column::SessionId.eq(self.0.session_id))
            .filter(allocation_run_wish::Column::MagistrateId.eq(person))
            .one(&state(ctx)?.db)
            .await?;
        Ok(row.as_ref().map(AllocationStanding::from))
    }
}

/// One wish explained.
#[derive(SimpleObject)]
pub struct AllocationWishExplanation {
    pub session_id: ID,
    pub rank: u32,
    pub outcome: AllocationOutcome,
    /// The round of a place, a refusal or a full action.
    pub round: Option<u32>,
    pub need: Option<Need>,
    pub observation: Observation,
    pub targets_function: bool,
    pub recent_days: f64,
    /// For a refusal: the criterion at which the last admitted came first.
    pub deciding_criterion: Option<Criterion>,
    /// The sentence in French.
    pub text: String,
}

/// A magistrate's explanation of a proposal (CRPA L311-3-1, R311-3-1-2).
#[derive(SimpleObject)]
pub struct AllocationExplanation {
    pub run_id: ID,
    pub magistrate_id: ID,
    pub run_status: AllocationRunStatus,
    /// Every criterion in the order compared.
    pub criteria: Vec<Criterion>,
    /// The magistrate's draw number, in hexadecimal (the first 64 bits of SHA-256(seed ‖ id)),
    /// once the seed is public.
    pub draw_number: Option<String>,
    pub wishes: Vec<AllocationWishExplanation>,
    /// The whole explanation in French.
    pub paragraphs: Vec<String>,
}

impl AllocationExplanation {
    pub fn new(run: &allocation_run::Model, magistrate_id: i64, e: Explanation) -> Self {
        Self {
            run_id: ID(run.id.to_string()),
            magistrate_id: ID(magistrate_id.to_string()),
            run_status: AllocationRunStatus::parse(&run.status).unwrap_or(AllocationRunStatus::Proposed),
            criteria: e.criteria,
            draw_number: e.draw.map(|d| format!("{d:016x}")),
            wishes: e
                .wishes
                .into_iter()
                .map(|w| AllocationWishExplanation {
                    session_id: ID(w.action.to_string()),
                    rank: w.rank,
                    outcome: AllocationOutcome::parse(w.outcome.kind()).unwrap_or(AllocationOutcome::CapReached),
                    round: w.outcome.round(),
                    need: w.need,
                    observation: w.standing.observation,
                    targets_function: w.standing.targets_function,
                    recent_days: f64::from(w.standing.recent_half_days) / 2.0,
                    deciding_criterion: w.deciding,
                    text: w.text,
                })
                .collect(),
            paragraphs: e.paragraphs,
        }
    }
}
