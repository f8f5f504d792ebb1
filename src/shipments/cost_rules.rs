//! The rules of the real transport cost, without the database: a carrier's invoice shared among
//! the campaigns of a shipment by weight or by value, to the cent, and what becomes of the
//! difference between a campaign's real cost and its estimate.

use std::collections::BTreeMap;

use entity::CampaignId;
use entity::partnership::{TransportBasis, TransportDifference};

use super::domain::{Load, OrderLine};
use crate::money::{Cents, split_cents};

/// Each campaign's goods in a shipment, by campaign id.
pub fn loads(lines: &[OrderLine]) -> BTreeMap<CampaignId, Load> {
    let mut out: BTreeMap<CampaignId, Load> = BTreeMap::new();
    for l in lines {
        out.entry(l.campaign_id).or_default().add(Load::of(l));
    }
    out
}

/// A campaign's share of a carrier's invoice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Share {
    pub campaign_id: CampaignId,
    /// Gross grams or declared value cents, as the basis says.
    pub basis_amount: i64,
    pub cents: Cents,
}

/// The invoice `amount` shared among the campaigns in proportion to their gross weight (or
/// declared value), with the largest-remainder rule: the shares add up to the amount exactly.
/// Weights all zero (products without a weight) fall back to the value, and values all zero to
/// equal parts.
pub fn shares(
    amount: Cents,
    basis: TransportBasis,
    loads: &BTreeMap<CampaignId, Load>,
) -> Vec<Share> {
    let of = |b: TransportBasis| -> Vec<i64> {
        loads
            .values()
            .map(|l| match b {
                TransportBasis::Weight => l.gross_grams,
                TransportBasis::Value => l.value_cents.get(),
            })
            .collect()
    };
    let mut amounts = of(basis);
    if amounts.iter().all(|a| *a <= 0) {
        amounts = of(TransportBasis::Value);
    }
    let weights: Vec<i64> = if amounts.iter().all(|a| *a <= 0) {
        vec![1; amounts.len()]
    } else {
        amounts.clone()
    };
    loads
        .keys()
        .zip(amounts)
        .zip(split_cents(amount.max(Cents::ZERO), &weights))
        .map(|((id, basis_amount), cents)| Share {
            campaign_id: *id,
            basis_amount,
            cents,
        })
        .collect()
}

/// What becomes of a campaign's real transport cost.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Settlement {
    /// Its members are billed the real cost instead of the estimate.
    Members { real: Cents },
    /// The partnership's costs take `delta` more of the difference (negative: give back).
    Partnership { delta: Cents },
    /// Nothing changes (already settled this way).
    Nothing,
}

