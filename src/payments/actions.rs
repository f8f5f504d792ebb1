//! What moves a payment request on or out of each state, and who does it: the payer pays, the
//! treasurer records, refunds or cancels. Every state that is not final offers its responsible
//! person at least one action; an action not possible yet carries the reason (a Fluent key),
//! so the page shows it disabled with that reason rather than hiding it.

use crate::money::Cents;
use serde::Serialize;

use entity::payment_request::RequestStatus;

use super::domain::remaining;

/// Who moves a request on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Payer,
    Treasurer,
}

/// What can be done.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Pay by bank transfer (the account, the communication and the QR code).
    PayByTransfer,
    /// Pay by card or Bancontact through Stripe Checkout.
    PayByCard,
    /// Record a transfer seen on the account.
    RecordTransfer,
    /// Give money back (the excess of an overpayment, money held on a cancelled request...).
    Refund,
    /// Nothing more is owed.
    Cancel,
}

/// One action on a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Action {
    pub kind: Kind,
    pub role: Role,
    /// Why it is not possible yet (a Fluent key); none when it is.
    pub blocked: Option<&'static str>,
}

/// The facts of a request that decide its actions.
#[derive(Clone, Copy, Debug)]
pub struct Facts {
    pub status: RequestStatus,
    pub amount_cents: Cents,
    pub paid_cents: Cents,
    pub refunded_cents: Cents,
    /// Card payment is set up on this site.
    pub card_available: bool,
}

impl Facts {
    fn held(&self) -> Cents {
        self.paid_cents - self.refunded_cents
    }

    /// Nothing is left for anyone to do: paid, refunded, or cancelled with no money held.
    pub fn is_final(&self) -> bool {
        match self.status {
            RequestStatus::Paid | RequestStatus::Refunded => true,
            RequestStatus::Cancelled => !self.held().is_positive(),
            _ => false,
        }
    }

    /// Who must act for the request to move on (none when final).
    pub fn responsible(&self) -> &'static [Role] {
        match self.status {
            RequestStatus::Open | RequestStatus::PartlyPaid => &[Role::Payer, Role::Treasurer],
            RequestStatus::Overpaid => &[Role::Treasurer],
            RequestStatus::Cancelled if self.held().is_positive() => &[Role::Treasurer],
            _ => &[],
        }
    }
}

fn action(kind: Kind, role: Role, blocked: Option<&'static str>) -> Action {
    Action {
        kind,
        role,
        blocked,
    }
}

/// The actions of a request in its current state, for every role.
pub fn actions(f: &Facts) -> Vec<Action> {
    let left = remaining(f.amount_cents, f.paid_cents, f.refunded_cents);
    let refund_blocked = (!f.held().is_positive()).then_some("action-blocked-nothing-paid");
    match f.status {
        RequestStatus::Open | RequestStatus::PartlyPaid => vec![
            action(Kind::PayByTransfer, Role::Payer, None),
            action(
                Kind::PayByCard,
                Role::Payer,
                (!f.card_available).then_some("action-blocked-card-off"),
            ),
            action(
                Kind::RecordTransfer,
                Role::Treasurer,
                (left <= Cents::ZERO).then_some("action-blocked-nothing-owed"),
            ),
            action(Kind::Refund, Role::Treasurer, refund_blocked),
            action(Kind::Cancel, Role::Treasurer, None),
        ],
        RequestStatus::Overpaid => vec![
            action(Kind::Refund, Role::Treasurer, None),
            action(Kind::Cancel, Role::Treasurer, None),
        ],
        RequestStatus::Paid => vec![action(Kind::Refund, Role::Treasurer, refund_blocked)],
        RequestStatus::Cancelled if f.held().is_positive() => {
            vec![action(Kind::Refund, Role::Treasurer, None)]
        }
        _ => Vec::new(),
    }
}

/// The actions `role` sees.
pub fn actions_for(f: &Facts, role: Role) -> Vec<Action> {
    actions(f).into_iter().filter(|a| a.role == role).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::domain::status_of;
    use proptest::prelude::*;

    proptest! {
        /// Whatever the money did, a state that is not final offers each responsible role an
        /// action, and a final state asks nobody for anything.
        #[test]
        fn every_state_that_is_not_final_offers_its_responsible_roles_an_action(
            amount in 1i64..10_000, paid in 0i64..20_000, refunded_part in 0i64..=100,
            cancelled: bool, card: bool,
        ) {
            let refunded = paid * refunded_part / 100;
            let (amount, paid, refunded) = (Cents(amount), Cents(paid), Cents(refunded));
            let status = status_of(amount, paid, refunded, cancelled);
            let f = Facts { status, amount_cents: amount, paid_cents: paid, refunded_cents: refunded, card_available: card };
            for role in f.responsible() {
                let mine = actions_for(&f, *role);
                prop_assert!(mine.iter().any(|a| a.blocked.is_none()), "{status:?}: {role:?} can do nothing: {mine:?}");
            }
            prop_assert_eq!(f.is_final(), f.responsible().is_empty());
        }
    }

    #[test]
    fn a_request_without_card_payment_says_why() {
        let f = Facts {
            status: RequestStatus::Open,
            amount_cents: Cents(2500),
            paid_cents: Cents(0),
            refunded_cents: Cents(0),
            card_available: false,
        };
        let card = actions(&f)
            .into_iter()
            .find(|a| a.kind == Kind::PayByCard)
            .unwrap();
        assert_eq!(card.blocked, Some("action-blocked-card-off"));
        let refund = actions(&f)
            .into_iter()
            .find(|a| a.kind == Kind::Refund)
            .unwrap();
        assert_eq!(refund.blocked, Some("action-blocked-nothing-paid"));
    }
}
