use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// A paper a shipment may need to cross the borders. Stored as its snake_case name.
pub enum PaperKind {
    /// The commercial invoice (generated from the contents).
    CommercialInvoice,
    /// The packing list (generated from the contents).
    PackingList,
    /// An exporter's origin declaration, printed on the invoice.
    OriginDeclaration,
    /// An EUR.1 movement certificate for one exporter, stamped by the customs.
    Eur1,
    /// A health certificate (ONSSA) for an exporter's animal products (honey).
    HealthCertificate,
    /// A phytosanitary certificate (ONSSA) for an exporter's plant products.
    PhytosanitaryCertificate,
}
}

crate::stored_enum! {
/// Where a paper stands. Stored as its snake_case name.
pub enum PaperStatus {
    /// Still to be obtained.
    ToPrepare,
    /// Obtained, with its reference and date.
    Obtained,
}
}

/// A paper of a shipment as recorded: its status, reference, date and an optional scan. Which
/// papers are required is computed from the contents; rows keep what was recorded, also for a
/// paper no longer required.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shipment_papers")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shipment_id: crate::ShipmentId,
    pub kind: PaperKind,
    /// The exporter it is for; 0 for a paper of the whole shipment.
    pub producer_id: crate::ProducerId,
    pub status: PaperStatus,
    pub reference: String,
    pub obtained_on: Option<Date>,
    /// The scan (a PDF kept by media) by content hash.
    pub file_key: Option<String>,
    pub file_name: Option<String>,
    pub updated_by: Option<i64>,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
