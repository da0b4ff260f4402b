//! One magistrate's explanation of a proposal (CRPA L311-3-1, R311-3-1-2): the criteria and their
//! order, where the magistrate stood at each action they wished, and what became of each wish and
//! why — structured, so that every claim can be checked against the data, and as French text.

use serde::{Deserialize, Serialize};

use super::{deciding_criterion, ActionId, CriteriaOrder, Criterion, Need, Outcome, Standing};

/// What the explanation of one wish is written from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WishFacts {
    pub action: ActionId,
    pub title: String,
    pub rank: u32,
    pub standing: Standing,
    /// The statutory need the action meets for the magistrate, if any (criterion 1).
    pub need: Option<Need>,
    pub outcome: Outcome,
    /// The places the action had for the run.
    pub places: u32,
    /// For a refusal: the places still free when its round began.
    pub places_left: u32,
    /// The director's reason, for a forced place or an exclusion.
    pub override_reason: Option<String>,
    /// For a refusal: the standing and draw of the last admitted.
    pub last_admitted: Option<(Standing, u64)>,
    /// For an overlap: the title of the action where the magistrate has a place.
    pub overlapping_title: Option<String>,
}

/// The run an explanation belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunFacts {
    pub run_id: i64,
    pub order: CriteriaOrder,
    pub cap_per_person: u32,
    /// The magistrate's draw number.
    pub draw: u64,
    /// Whether the draw may be shown: the seed is revealed once the year's wishes have all closed.
    pub draw_public: bool,
}

/// One wish explained.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WishExplanation {
    pub action: ActionId,
    pub rank: u32,
    pub outcome: Outcome,
    pub need: Option<Need>,
    pub standing: Standing,
    /// For a refusal, the criterion at which the last admitted came first.
    pub deciding: Option<Criterion>,
    /// The sentence in French.
    pub text: String,
}

/// A magistrate's explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub criteria: Vec<Criterion>,
    /// The draw number, once the seed is public.
    pub draw: Option<u64>,
    pub wishes: Vec<WishExplanation>,
    /// The whole explanation in French, paragraph by paragraph.
    pub paragraphs: Vec<String>,
}

/// Half-days as French days: « 2,5 jours », « 1,5 jour », « 1 jour ».
pub fn days_fr(half_days: u32) -> String {
    let whole = half_days / 2;
    let number = if half_days.is_multiple_of(2) { whole.to_string() } else { format!("{whole},5") };
    if half_days < 4 {
        format!("{number} jour")
    } else {
        format!("{number} jours")
    }
}

/// Writes the explanation of `wishes` (in the magistrate's order) for the run.
pub fn explain(run: &RunFacts, wishes: &[WishFacts]) -> Explanation {
    let criteria = run.order.all();
    let mut paragraphs = vec![
        format!(
            "Cette proposition (n° {}) a été établie par un traitement algorithmique, selon les règles publiées : \
             priorité à chaque action examinée critère par critère, sans pondération (décret n° 72-355, art. 51-1 ; \
             règlement intérieur, art. 125 à 128). Le rang de vos vœux fixe l’ordre dans lequel vos demandes sont \
             examinées ; il ne donne pas de priorité.",
            run.run_id
        ),
        format!(
            "Critères, dans l’ordre retenu pour cette proposition : {}.",
            criteria
                .iter()
                .enumerate()
                .map(|(i, c)| format!("{}. {}", i + 1, c.label_fr()))
                .collect::<Vec<_>>()
                .join(" ; ")
        ),
        format!(
            "Au premier tour, chaque magistrat peut obtenir une action au plus ; les tours suivants répartissent les \
             places restantes, jusqu’à {} action{} par magistrat. {}",
            run.cap_per_person,
            if run.cap_per_person > 1 { "s" } else { "" },
            if run.draw_public {
                format!("Votre numéro de tirage au sort est {:016x} (plus petit, mieux placé).", run.draw)
            } else {
                "Votre numéro de tirage au sort sera publié avec la graine, à la clôture de tous les vœux de l’année."
                    .to_owned()
            }
        ),
    ];
    let explained: Vec<WishExplanation> = wishes.iter().map(|wish| explain_wish(run, wish)).collect();
    paragraphs.extend(explained.iter().map(|w| w.text.clone()));
    Explanation {
        criteria: criteria.to_vec(),
        draw: run.draw_public.then_some(run.draw),
        wishes: explained,
        paragraphs,
    }
}

