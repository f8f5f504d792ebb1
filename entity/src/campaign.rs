use crate::cents::Cents;
use sea_orm::entity::prelude::*;

/// A group's order window with producers of its partnership.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub group_id: i64,
    pub partnership_id: i64,
    pub title: String,
    /// draft, open, closed, confirmed, shipped, delivered, settled or cancelled.
    pub state: String,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub delivery_on: Date,
    pub pickup_point_id: Option<i64>,
    /// Estimated transport cost for the whole campaign.
    pub transport_cents: Cents,
    /// weight or value: how transport is split between members.
    pub transport_split: String,
    /// The group's fee for the whole campaign, split by value.
    pub fee_cents: Cents,
    /// Below this total of goods the campaign is cancelled at close.
    pub min_total_cents: Option<Cents>,
    /// Bumped each time the allocation is run again (producer confirmation, delivery).
    pub revision: i32,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
    pub reminded_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub confirmed_at: Option<DateTimeUtc>,
    pub shipped_at: Option<DateTimeUtc>,
    pub delivered_at: Option<DateTimeUtc>,
    pub settled_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub cancel_reason: Option<String>,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
