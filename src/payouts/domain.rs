//! The rules of producers' payouts: how a member's payment request's producer share divides
//! among the producers whose goods it paid for, what is still owed, how much a payout may be,
//! and a dirham rate as people type it.

use std::collections::BTreeMap;

use entity::ProducerId;

use crate::money::{Cents, split_cents};

/// One line of a member's bill as far as the producers go: whose goods, and their producer part
/// (units delivered or allotted × the producer's part of the unit price).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub producer: ProducerId,
    pub producer_cents: Cents,
}

/// Splits a request's net producer share (received less refunded, from the ledger) among the
/// producers of its lines, in proportion to their producer parts, to the cent (largest
/// remainder): the parts add up to `share` exactly. Producers come out in id order; a request
/// without lines gives nothing to anyone (and has no producer share to give).
pub fn split_share(share: Cents, lines: &[Line]) -> Vec<(ProducerId, Cents)> {
    let mut weights: BTreeMap<ProducerId, i64> = BTreeMap::new();
    for l in lines {
        *weights.entry(l.producer).or_default() += l.producer_cents.get().max(0);
    }
    if weights.is_empty() {
        return Vec::new();
    }
    let sign = if share < Cents::ZERO { -1 } else { 1 };
    let w: Vec<i64> = weights.values().copied().collect();
    let parts = split_cents(Cents(share.get().abs()), &w);
    weights
        .into_keys()
        .zip(parts)
        .map(|(p, c)| (p, c * sign))
        .collect()
}

/// What is still owed to a producer who earned `earned` and was paid `paid`: never negative
/// (a refund after a payout leaves nothing owed rather than a debt).
pub fn owed(earned: Cents, paid: Cents) -> Cents {
    Ord::max(earned - paid, Cents::ZERO)
}

/// Why a payout cannot be made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Zero or less.
    NotPositive,
    /// More than what is owed (which is given).
    AboveOwed(Cents),
}

/// A payout of `amount` when `owed` is owed: positive and never above it.
pub fn check_payout(amount: Cents, owed: Cents) -> Result<(), Refused> {
    if !amount.is_positive() {
        Err(Refused::NotPositive)
    } else if amount > owed {
        Err(Refused::AboveOwed(owed))
    } else {
        Ok(())
    }
}

/// A dirham rate as typed ("10,85", "10.8523"): dirhams for one euro, in ten-thousandths, between
/// 0.0001 and 1000.
pub fn parse_rate(s: &str) -> Option<i64> {
    let s = s.trim().replace(',', ".");
    let (int, frac) = s.split_once('.').unwrap_or((&s, ""));
    if int.is_empty()
        || int.len() > 4
        || frac.len() > 4
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let v = int.parse::<i64>().ok()? * 10_000 + format!("{frac:0<4}").parse::<i64>().ok()?;
    (1..=10_000_000).contains(&v).then_some(v)
}

/// A rate in ten-thousandths written back ("10,8500").
pub fn rate_text(rate_e4: i64) -> String {
    format!("{},{:04}", rate_e4 / 10_000, rate_e4 % 10_000)
}

/// An amount in euros in dirhams at a rate (ten-thousandths), in centimes, rounded half up.
pub fn in_dirhams(amount: Cents, rate_e4: i64) -> i64 {
    let v = i128::from(amount.get()) * i128::from(rate_e4);
    ((v + 5_000) / 10_000) as i64
}

