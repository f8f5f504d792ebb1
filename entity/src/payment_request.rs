use crate::cents::{Cents, split_cents};
use crate::ledger_entry::LedgerKind;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// How the money of a request divides between those it is owed to, in cents of the full
/// amount (they add up to it), as a JSON column. Payments and refunds are split in the same
/// proportions.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult,
)]
pub struct Allocation {
    pub producer_cents: Cents,
    pub transport_cents: Cents,
    pub costs_cents: Cents,
    pub community_fund_cents: Cents,
    pub vat_cents: Cents,
    /// Whatever is not one of the above (a booking's hosts and local services ...).
    pub other_cents: Cents,
}

impl Allocation {
    pub fn total(&self) -> Cents {
        self.producer_cents
            + self.transport_cents
            + self.costs_cents
            + self.community_fund_cents
            + self.vat_cents
            + self.other_cents
    }

    /// The share of each part in `amount` cents moved (to the cent, adding up to `amount`).
    /// An allocation of nothing puts everything in `other`.
    /// The ledger's (kind, cents) of each part.
    pub fn ledger_shares(&self) -> Vec<(LedgerKind, Cents)> {
        vec![
            (LedgerKind::Producer, self.producer_cents),
            (LedgerKind::Transport, self.transport_cents),
            (LedgerKind::Costs, self.costs_cents),
            (LedgerKind::CommunityFund, self.community_fund_cents),
            (LedgerKind::Vat, self.vat_cents),
            (LedgerKind::Other, self.other_cents),
        ]
    }

    pub fn split(&self, amount: Cents) -> Allocation {
        let weights = [
            self.producer_cents,
            self.transport_cents,
            self.costs_cents,
            self.community_fund_cents,
            self.vat_cents,
            self.other_cents,
        ]
        .map(Cents::get);
        if weights.iter().all(|w| *w <= 0) {
            return Allocation {
                other_cents: amount,
                ..Default::default()
            };
        }
        let sign = if amount < Cents::ZERO { -1 } else { 1 };
        let p = split_cents(Cents(amount.get().abs()), &weights);
        Allocation {
            producer_cents: p[0] * sign,
            transport_cents: p[1] * sign,
            costs_cents: p[2] * sign,
            community_fund_cents: p[3] * sign,
            vat_cents: p[4] * sign,
            other_cents: p[5] * sign,
        }
    }
}

crate::stored_enum! {
/// What a request is for. The area owning a purpose registers what happens when such a
/// request is paid (the payments core never names a feature). Stored as its snake_case name.
pub enum Purpose {
    /// A member's share of a buying group's campaign (`purpose_id`: the campaign share).
    CampaignShare,
    /// A booking's deposit, or its whole price when it is due at once (`purpose_id`: the booking).
    BookingDeposit,
    /// A booking's balance (`purpose_id`: the booking).
    BookingBalance,
}
}

crate::stored_enum! {
/// Where a request stands, from what it asks and what moved. Stored as its snake_case name.
pub enum RequestStatus {
    /// Nothing paid yet (or everything paid went back without a refund being recorded).
    Open,
    /// Some of what is asked is paid.
    PartlyPaid,
    /// Exactly what is asked is paid.
    Paid,
    /// More than what is asked is paid.
    Overpaid,
    /// What was paid all went back.
    Refunded,
    /// Nothing is owed any more (money held may still have to go back).
    Cancelled,
}
}

/// An amount someone owes (a campaign share, a booking deposit or balance).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payment_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::PaymentRequestId,
    /// Public, unguessable: used in links.
    #[sea_orm(unique)]
    pub reference: String,
    /// The 12 digits of the structured communication.
    #[sea_orm(unique)]
    pub ogm: String,
    pub partnership_id: crate::PartnershipId,
    pub payer_user_id: Option<i64>,
    pub payer_email: String,
    pub payer_name: String,
    pub purpose_type: Purpose,
    pub purpose_id: i64,
    pub description: String,
    pub amount_cents: Cents,
    pub paid_cents: Cents,
    pub refunded_cents: Cents,
    pub allocation: Allocation,
    pub status: RequestStatus,
    pub due_on: Option<Date>,
    pub creditor_name: String,
    pub creditor_iban: String,
    pub creditor_bic: Option<String>,
    pub stripe_session_id: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub stripe_checkout_url: Option<String>,
    pub stripe_expires_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    /// The community fund project the fund share of this money is designated to.
    pub fund_project_id: Option<i64>,
    /// The buying group whose coordinators keep the books of this request with the
    /// partnership's (a member's share of its campaign).
    pub group_id: Option<crate::GroupId>,
    /// What refunds took off what was asked (`amount_cents` is what is owed now).
    pub waived_cents: Cents,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
