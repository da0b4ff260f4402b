//! Money as integer euro cents (DESIGN.md: never floating point).

use serde::{Deserialize, Serialize};

/// An amount in euro cents. Arithmetic is checked; formatting is French (« 12 345,67 € »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Money(i64);

impl Money {
    pub const ZERO: Money = Money(0);

    pub fn from_cents(cents: i64) -> Self {
        Money(cents)
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    pub fn checked_add(self, other: Money) -> Option<Money> {
        self.0.checked_add(other.0).map(Money)
    }

    pub fn checked_sub(self, other: Money) -> Option<Money> {
        self.0.checked_sub(other.0).map(Money)
    }

    /// French formatting with a narrow no-break space between thousands: `12 345,67 €`.
    pub fn format_fr(self) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let euros = (abs / 100).to_string();
        let mut grouped = String::new();
        for (i, ch) in euros.chars().enumerate() {
            if i > 0 && (euros.len() - i).is_multiple_of(3) {
                grouped.push('\u{202F}');
            }
            grouped.push(ch);
        }
        format!("{}{},{:02}\u{00A0}€", if negative { "-" } else { "" }, grouped, abs % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_thousands_and_cents_the_french_way() {
        assert_eq!(Money::from_cents(1_234_567).format_fr(), "12\u{202F}345,67\u{00A0}€");
        assert_eq!(Money::from_cents(5).format_fr(), "0,05\u{00A0}€");
        assert_eq!(Money::from_cents(-100_000).format_fr(), "-1\u{202F}000,00\u{00A0}€");
    }

    #[test]
    fn checked_arithmetic_refuses_overflow() {
        assert_eq!(Money::from_cents(i64::MAX).checked_add(Money::from_cents(1)), None);
        assert_eq!(Money::from_cents(10).checked_sub(Money::from_cents(3)), Some(Money::from_cents(7)));
    }
}
