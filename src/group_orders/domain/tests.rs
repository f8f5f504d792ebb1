//! Tests of the pure rules: cases, allocation, bills, states (with properties).

use super::*;
use crate::money::Cents;
use proptest::prelude::*;
use sea_orm::{ActiveEnum, Iterable};

fn ask(member: i64, quantity: i64, tolerance: i64) -> Ask {
    Ask {
        member,
        quantity,
        tolerance,
    }
}

fn terms(case_size: i64) -> Terms {
    Terms {
        case_size,
        min_cases: 0,
        stock: None,
    }
}

#[test]
fn pack_of_six_asks_4_plus_2_and_3_one_case_shared_in_proportion() {
    let asks = [ask(1, 4, 2), ask(2, 3, 0)];
    let c = cases_for(terms(6), &asks);
    // 7 units asked: one full case; the 1 left + 2 of tolerance do not make a case.
    assert_eq!((c.cases, c.units, c.limited_by), (1, 6, None));
    let got = allocate(c.units, &asks, 10);
    // 6 x 4/7 = 3.43 and 6 x 3/7 = 2.57: floors 3 and 2, the unit left to the larger remainder.
    assert_eq!(got, [3, 3]);
    assert_eq!(explain(&asks[0], 3, &c, Stage::Close), Why::NotCompleted);
}

#[test]
fn tolerance_completes_a_case_when_the_quantities_leave_it_close() {
    let asks = [ask(1, 4, 2), ask(2, 1, 0)];
    let c = cases_for(terms(6), &asks);
    assert_eq!((c.cases, c.units), (1, 6));
    let got = allocate(c.units, &asks, 3);
    assert_eq!(got, [5, 1]);
    assert_eq!(explain(&asks[0], 5, &c, Stage::Close), Why::ToleranceUsed);
    assert_eq!(explain(&asks[1], 1, &c, Stage::Close), Why::AsAsked);
}

#[test]
fn asked_three_received_nothing_when_the_only_case_is_not_completed() {
    let asks = [ask(1, 3, 0)];
    let c = cases_for(terms(6), &asks);
    assert_eq!(c.cases, 0);
    assert_eq!(allocate(c.units, &asks, 1), [0]);
    assert_eq!(explain(&asks[0], 0, &c, Stage::Close), Why::NotCompleted);
}

#[test]
fn tolerance_alone_never_makes_a_case() {
    let asks = [ask(1, 6, 5), ask(2, 0, 5)];
    let c = cases_for(terms(6), &asks);
    assert_eq!(c.cases, 1);
    assert_eq!(allocate(c.units, &asks, 1), [6, 0]);
}

#[test]
fn minimum_cases_and_stock_limit_the_order() {
    let asks = [ask(1, 12, 0), ask(2, 5, 1)];
    let min = Terms {
        case_size: 6,
        min_cases: 4,
        stock: None,
    };
    let c = cases_for(min, &asks);
    assert_eq!((c.cases, c.limited_by), (0, Some(Limit::Minimum)));
    assert_eq!(explain(&asks[0], 0, &c, Stage::Close), Why::Minimum);
    let stock = Terms {
        case_size: 6,
        min_cases: 1,
        stock: Some(13),
    };
    let c = cases_for(stock, &asks);
    assert_eq!(
        (c.cases, c.units, c.limited_by),
        (2, 12, Some(Limit::Stock))
    );
    // 12 units for 12 + 5 asked: 12 x 12/17 = 8.47, 12 x 5/17 = 3.53 -> 8 and 4.
    assert_eq!(allocate(c.units, &asks, 7), [8, 4]);
}

#[test]
fn ties_are_broken_the_same_way_every_time_but_not_always_for_the_same_member() {
    let asks = [ask(1, 1, 0), ask(2, 1, 0)];
    let a = allocate(1, &asks, 5);
    assert_eq!(a, allocate(1, &asks, 5));
    assert_eq!(a.iter().sum::<i64>(), 1);
    let winners: std::collections::BTreeSet<usize> = (0..20)
        .map(|seed| {
            allocate(1, &asks, seed)
                .iter()
                .position(|u| *u == 1)
                .unwrap()
        })
        .collect();
    assert_eq!(
        winners.len(),
        2,
        "ties rotate between members across products"
    );
}

