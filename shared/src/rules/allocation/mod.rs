//! The national selection as one proposal (issue 17), the algorithm alone: magistrate-proposing
//! deferred acceptance with per-action priorities, in rounds. In the first round each magistrate
//! gets at most one action, so that everyone has a place before anyone has a second; each later
//! round shares the places still free among those under the cap, leaving out the actions that
//! overlap in time one where the magistrate is already placed. A place given in a round is kept.
//!
//! Priority at an action is compared criterion by criterion, never weighted (décret 72-355 art. 51-1,
//! art. 125–128 of the regulation): first a statutory need the action meets, then — in the order the
//! School chooses — the evaluating authority's observation on the wish, whether the action targets
//! the magistrate's function, and fewer training days in the last three years; last the draw, a
//! number per magistrate from the published seed ([`draw_number`]). The wish's rank is the
//! magistrate's own order of proposals, not a priority.
//!
//! Pure and deterministic: the same campaign, order and seed give the same proposal
//! ([`rounds::propose`]), with the outcome of every wish, from which each magistrate's
//! explanation is written ([`explain`]). Reading the campaign from the database, storing the
//! proposal and applying it are the server's.

pub mod explain;
#[cfg(test)]
mod reference;
pub mod rounds;
pub mod standing;

use std::cmp::Ordering;
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub use rounds::propose;

pub type PersonId = i64;
pub type ActionId = i64;

/// A criterion of priority at an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(async_graphql::Enum), graphql(name = "AllocationCriterion"))]
pub enum Criterion {
    /// (1) A statutory need the action meets (art. 125, 126, 128).
    #[cfg_attr(feature = "server", graphql(name = "STATUTORY_NEED"))]
    StatutoryNeed,
    /// (2) The evaluating authority's observation on this wish.
    #[cfg_attr(feature = "server", graphql(name = "OBSERVATION"))]
    Observation,
    /// (3) The action targets the magistrate's function.
    #[cfg_attr(feature = "server", graphql(name = "TARGETS_FUNCTION"))]
    TargetsFunction,
    /// (4) Fewer training days in the last three years.
    #[cfg_attr(feature = "server", graphql(name = "RECENT_TRAINING"))]
    RecentTraining,
    /// (5) The draw.
    #[cfg_attr(feature = "server", graphql(name = "DRAW"))]
    Draw,
}

impl Criterion {
    /// The French name the explanations and the rules page give.
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::StatutoryNeed => "besoin statutaire auquel l’action répond",
            Self::Observation => "observation de l’autorité d’évaluation",
            Self::TargetsFunction => "action destinée à la fonction exercée",
            Self::RecentTraining => "moins de jours de formation sur les trois dernières années",
            Self::Draw => "tirage au sort",
        }
    }

    /// The stable name stored with a run.
    pub fn wire(self) -> &'static str {
        match self {
            Self::StatutoryNeed => "STATUTORY_NEED",
            Self::Observation => "OBSERVATION",
            Self::TargetsFunction => "TARGETS_FUNCTION",
            Self::RecentTraining => "RECENT_TRAINING",
            Self::Draw => "DRAW",
        }
    }

    /// Reads a stored name.
    pub fn parse(wire: &str) -> Option<Self> {
        [Self::StatutoryNeed, Self::Observation, Self::TargetsFunction, Self::RecentTraining, Self::Draw]
            .into_iter()
            .find(|c| c.wire() == wire)
    }
}

/// Which statutory need an action meets for a magistrate (criterion 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(async_graphql::Enum), graphql(name = "AllocationNeed"))]
pub enum Need {
    /// Prise-de-fonction training owed for a function never held before (art. 126).
    #[cfg_attr(feature = "server", graphql(name = "NEW_FUNCTION"))]
    NewFunction,
    /// An art. 128 recruit short of the days owed.
    #[cfg_attr(feature = "server", graphql(name = "ARTICLE_128"))]
    Article128,
    /// Short of the five days a year (art. 125).
    #[cfg_attr(feature = "server", graphql(name = "ANNUAL"))]
    Annual,
}

