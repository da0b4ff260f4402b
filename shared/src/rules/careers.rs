//! Careers as a history of postings, and what the regulation reads from it: whether a function is
//! taken up for the first time and the period in which its training is owed (art. 126), and which
//! functions were held in a year (art. 128, 2°). What counts toward each obligation is read in
//! `rules::obligations`.

use chrono::{Datelike, NaiveDate};

/// One posting as the rules need it: which function, from when, until when (`None`: current).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostingSpan {
    /// The function's id in the reference list: functions are matched by identity, never by text.
    pub function_id: i64,
    pub started_on: NaiveDate,
    /// The day the posting ended (the next one starts that day); `None` while it lasts.
    pub ended_on: Option<NaiveDate>,
}

/// The posting in force: the one without an end, else the latest started.
pub fn current(history: &[PostingSpan]) -> Option<&PostingSpan> {
    history
        .iter()
        .filter(|p| p.ended_on.is_none())
        .max_by_key(|p| p.started_on)
        .or_else(|| history.iter().max_by_key(|p| p.started_on))
}

/// Art. 126: the function of `posting` was never held before it began — no earlier posting of the
/// history has the same function. A move to the same function in another court is not a new one.
pub fn never_held_before(history: &[PostingSpan], posting: &PostingSpan) -> bool {
    !history.iter().any(|p| p.function_id == posting.function_id && p.started_on < posting.started_on)
}

/// When the function of `posting` was taken up: the start of the unbroken run of postings in the
/// same function that ends with it (a move from Lyon to Grenoble as juge des enfants does not
/// take the function up again).
pub fn function_taken_up_on(history: &[PostingSpan], posting: &PostingSpan) -> NaiveDate {
    let mut since = posting.started_on;
    loop {
        let before = history
            .iter()
            .find(|p| p.function_id == posting.function_id && p.ended_on == Some(since) && p.started_on < since);
        match before {
            Some(p) => since = p.started_on,
            None => return since,
        }
    }
}

/// Art. 126 leaves open when the twenty days are owed. Magistra reads it as the twelve months from
/// the day the function is taken up (`[start, end)`), not the calendar year: a function taken up on
/// 1 September is owed its training until 31 August of the next year. To be confirmed by the School.
pub fn art_126_period(taken_up_on: NaiveDate) -> (NaiveDate, NaiveDate) {
    let end = taken_up_on
        .with_year(taken_up_on.year() + 1)
        .or_else(|| NaiveDate::from_ymd_opt(taken_up_on.year() + 1, 3, 1))
        .unwrap_or(NaiveDate::MAX);
    (taken_up_on, end)
}

/// Whether the art. 126 period of a function taken up on `taken_up_on` overlaps `year`.
pub fn art_126_period_meets_year(taken_up_on: NaiveDate, year: i32) -> bool {
    let (start, end) = art_126_period(taken_up_on);
    start.year() <= year && end > NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(NaiveDate::MAX)
}

/// Art. 128, 2° asks for days « se rapportant directement aux fonctions exercées ». Magistra reads
/// them as the functions held at some time in `year` — both, for a magistrate who changed function
/// during it — matched by their id in the reference list, never by comparing their names. To be
/// confirmed by the School.
pub fn functions_held_in(history: &[PostingSpan], year: i32) -> Vec<i64> {
    let (Some(start), Some(end)) = (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year + 1, 1, 1))
    else {
        return Vec::new();
    };
    let mut held: Vec<i64> = history
        .iter()
        .filter(|p| p.started_on < end && p.ended_on.is_none_or(|ended| ended > start))
        .map(|p| p.function_id)
        .collect();
    held.sort_unstable();
    held.dedup();
    held
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    fn posting(function_id: i64, from: NaiveDate, to: Option<NaiveDate>) -> PostingSpan {
        PostingSpan { function_id, started_on: from, ended_on: to }
    }

    #[test]
    fn art_126_a_first_function_is_never_held_before() {
        let history = [posting(1, d(2020, 9, 1), None)];
        assert!(never_held_before(&history, &history[0]));
        assert_eq!(current(&history), Some(&history[0]));
    }

    #[test]
    fn art_126_a_function_held_earlier_in_the_career_is_not_new() {
        let history = [
            posting(7, d(2010, 9, 1), Some(d(2015, 9, 1))),
            posting(3, d(2015, 9, 1), Some(d(2026, 9, 1))),
            posting(7, d(2026, 9, 1), None),
        ];
        let now = current(&history).copied().unwrap_or(history[0]);
        assert_eq!(now.started_on, d(2026, 9, 1));
        assert!(!never_held_before(&history, &now), "juge des enfants again after five years elsewhere");
        assert!(never_held_before(&history, &history[1]));
    }

    #[test]
    fn art_126_a_move_to_the_same_function_elsewhere_keeps_the_day_it_was_taken_up() {
        let history = [posting(7, d(2024, 9, 1), Some(d(2026, 9, 1))), posting(7, d(2026, 9, 1), None)];
        assert_eq!(function_taken_up_on(&history, &history[1]), d(2024, 9, 1));
        assert!(!never_held_before(&history, &history[1]));
    }

    #[test]
    fn art_126_the_period_is_twelve_months_from_taking_up_the_function_not_the_calendar_year() {
        assert_eq!(art_126_period(d(2026, 9, 1)), (d(2026, 9, 1), d(2027, 9, 1)));
        assert!(art_126_period_meets_year(d(2026, 9, 1), 2026));
        assert!(art_126_period_meets_year(d(2026, 9, 1), 2027), "owed until 31 August 2027");
        assert!(!art_126_period_meets_year(d(2026, 9, 1), 2028));
        assert!(!art_126_period_meets_year(d(2026, 9, 1), 2025));
        assert!(!art_126_period_meets_year(d(2026, 1, 1), 2027), "ends on 1 January 2027, exclusive");
        assert_eq!(art_126_period(d(2028, 2, 29)).1, d(2029, 3, 1), "29 February taken up: until 28 February");
    }

    #[test]
    fn art_128_2_the_functions_of_the_year_are_both_when_the_function_changed_during_it() {
        let history = [
            posting(1, d(2015, 9, 1), Some(d(2027, 3, 1))),
            posting(2, d(2027, 3, 1), None),
            posting(3, d(2010, 9, 1), Some(d(2015, 9, 1))),
        ];
        assert_eq!(functions_held_in(&history, 2027), vec![1, 2]);
        assert_eq!(functions_held_in(&history, 2026), vec![1]);
        assert_eq!(functions_held_in(&history, 2028), vec![2]);
        assert_eq!(functions_held_in(&history, 2015), vec![1, 3]);
    }
}
