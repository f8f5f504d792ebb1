//! The pure rules of a collective order: the campaign's states, how members' quantities become
//! whole cases, how the units ordered are shared fairly, why each member received what they
//! did, and how goods, VAT, transport and the group fee add up to the cent per member.

use serde::Serialize;

pub use super::workflow::*;

mod bills;
mod cases;

pub use bills::*;
pub use cases::*;

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

#[cfg(test)]
mod tests;
