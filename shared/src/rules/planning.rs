//! Which year a court's deconcentrated programme is being worked on (art. 137–139): the plan for a
//! year is drafted, adopted and funded in the autumn before it, so from September the year in hand is
//! the next one.

use chrono::{Datelike, NaiveDate};

/// The plan year in hand on `today`.
pub fn planning_year(today: NaiveDate) -> i32 {
    if today.month() >= 9 {
        today.year() + 1
    } else {
        today.year()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn art_137_from_september_the_plan_in_hand_is_next_years() {
        assert_eq!(planning_year(day(2026, 8, 31)), 2026);
        assert_eq!(planning_year(day(2026, 9, 1)), 2027);
        assert_eq!(planning_year(day(2026, 11, 23)), 2027);
        assert_eq!(planning_year(day(2027, 1, 10)), 2027);
    }
}
