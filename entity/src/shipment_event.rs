use sea_orm::entity::prelude::*;

use crate::shipment::ShipmentStep;

/// A step of a shipment's timeline: when it happened, who recorded it, an optional note.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shipment_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shipment_id: crate::ShipmentId,
    pub step: ShipmentStep,
    pub happened_on: Date,
    pub recorded_by: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
