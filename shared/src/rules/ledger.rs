//! What a court's ledger of commitments and payments accepts (art. 139), before the credits are
//! checked: a payment settles at most what remains of its commitment; a reversal cancels one
//! positive entry exactly, once, in that entry's own year, category and session; a commitment
//! that payments already settle is reversed only after those payments are.
//!
//! With [`super::budget::fits`] for the credits, these keep two invariants that a property test
//! below checks on generated sequences: consumed is never below paid, and the credits left are
//! never negative unless the School forced a commitment (recorded with its reason).

use crate::enums::ExpenseKind;

/// A stored entry, as these rules see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Posted {
    pub id: i64,
    pub kind: ExpenseKind,
    /// Negative for a reversal.
    pub amount_cents: i64,
    /// The commitment a payment settles.
    pub settles: Option<i64>,
    /// The entry a reversal cancels.
    pub reverses: Option<i64>,
}

/// Why an entry is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum LedgerRefusal {
    #[error("une contre-passation reprend le montant exact de l’écriture")]
    WrongReversalAmount,
    #[error("seule une écriture positive de même nature s’annule")]
    NotReversible,
    #[error("cette écriture est déjà contre-passée")]
    AlreadyReversed,
    #[error("des paiements soldent cet engagement : contre-passez-les d’abord")]
    SettledByPayments,
    #[error("un paiement solde un engagement")]
    NotACommitment,
    #[error("le paiement dépasse le reste de l’engagement")]
    BeyondCommitment,
}

/// What remains to pay on `commitment`, given the payments of `ledger` that settle it (their
/// reversals included, with their negative amounts).
pub fn left_to_settle(ledger: &[Posted], commitment: &Posted) -> i64 {
    commitment.amount_cents
        - ledger.iter().filter(|e| e.settles == Some(commitment.id)).map(|e| e.amount_cents).sum::<i64>()
}

/// Whether a payment of `amount_cents` may settle `commitment`.
pub fn check_settlement(ledger: &[Posted], commitment: &Posted, amount_cents: i64) -> Result<(), LedgerRefusal> {
    if commitment.kind != ExpenseKind::Committed || commitment.amount_cents <= 0 || commitment.reverses.is_some() {
        return Err(LedgerRefusal::NotACommitment);
    }
    if ledger.iter().any(|e| e.reverses == Some(commitment.id)) {
        return Err(LedgerRefusal::AlreadyReversed);
    }
    if amount_cents > left_to_settle(ledger, commitment) {
        return Err(LedgerRefusal::BeyondCommitment);
    }
    Ok(())
}

