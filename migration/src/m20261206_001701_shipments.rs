//! Shipments: the confirmed purchase orders (one campaign, one producer) carried together from
//! the cooperatives to the Belgian pickup points, with their timeline; and what a product needs
//! to cross a border: its customs code and the packaging weight of a case.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("shipments")
                .col(big_pk_auto("id"))
                .col(big_integer("partnership_id"))
                .col(string_len("origin", 200))
                .col(string_len("carrier", 200))
                .col(date_null("expected_on"))
                .col(string_len("step", 20))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("shipments", "partnership_id", "partnerships"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("shipments", &["partnership_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("shipment_orders")
                .col(big_pk_auto("id"))
                .col(big_integer("shipment_id"))
                .col(big_integer("campaign_id"))
                .col(big_integer("producer_id"))
                .col(big_integer_null("added_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("shipment_orders", "shipment_id", "shipments"))
                .foreign_key(&mut fk("shipment_orders", "campaign_id", "campaigns"))
                .foreign_key(&mut fk("shipment_orders", "producer_id", "producers"))
                .to_owned(),
        )
        .await?;
        // A purchase order travels in one shipment only, also when two coordinators add it at once.
        m.create_index(index(
            "shipment_orders",
            &["campaign_id", "producer_id"],
            true,
        ))
        .await?;
        m.create_index(index("shipment_orders", &["shipment_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("shipment_events")
                .col(big_pk_auto("id"))
                .col(big_integer("shipment_id"))
                .col(string_len("step", 20))
                .col(date("happened_on"))
                .col(big_integer_null("recorded_by"))
                .col(text("note"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("shipment_events", "shipment_id", "shipments"))
                .to_owned(),
        )
        .await?;
        // Each step is recorded once per shipment.
        m.create_index(index("shipment_events", &["shipment_id", "step"], true))
            .await?;
        m.alter_table(
            Table::alter()
                .table("products")
                .add_column(string_len_null("hs_code", 10))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("products")
                .add_column(integer_null("case_tare_grams"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in ["case_tare_grams", "hs_code"] {
            m.alter_table(Table::alter().table("products").drop_column(col).to_owned())
                .await?;
        }
        for t in ["shipment_events", "shipment_orders", "shipments"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
