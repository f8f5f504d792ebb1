//! The pure rules of a collective order: the campaign's states, how members' quantities become
//! whole cases, how the units ordered are shared fairly, why each member received what they
//! did, and how goods, VAT, transport and the group fee add up to the cent per member.

use std::collections::BTreeMap;

use serde::Serialize;

pub use super::workflow::*;
use crate::catalog::domain::vat_included;
use crate::money::split_largest_remainder;

/// Where a campaign is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    Draft,
    Open,
    Closed,
    Confirmed,
    Shipped,
    Delivered,
    Settled,
    Cancelled,
}

impl State {
    pub const ALL: [State; 8] = [
        State::Draft,
        State::Open,
        State::Closed,
        State::Confirmed,
        State::Shipped,
        State::Delivered,
        State::Settled,
        State::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Open => "open",
            State::Closed => "closed",
            State::Confirmed => "confirmed",
            State::Shipped => "shipped",
            State::Delivered => "delivered",
            State::Settled => "settled",
            State::Cancelled => "cancelled",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        State::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// The state a coordinator (or the producer, for `Confirmed`) may move to from here.
    /// Cancelling is possible until the goods are shipped.
    pub fn may_become(self, next: State) -> bool {
        use State::*;
        matches!(
            (self, next),
            (Draft, Open)
                | (Open, Closed)
                | (Closed, Confirmed)
                | (Confirmed, Shipped)
                | (Shipped, Delivered)
                | (Delivered, Settled)
                | (Draft | Open | Closed | Confirmed, Cancelled)
        )
    }

    /// After close: the allocation exists.
    pub fn is_closed(self) -> bool {
        matches!(
            self,
            State::Closed | State::Confirmed | State::Shipped | State::Delivered | State::Settled
        )
    }
}

/// How the campaign's transport cost is split between members.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TransportSplit {
    Weight,
    Value,
}

impl TransportSplit {
    pub fn as_str(self) -> &'static str {
        match self {
            TransportSplit::Weight => "weight",
            TransportSplit::Value => "value",
        }
    }

    pub fn parse(s: &str) -> Option<TransportSplit> {
        match s {
            "weight" => Some(TransportSplit::Weight),
            "value" => Some(TransportSplit::Value),
            _ => None,
        }
    }
}

/// One member's request for one product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ask {
    /// The member (user id): also the seed of the tie-break.
    pub member: i64,
    pub quantity: i64,
    /// Extra units accepted to complete a case.
    pub tolerance: i64,
}

/// The terms a product is ordered on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    pub case_size: i64,
    /// Cases the producer needs at least (0 or 1: no minimum).
    pub min_cases: i64,
    /// Units available; none when made to order.
    pub stock: Option<i64>,
}

/// Why fewer cases were ordered than the members' requests would make.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    Minimum,
    Stock,
}

impl Limit {
    pub fn as_str(self) -> &'static str {
        match self {
            Limit::Minimum => "minimum",
            Limit::Stock => "stock",
        }
    }

    pub fn parse(s: &str) -> Option<Limit> {
        match s {
            "minimum" => Some(Limit::Minimum),
            "stock" => Some(Limit::Stock),
            _ => None,
        }
    }
}

/// The cases ordered of one product.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cases {
    pub cases: i64,
    pub units: i64,
    pub limited_by: Option<Limit>,
}

/// Whole cases from the members' quantities; one more when the last partial case plus the
/// tolerances reach a case (never a case of tolerance alone); none when the producer's minimum is
/// not reached; no more than the stock allows.
pub fn cases_for(terms: Terms, asks: &[Ask]) -> Cases {
    let size = terms.case_size.max(1);
    let quantity: i64 = asks.iter().map(|a| a.quantity.max(0)).sum();
    let tolerance: i64 = asks
        .iter()
        .filter(|a| a.quantity > 0)
        .map(|a| a.tolerance.max(0))
        .sum();
    let (full, rest) = (quantity / size, quantity % size);
    let mut cases = full + i64::from(rest > 0 && rest + tolerance >= size);
    let mut limited_by = None;
    if let Some(stock) = terms.stock {
        let most = stock.max(0) / size;
        if cases > most {
            cases = most;
            limited_by = Some(Limit::Stock);
        }
    }
    if cases > 0 && cases < terms.min_cases {
        cases = 0;
        limited_by = Some(Limit::Minimum);
    }
    Cases {
        cases,
        units: cases * size,
        limited_by,
    }
}

/// How the current (open) case of a product fills while the campaign is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Fill {
    pub quantity: i64,
    pub tolerance: i64,
    /// Cases that the quantities alone fill.
    pub full_cases: i64,
    /// Units in the case being filled.
    pub in_open_case: i64,
    /// Units that would complete it (0 when no case is being filled).
    pub to_complete: i64,
    /// The tolerances already complete it.
    pub completed_by_tolerance: bool,
    /// Percentage of the case being filled (for the gauge).
    pub percent: i64,
}

