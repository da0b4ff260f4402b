//! How long the evaluating authorities may give their observations on a request (art. 130;
//! décret n° 72-355, art. 51-1: « dans le délai de quinze jours »). The period runs fifteen days
//! from the request, and never ends before the action's close of applications: a request made
//! early keeps its observations open as long as others may still apply.
//!
//! Reading left open by the text, for the School to confirm: an observation is « awaited » while
//! the period runs and the request has received none, from either authority.

use chrono::{Days, NaiveDate};

use super::session_state::takes_observations;
use crate::ApplicationStatus;

/// The words that end the answer holding back a decision taken while observations are awaited
/// (`CONFLICT`): the client asks for confirmation only on them, never on another conflict (a
/// concurrent write retried must not decide early unasked).
pub const EARLY_DECISION_HOLD: &str = "confirmez pour décider avant la fin de cette période.";

/// Days the evaluating authorities have after a request.
pub const OBSERVATION_DAYS: u64 = 15;

/// The last day an observation on a request made on `requested_on` may be given, for an action
/// whose applications close on `applications_close`.
pub fn observation_deadline(requested_on: NaiveDate, applications_close: NaiveDate) -> NaiveDate {
    requested_on.checked_add_days(Days::new(OBSERVATION_DAYS)).unwrap_or(NaiveDate::MAX).max(applications_close)
}

/// Whether observations are still awaited on `today` on a request in `status`: it awaits a
/// decision, the period runs and none was given.
pub fn observations_awaited(
    status: ApplicationStatus,
    today: NaiveDate,
    deadline: NaiveDate,
    observations_given: usize,
) -> bool {
    takes_observations(status) && today <= deadline && observations_given == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn art_130_the_period_runs_fifteen_days_after_a_late_request() {
        assert_eq!(observation_deadline(d(2027, 3, 25), d(2027, 3, 31)), d(2027, 4, 9));
    }

    #[test]
    fn art_130_an_early_request_keeps_its_period_until_the_close_of_applications() {
        assert_eq!(observation_deadline(d(2027, 1, 10), d(2027, 3, 31)), d(2027, 3, 31));
    }

    #[test]
    fn art_130_observations_are_awaited_up_to_the_deadline_and_only_while_none_was_given() {
        let deadline = d(2027, 4, 9);
        let pending = ApplicationStatus::Submitted;
        assert!(observations_awaited(pending, deadline, deadline, 0));
        assert!(!observations_awaited(pending, d(2027, 4, 10), deadline, 0));
        assert!(!observations_awaited(pending, d(2027, 4, 1), deadline, 1));
    }

    #[test]
    fn art_130_a_decided_request_awaits_no_more_observations() {
        let deadline = d(2027, 4, 9);
        assert!(!observations_awaited(ApplicationStatus::Selected, d(2027, 4, 1), deadline, 0));
        assert!(!observations_awaited(ApplicationStatus::Refused, d(2027, 4, 1), deadline, 0));
    }
}
