//! The community fund's rules: a project's life, what may be paid out, and how a refund's fund
//! share is taken back without the fund ever going below zero.

use crate::money::Cents;
use ProjectStatus::{Completed, Open, Proposed, Withdrawn};
pub use entity::fund_project::ProjectStatus;
use serde::Serialize;

/// Every status of a project, in the order of its life.
pub const STATUSES: [ProjectStatus; 4] = [Proposed, Open, Completed, Withdrawn];

/// Largest budget or disbursement: 10 million euros.
pub const MAX_CENTS: Cents = Cents(1_000_000_000);

/// Whether a project may go from `from` to `to`: proposed -> open or withdrawn,
/// open -> completed or withdrawn. Completed and withdrawn are final.
pub fn can_move(from: ProjectStatus, to: ProjectStatus) -> bool {
    matches!(
        (from, to),
        (Proposed, Open) | (Proposed, Withdrawn) | (Open, Completed) | (Open, Withdrawn)
    )
}

/// Travellers may choose only chosen projects still under way.
pub fn accepts_support(status: ProjectStatus) -> bool {
    status == Open
}

/// The fund pays chosen projects, and the last invoices of completed ones.
pub fn accepts_disbursement(status: ProjectStatus) -> bool {
    matches!(status, Open | Completed)
}

/// A fund's figures, in cents, all from the ledger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FundFigures {
    /// The fund shares of money received, less those refunded.
    #[schema(value_type = i64)]
    pub collected_cents: Cents,
    /// Paid out to projects.
    #[schema(value_type = i64)]
    pub disbursed_cents: Cents,
    /// collected - disbursed: never below zero.
    #[schema(value_type = i64)]
    pub balance_cents: Cents,
    /// Shares of stays not yet begun: a cancellation may still give them back.
    #[schema(value_type = i64)]
    pub pending_cents: Cents,
    /// What may be paid out now: the balance less what is pending.
    #[schema(value_type = i64)]
    pub available_cents: Cents,
}

impl FundFigures {
    /// From the ledger sums: `collected` (community_fund), `disbursed_entries`
    /// (fund_disbursed, negative) and the fund shares still refundable.
    pub fn new(collected: Cents, disbursed_entries: Cents, pending: Cents) -> FundFigures {
        let pending = pending.max(Cents::ZERO);
        let balance = collected + disbursed_entries;
        FundFigures {
            collected_cents: collected,
            disbursed_cents: -disbursed_entries,
            balance_cents: balance,
            pending_cents: pending,
            available_cents: balance.saturating_sub(pending),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_moves_forward_only() {
        assert!(can_move(Proposed, Open));
        assert!(can_move(Open, Completed));
        assert!(can_move(Open, Withdrawn));
        assert!(!can_move(Completed, Open));
        assert!(!can_move(Withdrawn, Open));
        assert!(!can_move(Proposed, Completed));
        assert!(!can_move(Open, Open));
        assert!(accepts_support(Open) && !accepts_support(Proposed));
        assert!(accepts_disbursement(Completed) && !accepts_disbursement(Withdrawn));
    }

    #[test]
    fn figures_keep_pending_shares_aside() {
        let f = FundFigures::new(Cents(10_000), Cents(-3_000), Cents(2_500));
        assert_eq!(f.balance_cents, Cents(7_000));
        assert_eq!(f.disbursed_cents, Cents(3_000));
        assert_eq!(f.available_cents, Cents(4_500));
        assert_eq!(
            FundFigures::new(Cents(1_000), Cents::ZERO, Cents(5_000)).available_cents,
            Cents::ZERO
        );
    }
}
