//! The ledger: every movement of money on a request, split between producer, transport, costs,
//! community fund, VAT and other, to the cent; the totals read from it, and the check that it
//! agrees with the requests.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{ledger_entry, payment, payment_request, refund};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use super::domain::status_of;
use super::service::allocation_of;
use crate::error::AppResult;

/// Writes the ledger entries of a movement of money on a request: the cash (`received` or
/// `refunded`) and its split into the request's parts, to the cent.
pub(super) async fn write(
    conn: &impl ConnectionTrait,
    r: &payment_request::Model,
    cash_kind: &str,
    amount: i64,
    method: &str,
    memo: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut split = allocation_of(r).split(amount);
    let mut memo: String = memo.chars().take(200).collect();
    if split.community_fund_cents < 0 {
        // A refund takes the fund's share back, as far as the fund still holds it: what it
        // already paid out to a project is borne by the organisation's costs.
        let balance = crate::fund::service::locked_balance(conn, r.partnership_id).await?;
        let (from_fund, from_costs) =
            crate::fund::domain::take_back(split.community_fund_cents, balance);
        if from_costs != 0 {
            split.community_fund_cents = from_fund;
            split.costs_cents += from_costs;
            memo = format!(
                "{} (fund share already paid out: {from_costs} cents from costs)",
                memo.chars().take(180).collect::<String>()
            );
        }
    }
    let mut rows = vec![(cash_kind, amount)];
    rows.extend([
        ("producer", split.producer_cents),
        ("transport", split.transport_cents),
        ("costs", split.costs_cents),
        ("community_fund", split.community_fund_cents),
        ("vat", split.vat_cents),
        ("other", split.other_cents),
    ]);
    for (kind, cents) in rows.into_iter().filter(|(_, c)| *c != 0) {
        ledger_entry::ActiveModel {
            partnership_id: Set(r.partnership_id),
            payment_request_id: Set(Some(r.id)),
            kind: Set(kind.to_owned()),
            amount_cents: Set(cents),
            method: Set(method.to_owned()),
            memo: Set(memo.clone()),
            fund_project_id: Set(r.fund_project_id.filter(|_| kind == "community_fund")),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// A partnership's books, from the ledger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Totals {
    pub received_cents: i64,
    pub refunded_cents: i64,
    pub producer_cents: i64,
    pub transport_cents: i64,
    pub costs_cents: i64,
    pub community_fund_cents: i64,
    pub vat_cents: i64,
    pub other_cents: i64,
    /// Paid out of the community fund to its projects (positive).
    pub fund_disbursed_cents: i64,
}

impl Totals {
    /// Adds a ledger sum of one kind.
    fn add(&mut self, kind: &str, total: i64) {
        match kind {
            "received" => self.received_cents += total,
            "refunded" => self.refunded_cents += -total,
            "producer" => self.producer_cents += total,
            "transport" => self.transport_cents += total,
            "costs" => self.costs_cents += total,
            "community_fund" => self.community_fund_cents += total,
            "vat" => self.vat_cents += total,
            "fund_disbursed" => self.fund_disbursed_cents += -total,
            _ => self.other_cents += total,
        }
    }

    /// Totals from sums by kind.
    pub fn from_rows(rows: impl IntoIterator<Item = (String, i64)>) -> Totals {
        let mut t = Totals::default();
        for (kind, total) in rows {
            t.add(&kind, total);
        }
        t
    }

    /// What the community fund holds: its shares less what it paid out.
    pub fn fund_balance_cents(&self) -> i64 {
        self.community_fund_cents - self.fund_disbursed_cents
    }
}

/// Sums of the ledger entries matching `filter`, by `by` (a partnership, a project...) and kind
/// (one query).
pub async fn ledger_sums_by(
    conn: &impl ConnectionTrait,
    by: ledger_entry::Column,
    filter: impl sea_orm::sea_query::IntoCondition,
) -> AppResult<Vec<(Option<i64>, String, i64)>> {
    Ok(ledger_entry::Entity::find()
        .select_only()
        .column(by)
        .column(ledger_entry::Column::Kind)
        .column_as(
            Expr::col(ledger_entry::Column::AmountCents)
                .sum()
                .cast_as("BIGINT"),
            "total",
        )
        .filter(filter)
        .group_by(by)
        .group_by(ledger_entry::Column::Kind)
        .into_tuple()
        .all(conn)
        .await?)
}

/// Ledger totals of each partnership (one query).
pub async fn totals(
    conn: &impl ConnectionTrait,
    partnership_ids: &[i64],
) -> AppResult<HashMap<i64, Totals>> {
    if partnership_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = ledger_sums_by(
        conn,
        ledger_entry::Column::PartnershipId,
        ledger_entry::Column::PartnershipId.is_in(partnership_ids.iter().copied()),
    )
    .await?;
    let mut out: HashMap<i64, Totals> = partnership_ids
        .iter()
        .map(|id| (*id, Totals::default()))
        .collect();
    for (pid, kind, total) in rows {
        let Some(pid) = pid else { continue };
        out.entry(pid).or_default().add(&kind, total);
    }
    Ok(out)
}

/// The invariant between the ledger and the requests: for every request, the cash in the
/// ledger is what it says was paid less refunded, the shares add up to that cash, its payments
/// and refunds (and what refunds took off what is owed) add up to its totals, and its status is
/// what the money says. One query per table.
/// Returns what disagrees (nothing when all is well).
pub async fn ledger_disagreements(db: &DatabaseConnection) -> AppResult<Vec<String>> {
    let requests = payment_request::Entity::find()
        .order_by_asc(payment_request::Column::Id)
        .all(db)
        .await?;
    let entries = ledger_entry::Entity::find().all(db).await?;
    let mut cash: HashMap<i64, i64> = HashMap::new();
    let mut shares: HashMap<i64, i64> = HashMap::new();
    for e in &entries {
        let Some(rid) = e.payment_request_id else {
            continue;
        };
        if e.kind == "received" || e.kind == "refunded" {
            *cash.entry(rid).or_default() += e.amount_cents;
        } else {
            *shares.entry(rid).or_default() += e.amount_cents;
        }
    }
    let mut payments: HashMap<i64, i64> = HashMap::new();
    for p in payment::Entity::find().all(db).await? {
        *payments.entry(p.payment_request_id).or_default() += p.amount_cents;
    }
    let mut refunds: HashMap<i64, (i64, i64)> = HashMap::new();
    for f in refund::Entity::find().all(db).await? {
        let e = refunds.entry(f.payment_request_id).or_default();
        e.0 += f.amount_cents;
        e.1 += f.waived_cents;
    }
    let mut problems = Vec::new();
    for r in &requests {
        let net = r.paid_cents - r.refunded_cents;
        let c = cash.get(&r.id).copied().unwrap_or(0);
        let s = shares.get(&r.id).copied().unwrap_or(0);
        if c != net {
            problems.push(format!(
                "request {}: ledger cash {c} but paid - refunded = {net}",
                r.reference
            ));
        }
        if s != c {
            problems.push(format!("request {}: shares {s} but cash {c}", r.reference));
        }
        let payments = payments.get(&r.id).copied().unwrap_or(0);
        if payments != r.paid_cents {
            problems.push(format!(
                "request {}: payments {payments} but paid {}",
                r.reference, r.paid_cents
            ));
        }
        let (refunded, waived) = refunds.get(&r.id).copied().unwrap_or((0, 0));
        if (refunded, waived) != (r.refunded_cents, r.waived_cents) {
            problems.push(format!(
                "request {}: refunds {refunded} (taking {waived} off what is owed) but refunded {} (waived {})",
                r.reference, r.refunded_cents, r.waived_cents
            ));
        }
        let expected = status_of(
            r.amount_cents,
            r.paid_cents,
            r.refunded_cents,
            r.cancelled_at.is_some(),
        );
        if r.status != expected {
            problems.push(format!(
                "request {}: status {} but the money says {expected}",
                r.reference, r.status
            ));
        }
    }
    Ok(problems)
}
