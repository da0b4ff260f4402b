//! The shared budget dashboard's arithmetic (art. 139), in integer cents: what is consumed, what
//! remains, what is still forecast, by category, by action and by month.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use crate::enums::{CostCategory, ExpenseKind};

/// One recorded entry as the dashboard sees it. Reversals are entries with a negative amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub kind: ExpenseKind,
    pub amount_cents: i64,
    pub category: CostCategory,
    /// The session (action) it is charged to, if any.
    pub session_id: Option<i64>,
    /// Whether a payment settles an earlier commitment (so it does not consume credits twice).
    pub settles_commitment: bool,
    pub date: NaiveDate,
}

impl Entry {
    /// What the entry takes from the credits: commitments, and payments made without one.
    pub fn consumed_cents(&self) -> i64 {
        match self.kind {
            ExpenseKind::Committed => self.amount_cents,
            ExpenseKind::Paid if !self.settles_commitment => self.amount_cents,
            ExpenseKind::Paid => 0,
        }
    }
}

/// Committed, paid and consumed amounts of a set of entries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Totals {
    pub committed_cents: i64,
    pub paid_cents: i64,
    pub consumed_cents: i64,
}

impl Totals {
    pub fn add(&mut self, entry: &Entry) {
        match entry.kind {
            ExpenseKind::Committed => self.committed_cents += entry.amount_cents,
            ExpenseKind::Paid => self.paid_cents += entry.amount_cents,
        }
        self.consumed_cents += entry.consumed_cents();
    }

    pub fn of<'a>(entries: impl IntoIterator<Item = &'a Entry>) -> Self {
        let mut totals = Totals::default();
        for entry in entries {
            totals.add(entry);
        }
        totals
    }
}

/// Credits left: allocated minus consumed (negative only after a forced commitment).
pub fn remaining_cents(allocated_cents: i64, consumed_cents: i64) -> i64 {
    allocated_cents - consumed_cents
}

/// Whether a new entry of `consumed_cents` fits in what remains.
pub fn fits(allocated_cents: i64, already_consumed_cents: i64, consumed_cents: i64) -> bool {
    already_consumed_cents.checked_add(consumed_cents).is_some_and(|total| total <= allocated_cents)
}

/// Totals per category.
pub fn by_category(entries: &[Entry]) -> BTreeMap<CostCategory, Totals> {
    let mut out: BTreeMap<CostCategory, Totals> = BTreeMap::new();
    for entry in entries {
        out.entry(entry.category).or_default().add(entry);
    }
    out
}

/// Totals per session; entries charged to no session are left out.
pub fn by_session(entries: &[Entry]) -> BTreeMap<i64, Totals> {
    let mut out: BTreeMap<i64, Totals> = BTreeMap::new();
    for entry in entries {
        if let Some(id) = entry.session_id {
            out.entry(id).or_default().add(entry);
        }
    }
    out
}

/// Totals per month (1 to 12) of `year`; entries dated in another year are left out.
pub fn by_month(entries: &[Entry], year: i32) -> [Totals; 12] {
    let mut out = [Totals::default(); 12];
    for entry in entries.iter().filter(|e| e.date.year() == year) {
        out[entry.date.month0() as usize].add(entry);
    }
    out
}

/// What is planned but not yet committed: for each action, its forecast minus what is committed
/// on its session, never below zero.
pub fn forecast_cents(planned: &[(Option<i64>, i64)], committed_by_session: &BTreeMap<i64, Totals>) -> i64 {
    planned
        .iter()
        .map(|(session, planned_cents)| {
            let committed = session.and_then(|s| committed_by_session.get(&s)).map(|t| t.committed_cents).unwrap_or(0);
            (planned_cents - committed).max(0)
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(kind: ExpenseKind, amount: i64, settles: bool, month: u32) -> Entry {
        Entry {
            kind,
            amount_cents: amount,
            category: CostCategory::Travel,
            session_id: Some(1),
            settles_commitment: settles,
            date: NaiveDate::from_ymd_opt(2027, month, 10).unwrap_or_default(),
        }
    }

    #[test]
    fn art_139_a_payment_settling_a_commitment_does_not_consume_twice() {
        let entries = [
            entry(ExpenseKind::Committed, 100_000, false, 3),
            entry(ExpenseKind::Paid, 80_000, true, 4),
            entry(ExpenseKind::Paid, 5_000, false, 4),
        ];
        let totals = Totals::of(&entries);
        assert_eq!(totals, Totals { committed_cents: 100_000, paid_cents: 85_000, consumed_cents: 105_000 });
        assert_eq!(remaining_cents(150_000, totals.consumed_cents), 45_000);
        let months = by_month(&entries, 2027);
        assert_eq!(months[2].committed_cents, 100_000);
        assert_eq!(months[3].paid_cents, 85_000);
    }

    #[test]
    fn art_139_a_reversal_gives_the_credits_back() {
        let entries =
            [entry(ExpenseKind::Committed, 40_000, false, 5), entry(ExpenseKind::Committed, -40_000, false, 6)];
        assert_eq!(Totals::of(&entries).consumed_cents, 0);
    }

    #[test]
    fn art_139_a_commitment_fits_up_to_the_last_cent() {
        assert!(fits(100_000, 60_000, 40_000));
        assert!(!fits(100_000, 60_000, 40_001));
        assert!(!fits(i64::MAX, 1, i64::MAX));
    }

    #[test]
    fn art_137_the_forecast_is_what_is_planned_and_not_yet_committed() {
        let committed = by_session(&[entry(ExpenseKind::Committed, 30_000, false, 3)]);
        assert_eq!(forecast_cents(&[(Some(1), 50_000), (None, 20_000)], &committed), 40_000);
        assert_eq!(forecast_cents(&[(Some(1), 10_000)], &committed), 0, "never below zero");
    }
}
