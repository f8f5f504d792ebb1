use crate::cents::Cents;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// Where a refund stands. Stored as its snake_case name.
pub enum RefundStatus {
    /// To transfer by hand, or waiting for Stripe.
    Pending,
    /// The money went back.
    Done,
    /// Stripe could not give it back.
    Failed,
}
}

/// Money going back: through Stripe for card payments, or a bank transfer to make by hand.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "refunds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub payment_request_id: crate::PaymentRequestId,
    /// stripe or bank.
    pub method: String,
    pub amount_cents: Cents,
    pub status: RefundStatus,
    pub reason: Option<String>,
    pub external_id: Option<String>,
    pub requested_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub done_at: Option<DateTimeUtc>,
    /// How much this refund lowered what the payer owes (0 when they still owe it).
    pub waived_cents: Cents,
}

impl ActiveModelBehavior for ActiveModel {}
