use crate::cents::Cents;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// Where a booking stands. Stored as its snake_case name.
pub enum BookingStatus {
    /// Places kept while the traveller pays the deposit, until `expires_at`.
    Held,
    /// The deposit is in: the places are the traveller's.
    Confirmed,
    /// The hold ran out before the deposit came.
    Expired,
    /// Cancelled by the traveller, the host or with the departure.
    Cancelled,
}
}

/// Places on a departure: held while the traveller pays, confirmed once the deposit is in.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "bookings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::BookingId,
    #[sea_orm(unique)]
    pub reference: String,
    pub departure_id: crate::DepartureId,
    pub user_id: i64,
    pub seats: i32,
    pub status: BookingStatus,
    pub expires_at: DateTimeUtc,
    pub contact_name: String,
    pub contact_email: String,
    pub contact_phone: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub dietary: Option<String>,
    #[sea_orm(column_type = "Text", nullable)]
    pub accessibility: Option<String>,
    pub total_cents: Cents,
    pub deposit_cents: Cents,
    pub deposit_request_id: Option<crate::PaymentRequestId>,
    pub balance_request_id: Option<crate::PaymentRequestId>,
    pub refund_cents: Cents,
    pub confirmed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancel_reason: Option<String>,
    /// The community fund project the traveller chose to support.
    pub fund_project_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When the phone, dietary and accessibility needs were erased after the stay.
    pub sensitive_erased_at: Option<DateTimeUtc>,
}

impl ActiveModelBehavior for ActiveModel {}
