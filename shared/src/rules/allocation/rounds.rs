//! The rounds of deferred acceptance, and the outcome of every wish as it is settled.
//!
//! Before the rounds, the director's forced places are given (round 0) and the excluded wishes
//! left out. In round `r` a magistrate holding fewer than `r` places proposes down their wishes,
//! leaving out those already settled, the actions with no place left and those overlapping a
//! place they hold; each action keeps the best proposers up to its free places. Rounds go on,
//! each giving at most one place per magistrate under the cap, until one finds no one to propose.
//! A wish's outcome is settled once: a place, a refusal (the action is then full for good), a
//! full action, an overlap; the wishes still open when the magistrate reaches the cap are marked so.
//!
//! The campaign is first turned into indices: actions, magistrates and wishes are numbered, and
//! each wish carries its priority as one sortable key ([`priority_key`], the draw, the person), so
//! that the rounds compare integers and look up vectors. `reference.rs` keeps the same rules
//! written on maps; the tests hold the two to the same proposal.

use std::collections::{BTreeMap, HashMap};

use super::{
    draw_number, priority_key, Action, ActionId, Campaign, CriteriaOrder, Outcome, Override, PersonId, Placement,
    Proposal,
};

/// A wish's priority at its action: smaller comes first.
type Key = (u64, u64, PersonId);

/// The campaign in indices.
struct Indexed<'a> {
    /// The actions by ascending id.
    actions: Vec<&'a Action>,
    position: HashMap<ActionId, usize>,
    /// The magistrates with a wish, by ascending id, each with their wishes in their own order
    /// (rank, then action; one per action).
    people: Vec<PersonId>,
    wishes_of: Vec<Vec<usize>>,
    /// Each wish: its magistrate (index), its action (index) and its priority there.
    person_of: Vec<usize>,
    action_of: Vec<usize>,
    key: Vec<Key>,
    /// The wish of a (magistrate, action) pair.
    wish_at: HashMap<(PersonId, ActionId), usize>,
}

impl<'a> Indexed<'a> {
    fn new(campaign: &'a Campaign, order: &CriteriaOrder, seed: &[u8]) -> Self {
        let mut by_id: BTreeMap<ActionId, &Action> = BTreeMap::new();
        for action in &campaign.actions {
            by_id.insert(action.id, action);
        }
        let actions: Vec<&Action> = by_id.into_values().collect();
        let position: HashMap<ActionId, usize> = actions.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
        // The standing a pair is compared on: its last wish in the campaign, as a map would keep it.
        let mut standing_at = HashMap::with_capacity(campaign.wishes.len());
        for wish in &campaign.wishes {
            standing_at.insert((wish.person, wish.action), &wish.standing);
        }
        let mut wishes: Vec<_> = campaign.wishes.iter().filter(|w| position.contains_key(&w.action)).collect();
        wishes.sort_by_key(|w| (w.person, w.rank, w.action));
        let mut indexed = Self {
            actions,
            position,
            people: Vec::new(),
            wishes_of: Vec::new(),
            person_of: Vec::with_capacity(wishes.len()),
            action_of: Vec::with_capacity(wishes.len()),
            key: Vec::with_capacity(wishes.len()),
            wish_at: HashMap::with_capacity(wishes.len()),
        };
        let mut draw = 0;
        for wish in wishes {
            let pair = (wish.person, wish.action);
            if indexed.wish_at.contains_key(&pair) {
                continue;
            }
            if indexed.people.last() != Some(&wish.person) {
                indexed.people.push(wish.person);
                indexed.wishes_of.push(Vec::new());
                draw = draw_number(seed, wish.person);
            }
            let person = indexed.people.len() - 1;
            let index = indexed.key.len();
            let standing = standing_at.get(&pair).copied().unwrap_or(&wish.standing);
            indexed.key.push((priority_key(order, standing), draw, wish.person));
            indexed.person_of.push(person);
            indexed.action_of.push(indexed.position[&wish.action]);
            indexed.wishes_of[person].push(index);
            indexed.wish_at.insert(pair, index);
        }
        indexed
    }

    fn overlaps(&self, a: usize, b: usize) -> bool {
        self.actions[a].overlaps(self.actions[b])
    }
}

