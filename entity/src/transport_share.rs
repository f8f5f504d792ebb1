use sea_orm::entity::prelude::*;

/// A campaign's share of a shipment's carrier invoice.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "transport_shares")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shipment_id: crate::ShipmentId,
    pub campaign_id: crate::CampaignId,
    /// The campaign's gross grams, or declared value in cents, in the shipment.
    pub basis_amount: i64,
    pub share_cents: crate::Cents,
}

impl ActiveModelBehavior for ActiveModel {}
