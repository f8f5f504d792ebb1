//! The packing plan of a shipment, without the database: the cases of its contents put on
//! pallets (or in parcels for a small shipment), each within its weight, keeping a producer's
//! goods together; and checks of a plan against the contents.

use std::collections::BTreeMap;

use super::domain::Contents;
use entity::{ProducerId, ProductId};

/// The most a pallet carries, gross (a EUR pallet on a truck, handled by a pallet jack).
pub const PALLET_MAX_GRAMS: i64 = 800_000;
/// The most a parcel weighs (what a carrier takes as a parcel).
pub const PARCEL_MAX_GRAMS: i64 = 30_000;
/// Shipments up to this gross weight travel as parcels, heavier ones on pallets.
pub const PARCELS_UP_TO_GRAMS: i64 = 150_000;

pub use entity::shipment_unit::UnitKind;

/// The most a unit of this kind carries, gross.
pub fn max_grams(kind: UnitKind) -> i64 {
    match kind {
        UnitKind::Pallet => PALLET_MAX_GRAMS,
        UnitKind::Parcel => PARCEL_MAX_GRAMS,
    }
}

/// Cases of one product on a unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placed {
    pub producer_id: ProducerId,
    pub product_id: ProductId,
    pub cases: i64,
}

/// A pallet or parcel of a proposed plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planned {
    pub kind: UnitKind,
    pub items: Vec<Placed>,
}

/// What a case of each product weighs, gross (its share of the product's gross weight).
pub fn case_grams(contents: &Contents) -> BTreeMap<ProductId, i64> {
    contents
        .producers
        .iter()
        .flat_map(|p| p.products.iter())
        .filter(|p| p.load.cases > 0)
        .map(|p| {
            let cases = p.load.cases;
            (p.product_id, (p.load.gross_grams + cases - 1) / cases)
        })
        .collect()
}

/// A plan for the contents: parcels for a small shipment, pallets otherwise; producers in
/// order, each product's cases put on the current unit while it stays within its weight, a new
/// unit begun when it would not. A case heavier than a unit goes alone on one.
pub fn propose(contents: &Contents) -> Vec<Planned> {
    let kind = if contents.totals.gross_grams <= PARCELS_UP_TO_GRAMS {
        UnitKind::Parcel
    } else {
        UnitKind::Pallet
    };
    let max = max_grams(kind);
    let weights = case_grams(contents);
    let mut units: Vec<Planned> = Vec::new();
    let mut load = 0i64;
    for p in &contents.producers {
        for product in &p.products {
            let per_case = weights.get(&product.product_id).copied().unwrap_or(0);
            let mut left = product.load.cases;
            while left > 0 {
                let room = if per_case == 0 {
                    left
                } else {
                    (max - load) / per_case
                };
                if units.is_empty() || (room <= 0 && load > 0) {
                    units.push(Planned {
                        kind,
                        items: Vec::new(),
                    });
                    load = 0;
                    continue;
                }
                let n = room.clamp(1, left);
                let Some(unit) = units.last_mut() else {
                    continue;
                };
                unit.items.push(Placed {
                    producer_id: p.producer_id,
                    product_id: product.product_id,
                    cases: n,
                });
                load += n * per_case;
                left -= n;
            }
        }
    }
    units
}

/// How many cases of each product a plan holds.
pub fn cases_by_product<'a>(
    items: impl IntoIterator<Item = &'a Placed>,
) -> BTreeMap<ProductId, i64> {
    let mut out = BTreeMap::new();
    for i in items {
        *out.entry(i.product_id).or_default() += i.cases;
    }
    out
}

/// Whether a plan holds exactly the contents' cases, product by product.
pub fn matches<'a>(contents: &Contents, items: impl IntoIterator<Item = &'a Placed>) -> bool {
    let wanted: BTreeMap<ProductId, i64> = contents
        .producers
        .iter()
        .flat_map(|p| p.products.iter())
        .filter(|p| p.load.cases > 0)
        .map(|p| (p.product_id, p.load.cases))
        .collect();
    cases_by_product(items) == wanted
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::Cents;
    use crate::shipments::domain::{OrderLine, contents};
    use entity::CampaignId;
    use proptest::prelude::*;

    fn line(producer: i64, product: i64, units: i64, weight: i64, tare: i64) -> OrderLine {
        OrderLine {
            campaign_id: CampaignId(1),
            producer_id: ProducerId(producer),
            product_id: ProductId(product),
            name: String::new(),
            hs_code: None,
            units,
            case_size: 12,
            weight_grams: weight,
            tare_grams: tare,
            originating: true,
            price: Cents(500),
        }
    }

    #[test]
    fn a_small_shipment_goes_in_parcels_a_large_one_on_pallets() {
        // 24 bottles of 480 g (2 cases of 6.36 kg with 600 g of tare) and 12 pots of 700 g.
        let small = contents([line(1, 1, 24, 480, 600), line(2, 2, 12, 700, 0)]);
        let plan = propose(&small);
        assert!(plan.iter().all(|u| u.kind == UnitKind::Parcel));
        assert!(matches(&small, plan.iter().flat_map(|u| &u.items)));
        // 20.5 kg per parcel at most: two cases of oil (12.72 kg) then a case of honey (8.4 kg)
        // would make 21.12 kg: under 30 kg, one parcel.
        assert_eq!(plan.len(), 1);
        // 1,200 cases of 6.36 kg: 7,632 kg on pallets of at most 800 kg (125 cases each).
        let large = contents([line(1, 1, 14_400, 480, 600)]);
        let plan = propose(&large);
        assert!(plan.iter().all(|u| u.kind == UnitKind::Pallet));
        assert_eq!(plan.len(), 10);
        assert_eq!(plan[0].items[0].cases, 125);
        assert_eq!(plan[9].items[0].cases, 1_200 - 9 * 125);
    }

    proptest! {
        /// Every case of the contents is on exactly one unit, no unit is over its weight but
        /// for a single case heavier than a unit, and no unit is empty.
        #[test]
        fn a_proposed_plan_holds_every_case_once_within_the_weights(
            lines in prop::collection::vec((1i64..4, 1i64..6, 0i64..2_000, 0i64..5_000, 0i64..2_000), 1..12),
        ) {
            let c = contents(lines.iter().map(|(pr, p, u, w, t)| line(*pr, *pr * 10 + *p, *u, *w, *t)));
            let plan = propose(&c);
            prop_assert!(matches(&c, plan.iter().flat_map(|u| &u.items)));
            let weights = case_grams(&c);
            for u in &plan {
                prop_assert!(!u.items.is_empty());
                let grams: i64 = u.items.iter().map(|i| i.cases * weights[&i.product_id]).sum();
                let single = u.items.len() == 1 && u.items[0].cases == 1;
                prop_assert!(grams <= max_grams(u.kind) || single, "{grams} g on a {:?}", u.kind);
            }
        }
    }
}
