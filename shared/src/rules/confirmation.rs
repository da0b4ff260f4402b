//! When a selected magistrate must confirm (art. 131: « deux mois environ avant la date fixée »).

use chrono::{Days, Months, NaiveDate};

/// Days a late selection (or a promotion from the waitlist) always gets to confirm.
pub const MINIMUM_CONFIRMATION_DAYS: u64 = 7;

/// The last day on which a magistrate selected on `decided_on` may confirm a session starting on `start`.
///
/// Two months before the start by default; a selection made later gets at least
/// [`MINIMUM_CONFIRMATION_DAYS`]; never later than the day before the start (art. 131).
pub fn confirmation_due(start: NaiveDate, decided_on: NaiveDate) -> NaiveDate {
    let two_months_before = start.checked_sub_months(Months::new(2)).unwrap_or(NaiveDate::MIN);
    let fresh_delay = decided_on.checked_add_days(Days::new(MINIMUM_CONFIRMATION_DAYS)).unwrap_or(NaiveDate::MAX);
    let day_before_start = start.pred_opt().unwrap_or(NaiveDate::MIN);
    two_months_before.max(fresh_delay).min(day_before_start)
}

/// The due date of a selection made on `decided_on` once the action's dates moved on `moved_on`:
/// as [`confirmation_due`], the week left to confirm counted from the move when it is later, so
/// that moving an action never sets a due date already past.
pub fn confirmation_due_after_move(start: NaiveDate, decided_on: NaiveDate, moved_on: NaiveDate) -> NaiveDate {
    confirmation_due(start, decided_on.max(moved_on))
}

/// Confirmation is accepted up to and including the due date.
pub fn may_confirm(today: NaiveDate, due: NaiveDate) -> bool {
    today <= due
}

/// An unconfirmed selection lapses once its due date has passed.
pub fn must_lapse(today: NaiveDate, due: NaiveDate) -> bool {
    today > due
}

/// Days before the due date that the invitation to confirm goes out by default: with the due date
/// two months before the action, the invitation reaches the magistrate about two and a half months
/// before it (art. 131: « deux mois environ avant la date fixée »). The School may set another.
pub const DEFAULT_INVITATION_DAYS: u32 = 14;

/// Days before the due date of the reminder « a week before ».
pub const WEEK_REMINDER_DAYS: u32 = 7;

/// The messages that ask a selected magistrate to confirm, in the order they go out; each one
/// sent is remembered by its level, so none goes twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum ConfirmationNotice {
    /// The invitation to confirm, with the due date and what happens at it.
    Invitation = 1,
    /// The reminder a week before the due date.
    WeekBefore = 2,
    /// The reminder on the eve of the due date.
    Eve = 3,
}

impl ConfirmationNotice {
    /// The level stored once this notice is sent.
    pub fn level(self) -> i32 {
        self as i32
    }
}

/// The highest notice whose day has come on `day` for a due date `due`; `None` before the
/// invitation's day.
fn reached_on(day: NaiveDate, due: NaiveDate, invitation_days: u32) -> Option<ConfirmationNotice> {
    let days_left = (due - day).num_days();
    if days_left <= 1 {
        Some(ConfirmationNotice::Eve)
    } else if days_left <= i64::from(WEEK_REMINDER_DAYS) {
        Some(ConfirmationNotice::WeekBefore)
    } else if days_left <= i64::from(invitation_days.max(WEEK_REMINDER_DAYS + 1)) {
        Some(ConfirmationNotice::Invitation)
    } else {
        None
    }
}

