use crate::cents::Cents;
use sea_orm::entity::prelude::*;

/// Money received for a request: a bank transfer (recorded or imported) or a card payment.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "payments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub payment_request_id: crate::PaymentRequestId,
    /// bank or stripe.
    pub method: String,
    pub amount_cents: Cents,
    pub received_on: Date,
    /// What makes it unique at its source (a statement line, a Stripe payment): recorded once.
    #[sea_orm(unique)]
    pub external_id: Option<String>,
    pub counterparty: Option<String>,
    /// An amount that does not match what was asked, for the treasurer to look at.
    pub flagged: bool,
    pub flag_reason: Option<String>,
    pub recorded_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
