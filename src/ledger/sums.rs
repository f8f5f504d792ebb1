//! Reading the ledger: sums by kind of a partnership, a project or a set of requests (one
//! query each), the community fund's balance (locked while it is spent) and how a refund takes
//! the fund's share back.

use crate::db::OneOrNotFound;
use crate::money::Cents;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::{ledger_entry, partnership};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, QuerySelect,
};
use serde::Serialize;

use super::LedgerKind;
use crate::error::AppResult;

/// A partnership's books, from the ledger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Totals {
    #[schema(value_type = i64)]
    pub received_cents: Cents,
    #[schema(value_type = i64)]
    pub refunded_cents: Cents,
    #[schema(value_type = i64)]
    pub producer_cents: Cents,
    #[schema(value_type = i64)]
    pub transport_cents: Cents,
    #[schema(value_type = i64)]
    pub costs_cents: Cents,
    #[schema(value_type = i64)]
    pub community_fund_cents: Cents,
    #[schema(value_type = i64)]
    pub vat_cents: Cents,
    #[schema(value_type = i64)]
    pub other_cents: Cents,
    /// Paid out of the community fund to its projects (positive).
    #[schema(value_type = i64)]
    pub fund_disbursed_cents: Cents,
    /// Paid to producers out of their shares (positive).
    #[schema(value_type = i64)]
    pub producer_paid_cents: Cents,
}

impl Totals {
    /// Adds a ledger sum of one kind.
    fn add(&mut self, kind: LedgerKind, total: Cents) {
        match kind {
            LedgerKind::Received => self.received_cents += total,
            LedgerKind::Refunded => self.refunded_cents += -total,
            LedgerKind::Producer => self.producer_cents += total,
            LedgerKind::Transport => self.transport_cents += total,
            LedgerKind::Costs => self.costs_cents += total,
            LedgerKind::CommunityFund => self.community_fund_cents += total,
            LedgerKind::Vat => self.vat_cents += total,
            LedgerKind::FundDisbursed => self.fund_disbursed_cents += -total,
            LedgerKind::ProducerPaid => self.producer_paid_cents += -total,
            LedgerKind::Other => self.other_cents += total,
        }
    }

    /// Totals from sums by kind.
    pub fn from_rows(rows: impl IntoIterator<Item = (LedgerKind, Cents)>) -> Totals {
        let mut t = Totals::default();
        for (kind, total) in rows {
            t.add(kind, total);
        }
        t
    }

    /// What the community fund holds: its shares less what it paid out.
    pub fn fund_balance_cents(&self) -> Cents {
        self.community_fund_cents - self.fund_disbursed_cents
    }

    /// What the producers' shares hold still: their shares less what they were paid.
    pub fn producers_unpaid_cents(&self) -> Cents {
        self.producer_cents - self.producer_paid_cents
    }
}

/// Sums of the ledger entries matching `filter`, by `by` (a partnership, a project...) and kind
/// (one query).
pub async fn sums_by(
    conn: &impl ConnectionTrait,
    by: ledger_entry::Column,
    filter: impl sea_orm::sea_query::IntoCondition,
) -> AppResult<Vec<(Option<i64>, LedgerKind, Cents)>> {
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
    partnership_ids: &[entity::PartnershipId],
) -> AppResult<HashMap<entity::PartnershipId, Totals>> {
    if partnership_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = sums_by(
        conn,
        ledger_entry::Column::PartnershipId,
        ledger_entry::Column::PartnershipId.is_in(partnership_ids.iter().copied()),
    )
    .await?;
    let mut out: HashMap<entity::PartnershipId, Totals> = partnership_ids
        .iter()
        .map(|id| (*id, Totals::default()))
        .collect();
    for (pid, kind, total) in rows {
        let Some(pid) = pid.map(entity::PartnershipId) else {
            continue;
        };
        out.entry(pid).or_default().add(kind, total);
    }
    Ok(out)
}

/// The fund's shares and disbursements of each partnership written up to `at` (one query).
pub async fn fund_sums(
    conn: &impl ConnectionTrait,
    partnership_ids: &[entity::PartnershipId],
    at: Option<DateTime<Utc>>,
) -> AppResult<HashMap<entity::PartnershipId, (Cents, Cents)>> {
    let mut filter = Condition::all()
        .add(ledger_entry::Column::PartnershipId.is_in(partnership_ids.iter().copied()))
        .add(
            ledger_entry::Column::Kind
                .is_in([LedgerKind::CommunityFund, LedgerKind::FundDisbursed]),
        );
    if let Some(at) = at {
        filter = filter.add(ledger_entry::Column::CreatedAt.lte(at));
    }
    let rows = sums_by(conn, ledger_entry::Column::PartnershipId, filter).await?;
    let mut out: HashMap<entity::PartnershipId, (Cents, Cents)> = HashMap::new();
    for (pid, kind, total) in rows {
        let Some(pid) = pid.map(entity::PartnershipId) else {
            continue;
        };
        let e = out.entry(pid).or_default();
        if kind == LedgerKind::CommunityFund {
            e.0 += total;
        } else {
            e.1 += total;
        }
    }
    Ok(out)
}

/// What the fund holds, with the partnership's row locked until the transaction ends (on
/// PostgreSQL; SQLite writers take turns already), so that a refund and a disbursement never
/// both spend the same cents.
pub async fn locked_fund_balance(
    conn: &impl ConnectionTrait,
    partnership_id: entity::PartnershipId,
) -> AppResult<Cents> {
    partnership::Entity::find_by_id(partnership_id)
        .lock_exclusive()
        .one_or_404(conn)
        .await?;
    let (collected, disbursed) = fund_sums(conn, &[partnership_id], None)
        .await?
        .remove(&partnership_id)
        .unwrap_or_default();
    Ok(collected + disbursed)
}

/// How a refund's fund share (`fund_part`, negative) is taken back when the fund holds
/// `balance`: from the fund as far as it goes; what the fund already paid out is borne by the
/// organisation's costs instead. Returns (from the fund, from costs), both <= 0, adding up to
/// `fund_part`. Positive parts (money coming in) pass untouched.
pub fn take_back(fund_part: Cents, balance: Cents) -> (Cents, Cents) {
    if fund_part >= Cents::ZERO {
        return (fund_part, Cents::ZERO);
    }
    let from_fund = Ord::max(fund_part, -Ord::max(balance, Cents::ZERO));
    (from_fund, fund_part - from_fund)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn a_refund_takes_back_what_the_fund_still_holds() {
        let c = |a, b| (Cents(a), Cents(b));
        assert_eq!(take_back(Cents(-300), Cents(1_000)), c(-300, 0));
        assert_eq!(take_back(Cents(-300), Cents(100)), c(-100, -200));
        assert_eq!(take_back(Cents(-300), Cents(0)), c(0, -300));
        assert_eq!(take_back(Cents(250), Cents(0)), c(250, 0));
    }

    proptest! {
        #[test]
        fn taking_back_never_leaves_the_fund_below_zero(part in -1_000_000i64..1_000_000, balance in 0i64..1_000_000) {
            let (fund, costs) = take_back(Cents(part), Cents(balance));
            let (fund, costs) = (fund.get(), costs.get());
            prop_assert_eq!(fund + costs, part);
            prop_assert!(balance + fund >= 0);
            prop_assert!(costs <= 0);
            if part < 0 && balance >= -part {
                prop_assert_eq!(costs, 0);
            }
        }
    }
}
