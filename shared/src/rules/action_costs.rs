//! What an action costs (art. 132, 139): speakers' fees from the scale the School sets for the
//! year, travel and accommodation of speakers and participants, each line estimated then actual,
//! charged to the School's national budget for a national action or to one of its courts' credits
//! for a deconcentrated one. Money is integer cents.

use crate::enums::{CostBeneficiary, CostCategory, ExpenseKind, Scope};
use crate::rules::budget::Entry;

/// The largest amount of one line: 1 M€.
pub const MAX_LINE_CENTS: i64 = 100_000_000;

/// The most units (hours, half-days) one fee line counts.
pub const MAX_UNITS: i32 = 200;

/// The categories a line of an action may take: the speakers' fees, travel and accommodation.
pub const CATEGORIES: [CostCategory; 3] =
    [CostCategory::SpeakerFees, CostCategory::Travel, CostCategory::Accommodation];

/// A speaker's fee: the scale's rate for the unit times the units, or why not.
pub fn fee_cents(rate_cents: i64, units: i32) -> Result<i64, &'static str> {
    if !(1..=MAX_UNITS).contains(&units) {
        return Err("de 1 à 200 unités");
    }
    rate_cents
        .checked_mul(i64::from(units))
        .filter(|c| (1..=MAX_LINE_CENTS).contains(c))
        .ok_or("le montant dépasse 1 M€ pour une ligne")
}

/// Whether a line of `category` for `beneficiary` can be written: fees go to speakers only, and
/// only the three categories of an action's own costs.
pub fn check_line(category: CostCategory, beneficiary: CostBeneficiary) -> Result<(), &'static str> {
    if !CATEGORIES.contains(&category) {
        return Err("une ligne de coût d’action est un honoraire, un déplacement ou un hébergement");
    }
    if category == CostCategory::SpeakerFees && beneficiary != CostBeneficiary::Speaker {
        return Err("les honoraires rémunèrent un intervenant");
    }
    Ok(())
}

/// Whether `cents` is a line's amount: from 0 (nothing was spent after all, for the actual) or 1
/// cent (an estimate) to 1 M€.
pub fn check_amount(cents: i64, actual: bool) -> Result<(), &'static str> {
    let low = if actual { 0 } else { 1 };
    if (low..=MAX_LINE_CENTS).contains(&cents) {
        Ok(())
    } else if actual {
        Err("le montant réel va de 0 à 1 M€")
    } else {
        Err("le montant estimé va de 1 centime à 1 M€")
    }
}

/// What a line is charged to: the national budget of a national action; one of the courts of a
/// deconcentrated one (named, when it has several).
pub fn charged_to(scope: Scope, courts: &[i64], asked: Option<i64>) -> Result<Option<i64>, &'static str> {
    match (scope, asked) {
        (Scope::National, None) => Ok(None),
        (Scope::National, Some(_)) => Err("une action nationale est à la charge du budget national de l’École"),
        (Scope::Deconcentrated, Some(court)) if courts.contains(&court) => Ok(Some(court)),
        (Scope::Deconcentrated, Some(_)) => Err("la cour n’organise pas cette action"),
        (Scope::Deconcentrated, None) if courts.len() == 1 => Ok(Some(courts[0])),
        (Scope::Deconcentrated, None) => Err("indiquez la cour dont les crédits portent la ligne"),
    }
}

/// A line as the dashboards count it: its estimate committed until its actual amount is known,
/// then that amount paid.
pub fn as_entry(line: &Line) -> Entry {
    match line.actual_cents {
        None => Entry {
            kind: ExpenseKind::Committed,
            amount_cents: line.estimated_cents,
            category: line.category,
            session_id: Some(line.session_id),
            settles_commitment: false,
            date: line.date,
        },
        Some(actual) => Entry {
            kind: ExpenseKind::Paid,
            amount_cents: actual,
            category: line.category,
            session_id: Some(line.session_id),
            settles_commitment: false,
            date: line.date,
        },
    }
}

/// A line, as the dashboards need it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub session_id: i64,
    pub category: CostCategory,
    pub estimated_cents: i64,
    pub actual_cents: Option<i64>,
    /// The day it was estimated, or the day its actual amount was recorded.
    pub date: chrono::NaiveDate,
}

/// What recording the actual amount changes in the credits consumed: the actual replaces the
/// estimate.
pub fn consumption_change(estimated_cents: i64, previous_actual: Option<i64>, actual_cents: i64) -> i64 {
    actual_cents - previous_actual.unwrap_or(estimated_cents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fee_is_the_scales_rate_times_the_units() {
        assert_eq!(fee_cents(45_000, 2), Ok(90_000));
        assert!(fee_cents(45_000, 0).is_err());
        assert!(fee_cents(45_000, 201).is_err());
        assert!(fee_cents(i64::MAX, 2).is_err());
        assert!(fee_cents(60_000_000, 2).is_err(), "beyond 1 M€ a line");
    }

    #[test]
    fn fees_pay_speakers_and_lines_are_fees_travel_or_accommodation() {
        assert!(check_line(CostCategory::SpeakerFees, CostBeneficiary::Speaker).is_ok());
        assert!(check_line(CostCategory::SpeakerFees, CostBeneficiary::Participant).is_err());
        assert!(check_line(CostCategory::Travel, CostBeneficiary::Participant).is_ok());
        assert!(check_line(CostCategory::Accommodation, CostBeneficiary::Speaker).is_ok());
        assert!(check_line(CostCategory::Catering, CostBeneficiary::Speaker).is_err());
    }

    #[test]
    fn art_139_a_national_action_costs_the_national_budget_and_a_deconcentrated_one_its_courts_credits() {
        assert_eq!(charged_to(Scope::National, &[], None), Ok(None));
        assert!(charged_to(Scope::National, &[], Some(3)).is_err());
        assert_eq!(charged_to(Scope::Deconcentrated, &[3], None), Ok(Some(3)));
        assert_eq!(charged_to(Scope::Deconcentrated, &[3, 4], Some(4)), Ok(Some(4)));
        assert!(charged_to(Scope::Deconcentrated, &[3, 4], None).is_err());
        assert!(charged_to(Scope::Deconcentrated, &[3], Some(5)).is_err());
    }

    #[test]
    fn the_actual_amount_replaces_the_estimate_in_what_is_consumed() {
        assert_eq!(consumption_change(30_000, None, 27_450), -2_550);
        assert_eq!(consumption_change(30_000, Some(27_450), 31_000), 3_550);
        assert!(check_amount(0, true).is_ok());
        assert!(check_amount(0, false).is_err());
        assert!(check_amount(MAX_LINE_CENTS + 1, true).is_err());
        let day = chrono::NaiveDate::from_ymd_opt(2027, 6, 1).unwrap_or_default();
        let line = Line {
            session_id: 1,
            category: CostCategory::Travel,
            estimated_cents: 30_000,
            actual_cents: None,
            date: day,
        };
        assert_eq!(as_entry(&line).consumed_cents(), 30_000);
        let paid = Line { actual_cents: Some(27_450), ..line };
        assert_eq!(as_entry(&paid).consumed_cents(), 27_450);
        assert_eq!(as_entry(&paid).kind, ExpenseKind::Paid);
    }
}
