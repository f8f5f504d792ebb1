//! The ledger: every movement of money, split between producer, transport, costs, community
//! fund, VAT and other, to the cent; what is paid out of the fund; the sums read from it; and
//! the check that it agrees with the payment requests. Payments write to it when money is
//! received or refunded, the fund when it pays a project; the books, the fund and the impact
//! dashboard read it.

mod check;
mod sums;

use chrono::{DateTime, Utc};
use entity::ledger_entry;
pub use entity::ledger_entry::LedgerKind;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};

pub use check::disagreements;
pub use sums::{Totals, fund_sums, locked_fund_balance, sums_by, take_back, totals};

use crate::error::AppResult;
use crate::money::Cents;

/// A movement of money on a payment request: the cash and its split into shares, which add up
/// to it.
#[derive(Clone, Debug)]
pub struct Movement<'a> {
    pub partnership_id: entity::PartnershipId,
    pub request_id: entity::PaymentRequestId,
    /// The fund project the request's fund share is designated to.
    pub fund_project_id: Option<i64>,
    /// [`LedgerKind::Received`] or [`LedgerKind::Refunded`].
    pub cash_kind: LedgerKind,
    pub amount: Cents,
    /// (kind, cents) of each share.
    pub shares: Vec<(LedgerKind, Cents)>,
    pub method: &'a str,
    pub memo: &'a str,
}

/// Writes the entries of a movement, to the cent. A refund takes the fund's share back as far
/// as the fund still holds it: what it already paid out to a project is borne by the
/// organisation's costs, and the memo says so.
#[tracing::instrument(skip_all, fields(request = m.request_id.get()))]
pub async fn record(
    conn: &impl ConnectionTrait,
    m: Movement<'_>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut shares = m.shares;
    let mut memo: String = m.memo.chars().take(200).collect();
    let fund_part: Cents = shares
        .iter()
        .filter(|(k, _)| *k == LedgerKind::CommunityFund)
        .map(|(_, c)| c)
        .sum();
    if fund_part < Cents::ZERO {
        let balance = locked_fund_balance(conn, m.partnership_id).await?;
        let (from_fund, from_costs) = take_back(fund_part, balance);
        if from_costs != Cents::ZERO {
            for (kind, cents) in shares.iter_mut() {
                if *kind == LedgerKind::CommunityFund {
                    *cents = from_fund;
                } else if *kind == LedgerKind::Costs {
                    *cents += from_costs;
                }
            }
            memo = format!(
                "{} (fund share already paid out: {} cents from costs)",
                memo.chars().take(180).collect::<String>(),
                from_costs.get()
            );
        }
    }
    let rows = std::iter::once((m.cash_kind, m.amount)).chain(shares);
    for (kind, cents) in rows.filter(|(_, c)| *c != Cents::ZERO) {
        ledger_entry::ActiveModel {
            partnership_id: Set(m.partnership_id),
            payment_request_id: Set(Some(m.request_id)),
            kind: Set(kind),
            amount_cents: Set(cents),
            method: Set(m.method.to_owned()),
            memo: Set(memo.clone()),
            fund_project_id: Set(m
                .fund_project_id
                .filter(|_| kind == LedgerKind::CommunityFund)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    tracing::info!(
        partnership = m.partnership_id.get(),
        request = m.request_id.get(),
        kind = ?m.cash_kind,
        cents = m.amount.get(),
        method = m.method,
        "money {}",
        if m.cash_kind == LedgerKind::Refunded {
            "refunded"
        } else {
            "received"
        }
    );
    Ok(())
}

/// Moves `amount` from one share to another of a partnership's books, with no payment request
/// (the partnership's costs taking a transport cost over): two entries that add up to zero, so
/// the cash and every request's shares stay as they were.
#[tracing::instrument(skip_all, fields(partnership = partnership_id.get(), cents = amount.get()))]
pub async fn transfer(
    conn: &impl ConnectionTrait,
    partnership_id: entity::PartnershipId,
    (from, to): (LedgerKind, LedgerKind),
    amount: Cents,
    memo: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if amount == Cents::ZERO {
        return Ok(());
    }
    let memo: String = memo.chars().take(200).collect();
    for (kind, cents) in [(from, -amount), (to, amount)] {
        ledger_entry::ActiveModel {
            partnership_id: Set(partnership_id),
            payment_request_id: Set(None),
            kind: Set(kind),
            amount_cents: Set(cents),
            method: Set("transfer".to_owned()),
            memo: Set(memo.clone()),
            fund_project_id: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}
