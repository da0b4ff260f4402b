//! How an application reads on the training sheet (art. 136): requested, accepted, refused,
//! attended, withdrawn.

use crate::enums::ApplicationStatus as S;

/// Whether the application was accepted at some point: selected (`had_selection` tells whether a
/// withdrawn one had been, as opposed to withdrawn from the waitlist).
pub fn was_accepted(status: S, had_selection: bool) -> bool {
    match status {
        S::Selected | S::Confirmed | S::Attended | S::Partial | S::Absent | S::Lapsed => true,
        S::Withdrawn => had_selection,
        _ => false,
    }
}

/// Whether the training was actually followed, fully or in part (art. 133).
pub fn was_attended(status: S) -> bool {
    matches!(status, S::Attended | S::Partial)
}

/// Whether the application appears on the sheet at all: everything but a wish cancelled before
/// any decision.
pub fn is_requested(status: S) -> bool {
    status != S::Cancelled
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn art_136_a_withdrawal_counts_as_accepted_only_after_a_selection() {
        assert!(was_accepted(S::Withdrawn, true));
        assert!(!was_accepted(S::Withdrawn, false));
        assert!(was_accepted(S::Absent, true));
        assert!(!was_accepted(S::Refused, false));
        assert!(!was_accepted(S::Submitted, false));
    }

    #[test]
    fn art_136_attended_means_fully_or_partly_and_cancelled_wishes_are_left_out() {
        assert!(was_attended(S::Partial));
        assert!(!was_attended(S::Absent));
        assert!(!is_requested(S::Cancelled));
        assert!(is_requested(S::Refused));
    }
}