/// Runs the rounds of deferred acceptance and gives the proposal.
pub fn propose(campaign: &Campaign, order: &CriteriaOrder, seed: &[u8]) -> Proposal {
    let ix = Indexed::new(campaign, order, seed);
    let mut free: Vec<u32> = ix.actions.iter().map(|a| a.capacity).collect();
    let mut outcome: Vec<Option<Outcome>> = vec![None; ix.key.len()];
    // Outcomes of pairs the rounds do not know (an exclusion of a wish to an unknown action).
    let mut outside: BTreeMap<(PersonId, ActionId), Outcome> = BTreeMap::new();
    // Each magistrate's places, in the order given: held ones first (with their action's index
    // when it is in the campaign).
    let mut placed: Vec<Vec<(ActionId, Option<usize>)>> = vec![Vec::new(); ix.people.len()];
    let person_index: HashMap<PersonId, usize> = ix.people.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    for (person, action) in &campaign.held {
        if let Some(p) = person_index.get(person) {
            placed[*p].push((*action, ix.position.get(action).copied()));
        }
    }
    let mut placements = Vec::new();
    let wished = |person: PersonId, action: ActionId| ix.wish_at.get(&(person, action)).copied();
    for rule in &campaign.overrides {
        match *rule {
            Override::Force { person, action } => {
                let Some(w) = wished(person, action) else { continue };
                let a = ix.action_of[w];
                if free[a] > 0 && outcome[w].is_none() {
                    outcome[w] = Some(Outcome::Forced);
                    placements.push(Placement { person, action, round: 0 });
                    placed[ix.person_of[w]].push((action, Some(a)));
                    free[a] -= 1;
                }
            }
            Override::Exclude { person, action } => match wished(person, action) {
                Some(w) => {
                    outcome[w].get_or_insert(Outcome::Excluded);
                }
                None if campaign.wishes.iter().any(|x| x.person == person && x.action == action) => {
                    outside.entry((person, action)).or_insert(Outcome::Excluded);
                }
                None => {}
            },
        }
    }
    let cap = campaign.cap_per_person;
    let mut round = 0;
    let mut lists: Vec<(usize, Vec<usize>)> = Vec::new();
    loop {
        round += 1;
        // Who may still propose this round, and which wishes, best first.
        lists.clear();
        for (p, wishes) in ix.wishes_of.iter().enumerate() {
            let own = &placed[p];
            if own.len() as u32 >= round.min(cap) {
                continue;
            }
            let mut eligible = Vec::new();
            for &w in wishes {
                if outcome[w].is_some() {
                    continue;
                }
                let a = ix.action_of[w];
                if let Some((with, _)) = own.iter().find(|(_, o)| o.is_some_and(|o| ix.overlaps(o, a))) {
                    outcome[w] = Some(Outcome::Overlaps { with: *with });
                } else if free[a] == 0 {
                    outcome[w] = Some(Outcome::Full { round });
                } else {
                    eligible.push(w);
                }
            }
            if !eligible.is_empty() {
                lists.push((p, eligible));
            }
        }
        // Past the cap's round the eligible no longer change: a round with no one to propose is the last.
        if lists.is_empty() {
            if round >= cap {
                break;
            }
            continue;
        }
        let (held, reached) = deferred_acceptance(&ix, &lists, &free);
        // Refusals: the wishes each magistrate proposed and was not kept at.
        for ((_, list), upto) in lists.iter().zip(&reached) {
            for &w in &list[..*upto] {
                let a = ix.action_of[w];
                let holding = &held[a];
                if !holding.contains(&w) {
                    if let Some(&last) = holding.last() {
                        outcome[w] = Some(Outcome::Outranked { round, last_admitted: ix.key[last].2 });
                    }
                }
            }
        }
        for (a, holding) in held.iter().enumerate() {
            for &w in holding {
                let person = ix.key[w].2;
                placements.push(Placement { person, action: ix.actions[a].id, round });
                outcome[w] = Some(Outcome::Placed { round });
                placed[ix.person_of[w]].push((ix.actions[a].id, Some(a)));
                free[a] -= 1;
            }
        }
    }
    // Each action's applicants without a place there, in priority order.
    let mut waiting: Vec<Vec<usize>> = vec![Vec::new(); ix.actions.len()];
    let mut outcomes = outside;
    for (w, settled) in outcome.into_iter().enumerate() {
        // The wishes still open: their magistrate reached the cap before their turn.
        let settled = settled.unwrap_or(Outcome::CapReached);
        if matches!(settled, Outcome::Outranked { .. } | Outcome::Full { .. }) {
            waiting[ix.action_of[w]].push(w);
        }
        outcomes.insert((ix.key[w].2, ix.actions[ix.action_of[w]].id), settled);
    }
    let waitlists = ix
        .actions
        .iter()
        .zip(waiting)
        .map(|(action, mut wishes)| {
            wishes.sort_unstable_by_key(|w| ix.key[*w]);
            (action.id, wishes.into_iter().map(|w| ix.key[w].2).collect())
        })
        .collect();
    Proposal { placements, waitlists, outcomes }
}