impl Need {
    pub fn label_fr(self) -> &'static str {
        match self {
            Self::NewFunction => "formation de prise de fonction due (art. 126)",
            Self::Article128 => "jours dus au titre du recrutement (art. 128)",
            Self::Annual => "cinq jours annuels non encore atteints (art. 125)",
        }
    }

    pub fn wire(self) -> &'static str {
        match self {
            Self::NewFunction => "NEW_FUNCTION",
            Self::Article128 => "ARTICLE_128",
            Self::Annual => "ANNUAL",
        }
    }

    pub fn parse(wire: &str) -> Option<Self> {
        [Self::NewFunction, Self::Article128, Self::Annual].into_iter().find(|n| n.wire() == wire)
    }
}

/// The evaluating authority's observation on a wish, from worst to best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(async_graphql::Enum), graphql(name = "AllocationObservation"))]
pub enum Observation {
    #[cfg_attr(feature = "server", graphql(name = "UNFAVOURABLE"))]
    Unfavourable,
    #[cfg_attr(feature = "server", graphql(name = "RESERVED"))]
    Reserved,
    /// Favourable, or none given.
    #[cfg_attr(feature = "server", graphql(name = "FAVOURABLE_OR_NONE"))]
    FavourableOrNone,
}

impl Observation {
    /// The stored name.
    pub fn wire(self) -> &'static str {
        match self {
            Self::Unfavourable => "UNFAVOURABLE",
            Self::Reserved => "RESERVED",
            Self::FavourableOrNone => "FAVOURABLE_OR_NONE",
        }
    }

    pub fn parse(wire: &str) -> Option<Self> {
        [Self::Unfavourable, Self::Reserved, Self::FavourableOrNone].into_iter().find(|o| o.wire() == wire)
    }

    pub fn label_fr(self) -> &'static str {
        match self {
            Self::Unfavourable => "défavorable",
            Self::Reserved => "réservée",
            Self::FavourableOrNone => "favorable ou absente",
        }
    }
}

/// Where a magistrate stands at one action, criterion by criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Standing {
    pub statutory_need: bool,
    pub observation: Observation,
    pub targets_function: bool,
    /// Training half-days in the last three years: fewer comes first.
    pub recent_half_days: u32,
}

/// The School's order of criteria 2–4; criterion 1 always comes first and the draw last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CriteriaOrder(pub [Criterion; 3]);

impl Default for CriteriaOrder {
    fn default() -> Self {
        Self([Criterion::Observation, Criterion::TargetsFunction, Criterion::RecentTraining])
    }
}

impl CriteriaOrder {
    /// An order of 2–4 is each of them once.
    pub fn new(order: [Criterion; 3]) -> Option<Self> {
        let middle = [Criterion::Observation, Criterion::TargetsFunction, Criterion::RecentTraining];
        let each_once = middle.iter().all(|c| order.iter().filter(|o| *o == c).count() == 1);
        each_once.then_some(Self(order))
    }

    /// Every criterion in the order they are compared.
    pub fn all(&self) -> [Criterion; 5] {
        [Criterion::StatutoryNeed, self.0[0], self.0[1], self.0[2], Criterion::Draw]
    }

    /// The stored form: the three middle criteria's names, comma-separated.
    pub fn wire(&self) -> String {
        self.0.iter().map(|c| c.wire()).collect::<Vec<_>>().join(",")
    }

    /// Reads the stored form.
    pub fn parse(wire: &str) -> Option<Self> {
        let parsed: Option<Vec<Criterion>> = wire.split(',').map(Criterion::parse).collect();
        let order: [Criterion; 3] = parsed?.try_into().ok()?;
        Self::new(order)
    }
}

/// The draw number of `person`: the first 64 bits of SHA-256(seed ‖ the person's id in decimal);
/// the smaller comes first. Anyone with the published seed can compute it again.
pub fn draw_number(seed: &[u8], person: PersonId) -> u64 {
    let mut hasher = Sha256::new();
    hasher.update(seed);
    hasher.update(person.to_string().as_bytes());
    let digest = hasher.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    u64::from_be_bytes(first)
}

