use crate::cents::Cents;
use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// Where a campaign is in its life (the moves between states are the group orders' rules).
/// Stored as its snake_case name.
pub enum CampaignState {
    /// Being prepared by its coordinators; members do not see it yet.
    Draft,
    /// Members fill their baskets.
    Open,
    /// Baskets are closed and allocated; the producers confirm what they will send.
    Closed,
    /// The producers confirmed; members owe their shares.
    Confirmed,
    /// The goods are on their way.
    Shipped,
    /// The goods arrived and were handed out.
    Delivered,
    /// Every share is paid and the producers are paid: nothing left to do.
    Settled,
    /// It will not go ahead (too little ordered, or cancelled by a coordinator).
    Cancelled,
}
}

impl CampaignState {
    /// The stored name (also the key of the state's label in the pages).
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Open => "open",
            Self::Closed => "closed",
            Self::Confirmed => "confirmed",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Settled => "settled",
            Self::Cancelled => "cancelled",
        }
    }
}

/// A group's order window with producers of its partnership.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::CampaignId,
    pub group_id: crate::GroupId,
    pub partnership_id: crate::PartnershipId,
    pub title: String,
    pub state: CampaignState,
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
    /// The real transport cost billed to the members instead of the estimate, once every
    /// shipment carrying the campaign has its carrier's invoice (partnerships whose members pay
    /// the real cost).
    pub real_transport_cents: Option<Cents>,
    /// What the partnership's costs bore of the difference between the real transport cost and
    /// the estimate (partnerships where the estimate is final; negative when it was less).
    pub transport_absorbed_cents: Cents,
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
