//! The deconcentrated cycle in the regulation's order (art. 137, 139): the delegate drafts a
//! costed plan; the council of deconcentrated training gives its opinion and proposes an order
//! of priority; the heads of court adopt it (« arrêté par les chefs de cour »); it goes to the
//! School, which evaluates each action, pedagogically and financially; the director reserves the
//! court's credits after the board's opinion; the retained actions become sessions then, and go
//! online together with the national programme. Each step is refused out of order, with the
//! step that comes first.

use chrono::NaiveDate;

use crate::enums::PlanStatus;

/// A step of the cycle, as someone asks for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanStep {
    /// Adding actions, reordering them: the delegate's draft.
    Edit,
    /// The council's opinion and order of priority (art. 137).
    RecordCouncilOpinion,
    /// A head of court's adoption (art. 137).
    Adopt,
    /// Sending the adopted plan to the School (art. 139).
    Submit,
    /// The School's evaluation of each action (art. 139).
    Evaluate,
    /// The director's first reservation of the court's credits on the plan (art. 139).
    ReserveCredits,
}

/// Where `status` stands in the order of the cycle.
fn rank(status: PlanStatus) -> u8 {
    match status {
        PlanStatus::Draft => 0,
        PlanStatus::Advised => 1,
        PlanStatus::Adopted => 2,
        PlanStatus::Submitted => 3,
        PlanStatus::Evaluated => 4,
        PlanStatus::Funded => 5,
        PlanStatus::Online => 6,
    }
}

/// The status a plan must have for `step`.
fn needs(step: PlanStep) -> PlanStatus {
    match step {
        PlanStep::Edit | PlanStep::RecordCouncilOpinion => PlanStatus::Draft,
        PlanStep::Adopt => PlanStatus::Advised,
        PlanStep::Submit => PlanStatus::Adopted,
        PlanStep::Evaluate => PlanStatus::Submitted,
        PlanStep::ReserveCredits => PlanStatus::Evaluated,
    }
}

/// Whether a plan in `status` may take `step`; if not, why, in French, naming what comes first.
pub fn check(step: PlanStep, status: PlanStatus) -> Result<(), &'static str> {
    let wanted = needs(step);
    if status == wanted {
        return Ok(());
    }
    let too_early = rank(status) < rank(wanted);
    Err(match (step, too_early) {
        (PlanStep::Edit, _) => "Le conseil a rendu son avis sur ce plan : ses actions ne changent plus.",
        (PlanStep::RecordCouncilOpinion, _) => "L’avis du conseil sur ce plan est déjà recueilli.",
        (PlanStep::Adopt, true) => {
            "Les chefs de cour arrêtent le plan après l’avis du conseil de la formation continue déconcentrée \
             et son ordre de priorité (art. 137) : cet avis n’est pas encore recueilli."
        }
        (PlanStep::Adopt, false) => "Ce plan est déjà arrêté par les chefs de cour.",
        (PlanStep::Submit, true) => "Seul un plan arrêté par les chefs de cour est transmis à l’École (art. 137, 139).",
        (PlanStep::Submit, false) => "Ce plan est déjà transmis à l’École.",
        (PlanStep::Evaluate, true) => {
            "L’École évalue le plan que la cour lui a transmis (art. 139) : il ne l’est pas encore."
        }
        (PlanStep::Evaluate, false) => "Ce plan est déjà évalué par l’École.",
        (PlanStep::ReserveCredits, true) => {
            "Les crédits d’une cour sont réservés après l’évaluation pédagogique et financière de son plan \
             par l’École (art. 139) : ce plan n’est pas encore évalué."
        }
        (PlanStep::ReserveCredits, false) => "Les crédits de ce plan sont déjà réservés.",
    })
}

/// What is known of a plan to say what it still lacks.
#[derive(Debug, Clone, Default)]
pub struct PlanFacts {
    /// How many actions it holds.
    pub actions: usize,
    /// The heads of court who have not adopted it yet, by name.
    pub heads_pending: Vec<String>,
}

/// The next step of a plan in `status`: who takes it, and what is missing for it, in French.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NextStep {
    /// The step, as the delegate reads it; `None` once the plan is online.
    pub label: Option<&'static str>,
    /// What is missing before it, one item each.
    pub missing: Vec<String>,
}

