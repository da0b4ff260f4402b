//! The application window of a session (art. 129, 130).

use chrono::NaiveDate;

/// Applications are accepted from `open` to `close`, both days included.
pub fn applications_open(today: NaiveDate, open: NaiveDate, close: NaiveDate) -> bool {
    open <= today && today <= close
}

/// A session has started on its first day.
pub fn session_started(today: NaiveDate, start: NaiveDate) -> bool {
    today >= start
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn art_130_applications_are_accepted_on_the_opening_and_closing_days() {
        assert!(applications_open(d(1, 1), d(1, 1), d(1, 31)));
        assert!(applications_open(d(1, 31), d(1, 1), d(1, 31)));
    }

    #[test]
    fn art_130_applications_are_refused_before_opening_and_after_closing() {
        assert!(!applications_open(d(2, 1), d(1, 1), d(1, 31)));
        assert!(!applications_open(d(1, 1), d(1, 2), d(1, 31)));
    }
}