/// The 95 % Wilson score interval of the share `successes / n`, as (low, high): what the
/// director reads beside each court of appeal's share placed; (0, 0) when `n` is 0.
pub fn wilson_95(successes: u32, n: u32) -> (f64, f64) {
    if n == 0 {
        return (0.0, 0.0);
    }
    let z = 1.959_963_984_540_054_f64;
    let n = f64::from(n);
    let p = f64::from(successes.min(n as u32)) / n;
    let centre = p + z * z / (2.0 * n);
    let margin = z * (p * (1.0 - p) / n + z * z / (4.0 * n * n)).sqrt();
    let denominator = 1.0 + z * z / n;
    (((centre - margin) / denominator).max(0.0), ((centre + margin) / denominator).min(1.0))
}

/// Whether two spans of days, each from its first to its last day, share a day: no one holds
/// places at two actions held at the same time (the rounds, and the waitlist's promotions).
pub fn share_a_day(a: (NaiveDate, NaiveDate), b: (NaiveDate, NaiveDate)) -> bool {
    a.0 <= b.1 && b.0 <= a.1
}

/// An action of the campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: ActionId,
    pub capacity: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Action {
    /// Whether the two actions share a day.
    pub fn overlaps(&self, other: &Action) -> bool {
        share_a_day((self.start, self.end), (other.start, other.end))
    }
}

/// One wish: a magistrate, an action, the magistrate's rank for it (1 first) and their standing there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wish {
    pub person: PersonId,
    pub action: ActionId,
    pub rank: u32,
    pub standing: Standing,
}

/// A constraint the director sets before a run; the proposal is run again with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Override {
    /// The magistrate gets a place at the action, before any round, if they wished it.
    Force { person: PersonId, action: ActionId },
    /// The magistrate's wish for the action is left out.
    Exclude { person: PersonId, action: ActionId },
}

/// What the algorithm is given.
#[derive(Debug, Clone, Default)]
pub struct Campaign {
    /// The actions, each with the places still free.
    pub actions: Vec<Action>,
    pub wishes: Vec<Wish>,
    /// Actions one magistrate may get at most (one per round), places already held included.
    pub cap_per_person: u32,
    /// Places decided before the run (not in `wishes`, their seats not in the capacities): they
    /// count toward the cap and the overlaps.
    pub held: Vec<(PersonId, ActionId)>,
    pub overrides: Vec<Override>,
}

/// What became of one wish, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Outcome {
    /// A place in this round (1 first).
    Placed { round: u32 },
    /// A place forced by the director.
    Forced,
    /// Left out by the director.
    Excluded,
    /// Proposed in `round` and refused: every place went to someone of higher priority there, the
    /// last admitted being `last_admitted`.
    Outranked { round: u32, last_admitted: PersonId },
    /// No place was left at the action when the magistrate's turn came, in `round`.
    Full { round: u32 },
    /// Left out: overlaps in time the action `with`, where the magistrate has a place.
    Overlaps { with: ActionId },
    /// The magistrate reached the cap before this wish's turn.
    CapReached,
}

impl Outcome {
    /// Whether the wish got a place.
    pub fn is_placed(self) -> bool {
        matches!(self, Self::Placed { .. } | Self::Forced)
    }

