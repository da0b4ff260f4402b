//! When a selected magistrate must confirm (art. 131: « deux mois environ avant la date fixée »).

use chrono::{Days, Months, NaiveDate};

/// Days a late selection (or a promotion from the waitlist) always gets to confirm.
pub const MINIMUM_CONFIRMATION_DAYS: u64 = 7;

/// The last day on which a magistrate selected on `decided_on` may confirm a session starting on `start`.
///
/// Two months before the start by default; a selection made later gets at least
/// [`MINIMUM_CONFIRMATION_DAYS`]; never later than the day before the start (art. 131).
pub fn confirmation_due(start: NaiveDate, decided_on: NaiveDate) -> NaiveDate {
    let two_months_before = start.checked_sub_months(Months::new(2)).unwrap_or(NaiveDate::MIN);
    let fresh_delay = decided_on.checked_add_days(Days::new(MINIMUM_CONFIRMATION_DAYS)).unwrap_or(NaiveDate::MAX);
    let day_before_start = start.pred_opt().unwrap_or(NaiveDate::MIN);
    two_months_before.max(fresh_delay).min(day_before_start)
}

/// Confirmation is accepted up to and including the due date.
pub fn may_confirm(today: NaiveDate, due: NaiveDate) -> bool {
    today <= due
}

/// An unconfirmed selection lapses once its due date has passed.
pub fn must_lapse(today: NaiveDate, due: NaiveDate) -> bool {
    today > due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn art_131_confirmation_is_due_two_months_before_the_start_by_default() {
        assert_eq!(confirmation_due(d(2027, 6, 15), d(2027, 1, 10)), d(2027, 4, 15));
    }

    #[test]
    fn art_131_a_late_selection_gets_at_least_seven_days() {
        assert_eq!(confirmation_due(d(2027, 6, 15), d(2027, 5, 1)), d(2027, 5, 8));
    }

    #[test]
    fn art_131_confirmation_is_never_due_after_the_day_before_the_start() {
        assert_eq!(confirmation_due(d(2027, 6, 15), d(2027, 6, 12)), d(2027, 6, 14));
    }

    #[test]
    fn art_131_two_months_before_a_month_end_start_clamps_to_the_shorter_month() {
        assert_eq!(confirmation_due(d(2027, 4, 30), d(2027, 1, 1)), d(2027, 2, 28));
    }

    #[test]
    fn art_131_confirmation_is_accepted_on_the_due_date_and_refused_the_day_after() {
        let due = d(2027, 4, 15);
        assert!(may_confirm(due, due));
        assert!(!may_confirm(d(2027, 4, 16), due));
        assert!(!must_lapse(due, due));
        assert!(must_lapse(d(2027, 4, 16), due));
    }
}
