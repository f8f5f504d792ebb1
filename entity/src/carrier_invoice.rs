use sea_orm::entity::prelude::*;

use crate::partnership::TransportBasis;

/// The carrier's invoice for a shipment (one at most): what the transport really cost, shared
/// among the shipment's campaigns in `transport_shares`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "carrier_invoices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub shipment_id: crate::ShipmentId,
    pub carrier: String,
    pub reference: String,
    pub invoiced_on: Date,
    pub amount_cents: crate::Cents,
    /// How the amount was shared among the campaigns.
    pub basis: TransportBasis,
    /// The invoice's scan (a PDF kept by media) by content hash.
    pub file_key: Option<String>,
    pub file_name: Option<String>,
    pub recorded_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
