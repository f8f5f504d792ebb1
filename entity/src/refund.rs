use crate::cents::Cents;
use sea_orm::entity::prelude::*;

/// Money going back: through Stripe for card payments, or a bank transfer to make by hand.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refunds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub payment_request_id: i64,
    /// stripe or bank.
    pub method: String,
    pub amount_cents: Cents,
    /// pending (to do or waiting for Stripe), done or failed.
    pub status: String,
    pub reason: Option<String>,
    pub external_id: Option<String>,
    pub requested_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub done_at: Option<DateTimeUtc>,
    /// How much this refund lowered what the payer owes (0 when they still owe it).
    pub waived_cents: Cents,
}

impl ActiveModelBehavior for ActiveModel {}
