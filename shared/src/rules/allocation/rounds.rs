//! The rounds of deferred acceptance, and the outcome of every wish as it is settled.
//!
//! Before the rounds, the director's forced places are given (round 0) and the excluded wishes
//! left out. In round `r` a magistrate holding fewer than `r` places proposes down their wishes,
//! leaving out those already settled, the actions with no place left and those overlapping a
//! place they hold; each action keeps the best proposers up to its free places. Rounds go on,
//! each giving at most one place per magistrate under the cap, until one finds no one to propose.
//! A wish's outcome is settled once: a place, a refusal (the action is then full for good), a
//! full action, an overlap; the wishes still open when the magistrate reaches the cap are marked so.

use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::{
    compare, draw_number, Action, ActionId, Campaign, CriteriaOrder, Outcome, Override, PersonId, Placement, Proposal,
    Standing, Wish,
};

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

    let overlapping =
        |a: &ActionId, b: &ActionId| actions.get(a).zip(actions.get(b)).is_some_and(|(x, y)| x.overlaps(y));
    let mut free: HashMap<ActionId, u32> = campaign.actions.iter().map(|a| (a.id, a.capacity)).collect();
    let mut placed: HashMap<PersonId, Vec<ActionId>> = HashMap::new();
    for (person, action) in &campaign.held {
        placed.entry(*person).or_default().push(*action);
    }
    let mut proposal = Proposal::default();
    let wished = |person: PersonId, action: ActionId| standing.contains_key(&(person, action));
    for rule in &campaign.overrides {
        match *rule {
            Override::Force { person, action }
                if wished(person, action)
                    && free.get(&action).is_some_and(|f| *f > 0)
                    && !proposal.outcomes.contains_key(&(person, action)) =>
            {
                proposal.outcomes.insert((person, action), Outcome::Forced);
                proposal.placements.push(Placement { person, action, round: 0 });
                placed.entry(person).or_default().push(action);
                if let Some(left) = free.get_mut(&action) {
                    *left -= 1;
                }
            }
            Override::Exclude { person, action } if wished(person, action) => {
                proposal.outcomes.entry((person, action)).or_insert(Outcome::Excluded);
            }
            _ => {}
        }
    }
    let cap = campaign.cap_per_person;
    let mut round = 0;
    loop {
        round += 1;
        // Who may still propose this round, and to which actions, best first.
        let mut lists: BTreeMap<PersonId, Vec<ActionId>> = BTreeMap::new();
        for (person, wishes) in &wishes_of {
            let own = placed.get(person).map(Vec::as_slice).unwrap_or_default();
            if own.len() as u32 >= round.min(cap) {
                continue;
            }
            let mut eligible = Vec::new();
            for action in wishes.iter().map(|w| w.action) {
                if proposal.outcomes.contains_key(&(*person, action)) {
                    continue;
                }
                if let Some(with) = own.iter().find(|o| overlapping(o, &action)) {
                    proposal.outcomes.insert((*person, action), Outcome::Overlaps { with: *with });
                } else if free.get(&action).copied().unwrap_or(0) == 0 {
                    proposal.outcomes.insert((*person, action), Outcome::Full { round });
                } else {
                    eligible.push(action);
                }
            }
            if !eligible.is_empty() {
                lists.insert(*person, eligible);
            }
        }
        // Past the cap's round the eligible no longer change: a round with no one to propose is the last.
        if lists.is_empty() {
            if round >= cap {
                break;
            }
            continue;
        }
        let (held, reached) = deferred_acceptance(&lists, &free, &before);
        // Refusals: what each magistrate proposed to and was not kept at.
        for (person, list) in &lists {
            let upto = reached.get(person).copied().unwrap_or(0);
            for action in &list[..upto] {
                let kept = held.get(action).is_some_and(|h| h.contains(person));
                if let (false, Some(last)) = (kept, held.get(action).and_then(|h| h.last())) {
                    proposal.outcomes.insert((*person, *action), Outcome::Outranked { round, last_admitted: *last });
                }
            }
        }
        for (action, people) in held {
            for person in people {
                proposal.placements.push(Placement { person, action, round });
                proposal.outcomes.insert((person, action), Outcome::Placed { round });
                placed.entry(person).or_default().push(action);
                if let Some(left) = free.get_mut(&action) {
                    *left -= 1;
                }
            }
        }
    }
    // The wishes still open: their magistrate reached the cap before their turn.
    for (person, wishes) in &wishes_of {
        for wish in wishes.iter() {
            proposal.outcomes.entry((*person, wish.action)).or_insert(Outcome::CapReached);
        }
    }
    // Each action's applicants without a place there, in priority order.
    let mut waitlists: BTreeMap<ActionId, Vec<PersonId>> =
        campaign.actions.iter().map(|a| (a.id, Vec::new())).collect();
    for ((person, action), outcome) in &proposal.outcomes {
        if !matches!(outcome, Outcome::Outranked { .. } | Outcome::Full { .. }) {
            continue;
        }
        if let Some(waiting) = waitlists.get_mut(action) {
            waiting.push(*person);
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
/// Gives what each action holds, best first, and how far down their list each magistrate went.
fn deferred_acceptance(
    lists: &BTreeMap<PersonId, Vec<ActionId>>,
    free: &HashMap<ActionId, u32>,
    before: &impl Fn(ActionId, PersonId, PersonId) -> Ordering,
) -> (BTreeMap<ActionId, Vec<PersonId>>, HashMap<PersonId, usize>) {
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
        // Kept sorted: the newcomer goes in at its place.
        let at = holding.partition_point(|other| before(action, *other, person) == Ordering::Less);
        holding.insert(at, person);
        if holding.len() > places {
            if let Some(refused) = holding.pop() {
                proposing.push(refused);
            }
        }
    }
    (held, next)
}
#[cfg(test)]
pub(super) mod tests {
    use super::super::{Criterion, Observation};
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use sha2::{Digest, Sha256};

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
            ..Default::default()
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
            ..Default::default()
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
            ..Default::default()
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
            ..Default::default()
        };
        let proposal = propose(&campaign, &CriteriaOrder::default(), b"seed");
        let got: Vec<ActionId> = proposal.placements.iter().map(|p| p.action).collect();
        assert_eq!(got, vec![1, 3], "action 2 overlaps action 1");
    }

    #[test]
    fn a_forced_place_comes_before_the_rounds_and_an_excluded_wish_is_left_out() {
        let need = standing(true, Observation::FavourableOrNone, false, 0);
        let mut campaign = Campaign {
            actions: vec![action(1, 1, 1, 2), action(2, 3, 2, 3)],
            wishes: vec![wish(1, 1, 1, PLAIN), wish(2, 1, 1, need), wish(3, 1, 1, need)],
            cap_per_person: 2,
            held: vec![(3, 2)],
            overrides: vec![Override::Force { person: 1, action: 1 }],
        };
        let forced = propose(&campaign, &CriteriaOrder::default(), b"seed");
        assert_eq!(forced.placements, vec![Placement { person: 1, action: 1, round: 0 }]);
        assert_eq!(forced.outcomes[&(1, 1)], Outcome::Forced);
        assert_eq!(forced.outcomes[&(2, 1)], Outcome::Full { round: 1 });
        assert_eq!(forced.outcomes[&(3, 1)], Outcome::Overlaps { with: 2 }, "action 2, held, overlaps action 1");
        campaign.overrides = vec![Override::Exclude { person: 2, action: 1 }];
        let excluded = propose(&campaign, &CriteriaOrder::default(), b"seed");
        assert_eq!(excluded.placements, vec![Placement { person: 1, action: 1, round: 1 }]);
        assert_eq!(excluded.outcomes[&(2, 1)], Outcome::Excluded);
        assert!(excluded.waitlists[&1].is_empty(), "neither the excluded nor the overlapping wish waits");
    }

    /// A generated campaign: a few actions, people with up to four wishes each.
    pub(in crate::rules::allocation) fn campaigns() -> impl Strategy<Value = Campaign> {
        let actions = prop::collection::vec((1u32..4, 1u32..25, 0u32..3), 1..6);
        let wishes =
            prop::collection::vec((1i64..15, 0usize..6, any::<bool>(), 0u8..3, any::<bool>(), 0u32..40), 0..40);
        let overrides = prop::collection::vec((0usize..40, any::<bool>()), 0..3);
        let held = prop::collection::vec((1i64..15, 0usize..6), 0..3);
        (actions, wishes, 1u32..4, overrides, held).prop_map(|(actions, wishes, cap, overrides, held)| {
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
                .collect::<Vec<Wish>>();
            // One override per wish at most, as the server requires.
            let mut overridden = HashSet::new();
            let overrides = overrides
                .into_iter()
                .filter_map(|(i, force)| {
                    let w = wishes.get(i).filter(|_| overridden.insert(i))?;
                    Some(if force {
                        Override::Force { person: w.person, action: w.action }
                    } else {
                        Override::Exclude { person: w.person, action: w.action }
                    })
                })
                .collect();
            let held = held
                .into_iter()
                .filter_map(|(person, a)| {
                    let action = actions.get(a % actions.len())?.id;
                    (!seen.contains(&(person, action))).then_some((person, action))
                })
                .collect();
            Campaign { actions, wishes, cap_per_person: cap, held, overrides }
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
            // Per person: places in the rounds, and places held or forced before them.
            let mut per_person: HashMap<PersonId, (u32, u32)> = HashMap::new();
            for placement in &proposal.placements {
                let counts = per_person.entry(placement.person).or_default();
                if placement.round == 0 { counts.1 += 1 } else { counts.0 += 1 }
                let wished = campaign.wishes.iter().any(|w| w.person == placement.person && w.action == placement.action);
                prop_assert!(wished, "a place only where it was wished");
            }
            for (person, _) in &campaign.held {
                per_person.entry(*person).or_default().1 += 1;
            }
            for (rounds, before) in per_person.values() {
                prop_assert!(rounds + before <= campaign.cap_per_person.max(*before));
            }
        }

        #[test]
        fn no_one_loses_a_place_to_someone_of_lower_priority_in_the_same_round(campaign in campaigns()) {
            let order = CriteriaOrder::default();
            let proposal = propose(&campaign, &order, b"seed");
            let actions: HashMap<ActionId, &Action> = campaign.actions.iter().map(|a| (a.id, a)).collect();
            let standing = |p: PersonId, a: ActionId| campaign.wishes.iter().find(|w| w.person == p && w.action == a);
            for q in proposal.placements.iter().filter(|q| q.round > 0) {
                let Some(q_wish) = standing(q.person, q.action) else { continue };
                for p_wish in campaign.wishes.iter().filter(|w| w.action == q.action && w.person != q.person) {
                    let p = p_wish.person;
                    if proposal.outcomes.get(&(p, q.action)) == Some(&Outcome::Excluded) {
                        continue;
                    }
                    // What p held before this round, and got in it.
                    let earlier: Vec<ActionId> = proposal.placements.iter()
                        .filter(|x| x.person == p && x.round < q.round).map(|x| x.action)
                        .chain(campaign.held.iter().filter(|h| h.0 == p).map(|h| h.1)).collect();
                    if earlier.len() as u32 >= q.round.min(campaign.cap_per_person) || earlier.contains(&q.action) {
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