fn explain_wish(run: &RunFacts, wish: &WishFacts) -> WishExplanation {
    let deciding = match (wish.outcome, wish.last_admitted) {
        (Outcome::Outranked { .. }, Some((standing, draw))) => {
            Some(deciding_criterion(&run.order, (&standing, draw), (&wish.standing, run.draw)))
        }
        _ => None,
    };
    let what = match wish.outcome {
        Outcome::Placed { round: 1 } => "une place vous est proposée, au premier tour.".to_owned(),
        Outcome::Placed { round } => {
            format!("une place vous est proposée, au tour {round}, une fois que chacun a pu obtenir une première action.")
        }
        Outcome::Forced => format!(
            "une place vous a été attribuée par le directeur{}.",
            wish.override_reason.as_deref().map(|r| format!(" (motif : {r})")).unwrap_or_default()
        ),
        Outcome::Excluded => format!(
            "votre demande a été écartée par le directeur{}.",
            wish.override_reason.as_deref().map(|r| format!(" (motif : {r})")).unwrap_or_default()
        ),
        Outcome::Outranked { round, .. } => {
            let margin = match deciding {
                Some(criterion) => format!(
                    " ; la dernière personne retenue vous précédait au critère « {} »{}",
                    criterion.label_fr(),
                    contrast(criterion, &wish.standing)
                ),
                None => String::new(),
            };
            format!(
                "non retenu au tour {round} : {}{margin}. Vous figurez sur sa liste d’attente.",
                places_fr(wish.places, wish.places_left)
            )
        }
        Outcome::Full { round: 1 } => {
            "non retenu : l’action n’avait plus de place disponible. Vous figurez sur sa liste d’attente.".to_owned()
        }
        Outcome::Full { round } => format!(
            "non retenu : quand votre tour est venu (tour {round}, après l’attribution d’une première action), l’action \
             n’avait plus de place. Vous figurez sur sa liste d’attente."
        ),
        Outcome::Overlaps { .. } => format!(
            "non retenu : l’action a lieu en même temps que « {} », où vous avez une place.",
            wish.overlapping_title.as_deref().unwrap_or("une autre action")
        ),
        Outcome::CapReached => format!(
            "non examiné : vous avez obtenu le nombre maximal d’actions ({}).",
            run.cap_per_person
        ),
    };
    let text = format!("Vœu n° {} — « {} » ({}) : {what}", wish.rank, wish.title, standing_fr(wish));
    WishExplanation {
        action: wish.action,
        rank: wish.rank,
        outcome: wish.outcome,
        need: wish.need,
        standing: wish.standing,
        deciding,
        text,
    }
}

/// Where the places went in the round of a refusal: all of them, or those still free then.
fn places_fr(places: u32, left: u32) -> String {
    match (places, left) {
        (1, 1) => "la place est allée à une personne prioritaire".to_owned(),
        (n, k) if n == k => format!("les {n} places sont allées à des personnes prioritaires"),
        (_, 1) => "la dernière place libre à ce tour est allée à une personne prioritaire".to_owned(),
        (_, k) => format!("les {k} places encore libres à ce tour sont allées à des personnes prioritaires"),
    }
}

