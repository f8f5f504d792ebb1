use sea_orm::entity::prelude::*;

/// A delay of a shipment: its expected arrival moved from `previous_on` to `expected_on`, and
/// the pickup date of its campaigns moved to `pickup_on` (one date for all) or, when none was
/// given, each by `days`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shipment_delays")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shipment_id: crate::ShipmentId,
    pub previous_on: Option<Date>,
    pub expected_on: Date,
    pub pickup_on: Option<Date>,
    /// Days the arrival moved by (0 when there was no expected arrival before).
    pub days: i32,
    #[sea_orm(column_type = "Text")]
    pub note: String,
    pub recorded_by: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