    /// The stored name of the outcome's kind.
    pub fn kind(self) -> &'static str {
        match self {
            Self::Placed { .. } => "PLACED",
            Self::Forced => "FORCED",
            Self::Excluded => "EXCLUDED",
            Self::Outranked { .. } => "OUTRANKED",
            Self::Full { .. } => "FULL",
            Self::Overlaps { .. } => "OVERLAPS",
            Self::CapReached => "CAP_REACHED",
        }
    }

    /// The round it happened in, if any.
    pub fn round(self) -> Option<u32> {
        match self {
            Self::Placed { round } | Self::Outranked { round, .. } | Self::Full { round } => Some(round),
            _ => None,
        }
    }

    /// The other party it names: the last admitted, or the overlapping action.
    pub fn other(self) -> Option<i64> {
        match self {
            Self::Outranked { last_admitted, .. } => Some(last_admitted),
            Self::Overlaps { with } => Some(with),
            _ => None,
        }
    }

    /// Reads the stored form back.
    pub fn from_parts(kind: &str, round: Option<u32>, other: Option<i64>) -> Option<Self> {
        Some(match kind {
            "PLACED" => Self::Placed { round: round? },
            "FORCED" => Self::Forced,
            "EXCLUDED" => Self::Excluded,
            "OUTRANKED" => Self::Outranked { round: round?, last_admitted: other? },
            "FULL" => Self::Full { round: round? },
            "OVERLAPS" => Self::Overlaps { with: other? },
            "CAP_REACHED" => Self::CapReached,
            _ => return None,
        })
    }
}

/// A place given, and in which round (0 for a place the director forced, 1 first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub person: PersonId,
    pub action: ActionId,
    pub round: u32,
}

/// The proposal: the places, each action's unplaced applicants in priority order, and what became
/// of every wish.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Proposal {
    /// In the order they were given: by round, then action, then priority.
    pub placements: Vec<Placement>,
    /// Each action's applicants refused for priority or finding it full, best first: those the
    /// promotion may take when a place frees up (not the excluded, nor those it would give a place
    /// overlapping one they have or beyond the cap).
    pub waitlists: BTreeMap<ActionId, Vec<PersonId>>,
    /// Every wish's outcome, by magistrate then action.
    pub outcomes: BTreeMap<(PersonId, ActionId), Outcome>,
}

/// Compares two magistrates' priority at one action: `Less` means `a` comes first.
pub fn compare(order: &CriteriaOrder, a: (&Standing, u64), b: (&Standing, u64)) -> Ordering {
    for criterion in order.all() {
        let decided = deciding(criterion, a, b);
        if decided != Ordering::Equal {
            return decided;
        }
    }
    Ordering::Equal
}

/// Criteria 1–4 of `standing`, in `order`, packed in one number that sorts as [`compare`] does
/// before the draw: a smaller key comes first. With the draw and then the person's id after it, a
/// wish's priority becomes a key the rounds sort and compare as integers.
pub fn priority_key(order: &CriteriaOrder, standing: &Standing) -> u64 {
    let mut key = 0u64;
    for criterion in order.all() {
        let (bits, value) = match criterion {
            Criterion::StatutoryNeed => (1, u64::from(!standing.statutory_need)),
            Criterion::Observation => (
                2,
                match standing.observation {
                    Observation::FavourableOrNone => 0,
                    Observation::Reserved => 1,
                    Observation::Unfavourable => 2,
                },
            ),
            Criterion::TargetsFunction => (1, u64::from(!standing.targets_function)),
            Criterion::RecentTraining => (32, u64::from(standing.recent_half_days)),
            Criterion::Draw => (0, 0),
        };
        key = (key << bits) | value;
    }
    key
}

/// The first criterion, in `order`, at which `a` and `b` differ (`Draw` when only the draw does).
pub fn deciding_criterion(order: &CriteriaOrder, a: (&Standing, u64), b: (&Standing, u64)) -> Criterion {
    order.all().into_iter().find(|c| deciding(*c, a, b) != Ordering::Equal).unwrap_or(Criterion::Draw)
}

/// One criterion's comparison: `Less` means `a` comes first.
fn deciding(criterion: Criterion, (a, draw_a): (&Standing, u64), (b, draw_b): (&Standing, u64)) -> Ordering {
    match criterion {
        Criterion::StatutoryNeed => b.statutory_need.cmp(&a.statutory_need),
        Criterion::Observation => b.observation.cmp(&a.observation),
        Criterion::TargetsFunction => b.targets_function.cmp(&a.targets_function),
        Criterion::RecentTraining => a.recent_half_days.cmp(&b.recent_half_days),
        Criterion::Draw => draw_a.cmp(&draw_b),
    }
}
