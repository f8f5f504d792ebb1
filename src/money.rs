//! Money: integer euro cents, never floating point.

use serde::{Deserialize, Serialize};

/// An amount in euro cents.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    /// Written the Belgian way: `1 234,50 €` (a narrow no-break space between thousands).
    pub fn euros(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (units, cents) = (abs / 100, abs % 100);
        let digits = units.to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 * 3);
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push('\u{202F}');
            }
            grouped.push(c);
        }
        format!("{sign}{grouped},{cents:02}\u{00A0}€")
    }
}

impl std::fmt::Display for Cents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.euros())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_written_the_belgian_way() {
        assert_eq!(Cents(0).euros(), "0,00\u{a0}€");
        assert_eq!(Cents(1250).euros(), "12,50\u{a0}€");
        assert_eq!(
            Cents(123456789).euros(),
            "1\u{202f}234\u{202f}567,89\u{a0}€"
        );
        assert_eq!(Cents(-5).euros(), "-0,05\u{a0}€");
    }
}