/// The notice a magistrate selected on `selected_on` with `due` should receive on `today`, given
/// the highest level already sent (`0`: none), with `invitation_days` the School's lead of the
/// invitation. The notice of the selection itself names the due date and what happens at it: sent
/// inside the invitation's period, it stands for the notices whose day had come. Otherwise the
/// first message is the invitation; after it, only the latest reminder due is sent (never two at
/// once). Nothing after the due date. Returns the notice and the level to store.
pub fn confirmation_notice(
    today: NaiveDate,
    due: NaiveDate,
    invitation_days: u32,
    sent_level: i32,
    selected_on: NaiveDate,
) -> Option<(ConfirmationNotice, i32)> {
    if today > due {
        return None;
    }
    let told_at_selection = reached_on(selected_on, due, invitation_days).map_or(0, ConfirmationNotice::level);
    let sent = sent_level.max(told_at_selection);
    let reached = reached_on(today, due, invitation_days)?;
    if reached.level() <= sent {
        return None;
    }
    let notice = if sent == 0 { ConfirmationNotice::Invitation } else { reached };
    Some((notice, reached.level()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or(NaiveDate::MIN)
    }

    #[test]
    fn art_131_an_action_moved_earlier_leaves_a_week_from_the_move_never_a_date_already_past() {
        // Selected on 10 January for 15 June, then moved on 20 May to 3 June.
        let (decided, moved) = (d(2027, 1, 10), d(2027, 5, 20));
        assert_eq!(confirmation_due(d(2027, 6, 3), decided), d(2027, 4, 3), "the date as first computed: past");
        assert_eq!(confirmation_due_after_move(d(2027, 6, 3), decided, moved), d(2027, 5, 27));
        // Moved later, the two months before the new start still decide.
        assert_eq!(confirmation_due_after_move(d(2027, 9, 15), decided, moved), d(2027, 7, 15));
    }

    #[test]
    fn art_131_confirmation_is_due_two_months_before_the_start_by_default() {
        assert_eq!(confirmation_due(d(2027, 6, 15), d(2027, 1, 10)), d(2027, 4, 15));
    }

    #[test]
    fn art_131_a_late_selection_gets_at_least_seven_days() {
        assert_eq!(confirmation_due(d(2027, 6, 15), d(2027, 5, 1)), d(2027, 5, 8));
    }

    #[test]
    fn art_131_confirmation_is_never_due_after_the_day_before_the_start() {
        assert_eq!(confirmation_due(d(2027, 6, 15), d(2027, 6, 12)), d(2027, 6, 14));
    }

    #[test]
    fn art_131_two_months_before_a_month_end_start_clamps_to_the_shorter_month() {
        assert_eq!(confirmation_due(d(2027, 4, 30), d(2027, 1, 1)), d(2027, 2, 28));
    }

    #[test]
    fn art_131_the_invitation_goes_out_fourteen_days_before_the_due_date_then_a_week_before_then_on_the_eve() {
        let due = d(2027, 4, 14);
        let notice = |today, sent| confirmation_notice(today, due, DEFAULT_INVITATION_DAYS, sent, d(2027, 1, 10));
        assert_eq!(notice(d(2027, 3, 30), 0), None, "fifteen days before: not yet");
        assert_eq!(notice(d(2027, 3, 31), 0), Some((ConfirmationNotice::Invitation, 1)));
        assert_eq!(notice(d(2027, 4, 1), 1), None, "sent once");
        assert_eq!(notice(d(2027, 4, 7), 1), Some((ConfirmationNotice::WeekBefore, 2)));
        assert_eq!(notice(d(2027, 4, 12), 2), None);
        assert_eq!(notice(d(2027, 4, 13), 2), Some((ConfirmationNotice::Eve, 3)), "the eve");
        assert_eq!(notice(d(2027, 4, 14), 3), None);
        assert_eq!(notice(d(2027, 4, 15), 0), None, "after the due date, nothing: the seat lapses");
    }

    #[test]
    fn art_131_a_late_selection_is_told_the_due_date_by_its_own_notice_and_then_only_reminded_on_the_eve() {
        let due = d(2027, 5, 8);
        let notice = |today, sent| confirmation_notice(today, due, DEFAULT_INVITATION_DAYS, sent, d(2027, 5, 1));
        assert_eq!(notice(d(2027, 5, 1), 0), None, "the selection's notice named the due date seven days ahead");
        assert_eq!(notice(d(2027, 5, 3), 0), None);
        assert_eq!(notice(d(2027, 5, 7), 0), Some((ConfirmationNotice::Eve, 3)));
        assert_eq!(notice(d(2027, 5, 7), 3), None);
    }

    #[test]
    fn art_131_a_selection_a_little_before_the_invitation_day_still_gets_the_invitation() {
        let due = d(2027, 4, 14);
        let notice = |today, sent| confirmation_notice(today, due, DEFAULT_INVITATION_DAYS, sent, d(2027, 3, 20));
        assert_eq!(notice(d(2027, 3, 31), 0), Some((ConfirmationNotice::Invitation, 1)));
        let selected_inside = |today| confirmation_notice(today, due, DEFAULT_INVITATION_DAYS, 0, d(2027, 4, 2));
        assert_eq!(selected_inside(d(2027, 4, 3)), None, "selected inside the invitation's period: told then");
        assert_eq!(selected_inside(d(2027, 4, 7)), Some((ConfirmationNotice::WeekBefore, 2)));
    }

    #[test]
    fn art_131_confirmation_is_accepted_on_the_due_date_and_refused_the_day_after() {
        let due = d(2027, 4, 15);
        assert!(may_confirm(due, due));
        assert!(!may_confirm(d(2027, 4, 16), due));
        assert!(!must_lapse(due, due));
        assert!(must_lapse(d(2027, 4, 16), due));
    }
}
