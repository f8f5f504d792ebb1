//! The delays of a shipment: each new expected arrival recorded, with the pickup date it gave
//! the campaigns in it, a note, who and when (the shipment's history). The logistics role
//! needs no schema: it is a role assignment like the others.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("shipment_delays")
                .col(big_pk_auto("id"))
                .col(big_integer("shipment_id"))
                .col(date_null("previous_on"))
                .col(date("expected_on"))
                .col(date_null("pickup_on"))
                .col(integer("days"))
                .col(text("note"))
                .col(big_integer_null("recorded_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("shipment_delays", "shipment_id", "shipments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("shipment_delays", &["shipment_id"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("shipment_delays").to_owned())
            .await
    }
}