/// The next step of a plan in `status` with `facts`.
pub fn next_step(status: PlanStatus, facts: &PlanFacts) -> NextStep {
    let (label, missing) = match status {
        PlanStatus::Draft if facts.actions == 0 => (
            "Avis du conseil de la formation continue déconcentrée (art. 137)",
            vec!["Au moins une action chiffrée au plan.".to_owned()],
        ),
        PlanStatus::Draft => (
            "Avis du conseil de la formation continue déconcentrée (art. 137)",
            vec!["La date de sa réunion, son avis et l’ordre de priorité qu’il propose.".to_owned()],
        ),
        PlanStatus::Advised => (
            "Arrêté du plan par les chefs de cour (art. 137)",
            facts.heads_pending.iter().map(|name| format!("L’arrêté de {name}.")).collect(),
        ),
        PlanStatus::Adopted => (
            "Transmission à l’École (art. 139)",
            vec!["La transmission du plan arrêté par le délégué à la formation.".to_owned()],
        ),
        PlanStatus::Submitted => (
            "Évaluation pédagogique et financière par l’École (art. 139)",
            vec!["L’avis de l’École sur chaque action : retenue ou non, avec son montant.".to_owned()],
        ),
        PlanStatus::Evaluated => (
            "Crédits réservés par le directeur de l’École (art. 139)",
            vec!["L’avis du conseil d’administration, puis le montant des crédits réservés à la cour.".to_owned()],
        ),
        PlanStatus::Funded => (
            "Mise en ligne avec le programme national (art. 139)",
            vec!["La mise en ligne du programme de l’année par l’École.".to_owned()],
        ),
        PlanStatus::Online => return NextStep { label: None, missing: Vec::new() },
    };
    NextStep { label: Some(label), missing }
}

/// The School's opinion on one action of the plan (art. 139).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub action_id: i64,
    pub retained: bool,
    /// Why, required when the action is not retained.
    pub reason: Option<String>,
    /// The amount retained: up to the action's forecast (zero for an action at no cost); zero
    /// when not retained.
    pub retained_cents: i64,
}

/// Why an evaluation is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EvaluationRefusal {
    #[error("l’évaluation porte une fois sur chaque action du plan")]
    NotEachActionOnce,
    #[error("une action non retenue l’est avec un motif")]
    NoReason(i64),
    #[error("le montant retenu va de zéro au coût prévu de l’action")]
    RetainedAmount(i64),
    #[error("une action non retenue n’a pas de montant retenu")]
    AmountOfRefused(i64),
}

/// Checks the School's verdicts against the plan's actions, given as `(id, forecast in cents)`,
/// and returns the total retained.
pub fn check_evaluation(actions: &[(i64, i64)], verdicts: &[Verdict]) -> Result<i64, EvaluationRefusal> {
    let mut expected: Vec<i64> = actions.iter().map(|(id, _)| *id).collect();
    let mut given: Vec<i64> = verdicts.iter().map(|v| v.action_id).collect();
    expected.sort_unstable();
    given.sort_unstable();
    if expected != given {
        return Err(EvaluationRefusal::NotEachActionOnce);
    }
    let mut total = 0;
    for verdict in verdicts {
        let forecast = actions.iter().find(|(id, _)| *id == verdict.action_id).map_or(0, |(_, cents)| *cents);
        if verdict.retained {
            if !(0..=forecast).contains(&verdict.retained_cents) {
                return Err(EvaluationRefusal::RetainedAmount(verdict.action_id));
            }
            total += verdict.retained_cents;
        } else {
            if verdict.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return Err(EvaluationRefusal::NoReason(verdict.action_id));
            }
            if verdict.retained_cents != 0 {
                return Err(EvaluationRefusal::AmountOfRefused(verdict.action_id));
            }
        }
    }
    Ok(total)
}

/// What an action of the plan weighs in the court's forecast (art. 139): its costed forecast
/// until the School evaluates it, then the amount retained; nothing when it is not retained.
pub fn counted_cents(forecast: i64, retained: Option<bool>, retained_cents: Option<i64>) -> i64 {
    match retained {
        None => forecast,
        Some(true) => retained_cents.unwrap_or(forecast),
        Some(false) => 0,
    }
}

