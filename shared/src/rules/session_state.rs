//! What a session's status and dates allow (art. 129–133, 141): editing, publishing, cancelling,
//! deciding, closing. The services refuse what these refuse, and the API's `viewerCan` asks the
//! same functions, so a button is shown only when the action would go through.

use chrono::NaiveDate;

use crate::enums::{ApplicationStatus, SessionStatus};

use super::window::session_started;

/// A session can be edited until it is cancelled or closed.
pub fn may_edit(status: SessionStatus) -> bool {
    !matches!(status, SessionStatus::Cancelled | SessionStatus::Closed)
}

/// A session's dates move until its last day; once held, they are what took place.
pub fn may_reschedule(status: SessionStatus, end: NaiveDate, today: NaiveDate) -> bool {
    status != SessionStatus::Published || today <= end
}

/// Only a draft is published (art. 129).
pub fn may_publish(status: SessionStatus) -> bool {
    status == SessionStatus::Draft
}

/// A draft can be cancelled; a published session until its last day (one held to its end took
/// place: it is closed with its list, art. 141, not cancelled).
pub fn may_cancel(status: SessionStatus, end: NaiveDate, today: NaiveDate) -> bool {
    match status {
        SessionStatus::Draft => true,
        SessionStatus::Published => today <= end,
        SessionStatus::Cancelled | SessionStatus::Closed => false,
    }
}

/// Participation is decided on a published session that has not started (art. 131, 140).
pub fn takes_decisions(status: SessionStatus, start: NaiveDate, today: NaiveDate) -> bool {
    status == SessionStatus::Published && !session_started(today, start)
}

/// A published session is closed, with its final list, once it has ended (art. 141).
pub fn may_close(status: SessionStatus, end: NaiveDate, today: NaiveDate) -> bool {
    status == SessionStatus::Published && end < today
}

/// Applications a decider can still decide: awaiting a decision, or on the waitlist.
pub fn awaits_decision(status: ApplicationStatus) -> bool {
    matches!(status, ApplicationStatus::Submitted | ApplicationStatus::Waitlisted)
}

/// Observations are given while the request awaits a decision (art. 130).
pub fn takes_observations(status: ApplicationStatus) -> bool {
    awaits_decision(status)
}

/// Statuses of those who took part, fully or in part.
pub const PARTICIPATED: [ApplicationStatus; 2] = [ApplicationStatus::Attended, ApplicationStatus::Partial];

/// Only those who took part, fully or in part, fill the evaluation form (art. 135).
pub fn may_evaluate(status: ApplicationStatus) -> bool {
    PARTICIPATED.contains(&status)
}

/// Fewest answers before a session's comments are shown: with fewer, a comment could be told
/// apart and tied to its author (art. 135, forms anonymous).
pub const MIN_ANSWERS_FOR_COMMENTS: u64 = 3;

/// Whether a session's comments may be shown, given how many answered.
pub fn comments_shown(answers: u64) -> bool {
    answers >= MIN_ANSWERS_FOR_COMMENTS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn art_131_decisions_are_taken_on_a_published_session_until_its_first_day() {
        assert!(takes_decisions(SessionStatus::Published, d(3, 10), d(3, 9)));
        assert!(!takes_decisions(SessionStatus::Published, d(3, 10), d(3, 10)));
        assert!(!takes_decisions(SessionStatus::Draft, d(3, 10), d(3, 1)));
    }

    #[test]
    fn art_141_a_session_is_closed_only_after_its_last_day() {
        assert!(!may_close(SessionStatus::Published, d(3, 10), d(3, 10)));
        assert!(may_close(SessionStatus::Published, d(3, 10), d(3, 11)));
        assert!(!may_close(SessionStatus::Cancelled, d(3, 10), d(3, 11)));
    }

    #[test]
    fn art_135_comments_are_shown_from_the_third_answer() {
        assert!(!comments_shown(2));
        assert!(comments_shown(3));
    }

    #[test]
    fn a_cancelled_or_closed_session_is_neither_edited_nor_cancelled_again() {
        for status in [SessionStatus::Cancelled, SessionStatus::Closed] {
            assert!(!may_edit(status) && !may_cancel(status, d(3, 10), d(3, 1)) && !may_publish(status), "{status}");
        }
        assert!(may_publish(SessionStatus::Draft) && !may_publish(SessionStatus::Published));
    }

    #[test]
    fn a_session_is_cancelled_until_its_last_day_and_not_once_held() {
        assert!(may_cancel(SessionStatus::Published, d(3, 10), d(3, 10)), "on its last day");
        assert!(!may_cancel(SessionStatus::Published, d(3, 10), d(3, 11)), "the day after: it took place");
        assert!(may_cancel(SessionStatus::Draft, d(3, 10), d(3, 11)), "a draft never took place");
        assert!(may_reschedule(SessionStatus::Published, d(3, 10), d(3, 10)));
        assert!(!may_reschedule(SessionStatus::Published, d(3, 10), d(3, 11)), "held: its dates stay");
        assert!(may_reschedule(SessionStatus::Draft, d(3, 10), d(3, 11)));
    }
}
