use crate::cents::Cents;
use sea_orm::entity::prelude::*;

/// One movement of money, tied to its partnership. Append-only: corrections are new entries.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "ledger_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub partnership_id: i64,
    pub payment_request_id: Option<i64>,
    /// received, refunded (cash), and where it is owed: producer, transport, costs,
    /// community_fund, vat, other (signed: refunds are negative); and fund_disbursed
    /// (negative: paid out of the community fund to a project, no payment request).
    pub kind: String,
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
