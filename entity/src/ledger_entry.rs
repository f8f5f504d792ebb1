use crate::cents::Cents;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// What a ledger entry records: the cash of a request, one of the shares it splits into (they
/// add up to the cash), or money paid out of the community fund. Stored as its snake_case name.
pub enum LedgerKind {
    /// Money received on a request (positive).
    Received,
    /// Money given back on a request (negative).
    Refunded,
    /// The producers' share.
    Producer,
    /// The transport's share.
    Transport,
    /// The organisation's costs (a group's fee, what the fund had already paid out of a refund).
    Costs,
    /// The community fund's share of money received (negative for refunds).
    CommunityFund,
    /// The VAT's share.
    Vat,
    /// Everything else (the hosts' share of a stay).
    Other,
    /// Money paid out of the fund to a project (negative amounts, no payment request).
    FundDisbursed,
    /// Money paid to a producer from its producer shares (negative amounts, no payment
    /// request; the payout says which producer).
    ProducerPaid,
}
}

/// One movement of money, tied to its partnership. Append-only: corrections are new entries.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub partnership_id: crate::PartnershipId,
    pub payment_request_id: Option<crate::PaymentRequestId>,
    /// The cash, a share of it (signed: refunds are negative), or a disbursement of the fund.
    pub kind: LedgerKind,
    pub amount_cents: Cents,
    /// bank or stripe.
    pub method: String,
    pub memo: String,
    /// The community fund project a `community_fund` share is designated to, or that a
    /// `fund_disbursed` entry paid.
    pub fund_project_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
