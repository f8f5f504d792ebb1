//! How members' quantities become whole cases, how the units are shared fairly, and why each
//! member received what they did.

use serde::Serialize;

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
