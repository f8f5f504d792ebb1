use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

crate::stored_enum! {
/// What carries part of a shipment's cases. Stored as its snake_case name.
pub enum UnitKind {
    /// A pallet, on a truck.
    Pallet,
    /// A parcel, for a small shipment.
    Parcel,
}
}

impl UnitKind {
    pub fn as_str(self) -> &'static str {
        match self {
            UnitKind::Pallet => "pallet",
            UnitKind::Parcel => "parcel",
        }
    }

    pub fn parse(s: &str) -> Option<UnitKind> {
        match s {
            "pallet" => Some(UnitKind::Pallet),
            "parcel" => Some(UnitKind::Parcel),
            _ => None,
        }
    }
}

/// A pallet or a parcel of a shipment's packing plan, numbered within the shipment; its cases
/// are `shipment_unit_items`.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shipment_units")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub shipment_id: crate::ShipmentId,
    pub kind: UnitKind,
    pub number: i32,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
