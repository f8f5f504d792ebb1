//! Money: integer euro cents, never floating point.

use crate::error::{FieldError, FieldErrors};

pub use entity::cents::{Cents, group_digits, split_cents, split_largest_remainder};

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