/// Whether `original` may be reversed by an entry of `kind` and `amount_cents`.
pub fn check_reversal(
    ledger: &[Posted],
    original: &Posted,
    kind: ExpenseKind,
    amount_cents: i64,
) -> Result<(), LedgerRefusal> {
    if original.amount_cents <= 0 || original.reverses.is_some() || original.kind != kind {
        return Err(LedgerRefusal::NotReversible);
    }
    if amount_cents != original.amount_cents {
        return Err(LedgerRefusal::WrongReversalAmount);
    }
    if ledger.iter().any(|e| e.reverses == Some(original.id)) {
        return Err(LedgerRefusal::AlreadyReversed);
    }
    if original.kind == ExpenseKind::Committed && left_to_settle(ledger, original) != original.amount_cents {
        return Err(LedgerRefusal::SettledByPayments);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::rules::budget::{fits, Entry, Totals};

    fn posted(id: i64, kind: ExpenseKind, amount: i64, settles: Option<i64>, reverses: Option<i64>) -> Posted {
        Posted { id, kind, amount_cents: amount, settles, reverses }
    }

    #[test]
    fn art_139_a_settled_commitment_is_reversed_only_after_its_payments() {
        let commitment = posted(1, ExpenseKind::Committed, 10_000, None, None);
        let payment = posted(2, ExpenseKind::Paid, 4_000, Some(1), None);
        let ledger = vec![commitment, payment];
        assert_eq!(
            check_reversal(&ledger, &commitment, ExpenseKind::Committed, 10_000),
            Err(LedgerRefusal::SettledByPayments)
        );
        let payment_reversed = posted(3, ExpenseKind::Paid, -4_000, Some(1), Some(2));
        let ledger = vec![commitment, payment, payment_reversed];
        assert_eq!(check_reversal(&ledger, &commitment, ExpenseKind::Committed, 10_000), Ok(()));
    }

    #[test]
    fn an_entry_is_reversed_once_and_exactly() {
        let payment = posted(1, ExpenseKind::Paid, 500, None, None);
        assert_eq!(
            check_reversal(&[payment], &payment, ExpenseKind::Paid, 400),
            Err(LedgerRefusal::WrongReversalAmount)
        );
        let reversal = posted(2, ExpenseKind::Paid, -500, None, Some(1));
        assert_eq!(
            check_reversal(&[payment, reversal], &payment, ExpenseKind::Paid, 500),
            Err(LedgerRefusal::AlreadyReversed)
        );
        assert_eq!(
            check_reversal(&[payment, reversal], &reversal, ExpenseKind::Paid, 500),
            Err(LedgerRefusal::NotReversible)
        );
    }

    /// One step a finance officer or the School may try.
    #[derive(Debug, Clone)]
    enum Step {
        Commit { cents: i64, forced: bool },
        PayDirect { cents: i64 },
        Settle { pick: usize, cents: i64 },
        Reverse { pick: usize },
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            (1..50_000i64, prop::bool::weighted(0.1)).prop_map(|(cents, forced)| Step::Commit { cents, forced }),
            (1..50_000i64).prop_map(|cents| Step::PayDirect { cents }),
            (0..64usize, 1..50_000i64).prop_map(|(pick, cents)| Step::Settle { pick, cents }),
            (0..64usize).prop_map(|pick| Step::Reverse { pick }),
        ]
    }

    fn entry(p: &Posted) -> Entry {
        Entry {
            kind: p.kind,
            amount_cents: p.amount_cents,
            category: crate::enums::CostCategory::Other,
            session_id: None,
            settles_commitment: p.settles.is_some(),
            date: chrono::NaiveDate::MIN,
        }
    }

    proptest! {
        #[test]
        fn art_139_consumed_never_falls_below_paid_and_credits_go_negative_only_by_a_forced_commitment(
            allocated in 0..200_000i64,
            steps in prop::collection::vec(step(), 1..60),
        ) {
            let mut ledger: Vec<Posted> = Vec::new();
            let mut forced_any = false;
            for step in steps {
                let id = ledger.len() as i64 + 1;
                let consumed = Totals::of(ledger.iter().map(entry).collect::<Vec<_>>().iter()).consumed_cents;
                let (candidate, forced) = match step {
                    Step::Commit { cents, forced } => (posted(id, ExpenseKind::Committed, cents, None, None), forced),
                    Step::PayDirect { cents } => (posted(id, ExpenseKind::Paid, cents, None, None), false),
                    Step::Settle { pick, cents } => {
                        let Some(commitment) = ledger.get(pick % ledger.len().max(1)).copied() else { continue };
                        if check_settlement(&ledger, &commitment, cents).is_err() { continue }
                        (posted(id, ExpenseKind::Paid, cents, Some(commitment.id), None), false)
                    }
                    Step::Reverse { pick } => {
                        let Some(original) = ledger.get(pick % ledger.len().max(1)).copied() else { continue };
                        if check_reversal(&ledger, &original, original.kind, original.amount_cents).is_err() { continue }
                        (posted(id, original.kind, -original.amount_cents, original.settles, Some(original.id)), false)
                    }
                };
                let takes = entry(&candidate).consumed_cents();
                if takes > 0 && !forced && !fits(allocated, consumed, takes) {
                    continue;
                }
                forced_any |= forced && takes > 0;
                ledger.push(candidate);
                let totals = Totals::of(ledger.iter().map(entry).collect::<Vec<_>>().iter());
                prop_assert!(totals.consumed_cents >= totals.paid_cents, "{totals:?}");
                prop_assert!(totals.paid_cents >= 0 && totals.committed_cents >= 0, "{totals:?}");
                prop_assert!(forced_any || allocated - totals.consumed_cents >= 0, "{totals:?} of {allocated}");
            }
        }
    }
}
