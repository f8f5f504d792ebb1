use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

use crate::trip::Texts;

crate::stored_enum! {
/// Where a waiting-list entry stands. Stored as its snake_case name.
pub enum WaitlistStatus {
    /// In line for places on the departure.
    Waiting,
    /// Freed places are held for the party (`booking_id`) while they pay the deposit.
    Offered,
    /// Left the list, or the departure was called off.
    Withdrawn,
}
}

/// A family or group waiting for `seats` places on a full departure.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "waitlist_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub departure_id: crate::DepartureId,
    pub user_id: i64,
    pub seats: i32,
    /// The travellers' names.
    pub travellers: Texts,
    pub contact_email: String,
    pub status: WaitlistStatus,
    pub booking_id: Option<crate::BookingId>,
    /// The community fund project the party chose to support.
    pub fund_project_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
