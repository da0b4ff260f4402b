//! When the outbox tries again to send an e-mail that did not leave, and when it gives up.
//!
//! A refusal the mail server calls temporary (4xx) is retried with growing delays: the base delay,
//! then twice, four times… capped at [`LONGEST_WAIT_SECONDS`], for at most [`MAX_ATTEMPTS`] attempts
//! in all. A permanent refusal of the mailbox (550, 551, 553) is not retried. A message
//! given up on stays readable in the application and is listed for the School.

/// Attempts in all, the first included, before a message is given up on.
pub const MAX_ATTEMPTS: u32 = 12;

/// No wait between two attempts is longer than this (six hours): with a base of two minutes the
/// twelve attempts span about 28 hours, so a mail server away for a night is waited for.
pub const LONGEST_WAIT_SECONDS: i64 = 6 * 60 * 60;

/// What the outbox does after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Try again after this many seconds.
    RetryIn(i64),
    /// Stop trying; the School sees the message among the undelivered ones.
    GiveUp,
}

/// The decision after `attempts` attempts (the failed one included) have failed; `permanent` when
/// the server said the message can never be delivered. `base_seconds` is the first wait.
pub fn after_failure(attempts: u32, permanent: bool, base_seconds: i64) -> AfterFailure {
    if permanent || attempts >= MAX_ATTEMPTS {
        return AfterFailure::GiveUp;
    }
    let doubling = attempts.saturating_sub(1).min(30);
    let wait = base_seconds.max(1).saturating_mul(1_i64 << doubling);
    AfterFailure::RetryIn(wait.min(LONGEST_WAIT_SECONDS))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_refusals_wait_twice_as_long_each_time_up_to_the_cap() {
        let waits: Vec<_> = (1..MAX_ATTEMPTS).map(|n| after_failure(n, false, 120)).collect();
        assert_eq!(
            waits,
            vec![
                AfterFailure::RetryIn(120),
                AfterFailure::RetryIn(240),
                AfterFailure::RetryIn(480),
                AfterFailure::RetryIn(960),
                AfterFailure::RetryIn(1920),
                AfterFailure::RetryIn(3840),
                AfterFailure::RetryIn(7680),
                AfterFailure::RetryIn(15360),
                AfterFailure::RetryIn(LONGEST_WAIT_SECONDS),
                AfterFailure::RetryIn(LONGEST_WAIT_SECONDS),
                AfterFailure::RetryIn(LONGEST_WAIT_SECONDS),
            ]
        );
    }

    #[test]
    fn the_last_attempt_gives_up() {
        assert_eq!(after_failure(MAX_ATTEMPTS, false, 120), AfterFailure::GiveUp);
        assert_eq!(after_failure(MAX_ATTEMPTS + 5, false, 120), AfterFailure::GiveUp);
    }

    #[test]
    fn a_permanent_refusal_is_not_retried() {
        assert_eq!(after_failure(1, true, 120), AfterFailure::GiveUp);
    }

    #[test]
    fn a_zero_base_still_waits_and_huge_counts_do_not_overflow() {
        assert_eq!(after_failure(1, false, 0), AfterFailure::RetryIn(1));
        assert_eq!(after_failure(7, false, i64::MAX), AfterFailure::RetryIn(LONGEST_WAIT_SECONDS));
        let span: i64 = (1..MAX_ATTEMPTS)
            .map(|n| match after_failure(n, false, 120) {
                AfterFailure::RetryIn(wait) => wait,
                AfterFailure::GiveUp => 0,
            })
            .sum();
        assert!(span > 24 * 60 * 60, "a night without a mail server is waited for ({span} s)");
    }
}
