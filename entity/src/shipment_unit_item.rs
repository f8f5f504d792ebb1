use sea_orm::entity::prelude::*;

/// Cases of one product on a pallet or parcel of a shipment.
#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "shipment_unit_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub unit_id: i64,
    pub producer_id: crate::ProducerId,
    pub product_id: crate::ProductId,
    pub cases: i32,
}

impl ActiveModelBehavior for ActiveModel {}
