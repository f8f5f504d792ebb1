//! The packing plan of a shipment: its pallets or parcels, numbered, and how many cases of each
//! product go on each.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("shipment_units")
                .col(big_pk_auto("id"))
                .col(big_integer("shipment_id"))
                // pallet or parcel.
                .col(string_len("kind", 16))
                .col(integer("number"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("shipment_units", "shipment_id", "shipments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("shipment_units", &["shipment_id", "number"], true))
            .await?;
        m.create_table(
            Table::create()
                .table("shipment_unit_items")
                .col(big_pk_auto("id"))
                .col(big_integer("unit_id"))
                .col(big_integer("producer_id"))
                .col(big_integer("product_id"))
                .col(integer("cases"))
                .foreign_key(&mut fk("shipment_unit_items", "unit_id", "shipment_units"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "shipment_unit_items",
            &["unit_id", "product_id"],
            true,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["shipment_unit_items", "shipment_units"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
