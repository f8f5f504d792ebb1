//! The community fund's rules: a project's life, what may be paid out, and how a refund's fund
//! share is taken back without the fund ever going below zero.

use serde::Serialize;

/// Proposed in the territory, waiting for the local decision.
pub const PROPOSED: &str = "proposed";
/// Chosen: travellers may support it and the fund may pay it.
pub const OPEN: &str = "open";
/// Done: its reports stay, final invoices may still be paid.
pub const COMPLETED: &str = "completed";
/// Not (or no longer) carried out.
pub const WITHDRAWN: &str = "withdrawn";
pub const STATUSES: [&str; 4] = [PROPOSED, OPEN, COMPLETED, WITHDRAWN];

/// Largest budget or disbursement: 10 million euros.
pub const MAX_CENTS: i64 = 1_000_000_000;

/// Whether a project may go from `from` to `to`: proposed -> open or withdrawn,
/// open -> completed or withdrawn. Completed and withdrawn are final.
pub fn can_move(from: &str, to: &str) -> bool {
    matches!(
        (from, to),
        (PROPOSED, OPEN) | (PROPOSED, WITHDRAWN) | (OPEN, COMPLETED) | (OPEN, WITHDRAWN)
    )
}

/// Travellers may choose only chosen projects still under way.
pub fn accepts_support(status: &str) -> bool {
    status == OPEN
}

/// The fund pays chosen projects, and the last invoices of completed ones.
pub fn accepts_disbursement(status: &str) -> bool {
    status == OPEN || status == COMPLETED
}

/// A fund's figures, in cents, all from the ledger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FundFigures {
    /// The fund shares of money received, less those refunded.
    pub collected_cents: i64,
    /// Paid out to projects.
    pub disbursed_cents: i64,
    /// collected - disbursed: never below zero.
    pub balance_cents: i64,
    /// Shares of stays not yet begun: a cancellation may still give them back.
    pub pending_cents: i64,
    /// What may be paid out now: the balance less what is pending.
    pub available_cents: i64,
}

impl FundFigures {
    /// From the ledger sums: `collected` (community_fund), `disbursed_entries`
    /// (fund_disbursed, negative) and the fund shares still refundable.
    pub fn new(collected: i64, disbursed_entries: i64, pending: i64) -> FundFigures {
        let balance = collected + disbursed_entries;
        FundFigures {
            collected_cents: collected,
            disbursed_cents: -disbursed_entries,
            balance_cents: balance,
            pending_cents: pending.max(0),
            available_cents: (balance - pending.max(0)).max(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_moves_forward_only() {
        assert!(can_move(PROPOSED, OPEN));
        assert!(can_move(OPEN, COMPLETED));
        assert!(can_move(OPEN, WITHDRAWN));
        assert!(!can_move(COMPLETED, OPEN));
        assert!(!can_move(WITHDRAWN, OPEN));
        assert!(!can_move(PROPOSED, COMPLETED));
        assert!(!can_move(OPEN, OPEN));
        assert!(accepts_support(OPEN) && !accepts_support(PROPOSED));
        assert!(accepts_disbursement(COMPLETED) && !accepts_disbursement(WITHDRAWN));
    }

    #[test]
    fn figures_keep_pending_shares_aside() {
        let f = FundFigures::new(10_000, -3_000, 2_500);
        assert_eq!(f.balance_cents, 7_000);
        assert_eq!(f.disbursed_cents, 3_000);
        assert_eq!(f.available_cents, 4_500);
        assert_eq!(FundFigures::new(1_000, 0, 5_000).available_cents, 0);
    }
}