/// One round: each magistrate proposes down their list; each action holds the best of its
/// proposers up to its free places and refuses the others, who propose their next wish.
/// Gives what each action holds, best first, and how far down their list each magistrate went.
fn deferred_acceptance(ix: &Indexed, lists: &[(usize, Vec<usize>)], free: &[u32]) -> (Vec<Vec<usize>>, Vec<usize>) {
    let mut next = vec![0usize; lists.len()];
    let mut held: Vec<Vec<usize>> = vec![Vec::new(); ix.actions.len()];
    // Which list each wish came from, for the refused to go on from.
    let mut proposing: Vec<usize> = (0..lists.len()).rev().collect();
    let mut list_of: HashMap<usize, usize> = HashMap::with_capacity(lists.len());
    for (l, (p, _)) in lists.iter().enumerate() {
        list_of.insert(*p, l);
    }
    while let Some(l) = proposing.pop() {
        let list = &lists[l].1;
        let Some(&w) = list.get(next[l]) else { continue };
        next[l] += 1;
        let a = ix.action_of[w];
        let places = free[a] as usize;
        let holding = &mut held[a];
        // Kept sorted: the newcomer goes in at its place.
        let key = ix.key[w];
        let at = holding.partition_point(|other| ix.key[*other] < key);
        holding.insert(at, w);
        if holding.len() > places {
            if let Some(refused) = holding.pop() {
                proposing.push(list_of[&ix.person_of[refused]]);
            }
        }
    }
    (held, next)
}
#[cfg(test)]
pub(super) mod tests {
    use super::super::{compare, Criterion, Observation, Standing, Wish};
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;
    use sha2::{Digest, Sha256};
    use std::cmp::Ordering;
    use std::collections::HashSet;

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

    /// Any of the six orders of criteria 2–4.
    fn orders() -> impl Strategy<Value = CriteriaOrder> {
        use Criterion::{Observation as O, RecentTraining as R, TargetsFunction as T};
        prop::sample::select(vec![[O, T, R], [O, R, T], [T, O, R], [T, R, O], [R, O, T], [R, T, O]])
            .prop_map(|order| CriteriaOrder::new(order).unwrap_or_default())
    }

    fn standings() -> impl Strategy<Value = Standing> {
        (any::<bool>(), 0usize..3, any::<bool>(), prop_oneof![0u32..4, Just(u32::MAX)]).prop_map(
            |(need, observation, targets, recent)| {
                let observation =
                    [Observation::Unfavourable, Observation::Reserved, Observation::FavourableOrNone][observation];
                standing(need, observation, targets, recent)
            },
        )
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
        fn the_indexed_rounds_give_the_proposal_of_the_plain_ones(campaign in campaigns(), order in orders()) {
            prop_assert_eq!(propose(&campaign, &order, b"seed"), super::super::reference::propose(&campaign, &order, b"seed"));
        }

        #[test]
        fn the_priority_key_sorts_as_the_criteria_compare(
            a in standings(), b in standings(), order in orders(), draws in (0u64..3, 0u64..3)
        ) {
            let by_key = (priority_key(&order, &a), draws.0).cmp(&(priority_key(&order, &b), draws.1));
            prop_assert_eq!(by_key, compare(&order, (&a, draws.0), (&b, draws.1)));
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
