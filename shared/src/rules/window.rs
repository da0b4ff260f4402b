//! The application window of a session (art. 129, 130), and the one rule of what a magistrate
//! may apply to today.
//!
//! The server repeats [`open_to_magistrate`] in SQL for speed (the programme's "open to me"
//! filter and the wish writer's conditional insert): that SQL lives in one place,
//! `server/src/services/offer_sql.rs`, and a test (`tests/tests/rules_agree.rs`) checks on
//! generated sessions that the two give the same answer.

use chrono::NaiveDate;

use crate::enums::{Scope, SessionStatus};

/// What [`open_to_magistrate`] needs to know of a session.
#[derive(Debug, Clone, Copy)]
pub struct Offer<'a> {
    pub status: SessionStatus,
    pub scope: Scope,
    pub applications_open: NaiveDate,
    pub applications_close: NaiveDate,
    /// The courts organising a deconcentrated action; empty for a national one.
    pub court_ids: &'a [i64],
}

/// Whether a session takes applications today: published and inside its window (art. 129).
pub fn taking_applications(status: SessionStatus, today: NaiveDate, open: NaiveDate, close: NaiveDate) -> bool {
    status == SessionStatus::Published && applications_open(today, open, close)
}

/// Whether a magistrate of court `own_court` may apply to `offer` today: it takes applications
/// (art. 129), and it is national or organised by their own court (art. 139, 140: a
/// deconcentrated action is for the magistrates of the courts that run it). A magistrate posted
/// outside any court's territory (Cour de cassation, another body) has the national offer only.
pub fn open_to_magistrate(offer: &Offer<'_>, today: NaiveDate, own_court: Option<i64>) -> bool {
    taking_applications(offer.status, today, offer.applications_open, offer.applications_close)
        && (offer.scope == Scope::National || own_court.is_some_and(|court| offer.court_ids.contains(&court)))
}

/// Whether a published action belongs in a magistrate's digest of new offers (art. 129): its
/// applications have not closed, and it is national or organised by their own court.
pub fn offered_to_magistrate(offer: &Offer<'_>, today: NaiveDate, own_court: Option<i64>) -> bool {
    offer.status == SessionStatus::Published
        && today <= offer.applications_close
        && (offer.scope == Scope::National || own_court.is_some_and(|court| offer.court_ids.contains(&court)))
}

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

    fn offer(status: SessionStatus, scope: Scope, courts: &[i64]) -> Offer<'_> {
        Offer { status, scope, applications_open: d(1, 1), applications_close: d(1, 31), court_ids: courts }
    }

    #[test]
    fn art_129_only_a_published_session_inside_its_window_is_open() {
        for status in SessionStatus::ALL.iter().copied() {
            let open = open_to_magistrate(&offer(status, Scope::National, &[]), d(1, 15), Some(7));
            assert_eq!(open, status == SessionStatus::Published, "{status}");
        }
        assert!(!open_to_magistrate(&offer(SessionStatus::Published, Scope::National, &[]), d(2, 1), Some(7)));
    }

    #[test]
    fn art_140_a_deconcentrated_action_is_open_only_to_the_magistrates_of_its_courts() {
        let published = SessionStatus::Published;
        assert!(open_to_magistrate(&offer(published, Scope::Deconcentrated, &[3, 7]), d(1, 15), Some(7)));
        assert!(!open_to_magistrate(&offer(published, Scope::Deconcentrated, &[3]), d(1, 15), Some(7)));
        assert!(!open_to_magistrate(&offer(published, Scope::Deconcentrated, &[3]), d(1, 15), None));
        assert!(open_to_magistrate(&offer(published, Scope::National, &[]), d(1, 15), Some(7)));
        assert!(open_to_magistrate(&offer(published, Scope::National, &[]), d(1, 15), None), "Cour de cassation");
    }

    #[test]
    fn art_130_applications_are_refused_before_opening_and_after_closing() {
        assert!(!applications_open(d(2, 1), d(1, 1), d(1, 31)));
        assert!(!applications_open(d(1, 1), d(1, 2), d(1, 31)));
    }
}
