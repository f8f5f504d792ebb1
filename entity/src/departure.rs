use crate::cents::Cents;
use sea_orm::FromJsonQueryResult;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// One tier of a cancellation policy: cancelled `from_days` days or more before the start, the
/// organisers keep `keep_bp` of the price.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tier {
    pub from_days: i32,
    pub keep_bp: i32,
}

/// The tiers, from the earliest cancellation to the latest.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, FromJsonQueryResult)]
#[serde(transparent)]
pub struct Policy(pub Vec<Tier>);

crate::stored_enum! {
/// Where a departure stands. Stored as its snake_case name.
pub enum DepartureStatus {
    /// Open for bookings; the minimum group is not confirmed yet.
    Scheduled,
    /// The minimum group is reached: the departure will take place.
    Confirmed,
    /// Called off; its bookings are cancelled and refunded.
    Cancelled,
}
}

/// A dated departure of a trip.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "departures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::DepartureId,
    pub trip_id: crate::TripId,
    pub starts_on: Date,
    pub ends_on: Date,
    pub capacity: i32,
    /// Places held or booked; never above capacity (one conditional update changes it).
    pub seats_taken: i32,
    /// Per traveller.
    pub price_cents: Cents,
    pub deposit_bp: i32,
    pub community_share_bp: i32,
    /// Per traveller, within the price.
    pub transport_cents: Cents,
    pub organisation_bp: i32,
    pub balance_due_on: Option<Date>,
    pub policy: Policy,
    pub status: DepartureStatus,
    pub confirmed_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
