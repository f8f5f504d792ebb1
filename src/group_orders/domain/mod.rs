//! The pure rules of a collective order: the campaign's states, how members' quantities become
//! whole cases, how the units ordered are shared fairly, why each member received what they
//! did, and how goods, VAT, transport and the group fee add up to the cent per member.

pub use super::workflow::*;

mod bills;
mod cases;

pub use bills::*;
pub use cases::*;

/// Where a campaign is in its life: the stored state of the campaign's row.
pub use entity::campaign::CampaignState as State;

/// The campaign's state machine.
pub trait Lifecycle: Copy {
    /// The state a coordinator (or the producer, for `Confirmed`) may move to from here.
    /// Cancelling is possible until the goods are shipped.
    fn may_become(self, next: State) -> bool;

    /// After close: the allocation exists.
    fn is_closed(self) -> bool;
}

impl Lifecycle for State {
    fn may_become(self, next: State) -> bool {
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

    fn is_closed(self) -> bool {
        matches!(
            self,
            State::Closed | State::Confirmed | State::Shipped | State::Delivered | State::Settled
        )
    }
}

#[cfg(test)]
mod tests;