/// Centimes of dirham written for people: "1 234,56 MAD".
pub fn dirhams_text(centimes: i64) -> String {
    let grouped = crate::money::group_digits(&(centimes / 100).to_string(), '\u{202F}');
    format!("{grouped},{:02}\u{00A0}MAD", centimes % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn line(p: i64, c: i64) -> Line {
        Line {
            producer: ProducerId(p),
            producer_cents: Cents(c),
        }
    }

    #[test]
    fn a_share_divides_by_producer_part_to_the_cent() {
        // 10,00 € between producers worth 2:1 -> 6,67 and 3,33.
        let parts = split_share(Cents(1000), &[line(2, 50), line(1, 50), line(2, 50)]);
        assert_eq!(
            parts,
            vec![(ProducerId(1), Cents(333)), (ProducerId(2), Cents(667))]
        );
        assert_eq!(split_share(Cents(500), &[]), vec![]);
        // A refund bigger than what came in (never in practice) stays signed.
        assert_eq!(
            split_share(Cents(-10), &[line(1, 1), line(2, 1)]),
            vec![(ProducerId(1), Cents(-5)), (ProducerId(2), Cents(-5))]
        );
    }

    #[test]
    fn a_payout_is_positive_and_within_what_is_owed() {
        assert_eq!(check_payout(Cents(100), Cents(100)), Ok(()));
        assert_eq!(
            check_payout(Cents(101), Cents(100)),
            Err(Refused::AboveOwed(Cents(100)))
        );
        assert_eq!(
            check_payout(Cents(0), Cents(100)),
            Err(Refused::NotPositive)
        );
        assert_eq!(
            check_payout(Cents(-5), Cents(100)),
            Err(Refused::NotPositive)
        );
        assert_eq!(owed(Cents(100), Cents(150)), Cents::ZERO);
    }

    #[test]
    fn rates_are_read_as_people_write_them() {
        assert_eq!(parse_rate("10,85"), Some(108_500));
        assert_eq!(parse_rate(" 10.8523 "), Some(108_523));
        assert_eq!(parse_rate("11"), Some(110_000));
        for bad in ["", "abc", "-1", "0", "1,23456", "=1+1", "99999"] {
            assert_eq!(parse_rate(bad), None, "{bad}");
        }
        assert_eq!(rate_text(108_500), "10,8500");
        assert_eq!(in_dirhams(Cents(10_000), 108_500), 108_500);
        assert_eq!(dirhams_text(108_500), "1\u{202f}085,00\u{a0}MAD");
    }

    proptest! {
        #[test]
        fn the_producers_parts_add_up_to_the_share(
            share in 0i64..10_000_000,
            lines in proptest::collection::vec((1i64..6, 0i64..100_000), 1..20),
        ) {
            let lines: Vec<Line> = lines.into_iter().map(|(p, c)| line(p, c)).collect();
            let parts = split_share(Cents(share), &lines);
            prop_assert_eq!(parts.iter().map(|(_, c)| *c).sum::<Cents>(), Cents(share));
            prop_assert!(parts.iter().all(|(_, c)| *c >= Cents::ZERO));
        }

        #[test]
        fn what_is_owed_is_never_negative_and_payouts_never_exceed_it(
            earned in 0i64..10_000_000,
            payouts in proptest::collection::vec(-1_000i64..5_000_000, 0..10),
        ) {
            let mut paid = Cents::ZERO;
            for p in payouts {
                let o = owed(Cents(earned), paid);
                prop_assert!(o >= Cents::ZERO);
                if check_payout(Cents(p), o).is_ok() {
                    paid += Cents(p);
                }
                prop_assert!(paid <= Cents(earned));
            }
            prop_assert_eq!(owed(Cents(earned), paid), Cents(earned) - paid);
        }

        /// Batches are prepared against what is owed at the time (planned transfers do not
        /// lower it, so two batches may plan the same euros), then their transfers are recorded
        /// in any order while deliveries add to what was earned and refunds take from it: each
        /// transfer recorded is checked against what is owed then, and what was paid never
        /// exceeds what was earned when it was paid.
        #[test]
        fn whatever_batches_are_attempted_the_transfers_paid_never_exceed_what_is_owed(
            earned in 0i64..1_000_000,
            batches in proptest::collection::vec(
                proptest::collection::vec(-500i64..600_000, 1..4), 1..6),
            picks in proptest::collection::vec(any::<proptest::sample::Index>(), 0..30),
            changes in proptest::collection::vec(-50_000i64..100_000, 0..30),
        ) {
            let mut earned = Cents(earned);
            let mut paid = Cents::ZERO;
            let mut planned: Vec<Cents> = Vec::new();
            for batch in &batches {
                for amount in batch {
                    if check_payout(Cents(*amount), owed(earned, paid)).is_ok() {
                        prop_assert!(Cents(*amount) <= earned);
                        planned.push(Cents(*amount));
                    }
                }
            }
            let mut recorded = Cents::ZERO;
            for (i, pick) in picks.iter().enumerate() {
                if planned.is_empty() {
                    break;
                }
                let change = changes.get(i).copied().unwrap_or(0);
                earned = Ord::max(earned + Cents(change), Cents::ZERO);
                let amount = planned.swap_remove(pick.index(planned.len()));
                let before = owed(earned, paid);
                if check_payout(amount, before).is_ok() {
                    paid += amount;
                    recorded += amount;
                    prop_assert!(amount <= before);
                    prop_assert!(paid <= earned, "paid {paid:?} of {earned:?} earned");
                    prop_assert_eq!(owed(earned, paid), before - amount);
                } else {
                    prop_assert!(amount > before || !amount.is_positive());
                }
            }
            prop_assert_eq!(recorded, paid);
        }
    }
}
