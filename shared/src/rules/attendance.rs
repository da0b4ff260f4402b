//! Attendance per half-day (art. 133) and what it credits.

use crate::enums::ApplicationStatus;

/// Half-days credited: those attended, never more than the session's duration (art. 133).
pub fn credited_half_days(present: i32, duration_half_days: i32) -> i32 {
    present.clamp(0, duration_half_days.max(0))
}

/// The participant's outcome: every half-day of the duration attended, some, or none.
pub fn outcome(present: i32, duration_half_days: i32) -> ApplicationStatus {
    if present <= 0 {
        ApplicationStatus::Absent
    } else if present >= duration_half_days {
        ApplicationStatus::Attended
    } else {
        ApplicationStatus::Partial
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn art_133_days_credited_are_the_half_days_attended_capped_by_the_duration() {
        assert_eq!(credited_half_days(5, 6), 5);
        assert_eq!(credited_half_days(8, 6), 6);
        assert_eq!(credited_half_days(-1, 6), 0);
    }

    #[test]
    fn art_133_the_outcome_is_attended_partial_or_absent() {
        assert_eq!(outcome(6, 6), ApplicationStatus::Attended);
        assert_eq!(outcome(3, 6), ApplicationStatus::Partial);
        assert_eq!(outcome(0, 6), ApplicationStatus::Absent);
    }
}
