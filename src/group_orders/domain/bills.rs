//! What each member owes: goods and VAT per rate, and shares of transport and the group fee,
//! to the cent.

use crate::money::Cents;
use std::collections::BTreeMap;

use serde::Serialize;

use crate::catalog::domain::vat_included;
use crate::money::split_cents;

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

/// One line of a member's allocation, priced.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PricedLine {
    pub units: i64,
    pub price_cents: Cents,
    pub vat_rate_bp: i32,
    pub weight_grams: i64,
}

/// What one member owes for a campaign.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Bill {
    /// Goods at the unit price, VAT included.
    pub goods_cents: Cents,
    /// Goods per VAT rate (basis points), VAT included.
    pub goods_by_rate: BTreeMap<i32, Cents>,
    /// VAT content per rate.
    pub vat_by_rate: BTreeMap<i32, Cents>,
    pub vat_cents: Cents,
    pub transport_cents: Cents,
    pub fee_cents: Cents,
    pub total_cents: Cents,
}

/// Each member's bill: goods at the unit price (VAT content per rate), a share of transport (by
/// weight, or by value) and of the group fee (by value), each split with the largest-remainder
/// rule, so that the members' totals add up to goods + transport + fee exactly.
pub fn bills(
    members: &[Vec<PricedLine>],
    transport_cents: Cents,
    split: TransportSplit,
    fee_cents: Cents,
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
    let values: Vec<i64> = out.iter().map(|b| b.goods_cents.get()).collect();
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
    let transport = split_cents(transport_cents.max(Cents::ZERO), transport_basis);
    let fee = split_cents(fee_cents.max(Cents::ZERO), &values);
    for ((b, t), f) in out.iter_mut().zip(transport).zip(fee) {
        b.transport_cents = t;
        b.fee_cents = f;
        b.total_cents = b.goods_cents + t + f;
    }
    out
}