#[test]
fn bills_add_up_to_the_cent() {
    let argan = PricedLine {
        units: 1,
        price_cents: Cents(1250),
        vat_rate_bp: 600,
        weight_grams: 300,
    };
    let cosmetic = PricedLine {
        units: 1,
        price_cents: Cents(1800),
        vat_rate_bp: 2100,
        weight_grams: 150,
    };
    let members = vec![
        vec![argan, cosmetic],
        vec![PricedLine { units: 2, ..argan }],
        vec![cosmetic],
    ];
    let b = bills(&members, Cents(1000), TransportSplit::Weight, Cents(100));
    // Weights 450, 600, 150 of 1200 grams: 375, 500, 125 cents of transport.
    assert_eq!(
        b.iter()
            .map(|x| x.transport_cents.get())
            .collect::<Vec<_>>(),
        [375, 500, 125]
    );
    assert_eq!(b[0].vat_by_rate[&600], Cents(71));
    assert_eq!(b[0].vat_by_rate[&2100], Cents(312));
    let total: Cents = b.iter().map(|x| x.total_cents).sum();
    assert_eq!(total, Cents(1250 + 1800 + 2500 + 1800 + 1000 + 100));
}

#[test]
fn states_move_forward_or_to_cancelled_before_shipping() {
    assert!(State::Draft.may_become(State::Open));
    assert!(State::Open.may_become(State::Cancelled));
    assert!(!State::Shipped.may_become(State::Cancelled));
    assert!(!State::Closed.may_become(State::Open));
    for s in State::iter() {
        assert_eq!(s.to_value(), s.as_str());
    }
}

fn asks_strategy() -> impl Strategy<Value = Vec<Ask>> {
    prop::collection::vec((0i64..40, 0i64..12), 1..30).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (q, t))| ask(i as i64 + 1, q, if q == 0 { 0 } else { t }))
            .collect()
    })
}

proptest! {
    #[test]
    fn allocation_keeps_its_invariants(
        asks in asks_strategy(),
        size in 1i64..13,
        min_cases in 0i64..4,
        stock in prop::option::of(0i64..300),
        seed in any::<i64>(),
    ) {
        let c = cases_for(Terms { case_size: size, min_cases, stock }, &asks);
        let q: i64 = asks.iter().map(|a| a.quantity).sum();
        let t: i64 = asks.iter().map(|a| a.tolerance).sum();
        prop_assert_eq!(c.units, c.cases * size);
        prop_assert!(c.units <= q + t);
        // Never a case of tolerance alone: the last case holds some quantity.
        prop_assert!(c.cases == 0 || (c.cases - 1) * size < q);
        if let Some(s) = stock { prop_assert!(c.units <= s); }
        prop_assert!(c.cases == 0 || c.cases >= min_cases);
        let got = allocate(c.units, &asks, seed);
        prop_assert_eq!(got.iter().sum::<i64>(), c.units);
        for (a, g) in asks.iter().zip(&got) {
            prop_assert!(*g >= 0 && *g <= a.quantity + a.tolerance);
            // Tolerance only once every quantity is served.
            if c.units <= q { prop_assert!(*g <= a.quantity); } else { prop_assert!(*g >= a.quantity); }
        }
        prop_assert_eq!(&got, &allocate(c.units, &asks, seed));
    }

    #[test]
    fn a_reduced_supply_is_shared_within_what_was_asked(
        asks in asks_strategy(),
        supply in 0i64..400,
        seed in any::<i64>(),
    ) {
        let q: i64 = asks.iter().map(|a| a.quantity).sum();
        let t: i64 = asks.iter().map(|a| a.tolerance).sum();
        let got = allocate(supply, &asks, seed);
        prop_assert_eq!(got.iter().sum::<i64>(), supply.min(q + t));
        for (a, g) in asks.iter().zip(&got) {
            prop_assert!(*g <= a.quantity + a.tolerance);
        }
    }

    #[test]
    fn member_totals_add_up_to_the_campaign_total(
        lines in prop::collection::vec(prop::collection::vec((0i64..20, 1i64..5000, prop::sample::select(vec![600, 1200, 2100]), 0i64..2000), 0..6), 1..40),
        transport in 0i64..100_000,
        fee in 0i64..10_000,
        by_weight in any::<bool>(),
    ) {
        let members: Vec<Vec<PricedLine>> = lines.iter().map(|ls| ls.iter().map(|&(units, price_cents, vat_rate_bp, weight_grams)| PricedLine { units, price_cents: Cents(price_cents), vat_rate_bp, weight_grams }).collect()).collect();
        let split = if by_weight { TransportSplit::Weight } else { TransportSplit::Value };
        let (transport, fee) = (Cents(transport), Cents(fee));
        let b = bills(&members, transport, split, fee);
        let goods: Cents = b.iter().map(|x| x.goods_cents).sum();
        let total: Cents = b.iter().map(|x| x.total_cents).sum();
        if goods.is_positive() {
            prop_assert_eq!(total, goods + transport + fee);
        } else {
            prop_assert_eq!(total, Cents::ZERO);
        }
        for x in &b {
            prop_assert_eq!(x.total_cents, x.goods_cents + x.transport_cents + x.fee_cents);
            prop_assert!(x.vat_cents <= x.goods_cents);
            if x.goods_cents == Cents::ZERO { prop_assert_eq!(x.total_cents, Cents::ZERO); }
        }
    }
}
