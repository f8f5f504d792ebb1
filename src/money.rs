//! Money: integer euro cents, never floating point.

use crate::error::{FieldError, FieldErrors};

pub use entity::cents::{Cents, group_digits};

/// Euros as typed in a form ("12,50", "12.5", "12") to cents.
pub fn parse_euros(s: &str) -> Option<Cents> {
    let s = s.trim().replace(['€', ' ', '\u{a0}', '\u{202f}'], "");
    if s.is_empty() {
        return None;
    }
    let s = s.replace(',', ".");
    let (units, cents) = match s.split_once('.') {
        Some((u, c)) if c.len() <= 2 && c.chars().all(|d| d.is_ascii_digit()) => {
            (u, format!("{c:0<2}"))
        }
        Some(_) => return None,
        None => (s.as_str(), "00".to_owned()),
    };
    if units.is_empty() || !units.chars().all(|d| d.is_ascii_digit()) || units.len() > 9 {
        return None;
    }
    Some(Cents(
        units.parse::<i64>().ok()? * 100 + cents.parse::<i64>().ok()?,
    ))
}

/// An amount a form field gives in euros: none when left empty; when it cannot be read, none
/// and the field error `euros`.
pub fn euros_field(errors: &mut FieldErrors, field: &str, v: &str) -> Option<Cents> {
    if v.trim().is_empty() {
        return None;
    }
    let cents = parse_euros(v);
    if cents.is_none() {
        errors.add(field, FieldError::new("euros"));
    }
    cents
}

/// Basis points as a percentage: 600 -> "6", 550 -> "5,5".
pub fn percent(bp: i32) -> String {
    if bp % 100 == 0 {
        (bp / 100).to_string()
    } else {
        format!(
            "{},{}",
            bp / 100,
            (bp % 100).to_string().trim_end_matches('0')
        )
    }
}

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
    use proptest::prelude::*;

    #[test]
    fn splits_add_up_and_ties_go_to_the_first() {
        assert_eq!(split_largest_remainder(100, &[1, 1, 1]), [34, 33, 33]);
        assert_eq!(
            split_largest_remainder(1000, &[8500, 1200, 300]),
            [850, 120, 30]
        );
        assert_eq!(split_largest_remainder(7, &[0, 0]), [7, 0]);
        assert_eq!(split_largest_remainder(5, &[]), Vec::<i64>::new());
    }

    proptest! {
        #[test]
        fn parts_always_add_up_and_stay_within_a_cent_of_exact(total in 0i64..10_000_000, weights in proptest::collection::vec(0i64..10_000, 1..8)) {
            let parts = split_largest_remainder(total, &weights);
            prop_assert_eq!(parts.iter().sum::<i64>(), total);
            let sum: i64 = weights.iter().sum();
            if sum > 0 {
                for (p, w) in parts.iter().zip(&weights) {
                    let exact = total as f64 * *w as f64 / sum as f64;
                    prop_assert!((*p as f64 - exact).abs() < 1.0 + 1e-9);
                }
            }
        }
    }

    #[test]
    fn euros_are_read_the_way_people_type_them() {
        assert_eq!(parse_euros("12,50"), Some(Cents(1250)));
        assert_eq!(parse_euros("12.5"), Some(Cents(1250)));
        assert_eq!(parse_euros(" 7 € "), Some(Cents(700)));
        assert_eq!(parse_euros("0,05"), Some(Cents(5)));
        assert_eq!(parse_euros("12."), Some(Cents(1200)));
        for bad in ["", "-3", "1,234", "12,5,0", "abc", "1e3", "99999999999"] {
            assert_eq!(parse_euros(bad), None, "{bad}");
        }
    }
}
