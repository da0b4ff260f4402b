//! Where a magistrate stands at an action, from their sheet and the action: the statutory need it
//! meets (criterion 1: art. 125, 126, 128) and the evaluating authority's observation (criterion 2).

use crate::enums::Opinion;
use crate::rules::obligations::{
    counts_toward_art_126_theory, relates_to_functions_held, ObligationKind, ObligationStatus,
};

use super::{Need, Observation};

/// What the need depends on, of the action.
#[derive(Debug, Clone, Copy)]
pub struct ActionFacts<'a> {
    pub onboarding: bool,
    pub target_functions: &'a [i64],
}

/// What the need depends on, of the magistrate.
#[derive(Debug, Clone, Copy)]
pub struct PersonFacts<'a> {
    /// The year's obligations, as their sheet shows them.
    pub obligations: &'a [ObligationStatus],
    /// The function of the present posting.
    pub function: Option<i64>,
    /// The functions held in the year (art. 128, 2°).
    pub functions_held: &'a [i64],
    /// Half-days of the places already held for the year, not yet credited: they will count.
    pub held_half_days: i32,
}

/// The statutory need `action` meets for `person`, the most specific first: prise-de-fonction
/// theory owed and given by this action (art. 126); an art. 128 recruit short of days, the action
/// being tied to the functions held where that is what is short; short of the five days (art. 125).
pub fn statutory_need(action: ActionFacts<'_>, person: PersonFacts<'_>) -> Option<Need> {
    let short = |kind: ObligationKind| {
        person.obligations.iter().any(|o| o.kind == kind && o.shortfall_half_days() > person.held_half_days)
    };
    if short(ObligationKind::NewFunctionTheory)
        && counts_toward_art_126_theory(action.onboarding, action.target_functions, person.function)
    {
        return Some(Need::NewFunction);
    }
    let tied = relates_to_functions_held(action.target_functions, person.functions_held);
    if short(ObligationKind::Article22Annual)
        || short(ObligationKind::Article21_1SixYears)
        || (tied && short(ObligationKind::Article22Functions))
    {
        return Some(Need::Article128);
    }
    short(ObligationKind::Annual).then_some(Need::Annual)
}

/// The evaluating authority's observation as criterion 2 reads it: none counts as favourable.
pub fn observation(opinion: Option<Opinion>) -> Observation {
    match opinion {
        Some(Opinion::Unfavorable) => Observation::Unfavourable,
        Some(Opinion::Reserved) => Observation::Reserved,
        Some(Opinion::Favorable) | None => Observation::FavourableOrNone,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(kind: ObligationKind, required: i32, counted: i32) -> ObligationStatus {
        ObligationStatus { kind, required_half_days: required, counted_half_days: counted, due_this_year: true }
    }

    const ANY: ActionFacts<'static> = ActionFacts { onboarding: false, target_functions: &[] };

    #[test]
    fn the_most_specific_need_the_action_meets_is_named() {
        let new_function = [status(ObligationKind::Annual, 10, 0), status(ObligationKind::NewFunctionTheory, 20, 0)];
        let person =
            PersonFacts { obligations: &new_function, function: Some(4), functions_held: &[4], held_half_days: 0 };
        let onboarding = ActionFacts { onboarding: true, target_functions: &[4] };
        assert_eq!(statutory_need(onboarding, person), Some(Need::NewFunction));
        let for_another = ActionFacts { onboarding: true, target_functions: &[9] };
        assert_eq!(statutory_need(for_another, person), Some(Need::Annual), "not that function's onboarding");
        assert_eq!(statutory_need(ANY, person), Some(Need::Annual));
    }

    #[test]
    fn an_article_22_recruit_short_only_of_days_tied_to_their_functions_needs_an_action_tied_to_them() {
        let statuses = [
            status(ObligationKind::Annual, 10, 10),
            status(ObligationKind::Article22Annual, 20, 20),
            status(ObligationKind::Article22Functions, 10, 4),
        ];
        let person = PersonFacts { obligations: &statuses, function: Some(4), functions_held: &[4], held_half_days: 0 };
        assert_eq!(
            statutory_need(ActionFacts { onboarding: false, target_functions: &[4] }, person),
            Some(Need::Article128)
        );
        assert_eq!(statutory_need(ActionFacts { onboarding: false, target_functions: &[7] }, person), None);
    }

    #[test]
    fn places_already_held_for_the_year_cover_the_shortfall() {
        let statuses = [status(ObligationKind::Annual, 10, 4)];
        let short = PersonFacts { obligations: &statuses, function: None, functions_held: &[], held_half_days: 4 };
        assert_eq!(statutory_need(ANY, short), Some(Need::Annual));
        let covered = PersonFacts { held_half_days: 6, ..short };
        assert_eq!(statutory_need(ANY, covered), None);
    }

    #[test]
    fn the_wilson_interval_brackets_the_share() {
        let (low, high) = super::super::wilson_95(5, 10);
        assert!((low - 0.2366).abs() < 1e-3 && (high - 0.7634).abs() < 1e-3, "{low} {high}");
        assert_eq!(super::super::wilson_95(0, 0), (0.0, 0.0));
        let (low, high) = super::super::wilson_95(100, 100);
        assert!(low > 0.96 && (high - 1.0).abs() < 1e-9);
    }

    #[test]
    fn no_observation_counts_as_favourable() {
        assert_eq!(observation(None), Observation::FavourableOrNone);
        assert_eq!(observation(Some(Opinion::Reserved)), Observation::Reserved);
        assert!(observation(Some(Opinion::Unfavorable)) < observation(Some(Opinion::Reserved)));
    }
}
