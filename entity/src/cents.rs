//! `Cents`: an amount in euro cents, as stored (a 64-bit integer column) and as it travels
//! through the services, the views and the API (a JSON integer). Never floating point.

use std::iter::Sum;
use std::ops::{Add, AddAssign, Mul, Neg, Sub, SubAssign};

use sea_orm::DeriveValueType;
use serde::{Deserialize, Serialize};

/// An amount in euro cents.
#[derive(
    Clone,
    Copy,
    Debug,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    DeriveValueType,
)]
#[serde(transparent)]
pub struct Cents(pub i64);

impl Cents {
    /// No money.
    pub const ZERO: Cents = Cents(0);

    /// The amount as a plain number of cents, for arithmetic across types (weights, splits).
    pub const fn get(self) -> i64 {
        self.0
    }

    /// Written the Belgian way: `1 234,50 €` (a narrow no-break space between thousands).
    pub fn euros(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (units, cents) = (abs / 100, abs % 100);
        let grouped = group_digits(&units.to_string(), '\u{202F}');
        format!("{sign}{grouped},{cents:02}\u{00A0}€")
    }

    /// `self - other`, never below zero.
    pub fn saturating_sub(self, other: Cents) -> Cents {
        Cents((self.0 - other.0).max(0))
    }

    /// True when the amount is above zero.
    pub const fn is_positive(self) -> bool {
        self.0 > 0
    }

    /// Checked sum, for amounts built from numbers a request gave.
    pub fn checked_add(self, other: Cents) -> Option<Cents> {
        self.0.checked_add(other.0).map(Cents)
    }

    /// Checked product by a count of units, for amounts built from numbers a request gave.
    pub fn checked_mul(self, units: i64) -> Option<Cents> {
        self.0.checked_mul(units).map(Cents)
    }
}

/// ASCII digits with `sep` between each group of three from the right: `1234567` ->
/// `1 234 567`.
pub fn group_digits(digits: &str, sep: char) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

impl std::fmt::Display for Cents {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.euros())
    }
}

impl From<i64> for Cents {
    fn from(c: i64) -> Self {
        Cents(c)
    }
}

impl From<Cents> for i64 {
    fn from(c: Cents) -> Self {
        c.0
    }
}

impl Add for Cents {
    type Output = Cents;
    fn add(self, rhs: Cents) -> Cents {
        Cents(self.0 + rhs.0)
    }
}

impl Sub for Cents {
    type Output = Cents;
    fn sub(self, rhs: Cents) -> Cents {
        Cents(self.0 - rhs.0)
    }
}

impl AddAssign for Cents {
    fn add_assign(&mut self, rhs: Cents) {
        self.0 += rhs.0;
    }
}

impl SubAssign for Cents {
    fn sub_assign(&mut self, rhs: Cents) {
        self.0 -= rhs.0;
    }
}

impl Neg for Cents {
    type Output = Cents;
    fn neg(self) -> Cents {
        Cents(-self.0)
    }
}

/// A unit price times a number of units.
impl Mul<i64> for Cents {
    type Output = Cents;
    fn mul(self, units: i64) -> Cents {
        Cents(self.0 * units)
    }
}

/// A number of units times a unit price.
impl Mul<Cents> for i64 {
    type Output = Cents;
    fn mul(self, price: Cents) -> Cents {
        Cents(self * price.0)
    }
}

impl Sum for Cents {
    fn sum<I: Iterator<Item = Cents>>(iter: I) -> Cents {
        Cents(iter.map(|c| c.0).sum())
    }
}

impl<'a> Sum<&'a Cents> for Cents {
    fn sum<I: Iterator<Item = &'a Cents>>(iter: I) -> Cents {
        Cents(iter.map(|c| c.0).sum())
    }
}

impl utoipa::PartialSchema for Cents {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::Integer)
            .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(
                utoipa::openapi::KnownFormat::Int64,
            )))
            .description(Some("An amount in euro cents."))
            .into()
    }
}

impl utoipa::ToSchema for Cents {}

/// Splits an amount in proportion to `weights`, to the cent: [`split_largest_remainder`] on
/// amounts.
pub fn split_cents(total: Cents, weights: &[i64]) -> Vec<Cents> {
    split_largest_remainder(total.get(), weights)
        .into_iter()
        .map(Cents)
        .collect()
}

/// Splits `total` cents in proportion to `weights` so that the parts add up to `total` exactly:
/// each part gets its floor, and the cents left go one each to the largest remainders (ties to
/// the earlier part). `total` and the weights must not be negative; all-zero weights give zeros
/// but for the first part, which takes everything.
pub fn split_largest_remainder(total: i64, weights: &[i64]) -> Vec<i64> {
    if weights.is_empty() {
        return Vec::new();
    }
    let sum: i128 = weights.iter().map(|w| i128::from((*w).max(0))).sum();
    if sum == 0 {
        let mut parts = vec![0; weights.len()];
        parts[0] = total;
        return parts;
    }
    let total = i128::from(total);
    let mut parts: Vec<i64> = Vec::with_capacity(weights.len());
    let mut remainders: Vec<(i128, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = total * i128::from((*w).max(0));
        parts.push((exact / sum) as i64);
        remainders.push((exact % sum, i));
    }
    let left = total - parts.iter().map(|p| i128::from(*p)).sum::<i128>();
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in remainders.into_iter().take(left as usize) {
        parts[i] += 1;
    }
    parts
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

    #[test]
    fn amounts_add_up_and_multiply_by_units() {
        let parts = [Cents(250), Cents(125)];
        assert_eq!(parts.iter().sum::<Cents>(), Cents(375));
        assert_eq!(Cents(250) * 3 - Cents(50), Cents(700));
        assert_eq!(3 * Cents(250), Cents(750));
        assert_eq!(Cents(100).saturating_sub(Cents(300)), Cents::ZERO);
        assert_eq!(Cents(i64::MAX).checked_add(Cents(1)), None);
        assert_eq!(Cents(i64::MAX).checked_mul(2), None);
    }
}
