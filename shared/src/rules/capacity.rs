//! A session's capacity (art. 131): the seats still free for the director's selection.

/// Seats left on a session of `capacity` with `seats_taken` held by selected, confirmed or
/// attending magistrates; never negative (a capacity lowered below the seats held shows 0).
pub fn seats_left(capacity: i32, seats_taken: i32) -> i32 {
    (capacity - seats_taken).max(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seats_left_counts_the_free_seats() {
        assert_eq!(seats_left(20, 0), 20);
        assert_eq!(seats_left(20, 13), 7);
        assert_eq!(seats_left(20, 20), 0);
    }

    #[test]
    fn seats_left_is_never_negative_when_capacity_was_lowered() {
        assert_eq!(seats_left(10, 12), 0);
    }
}