/// How the real cost `real` of a campaign estimated at `estimate` settles: billed to the
/// members when the partnership says so and the campaign's money is still open (`open`), else
/// the partnership's costs take the difference, less what they already took (`absorbed`).
pub fn settle(
    policy: TransportDifference,
    open: bool,
    estimate: Cents,
    real: Cents,
    billed_real: Option<Cents>,
    absorbed: Cents,
) -> Settlement {
    if policy == TransportDifference::Members && open {
        return if billed_real == Some(real) {
            Settlement::Nothing
        } else {
            Settlement::Members { real }
        };
    }
    let billed = billed_real.unwrap_or(estimate);
    let delta = real - billed - absorbed;
    if delta == Cents::ZERO {
        Settlement::Nothing
    } else {
        Settlement::Partnership { delta }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::group_orders::domain::{PricedLine, TransportSplit, bills};
    use entity::ProductId;
    use proptest::prelude::*;

    fn line(campaign: i64, units: i64, weight_grams: i64, price: i64) -> OrderLine {
        OrderLine {
            campaign_id: CampaignId(campaign),
            producer_id: entity::ProducerId(1),
            product_id: ProductId(1),
            name: String::new(),
            hs_code: None,
            units,
            case_size: 6,
            weight_grams,
            tare_grams: 300,
            originating: true,
            price: Cents(price),
        }
    }

    #[test]
    fn an_invoice_is_shared_by_gross_weight_or_by_value() {
        // Campaign 1: 12 bottles of 250 g in 2 cases (3,600 g gross); campaign 2: 6 jars of
        // 500 g in 1 case (3,300 g gross) but worth more.
        let l = loads(&[line(1, 12, 250, 650), line(2, 6, 500, 1400)]);
        let by_weight = shares(Cents(100_000), TransportBasis::Weight, &l);
        assert_eq!(
            by_weight
                .iter()
                .map(|s| (s.basis_amount, s.cents.get()))
                .collect::<Vec<_>>(),
            [(3_600, 52_174), (3_300, 47_826)]
        );
        let by_value = shares(Cents(100_000), TransportBasis::Value, &l);
        assert_eq!(
            by_value
                .iter()
                .map(|s| (s.basis_amount, s.cents.get()))
                .collect::<Vec<_>>(),
            [(7_800, 48_148), (8_400, 51_852)]
        );
    }

    #[test]
    fn weightless_goods_share_by_value_and_worthless_ones_equally() {
        let l = loads(&[line(1, 0, 0, 0), line(2, 0, 0, 0), line(3, 0, 0, 0)]);
        let s = shares(Cents(100), TransportBasis::Weight, &l);
        assert_eq!(
            s.iter().map(|s| s.cents.get()).collect::<Vec<_>>(),
            [34, 33, 33]
        );
    }

    #[test]
    fn the_difference_goes_to_the_members_or_the_partnership() {
        use TransportDifference::{Members, Partnership};
        assert_eq!(
            settle(
                Members,
                true,
                Cents(12_000),
                Cents(13_140),
                None,
                Cents::ZERO
            ),
            Settlement::Members {
                real: Cents(13_140)
            }
        );
        assert_eq!(
            settle(
                Members,
                true,
                Cents(12_000),
                Cents(13_140),
                Some(Cents(13_140)),
                Cents::ZERO
            ),
            Settlement::Nothing
        );
        // Settled campaigns keep their bills: the partnership takes the difference.
        assert_eq!(
            settle(
                Members,
                false,
                Cents(12_000),
                Cents(13_140),
                None,
                Cents::ZERO
            ),
            Settlement::Partnership {
                delta: Cents(1_140)
            }
        );
        assert_eq!(
            settle(
                Partnership,
                true,
                Cents(12_000),
                Cents(11_000),
                None,
                Cents::ZERO
            ),
            Settlement::Partnership {
                delta: Cents(-1_000)
            }
        );
        assert_eq!(
            settle(
                Partnership,
                true,
                Cents(12_000),
                Cents(11_500),
                None,
                Cents(-1_000)
            ),
            Settlement::Partnership { delta: Cents(500) }
        );
        assert_eq!(
            settle(
                Partnership,
                true,
                Cents(12_000),
                Cents(11_000),
                None,
                Cents(-1_000)
            ),
            Settlement::Nothing
        );
    }

    proptest! {
        /// The invoice adds up to the cent among the campaigns, and each campaign's share adds
        /// up to the cent among its members, whatever the weights, values and rules.
        #[test]
        fn cost_shares_add_up_at_both_levels(
            amount in 0i64..10_000_000,
            by_value in any::<bool>(),
            campaigns in prop::collection::vec(
                prop::collection::vec((0i64..50, 0i64..5_000, 0i64..20_000), 1..8),
                1..6,
            ),
            member_split in any::<bool>(),
        ) {
            let basis = if by_value { TransportBasis::Value } else { TransportBasis::Weight };
            let lines: Vec<OrderLine> = campaigns
                .iter()
                .enumerate()
                .flat_map(|(c, members)| {
                    members.iter().map(move |(u, w, p)| line(c as i64 + 1, *u, *w, *p))
                })
                .collect();
            let s = shares(Cents(amount), basis, &loads(&lines));
            prop_assert_eq!(s.len(), campaigns.len());
            prop_assert_eq!(s.iter().map(|s| s.cents).sum::<Cents>(), Cents(amount));
            prop_assert!(s.iter().all(|s| s.cents >= Cents::ZERO));
            let split = if member_split { TransportSplit::Value } else { TransportSplit::Weight };
            for (share, members) in s.iter().zip(&campaigns) {
                let members: Vec<Vec<PricedLine>> = members
                    .iter()
                    .map(|(u, w, p)| vec![PricedLine {
                        units: *u,
                        price_cents: Cents(*p),
                        vat_rate_bp: 600,
                        weight_grams: *w,
                    }])
                    .collect();
                let b = bills(&members, share.cents, split, Cents::ZERO);
                if members.iter().any(|m| m[0].units * m[0].price_cents.get() > 0) {
                    prop_assert_eq!(b.iter().map(|b| b.transport_cents).sum::<Cents>(), share.cents);
                }
            }
        }
    }
}