/// Where the magistrate stood at the action, criterion by criterion.
fn standing_fr(wish: &WishFacts) -> String {
    let need = wish
        .need
        .map(|n| format!("besoin statutaire : {}", n.label_fr()))
        .unwrap_or_else(|| "pas de besoin statutaire".to_owned());
    format!(
        "{need} ; observation : {} ; {} ; {} de formation sur les trois dernières années",
        wish.standing.observation.label_fr(),
        if wish.standing.targets_function {
            "action destinée à votre fonction"
        } else {
            "action non destinée à votre fonction"
        },
        days_fr(wish.standing.recent_half_days)
    )
}

/// The magistrate's own value at the deciding criterion; the other person's is not disclosed
/// (CRPA L311-6: nothing of a third party's assessment is communicated).
fn contrast(criterion: Criterion, mine: &Standing) -> String {
    match criterion {
        Criterion::StatutoryNeed => " (l’action ne répondait pour vous à aucun besoin statutaire)".to_owned(),
        Criterion::Observation => format!(" (observation sur votre demande : {})", mine.observation.label_fr()),
        Criterion::TargetsFunction => " (l’action n’est pas destinée à votre fonction)".to_owned(),
        Criterion::RecentTraining => {
            format!(" (vous aviez {} de formation sur trois ans)", days_fr(mine.recent_half_days))
        }
        Criterion::Draw => {
            " (à égalité sur tous les autres critères, le tirage au sort l’a placée avant vous)".to_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use proptest::prelude::*;

    use super::super::rounds::tests::campaigns;
    use super::super::{compare, draw_number, propose, Action, Override, Proposal, Wish};
    use super::*;

    const SEED: &[u8] = b"graine";

    /// Every magistrate's facts, as the server gathers them from a stored run.
    fn facts_of(campaign: &super::super::Campaign, proposal: &Proposal, person: i64) -> Vec<WishFacts> {
        let actions: HashMap<ActionId, &Action> = campaign.actions.iter().map(|a| (a.id, a)).collect();
        let wish_of = |p: i64, a: ActionId| campaign.wishes.iter().find(|w| w.person == p && w.action == a);
        let mut own: Vec<&Wish> = campaign.wishes.iter().filter(|w| w.person == person).collect();
        own.sort_by_key(|w| (w.rank, w.action));
        own.iter()
            .map(|w| {
                let outcome = proposal.outcomes[&(person, w.action)];
                WishFacts {
                    action: w.action,
                    title: format!("Action {}", w.action),
                    rank: w.rank,
                    standing: w.standing,
                    need: w.standing.statutory_need.then_some(Need::Annual),
                    outcome,
                    places: actions[&w.action].capacity,
                    places_left: match outcome {
                        Outcome::Outranked { round, .. } => {
                            actions[&w.action].capacity
                                - proposal.placements.iter().filter(|p| p.action == w.action && p.round < round).count()
                                    as u32
                        }
                        _ => 0,
                    },
                    override_reason: Some("motif".to_owned()),
                    last_admitted: match outcome {
                        Outcome::Outranked { last_admitted, .. } => {
                            wish_of(last_admitted, w.action).map(|l| (l.standing, draw_number(SEED, last_admitted)))
                        }
                        _ => None,
                    },
                    overlapping_title: match outcome {
                        Outcome::Overlaps { with } => Some(format!("Action {with}")),
                        _ => None,
                    },
                }
            })
            .collect()
    }

    #[test]
    fn days_are_written_in_french() {
        assert_eq!(days_fr(1), "0,5 jour");
        assert_eq!(days_fr(2), "1 jour");
        assert_eq!(days_fr(3), "1,5 jour");
        assert_eq!(days_fr(5), "2,5 jours");
        assert_eq!(days_fr(20), "10 jours");
    }

    proptest! {
        #[test]
        fn every_sentence_of_every_explanation_is_true_of_the_data(campaign in campaigns()) {
            let order = CriteriaOrder::default();
            let proposal = propose(&campaign, &order, SEED);
            let actions: HashMap<ActionId, &Action> = campaign.actions.iter().map(|a| (a.id, a)).collect();
            let placed_at = |a: ActionId, before_round: u32| {
                proposal.placements.iter().filter(|p| p.action == a && p.round < before_round).count() as u32
            };
            let mut people: Vec<i64> = campaign.wishes.iter().map(|w| w.person).collect();
            people.sort_unstable();
            people.dedup();
            for person in people {
                let draw = draw_number(SEED, person);
                let run = RunFacts { run_id: 7, order, cap_per_person: campaign.cap_per_person, draw, draw_public: true };
                let explanation = explain(&run, &facts_of(&campaign, &proposal, person));
                let mine: Vec<_> = proposal.placements.iter().filter(|p| p.person == person).collect();
                for wish in &explanation.wishes {
                    let heading = format!("Vœu n° {}", wish.rank);
                    prop_assert!(wish.text.contains(&heading), "{}", wish.text);
                    match wish.outcome {
                        Outcome::Placed { round } => {
                            prop_assert!(mine.iter().any(|p| p.action == wish.action && p.round == round));
                        }
                        Outcome::Forced => {
                            prop_assert!(mine.iter().any(|p| p.action == wish.action && p.round == 0));
                            let forced = Override::Force { person, action: wish.action };
                            prop_assert!(campaign.overrides.contains(&forced), "forced");
                        }
                        Outcome::Excluded => {
                            prop_assert!(!mine.iter().any(|p| p.action == wish.action));
                            let excluded = Override::Exclude { person, action: wish.action };
                            prop_assert!(campaign.overrides.contains(&excluded), "excluded");
                        }
                        Outcome::Outranked { round, last_admitted } => {
                            // The places all went, by the end of that round, to people of higher priority.
                            prop_assert_eq!(placed_at(wish.action, round + 1), actions[&wish.action].capacity);
                            prop_assert!(proposal.placements.iter().any(|p| p.person == last_admitted && p.action == wish.action && p.round == round));
                            let theirs = campaign.wishes.iter().find(|w| w.person == last_admitted && w.action == wish.action);
                            prop_assert!(theirs.is_some());
                            if let Some(theirs) = theirs {
                                let them = (&theirs.standing, draw_number(SEED, last_admitted));
                                let me = (&wish.standing, draw);
                                prop_assert_eq!(compare(&order, them, me), std::cmp::Ordering::Less);
                                let deciding = wish.deciding.unwrap_or(Criterion::Draw);
                                prop_assert_eq!(deciding, deciding_criterion(&order, them, me));
                                prop_assert!(wish.text.contains(deciding.label_fr()));
                                // And they were the last admitted in that round.
                                for other in proposal.placements.iter().filter(|p| p.action == wish.action && p.round == round) {
                                    let Some(o) = campaign.wishes.iter().find(|w| w.person == other.person && w.action == wish.action) else { continue };
                                    let after = compare(&order, (&o.standing, draw_number(SEED, other.person)), them);
                                    prop_assert!(after != std::cmp::Ordering::Greater, "{} after the last admitted", other.person);
                                }
                            }
                        }
                        Outcome::Full { round } => {
                            prop_assert_eq!(placed_at(wish.action, round), actions[&wish.action].capacity);
                        }
                        Outcome::Overlaps { with } => {
                            let held = campaign.held.contains(&(person, with));
                            prop_assert!(held || mine.iter().any(|p| p.action == with));
                            prop_assert!(actions[&with].overlaps(actions[&wish.action]));
                        }
                        Outcome::CapReached => {
                            let held = campaign.held.iter().filter(|h| h.0 == person).count();
                            prop_assert!((mine.len() + held) as u32 >= campaign.cap_per_person);
                        }
                    }
                    let waiting = proposal.waitlists.get(&wish.action).is_some_and(|w| w.contains(&person));
                    prop_assert_eq!(waiting, matches!(wish.outcome, Outcome::Outranked { .. } | Outcome::Full { .. }));
                    prop_assert_eq!(wish.text.contains("liste d’attente"), waiting);
                }
            }
        }
    }
}
