//! Who moves a campaign or a purchase order on, and how: in every state but the final ones the
//! responsible person has an action, shown disabled with the reason while it is not possible yet.

use serde::Serialize;

use super::domain::State;

/// What a person responsible for a campaign or a purchase order can do next.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Act {
    /// Coordinator: close the order window (early with a confirmation).
    Close,
    /// Coordinator or producer: the goods have left.
    Ship,
    /// Coordinator: record what arrived.
    Deliver,
    /// Coordinator: close the books once every share is paid.
    Settle,
    /// Coordinator: cancel before shipping.
    Cancel,
    /// Producer: confirm (or lower) what it can supply.
    Confirm,
    /// Producer: change a confirmation while the others have not all answered.
    ChangeConfirmation,
}

/// Why an action cannot be taken yet: a message code (`err-<code>`) and how many things block it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Blocked {
    pub code: &'static str,
    pub count: i64,
}

/// An action offered on a page: enabled, or shown disabled with the reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub act: Act,
    pub blocked: Option<Blocked>,
}

impl Offer {
    fn now(act: Act) -> Offer {
        Offer { act, blocked: None }
    }

    fn blocked(act: Act, code: &'static str, count: i64) -> Offer {
        Offer {
            act,
            blocked: Some(Blocked { code, count }),
        }
    }

    pub fn enabled(&self) -> bool {
        self.blocked.is_none()
    }
}

/// What the campaign's coordinators are waiting for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// Producers with a purchase order that have not confirmed it.
    pub producers_waiting: i64,
    /// Shares whose payment request is not settled (open, partly paid or overpaid).
    pub unpaid_shares: i64,
}

/// The actions a coordinator has in each state: every state but the final ones offers at least
/// one enabled action (cancelling, at worst), and the next step shown disabled with its reason
/// while it is not possible.
pub fn coordinator_offers(state: State, p: Progress) -> Vec<Offer> {
    use State::*;
    match state {
        Draft | Open => vec![Offer::now(Act::Close), Offer::now(Act::Cancel)],
        Closed => vec![
            Offer::blocked(
                Act::Ship,
                "producers-not-confirmed",
                p.producers_waiting.max(1),
            ),
            Offer::now(Act::Cancel),
        ],
        Confirmed => vec![Offer::now(Act::Ship), Offer::now(Act::Cancel)],
        Shipped => vec![Offer::now(Act::Deliver)],
        Delivered if p.unpaid_shares > 0 => {
            vec![Offer::blocked(
                Act::Settle,
                "unpaid-shares",
                p.unpaid_shares,
            )]
        }
        Delivered => vec![Offer::now(Act::Settle)],
        Settled | Cancelled => Vec::new(),
    }
}

/// Where one producer's purchase order stands (a producer allotted nothing has none).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderState {
    /// The campaign closed: the producer says what it can supply.
    ToConfirm,
    /// Confirmed; other producers of the campaign have not all answered.
    Waiting,
    /// Every producer confirmed: the goods can leave.
    ToShip,
    /// Shipped: the group records the delivery.
    Shipped,
    Delivered,
    Settled,
    Cancelled,
}

impl OrderState {
    /// From the campaign's state and whether this producer has confirmed.
    pub fn of(campaign: State, confirmed: bool) -> OrderState {
        match campaign {
            State::Draft | State::Open | State::Closed if !confirmed => OrderState::ToConfirm,
            State::Draft | State::Open | State::Closed => OrderState::Waiting,
            State::Confirmed => OrderState::ToShip,
            State::Shipped => OrderState::Shipped,
            State::Delivered => OrderState::Delivered,
            State::Settled => OrderState::Settled,
            State::Cancelled => OrderState::Cancelled,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            OrderState::ToConfirm => "to_confirm",
            OrderState::Waiting => "waiting",
            OrderState::ToShip => "to_ship",
            OrderState::Shipped => "shipped",
            OrderState::Delivered => "delivered",
            OrderState::Settled => "settled",
            OrderState::Cancelled => "cancelled",
        }
    }

    /// Whether the producer still has something to do with it.
    pub fn producer_acts(self) -> bool {
        matches!(
            self,
            OrderState::ToConfirm | OrderState::Waiting | OrderState::ToShip
        )
    }
}

/// The actions a producer member has on its purchase order. Once shipped, the next step is the
/// group's (recording the delivery), shown on the campaign page.
pub fn producer_offers(state: OrderState, others_waiting: i64) -> Vec<Offer> {
    match state {
        OrderState::ToConfirm => vec![Offer::now(Act::Confirm)],
        OrderState::Waiting => vec![
            Offer::now(Act::ChangeConfirmation),
            Offer::blocked(Act::Ship, "producers-not-confirmed", others_waiting.max(1)),
        ],
        OrderState::ToShip => vec![Offer::now(Act::Ship)],
        OrderState::Shipped
        | OrderState::Delivered
        | OrderState::Settled
        | OrderState::Cancelled => Vec::new(),
    }
}

/// Whether a producer has a purchase order in a closed campaign: some units ordered of one of
/// its products. A producer allotted nothing has nothing to confirm and is not waited for.
pub fn has_order(ordered_units: impl IntoIterator<Item = i64>) -> bool {
    ordered_units.into_iter().any(|u| u > 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::Iterable;

    #[test]
    fn every_state_but_the_final_ones_offers_its_responsible_person_an_action() {
        let stuck = Progress {
            producers_waiting: 2,
            unpaid_shares: 3,
        };
        for s in State::iter() {
            for p in [Progress::default(), stuck] {
                let offers = coordinator_offers(s, p);
                let final_state = matches!(s, State::Settled | State::Cancelled);
                assert_eq!(offers.is_empty(), final_state, "{s:?}");
                if !final_state && s != State::Delivered {
                    assert!(offers.iter().any(Offer::enabled), "{s:?} {p:?}");
                }
            }
        }
        // Settling waits for the shares, and says how many.
        assert_eq!(
            coordinator_offers(State::Delivered, stuck)[0].blocked,
            Some(Blocked {
                code: "unpaid-shares",
                count: 3
            })
        );
        for st in State::iter() {
            for confirmed in [false, true] {
                let o = OrderState::of(st, confirmed);
                let offers = producer_offers(o, 1);
                assert_eq!(!offers.is_empty(), o.producer_acts(), "{o:?}");
                assert!(offers.is_empty() || offers.iter().any(Offer::enabled));
            }
        }
        assert!(!has_order([0, 0]));
        assert!(has_order([0, 12]));
    }
}
