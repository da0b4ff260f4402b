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
//! Pure and deterministic: the same campaign, order and seed give the same proposal. Reading the
//! campaign from the database, storing the proposal, explaining it and applying it are the server's.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

pub type PersonId = i64;
pub type ActionId = i64;

/// A criterion of priority at an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Criterion {
    /// (1) A statutory need the action meets (art. 125, 126, 128).
    StatutoryNeed,
    /// (2) The evaluating authority's observation on this wish.
    Observation,
    /// (3) The action targets the magistrate's function.
    TargetsFunction,
    /// (4) Fewer training days in the last three years.
    RecentTraining,
    /// (5) The draw.
    Draw,
}

/// The evaluating authority's observation on a wish, from worst to best.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Observation {
    Unfavourable,
    Reserved,
    /// Favourable, or none given.
    FavourableOrNone,
}

/// Where a magistrate stands at one action, criterion by criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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

/// An action of the campaign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub id: ActionId,
    pub capacity: u32,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Action {
    fn overlaps(&self, other: &Action) -> bool {
        self.start <= other.end && other.start <= self.end
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

/// What the algorithm is given.
#[derive(Debug, Clone, Default)]
pub struct Campaign {
    pub actions: Vec<Action>,
    pub wishes: Vec<Wish>,
    /// Actions one magistrate may get at most (one per round).
    pub cap_per_person: u32,
}

/// A place given, and in which round (1 first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placement {
    pub person: PersonId,
    pub action: ActionId,
    pub round: u32,
}

/// The proposal: the places, and each action's unplaced applicants in priority order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Proposal {
    /// In the order they were given: by round, then action, then priority.
    pub placements: Vec<Placement>,
    pub waitlists: BTreeMap<ActionId, Vec<PersonId>>,
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

/// Runs the rounds of deferred acceptance and gives the proposal.
pub fn propose(campaign: &Campaign, order: &CriteriaOrder, seed: &[u8]) -> Proposal {
    let actions: HashMap<ActionId, &Action> = campaign.actions.iter().map(|a| (a.id, a)).collect();
    let draws: HashMap<PersonId, u64> =
        campaign.wishes.iter().map(|w| (w.person, draw_number(seed, w.person))).collect();
    let draw = |person: PersonId| draws.get(&person).copied().unwrap_or(u64::MAX);
    // Each magistrate's wishes in their own order (rank, then action for equal ranks).
    let mut wishes_of: BTreeMap<PersonId, Vec<&Wish>> = BTreeMap::new();
    for wish in campaign.wishes.iter().filter(|w| actions.contains_key(&w.action)) {
        wishes_of.entry(wish.person).or_default().push(wish);
    }
    for list in wishes_of.values_mut() {
        list.sort_by_key(|w| (w.rank, w.action));
        let mut seen = HashSet::new();
        list.retain(|w| seen.insert(w.action));
    }
    let standing: HashMap<(PersonId, ActionId), &Standing> =
        campaign.wishes.iter().map(|w| ((w.person, w.action), &w.standing)).collect();
    let key = |person: PersonId, action: ActionId| (standing.get(&(person, action)).copied(), draw(person));
    let before = |action: ActionId, a: PersonId, b: PersonId| match (key(a, action), key(b, action)) {
        ((Some(sa), da), (Some(sb), db)) => compare(order, (sa, da), (sb, db)).then(a.cmp(&b)),
        _ => a.cmp(&b),
    };

    let mut free: HashMap<ActionId, u32> = campaign.actions.iter().map(|a| (a.id, a.capacity)).collect();
    let mut placed: HashMap<PersonId, Vec<ActionId>> = HashMap::new();
    let mut proposal = Proposal::default();
    for round in 1..=campaign.cap_per_person {
        // Who may still propose this round, and to which actions, best first.
        let mut lists: BTreeMap<PersonId, Vec<ActionId>> = BTreeMap::new();
        for (person, wishes) in &wishes_of {
            let own = placed.get(person).map(Vec::as_slice).unwrap_or_default();
            let eligible: Vec<ActionId> = wishes
                .iter()
                .map(|w| w.action)
                .filter(|a| !own.contains(a) && free.get(a).copied().unwrap_or(0) > 0)
                .filter(|a| own.iter().all(|o| !actions[o].overlaps(actions[a])))
                .collect();
            if !eligible.is_empty() {
                lists.insert(*person, eligible);
            }
        }
        let held = deferred_acceptance(&lists, &free, &before);
        if held.values().all(Vec::is_empty) {
            break;
        }
        for (action, people) in held {
            for person in people {
                proposal.placements.push(Placement { person, action, round });
                placed.entry(person).or_default().push(action);
                if let Some(left) = free.get_mut(&action) {
                    *left -= 1;
                }
            }
        }
    }
    // Each action's applicants without a place there, in priority order.
    let given: HashSet<(PersonId, ActionId)> = proposal.placements.iter().map(|p| (p.person, p.action)).collect();
    let mut waitlists: BTreeMap<ActionId, Vec<PersonId>> =
        campaign.actions.iter().map(|a| (a.id, Vec::new())).collect();
    for (person, wishes) in &wishes_of {
        for wish in wishes.iter().filter(|w| !given.contains(&(*person, w.action))) {
            if let Some(waiting) = waitlists.get_mut(&wish.action) {
                waiting.push(*person);
            }
        }
    }
    for (action, waiting) in waitlists.iter_mut() {
        waiting.sort_by(|a, b| before(*action, *a, *b));
    }
    proposal.waitlists = waitlists;
    proposal
}

/// One round: each magistrate proposes down their list; each action holds the best of its
/// proposers up to its free places and refuses the others, who propose to their next action.
fn deferred_acceptance(
    lists: &BTreeMap<PersonId, Vec<ActionId>>,
    free: &HashMap<ActionId, u32>,
    before: &impl Fn(ActionId, PersonId, PersonId) -> Ordering,
) -> BTreeMap<ActionId, Vec<PersonId>> {
    let mut next: HashMap<PersonId, usize> = lists.keys().map(|p| (*p, 0)).collect();
    let mut held: BTreeMap<ActionId, Vec<PersonId>> = BTreeMap::new();
    let mut proposing: Vec<PersonId> = lists.keys().rev().copied().collect();
    while let Some(person) = proposing.pop() {
        let list = &lists[&person];
        let Some(at) = next.get_mut(&person) else { continue };
        let Some(&action) = list.get(*at) else { continue };
        *at += 1;
        let places = free.get(&action).copied().unwrap_or(0) as usize;
        let holding = held.entry(action).or_default();
        holding.push(person);
        holding.sort_by(|a, b| before(action, *a, *b));
        if holding.len() > places {
            if let Some(refused) = holding.pop() {
                proposing.push(refused);
            }
        }
    }
    held
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 3, day).unwrap_or(NaiveDate::MIN)
    }

    fn standing(need: bool, observation: Observation, targets: bool, recent: u32) -> Standing {
        Standing { statutory_need: need, observation, targets_function: targets, recent_half_days: recent }
    }

    const PLAIN: Standing = Standing {
        statutory_need: false,
        observation: Observation::FavourableOrNone,
        targets_function: false,
        recent_half_days: 10,
    };

    fn wish(person: PersonId, action: ActionId, rank: u32, standing: Standing) -> Wish {
        Wish { person, action, rank, standing }
    }

    fn action(id: ActionId, capacity: u32, start: u32, end: u32) -> Action {
        Action { id, capacity, start: d(start), end: d(end) }
    }

    #[test]
    fn the_draw_is_the_first_64_bits_of_sha_256_of_the_seed_and_the_person() {
        let expected = Sha256::digest(b"graine42");
        let mut first = [0u8; 8];
        first.copy_from_slice(&expected[..8]);
        assert_eq!(draw_number(b"graine", 42), u64::from_be_bytes(first));
        assert_ne!(draw_number(b"graine", 42), draw_number(b"graine", 43));
    }

    #[test]
    fn everyone_gets_a_place_before_anyone_gets_a_second() {
        // Two places at A and one at B; 1 and 2 both want A then B; 3 wants A only. With a cap of 2,
        // a one-shot allocation could give 1 both A and B; the rounds give three people one each.
        let campaign = Campaign {
            actions: vec![action(1, 2, 1, 2), action(2, 1, 10, 11)],
            wishes: vec![
                wish(1, 1, 1, standing(true, Observation::FavourableOrNone, false, 0)),
                wish(1, 2, 2, PLAIN),
                wish(2, 1, 1, PLAIN),
                wish(2, 2, 2, PLAIN),
                wish(3, 2, 1, PLAIN),
            ],
            cap_per_person: 2,
        };
        let proposal = propose(&campaign, &CriteriaOrder::default(), b"seed");
        let mut first_round: Vec<PersonId> =
            proposal.placements.iter().filter(|p| p.round == 1).map(|p| p.person).collect();
        first_round.sort_unstable();
        assert_eq!(first_round, vec![1, 2, 3]);
        assert!(proposal.placements.iter().all(|p| p.round == 1), "no place left for a second round");
    }

    #[test]
    fn a_statutory_need_comes_before_the_observation_and_the_observation_before_the_draw() {
        let campaign = Campaign {
            actions: vec![action(1, 1, 1, 2)],
            wishes: vec![
                wish(1, 1, 1, standing(false, Observation::FavourableOrNone, true, 0)),
                wish(2, 1, 1, standing(true, Observation::Unfavourable, false, 40)),
                wish(3, 1, 1, standing(false, Observation::Reserved, true, 0)),
            ],
            cap_per_person: 1,
        };
        let proposal = propose(&campaign, &CriteriaOrder::default(), b"seed");
        assert_eq!(proposal.placements, vec![Placement { person: 2, action: 1, round: 1 }]);
        assert_eq!(proposal.waitlists[&1], vec![1, 3], "favourable before reserved");
    }

    #[test]
    fn the_school_may_put_fewer_recent_days_before_the_observation() {
        let campaign = Campaign {
            actions: vec![action(1, 1, 1, 2)],
            wishes: vec![
                wish(1, 1, 1, standing(false, Observation::FavourableOrNone, false, 30)),
                wish(2, 1, 1, standing(false, Observation::Reserved, false, 2)),
            ],
            cap_per_person: 1,
        };
        let default = propose(&campaign, &CriteriaOrder::default(), b"seed");
        assert_eq!(default.placements[0].person, 1);
        let order = CriteriaOrder::new([Criterion::RecentTraining, Criterion::Observation, Criterion::TargetsFunction]);
        let reordered = propose(&campaign, &order.unwrap_or_default(), b"seed");
        assert_eq!(reordered.placements[0].person, 2);
        assert!(CriteriaOrder::new([Criterion::Draw, Criterion::Observation, Criterion::TargetsFunction]).is_none());
    }

    #[test]
    fn a_later_round_leaves_out_an_action_overlapping_one_already_given() {
        let campaign = Campaign {
            actions: vec![action(1, 1, 1, 3), action(2, 5, 2, 4), action(3, 5, 10, 11)],
            wishes: vec![wish(1, 1, 1, PLAIN), wish(1, 2, 2, PLAIN), wish(1, 3, 3, PLAIN)],
            cap_per_person: 3,
        };
        let proposal = propose(&campaign, &CriteriaOrder::default(), b"seed");
        let got: Vec<ActionId> = proposal.placements.iter().map(|p| p.action).collect();
        assert_eq!(got, vec![1, 3], "action 2 overlaps action 1");
    }

    /// A generated campaign: a few actions, people with up to four wishes each.
    fn campaigns() -> impl Strategy<Value = Campaign> {
        let actions = prop::collection::vec((1u32..4, 1u32..25, 0u32..3), 1..6);
        let wishes =
            prop::collection::vec((1i64..15, 0usize..6, any::<bool>(), 0u8..3, any::<bool>(), 0u32..40), 0..40);
        (actions, wishes, 1u32..3).prop_map(|(actions, wishes, cap)| {
            let actions: Vec<Action> = actions
                .into_iter()
                .enumerate()
                .map(|(i, (capacity, start, length))| action(i as i64 + 1, capacity, start, start + length))
                .collect();
            let mut seen = HashSet::new();
            let mut ranks: HashMap<PersonId, u32> = HashMap::new();
            let wishes = wishes
                .into_iter()
                .filter_map(|(person, a, need, observation, targets, recent)| {
                    let action = actions.get(a % actions.len())?.id;
                    if !seen.insert((person, action)) {
                        return None;
                    }
                    let rank = ranks.entry(person).or_insert(0);
                    *rank += 1;
                    let observation = [Observation::Unfavourable, Observation::Reserved, Observation::FavourableOrNone]
                        [usize::from(observation)];
                    Some(wish(person, action, *rank, standing(need, observation, targets, recent)))
                })
                .collect();
            Campaign { actions, wishes, cap_per_person: cap }
        })
    }

    proptest! {
        #[test]
        fn capacities_are_never_exceeded_and_no_one_gets_more_than_the_cap(campaign in campaigns()) {
            let proposal = propose(&campaign, &CriteriaOrder::default(), b"seed");
            for action in &campaign.actions {
                let given = proposal.placements.iter().filter(|p| p.action == action.id).count();
                prop_assert!(given <= action.capacity as usize);
            }
            let mut per_person: HashMap<PersonId, u32> = HashMap::new();
            for placement in &proposal.placements {
                *per_person.entry(placement.person).or_default() += 1;
                let wished = campaign.wishes.iter().any(|w| w.person == placement.person && w.action == placement.action);
                prop_assert!(wished, "a place only where it was wished");
            }
            prop_assert!(per_person.values().all(|n| *n <= campaign.cap_per_person));
        }

        #[test]
        fn no_one_loses_a_place_to_someone_of_lower_priority_in_the_same_round(campaign in campaigns()) {
            let order = CriteriaOrder::default();
            let proposal = propose(&campaign, &order, b"seed");
            let actions: HashMap<ActionId, &Action> = campaign.actions.iter().map(|a| (a.id, a)).collect();
            let standing = |p: PersonId, a: ActionId| campaign.wishes.iter().find(|w| w.person == p && w.action == a);
            for q in &proposal.placements {
                let Some(q_wish) = standing(q.person, q.action) else { continue };
                for p_wish in campaign.wishes.iter().filter(|w| w.action == q.action && w.person != q.person) {
                    let p = p_wish.person;
                    // What p held before this round, and got in it.
                    let earlier: Vec<ActionId> = proposal.placements.iter()
                        .filter(|x| x.person == p && x.round < q.round).map(|x| x.action).collect();
                    if earlier.len() as u32 >= q.round || earlier.contains(&q.action) {
                        continue;
                    }
                    if earlier.iter().any(|e| actions[e].overlaps(actions[&q.action])) {
                        continue;
                    }
                    let got = proposal.placements.iter().find(|x| x.person == p && x.round == q.round);
                    let prefers = match got {
                        None => true,
                        Some(x) => standing(p, x.action).is_some_and(|w| w.rank > p_wish.rank),
                    };
                    let higher = compare(
                        &order,
                        (&p_wish.standing, draw_number(b"seed", p)),
                        (&q_wish.standing, draw_number(b"seed", q.person)),
                    ) == Ordering::Less;
                    prop_assert!(!(prefers && higher), "{p} envies {} at action {} in round {}", q.person, q.action, q.round);
                }
            }
        }

        #[test]
        fn the_same_campaign_and_seed_give_the_same_proposal(campaign in campaigns()) {
            let order = CriteriaOrder::default();
            let mut shuffled = campaign.clone();
            shuffled.wishes.reverse();
            shuffled.actions.reverse();
            prop_assert_eq!(propose(&campaign, &order, b"seed"), propose(&shuffled, &order, b"seed"));
        }
    }
}
