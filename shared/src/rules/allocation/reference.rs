//! The rounds as first written: a plain transcription of the rules on maps keyed by magistrate and
//! action, comparing criterion by criterion. The indexed version in `rounds` must give the very same
//! proposal; a property test holds them together.

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
