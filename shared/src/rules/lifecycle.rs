//! The application state machine of the national cycle (DESIGN.md, art. 130–134).
//!
//! ```text
//! SUBMITTED ─decide→ SELECTED ─confirm→ CONFIRMED ─attendance→ ATTENDED / PARTIAL / ABSENT
//!     │                 │ └─due date passes→ LAPSED
//!     │                 └────withdraw──────┴→ WITHDRAWN
//!     ├─decide→ WAITLISTED ─seat frees→ SELECTED
//!     ├─decide→ REFUSED
//!     └─cancel→ CANCELLED
//! ```

use crate::enums::{ApplicationStatus as S, Decision};

/// Something that moves an application from one status to another.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// The decider's choice (art. 131, 140).
    Decide(Decision),
    /// The magistrate cancels before any decision.
    Cancel,
    /// The selected magistrate commits to attend (art. 131).
    Confirm,
    /// The due date passed without confirmation (art. 131).
    Lapse,
    /// A seat freed and the waitlist moves up.
    Promote,
    /// A motivated withdrawal (art. 134).
    Withdraw,
    /// Attendance recorded or corrected, with the outcome it gives (art. 133).
    RecordAttendance(S),
    /// The session itself is cancelled: every live application ends with it.
    SessionCancelled,
}

/// Statuses of an application still waiting for its session to happen: what a cancelled or
/// rescheduled session touches and tells.
pub const LIVE: [S; 4] = [S::Submitted, S::Selected, S::Waitlisted, S::Confirmed];

/// Whether an application still waits for its session (see [`LIVE`]).
pub fn is_live(status: S) -> bool {
    LIVE.contains(&status)
}

/// Whether an application keeps its wish: its session and its rank stay taken for the year
/// (art. 130: one application per session, one rank per wish). Only a cancelled wish frees them;
/// a withdrawal, a refusal or a lapse still counts as the wish that was made.
///
/// The database holds the same rule in its partial unique indexes (`status <> 'CANCELLED'`,
/// migration `m20261123_000001_national_cycle`); a test checks the two agree for every status.
pub fn keeps_wish(status: S) -> bool {
    status != S::Cancelled
}

/// The move is not allowed from the current status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("{action:?} is not possible from {from}")]
pub struct TransitionError {
    pub from: S,
    pub action: Action,
}

/// The status an action leads to from `from`, or why it cannot.
pub fn transition(from: S, action: Action) -> Result<S, TransitionError> {
    let to = match (from, action) {
        (S::Submitted, Action::Decide(d)) => Some(d.status()),
        (S::Waitlisted, Action::Decide(Decision::Selected)) => Some(S::Selected),
        (S::Waitlisted, Action::Decide(Decision::Refused)) => Some(S::Refused),
        (S::Submitted, Action::Cancel) => Some(S::Cancelled),
        (S::Selected, Action::Confirm) => Some(S::Confirmed),
        (S::Selected, Action::Lapse) => Some(S::Lapsed),
        (S::Waitlisted, Action::Promote) => Some(S::Selected),
        (S::Selected | S::Confirmed | S::Waitlisted, Action::Withdraw) => Some(S::Withdrawn),
        (live, Action::SessionCancelled) if is_live(live) => Some(S::Cancelled),
        (
            S::Selected | S::Confirmed | S::Attended | S::Partial | S::Absent,
            Action::RecordAttendance(outcome @ (S::Attended | S::Partial | S::Absent)),
        ) => Some(outcome),
        _ => None,
    };
    to.ok_or(TransitionError { from, action })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn art_131_a_submitted_application_can_be_selected_waitlisted_or_refused() {
        assert_eq!(transition(S::Submitted, Action::Decide(Decision::Selected)), Ok(S::Selected));
        assert_eq!(transition(S::Submitted, Action::Decide(Decision::Waitlisted)), Ok(S::Waitlisted));
        assert_eq!(transition(S::Submitted, Action::Decide(Decision::Refused)), Ok(S::Refused));
    }

    #[test]
    fn art_131_a_decided_application_cannot_be_decided_again_except_from_the_waitlist() {
        assert!(transition(S::Selected, Action::Decide(Decision::Refused)).is_err());
        assert!(transition(S::Refused, Action::Decide(Decision::Selected)).is_err());
        assert!(transition(S::Waitlisted, Action::Decide(Decision::Waitlisted)).is_err());
        assert_eq!(transition(S::Waitlisted, Action::Decide(Decision::Selected)), Ok(S::Selected));
    }

    #[test]
    fn cancel_is_possible_only_before_any_decision() {
        assert_eq!(transition(S::Submitted, Action::Cancel), Ok(S::Cancelled));
        for from in [S::Selected, S::Waitlisted, S::Refused, S::Confirmed] {
            assert!(transition(from, Action::Cancel).is_err(), "{from}");
        }
    }

    #[test]
    fn art_131_only_a_selection_can_be_confirmed_or_lapse() {
        assert_eq!(transition(S::Selected, Action::Confirm), Ok(S::Confirmed));
        assert_eq!(transition(S::Selected, Action::Lapse), Ok(S::Lapsed));
        assert!(transition(S::Confirmed, Action::Lapse).is_err());
        assert!(transition(S::Waitlisted, Action::Confirm).is_err());
    }

    #[test]
    fn art_133_attendance_is_recorded_for_participants_only_and_may_be_corrected() {
        let partial = Action::RecordAttendance(S::Partial);
        assert_eq!(transition(S::Confirmed, partial), Ok(S::Partial));
        assert_eq!(transition(S::Attended, partial), Ok(S::Partial), "a correction");
        for from in [S::Submitted, S::Waitlisted, S::Refused, S::Withdrawn, S::Lapsed, S::Cancelled] {
            assert!(transition(from, partial).is_err(), "{from}");
        }
        assert!(transition(S::Confirmed, Action::RecordAttendance(S::Selected)).is_err());
    }

    #[test]
    fn a_cancelled_session_cancels_exactly_the_live_applications() {
        for from in S::ALL.iter().copied() {
            let result = transition(from, Action::SessionCancelled);
            assert_eq!(result.is_ok(), is_live(from), "{from}");
            if let Ok(to) = result {
                assert_eq!(to, S::Cancelled);
            }
        }
    }

    #[test]
    fn every_status_but_cancelled_keeps_its_wish_and_every_live_one_does() {
        assert!(!keeps_wish(S::Cancelled));
        for from in S::ALL.iter().copied().filter(|s| *s != S::Cancelled) {
            assert!(keeps_wish(from), "{from}");
        }
        assert!(LIVE.iter().all(|s| keeps_wish(*s)));
    }

    #[test]
    fn art_134_withdrawal_is_possible_from_a_selection_a_confirmation_or_the_waitlist() {
        for from in [S::Selected, S::Confirmed, S::Waitlisted] {
            assert_eq!(transition(from, Action::Withdraw), Ok(S::Withdrawn));
        }
        for from in [S::Submitted, S::Refused, S::Lapsed, S::Withdrawn, S::Cancelled] {
            assert!(transition(from, Action::Withdraw).is_err(), "{from}");
        }
    }
}
