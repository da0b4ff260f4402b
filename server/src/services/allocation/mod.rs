//! The national selection as one explainable proposal (issue 17; décret 72-355 art. 51-1,
//! art. 125–131; CRPA L311-3-1, R311-3-1-1, R311-3-1-2, L312-1-3).
//!
//! The director runs a proposal on the year's closed wishes ([`propose::run`]): the campaign is
//! read ([`campaign::load`]), the rounds of deferred acceptance run in `shared::rules::allocation`
//! with the year's committed seed, and the run is stored with its parameters, hashes, figures and
//! every wish's outcome. Each magistrate reads their explanation ([`explanations::explain`]); the
//! director turns a proposal into decisions ([`apply::apply`]) through the same path as
//! `decideApplications`, each notice saying an algorithm proposed it.

pub mod apply;
pub mod campaign;
pub mod explanations;
pub mod figures;
pub mod progress;
pub mod propose;
pub mod runs;

use serde::{Deserialize, Serialize};
use shared::AllocationOverrideKind;

/// One of the director's overrides, as given and stored with the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OverrideSpec {
    pub kind: AllocationOverrideKind,
    pub session_id: i64,
    /// For a forced place or an exclusion.
    pub magistrate_id: Option<i64>,
    /// For a changed capacity.
    pub capacity: Option<i32>,
    pub reason: String,
}

/// A run's figures, stored with it (fields added later read as their default).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RunStats {
    pub magistrates: u32,
    pub wishes: u32,
    pub actions: u32,
    /// Places free for the run, over every action.
    pub places: u32,
    /// Places proposed (forced ones included).
    pub placed: u32,
    /// Magistrates with at least one place.
    pub placed_magistrates: u32,
    /// Magistrates whose first wish got a place.
    pub first_wish_placed: u32,
    /// Places given in each round (0: forced by the director).
    pub per_round: Vec<u32>,
    /// Mean rank of the wishes that got a place.
    pub mean_rank: f64,
    /// Magistrates with a wish meeting a statutory need, and those placed at such an action.
    pub in_need: u32,
    pub needs_met: u32,
    /// Actions whose margin the draw decided, and their places.
    pub draw_decided_actions: u32,
    pub draw_decided_places: u32,
    /// Each court of appeal's magistrates and those placed (`None`: outside any court).
    pub per_court: Vec<CourtFigures>,
    /// Times in milliseconds: reading the campaign, the algorithm alone, storing the run, and the
    /// whole run from reading to storing.
    pub load_ms: u64,
    pub algorithm_ms: u64,
    pub store_ms: u64,
    pub total_ms: u64,
}

/// One court of appeal's magistrates in a run, and how many got a place.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CourtFigures {
    pub court_id: Option<i64>,
    pub magistrates: u32,
    pub placed: u32,
}