/// The fill of a product from the sums of its basket lines (tolerances only count with a quantity).
pub fn fill(case_size: i64, quantity: i64, tolerance: i64) -> Fill {
    let size = case_size.max(1);
    let rest = quantity % size;
    Fill {
        quantity,
        tolerance,
        full_cases: quantity / size,
        in_open_case: rest,
        to_complete: if rest == 0 { 0 } else { size - rest },
        completed_by_tolerance: rest > 0 && rest + tolerance >= size,
        percent: rest * 100 / size,
    }
}

/// Shares `total` in proportion to `weights` (each part at most its weight when `total` does not
/// exceed their sum): floors first, then one unit each to the largest remainders. Ties go to the
/// larger weight, then to the member that comes first in an order that depends on `seed` (the
/// product), so no member wins every tie of every product.
fn proportional(total: i64, weights: &[i64], members: &[i64], seed: i64) -> Vec<i64> {
    let sum: i128 = weights.iter().map(|w| i128::from((*w).max(0))).sum();
    if sum == 0 || total <= 0 {
        return vec![0; weights.len()];
    }
    let total = i128::from(total).min(sum);
    let mut parts = Vec::with_capacity(weights.len());
    let mut order = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = total * i128::from((*w).max(0));
        parts.push((exact / sum) as i64);
        order.push((exact % sum, *w, tie_key(members[i], seed), i));
    }
    let left = (total - parts.iter().map(|p| i128::from(*p)).sum::<i128>()) as usize;
    order.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    for &(rem, _, _, i) in order.iter().take(left) {
        if rem > 0 {
            parts[i] += 1;
        }
    }
    parts
}

/// A deterministic scramble of (member, seed): the documented tie-break.
fn tie_key(member: i64, seed: i64) -> u64 {
    let x = (member as u64) ^ (seed as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    let x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Shares `units` between the asks: quantities first, in proportion to what each asked, and
/// only when every quantity is served, the rest in proportion to the tolerances. Nobody gets more
/// than quantity + tolerance; the parts add up to `units` (capped at all quantities and
/// tolerances together); the same input always gives the same output.
pub fn allocate(units: i64, asks: &[Ask], seed: i64) -> Vec<i64> {
    let members: Vec<i64> = asks.iter().map(|a| a.member).collect();
    let quantities: Vec<i64> = asks.iter().map(|a| a.quantity.max(0)).collect();
    let asked: i64 = quantities.iter().sum();
    let units = units.max(0);
    if units <= asked {
        return proportional(units, &quantities, &members, seed);
    }
    let tolerances: Vec<i64> = asks
        .iter()
        .map(|a| {
            if a.quantity > 0 {
                a.tolerance.max(0)
            } else {
                0
            }
        })
        .collect();
    let extra = proportional(units - asked, &tolerances, &members, seed);
    quantities.iter().zip(extra).map(|(q, e)| q + e).collect()
}

/// When the allocation was (re)computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    Close,
    Confirmation,
    Delivery,
}

/// Why a member received what they did, for one product.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Why {
    /// Received what they asked.
    AsAsked,
    /// Part of their tolerance completed a case.
    ToleranceUsed,
    /// The last case was not completed: the units of the full cases were shared in proportion.
    NotCompleted,
    /// The producer's minimum number of cases was not reached.
    Minimum,
    /// The producer's stock did not cover every case.
    Stock,
    /// The producer could supply less than ordered.
    ShortSupply,
    /// Less arrived (short or damaged) than was shipped.
    ShortDelivery,
}

impl Why {
    pub fn as_str(self) -> &'static str {
        match self {
            Why::AsAsked => "as_asked",
            Why::ToleranceUsed => "tolerance_used",
            Why::NotCompleted => "not_completed",
            Why::Minimum => "minimum",
            Why::Stock => "stock",
            Why::ShortSupply => "short_supply",
            Why::ShortDelivery => "short_delivery",
        }
    }

    pub fn parse(s: &str) -> Option<Why> {
        [
            Why::AsAsked,
            Why::ToleranceUsed,
            Why::NotCompleted,
            Why::Minimum,
            Why::Stock,
            Why::ShortSupply,
            Why::ShortDelivery,
        ]
        .into_iter()
        .find(|w| w.as_str() == s)
    }
}

pub fn explain(ask: &Ask, received: i64, cases: &Cases, stage: Stage) -> Why {
    if received > ask.quantity {
        return Why::ToleranceUsed;
    }
    if received == ask.quantity {
        return Why::AsAsked;
    }
    match (stage, cases.limited_by) {
        (Stage::Confirmation, _) => Why::ShortSupply,
        (Stage::Delivery, _) => Why::ShortDelivery,
        (Stage::Close, Some(Limit::Minimum)) => Why::Minimum,
        (Stage::Close, Some(Limit::Stock)) => Why::Stock,
        (Stage::Close, None) => Why::NotCompleted,
    }
}

