use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// Where a shipment is on its way from the cooperatives to the pickup points, in the order the
/// steps happen (the moves between them are the shipments' rules). Stored as its snake_case name.
pub enum ShipmentStep {
    /// Purchase orders are being gathered into it.
    Preparing,
    /// The goods were collected from the cooperatives.
    Collected,
    /// Export customs cleared in the partner country.
    ExportCleared,
    /// On the road or at sea.
    InTransit,
    /// Import customs cleared in Belgium.
    ImportCleared,
    /// Arrived at the Belgian warehouse or pickup points.
    Arrived,
    /// Handed out to the groups.
    Distributed,
}
}

/// Goods carried together from a partner territory to the Belgian pickup points: the confirmed
/// purchase orders in it are `shipment_orders`, its timeline `shipment_events`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shipments")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: crate::ShipmentId,
    /// The partnership it was created under (its coordinators manage it).
    pub partnership_id: crate::PartnershipId,
    /// The region the goods leave from ("Chtouka-Aït Baha").
    pub origin: String,
    pub carrier: String,
    pub expected_on: Option<Date>,
    /// The last step recorded.
    pub step: ShipmentStep,
    pub created_by: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
