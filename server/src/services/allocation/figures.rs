//! A run's figures and each action's cut-off, from the campaign and the proposal: what the
//! director reads before adopting (share placed, first wishes, mean rank, statutory needs met,
//! places decided by the draw, each court of appeal's share).

use std::collections::{BTreeMap, HashMap, HashSet};

use shared::rules::allocation::{
    compare, deciding_criterion, draw_number, Campaign, CriteriaOrder, Criterion, Outcome, Proposal, Standing,
};

use super::campaign::LoadedCampaign;
use super::{CourtFigures, RunStats};

/// Where an action's margin fell.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cutoff {
    /// The last admitted: in the round of the best refusal, else of all the rounds.
    pub last_admitted: Option<i64>,
    /// The criterion at which the last admitted came before the best of those the action refused
    /// for priority (not those placed elsewhere).
    pub criterion: Option<Criterion>,
}

/// Each action's cut-off: for an action that refused someone for priority, the best of them and
/// the last admitted in that round, who came before them (`Outcome::Outranked`); otherwise the
/// last admitted by the rounds, with no criterion.
pub fn cutoffs(campaign: &Campaign, proposal: &Proposal, order: &CriteriaOrder, seed: &[u8]) -> HashMap<i64, Cutoff> {
    let standing: HashMap<(i64, i64), &Standing> =
        campaign.wishes.iter().map(|w| ((w.person, w.action), &w.standing)).collect();
    let key = |person: i64, action: i64| standing.get(&(person, action)).map(|s| (*s, draw_number(seed, person)));
    let mut admitted: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for placement in proposal.placements.iter().filter(|p| p.round > 0) {
        admitted.entry(placement.action).or_default().push(placement.person);
    }
    let mut out = HashMap::new();
    for (action, people) in admitted {
        let best_refused = proposal.waitlists.get(&action).into_iter().flatten().find_map(|p| {
            match proposal.outcomes.get(&(*p, action)) {
                Some(Outcome::Outranked { last_admitted, .. }) => Some((*p, *last_admitted)),
                _ => None,
            }
        });
        let cutoff = match best_refused.and_then(|(p, last)| Some((last, key(last, action)?, key(p, action)?))) {
            Some((last, l, r)) => {
                Cutoff { last_admitted: Some(last), criterion: Some(deciding_criterion(order, (l.0, l.1), (r.0, r.1))) }
            }
            None => {
                let last = people
                    .iter()
                    .copied()
                    .filter_map(|p| Some((p, key(p, action)?)))
                    .max_by(|(pa, a), (pb, b)| compare(order, (a.0, a.1), (b.0, b.1)).then(pa.cmp(pb)));
                Cutoff { last_admitted: last.map(|(p, _)| p), criterion: None }
            }
        };
        out.insert(action, cutoff);
    }
    out
}

/// The run's figures (the times are the caller's).
pub fn statistics(loaded: &LoadedCampaign, proposal: &Proposal, cutoffs: &HashMap<i64, Cutoff>) -> RunStats {
    let campaign = &loaded.campaign;
    let people: HashSet<i64> = campaign.wishes.iter().map(|w| w.person).collect();
    let placed_people: HashSet<i64> = proposal.placements.iter().map(|p| p.person).collect();
    let rank: HashMap<(i64, i64), u32> = campaign.wishes.iter().map(|w| ((w.person, w.action), w.rank)).collect();
    let first_wishes: HashSet<(i64, i64)> = {
        let mut best: HashMap<i64, (u32, i64)> = HashMap::new();
        for w in &campaign.wishes {
            let entry = best.entry(w.person).or_insert((w.rank, w.action));
            if (w.rank, w.action) < *entry {
                *entry = (w.rank, w.action);
            }
        }
        best.into_iter().map(|(p, (_, a))| (p, a)).collect()
    };
    let rounds = proposal.placements.iter().map(|p| p.round).max().unwrap_or(0);
    let mut per_round = vec![0u32; rounds as usize + 1];
    for p in &proposal.placements {
        per_round[p.round as usize] += 1;
    }
    let ranks: Vec<u32> = proposal.placements.iter().filter_map(|p| rank.get(&(p.person, p.action)).copied()).collect();
    let mean_rank = if ranks.is_empty() { 0.0 } else { f64::from(ranks.iter().sum::<u32>()) / ranks.len() as f64 };
    // Statutory needs: magistrates with a wish meeting one, and those placed at such an action.
    let in_need: HashSet<i64> = loaded.needs.keys().map(|(p, _)| *p).collect();
    let needs_met: HashSet<i64> = proposal
        .placements
        .iter()
        .filter(|p| loaded.needs.contains_key(&(p.person, p.action)))
        .map(|p| p.person)
        .collect();
    let wished: HashSet<i64> = campaign.wishes.iter().map(|w| w.action).collect();
    let places: HashMap<i64, u32> = campaign.actions.iter().map(|a| (a.id, a.capacity)).collect();
    let by_draw: Vec<i64> =
        cutoffs.iter().filter(|(_, c)| c.criterion == Some(Criterion::Draw)).map(|(a, _)| *a).collect();
    let mut courts: BTreeMap<Option<i64>, (u32, u32)> = BTreeMap::new();
    for person in &people {
        let court = loaded.courts.get(person).copied().flatten();
        let entry = courts.entry(court).or_default();
        entry.0 += 1;
        if placed_people.contains(person) {
            entry.1 += 1;
        }
    }
    RunStats {
        magistrates: people.len() as u32,
        wishes: campaign.wishes.len() as u32,
        actions: wished.len() as u32,
        places: campaign.actions.iter().filter(|a| wished.contains(&a.id)).map(|a| a.capacity).sum(),
        placed: proposal.placements.len() as u32,
        placed_magistrates: placed_people.len() as u32,
        first_wish_placed: proposal.placements.iter().filter(|p| first_wishes.contains(&(p.person, p.action))).count()
            as u32,
        per_round,
        mean_rank,
        in_need: in_need.len() as u32,
        needs_met: needs_met.len() as u32,
        draw_decided_actions: by_draw.len() as u32,
        draw_decided_places: by_draw.iter().filter_map(|a| places.get(a)).sum(),
        per_court: courts
            .into_iter()
            .map(|(court_id, (magistrates, placed))| CourtFigures { court_id, magistrates, placed })
            .collect(),
        ..RunStats::default()
    }
}