/// One line of a member's allocation, priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PricedLine {
    pub units: i64,
    pub price_cents: i64,
    pub vat_rate_bp: i32,
    pub weight_grams: i64,
}

/// What one member owes for a campaign.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Bill {
    /// Goods at the unit price, VAT included.
    pub goods_cents: i64,
    /// Goods per VAT rate (basis points), VAT included.
    pub goods_by_rate: BTreeMap<i32, i64>,
    /// VAT content per rate.
    pub vat_by_rate: BTreeMap<i32, i64>,
    pub vat_cents: i64,
    pub transport_cents: i64,
    pub fee_cents: i64,
    pub total_cents: i64,
}

/// Each member's bill: goods at the unit price (VAT content per rate), a share of transport (by
/// weight, or by value) and of the group fee (by value), each split with the largest-remainder
/// rule, so that the members' totals add up to goods + transport + fee exactly.
pub fn bills(
    members: &[Vec<PricedLine>],
    transport_cents: i64,
    split: TransportSplit,
    fee_cents: i64,
) -> Vec<Bill> {
    let mut out: Vec<Bill> = members
        .iter()
        .map(|lines| {
            let mut b = Bill::default();
            for l in lines {
                *b.goods_by_rate.entry(l.vat_rate_bp).or_default() += l.units * l.price_cents;
            }
            b.goods_cents = b.goods_by_rate.values().sum();
            b.vat_by_rate = b
                .goods_by_rate
                .iter()
                .map(|(rate, goods)| (*rate, vat_included(*goods, *rate)))
                .collect();
            b.vat_cents = b.vat_by_rate.values().sum();
            b
        })
        .collect();
    let values: Vec<i64> = out.iter().map(|b| b.goods_cents).collect();
    if values.iter().all(|v| *v <= 0) {
        return out;
    }
    let weights: Vec<i64> = members
        .iter()
        .map(|lines| lines.iter().map(|l| l.units * l.weight_grams).sum())
        .collect();
    let transport_basis = match split {
        TransportSplit::Weight if weights.iter().any(|w| *w > 0) => &weights,
        _ => &values,
    };
    let transport = split_largest_remainder(transport_cents.max(0), transport_basis);
    let fee = split_largest_remainder(fee_cents.max(0), &values);
    for ((b, t), f) in out.iter_mut().zip(transport).zip(fee) {
        b.transport_cents = t;
        b.fee_cents = f;
        b.total_cents = b.goods_cents + t + f;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
            price_cents: 1250,
            vat_rate_bp: 600,
            weight_grams: 300,
        };
        let cosmetic = PricedLine {
            units: 1,
            price_cents: 1800,
            vat_rate_bp: 2100,
            weight_grams: 150,
        };
        let members = vec![
            vec![argan, cosmetic],
            vec![PricedLine { units: 2, ..argan }],
            vec![cosmetic],
        ];
        let b = bills(&members, 1000, TransportSplit::Weight, 100);
        // Weights 450, 600, 150 of 1200 grams: 375, 500, 125 cents of transport.
        assert_eq!(
            b.iter().map(|x| x.transport_cents).collect::<Vec<_>>(),
            [375, 500, 125]
        );
        assert_eq!(b[0].vat_by_rate[&600], 71);
        assert_eq!(b[0].vat_by_rate[&2100], 312);
        let total: i64 = b.iter().map(|x| x.total_cents).sum();
        assert_eq!(total, 1250 + 1800 + 2500 + 1800 + 1000 + 100);
    }

    #[test]
    fn states_move_forward_or_to_cancelled_before_shipping() {
        assert!(State::Draft.may_become(State::Open));
        assert!(State::Open.may_become(State::Cancelled));
        assert!(!State::Shipped.may_become(State::Cancelled));
        assert!(!State::Closed.may_become(State::Open));
        for s in State::ALL {
            assert_eq!(State::parse(s.as_str()), Some(s));
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
            let members: Vec<Vec<PricedLine>> = lines.iter().map(|ls| ls.iter().map(|&(units, price_cents, vat_rate_bp, weight_grams)| PricedLine { units, price_cents, vat_rate_bp, weight_grams }).collect()).collect();
            let split = if by_weight { TransportSplit::Weight } else { TransportSplit::Value };
            let b = bills(&members, transport, split, fee);
            let goods: i64 = b.iter().map(|x| x.goods_cents).sum();
            let total: i64 = b.iter().map(|x| x.total_cents).sum();
            if goods > 0 {
                prop_assert_eq!(total, goods + transport + fee);
            } else {
                prop_assert_eq!(total, 0);
            }
            for x in &b {
                prop_assert_eq!(x.total_cents, x.goods_cents + x.transport_cents + x.fee_cents);
                prop_assert!(x.vat_cents <= x.goods_cents);
                if x.goods_cents == 0 { prop_assert_eq!(x.total_cents, 0); }
            }
        }
    }
}
