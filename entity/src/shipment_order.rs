use sea_orm::entity::prelude::*;

/// A purchase order (what one producer supplies for one campaign) in a shipment; a purchase
/// order is in one shipment at most (unique campaign and producer).
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shipment_orders")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shipment_id: crate::ShipmentId,
    pub campaign_id: crate::CampaignId,
    pub producer_id: crate::ProducerId,
    pub added_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