/// Whether a dated opinion (the council's, or the board's) may be recorded on `today`: never
/// after today, and never before `not_before` (the board's opinion follows the School's
/// evaluation it is given on).
pub fn check_opinion_date(date: NaiveDate, today: NaiveDate, not_before: Option<NaiveDate>) -> Result<(), String> {
    if date > today {
        return Err("un avis est enregistré une fois rendu : sa date n’est pas à venir".to_owned());
    }
    if let Some(first) = not_before.filter(|first| date < *first) {
        return Err(format!(
            "l’avis porte sur le plan évalué par l’École le {} : il ne peut le précéder",
            crate::dates::short_fr(first)
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORDER: [PlanStatus; 7] = [
        PlanStatus::Draft,
        PlanStatus::Advised,
        PlanStatus::Adopted,
        PlanStatus::Submitted,
        PlanStatus::Evaluated,
        PlanStatus::Funded,
        PlanStatus::Online,
    ];

    #[test]
    fn art_137_139_each_step_is_taken_in_its_place_only() {
        let steps = [
            (PlanStep::Edit, PlanStatus::Draft),
            (PlanStep::RecordCouncilOpinion, PlanStatus::Draft),
            (PlanStep::Adopt, PlanStatus::Advised),
            (PlanStep::Submit, PlanStatus::Adopted),
            (PlanStep::Evaluate, PlanStatus::Submitted),
            (PlanStep::ReserveCredits, PlanStatus::Evaluated),
        ];
        for (step, place) in steps {
            for status in ORDER {
                assert_eq!(check(step, status).is_ok(), status == place, "{step:?} on {status:?}");
            }
        }
    }

    #[test]
    fn art_137_adoption_before_the_council_names_the_council() {
        let refusal = check(PlanStep::Adopt, PlanStatus::Draft).err().unwrap_or_default();
        assert!(refusal.contains("avis du conseil"), "{refusal}");
        assert!(check(PlanStep::Adopt, PlanStatus::Submitted).err().unwrap_or_default().contains("déjà arrêté"));
        let credits = check(PlanStep::ReserveCredits, PlanStatus::Submitted).err().unwrap_or_default();
        assert!(credits.contains("évaluation pédagogique et financière"), "{credits}");
    }

    #[test]
    fn the_next_step_says_what_is_missing() {
        let facts = PlanFacts { heads_pending: vec!["Marie Lambert".to_owned()], ..PlanFacts::default() };
        let empty = next_step(PlanStatus::Draft, &facts);
        assert_eq!(empty.missing, vec!["Au moins une action chiffrée au plan.".to_owned()]);
        let advised = next_step(PlanStatus::Advised, &facts);
        assert_eq!(advised.label, Some("Arrêté du plan par les chefs de cour (art. 137)"));
        assert_eq!(advised.missing, vec!["L’arrêté de Marie Lambert.".to_owned()]);
        assert_eq!(next_step(PlanStatus::Online, &facts), NextStep { label: None, missing: Vec::new() });
    }

    fn verdict(action_id: i64, retained: bool, reason: Option<&str>, retained_cents: i64) -> Verdict {
        Verdict { action_id, retained, reason: reason.map(str::to_owned), retained_cents }
    }

    #[test]
    fn art_139_the_school_evaluates_each_action_once_with_its_amount_or_reason() {
        let actions = [(1, 165_000), (2, 110_000)];
        let good = [verdict(1, true, None, 150_000), verdict(2, false, Some("Thème couvert au national"), 0)];
        assert_eq!(check_evaluation(&actions, &good), Ok(150_000));
        assert_eq!(
            check_evaluation(&actions, &good[..1]),
            Err(EvaluationRefusal::NotEachActionOnce),
            "an action left out"
        );
        let twice = [good[0].clone(), good[0].clone()];
        assert_eq!(check_evaluation(&actions, &twice), Err(EvaluationRefusal::NotEachActionOnce));
        let silent = [good[0].clone(), verdict(2, false, Some("  "), 0)];
        assert_eq!(check_evaluation(&actions, &silent), Err(EvaluationRefusal::NoReason(2)));
        let beyond = [verdict(1, true, None, 165_001), good[1].clone()];
        assert_eq!(check_evaluation(&actions, &beyond), Err(EvaluationRefusal::RetainedAmount(1)));
        let negative = [verdict(1, true, None, -1), good[1].clone()];
        assert_eq!(check_evaluation(&actions, &negative), Err(EvaluationRefusal::RetainedAmount(1)));
        let free = [verdict(1, true, None, 0), good[1].clone()];
        assert_eq!(check_evaluation(&actions, &free), Ok(0), "retained at no cost");
        let paid_refusal = [good[0].clone(), verdict(2, false, Some("Hors priorités"), 10)];
        assert_eq!(check_evaluation(&actions, &paid_refusal), Err(EvaluationRefusal::AmountOfRefused(2)));
    }

    #[test]
    fn art_139_the_forecast_counts_what_the_school_retained() {
        assert_eq!(counted_cents(165_000, None, None), 165_000, "not yet evaluated");
        assert_eq!(counted_cents(110_000, Some(true), Some(100_000)), 100_000);
        assert_eq!(counted_cents(110_000, Some(false), Some(0)), 0);
    }

    #[test]
    fn art_139_the_boards_opinion_is_dated_between_the_evaluation_and_today() {
        let day = |d| NaiveDate::from_ymd_opt(2026, 12, d).unwrap_or_default();
        assert!(check_opinion_date(day(10), day(10), Some(day(3))).is_ok());
        assert!(check_opinion_date(day(11), day(10), None).is_err(), "not yet given");
        let early = check_opinion_date(day(2), day(10), Some(day(3))).err().unwrap_or_default();
        assert!(early.contains("3 décembre 2026") || early.contains("03/12/2026"), "{early}");
    }
}
