//! The real transport cost: the carrier's invoice recorded on a shipment, its shares among the
//! campaigns it carries, what each campaign's members were billed of it or the partnership bore,
//! and each partnership's rule (share by weight or by value; who takes the difference with the
//! estimate).

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("carrier_invoices")
                .col(big_pk_auto("id"))
                .col(big_integer("shipment_id").unique_key())
                .col(string_len("carrier", 200))
                .col(string_len("reference", 100))
                .col(date("invoiced_on"))
                .col(big_integer("amount_cents"))
                // weight or value: how the amount was shared among the campaigns.
                .col(string_len("basis", 16))
                .col(string_len_null("file_key", 64))
                .col(string_len_null("file_name", 120))
                .col(big_integer_null("recorded_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("carrier_invoices", "shipment_id", "shipments"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("transport_shares")
                .col(big_pk_auto("id"))
                .col(big_integer("shipment_id"))
                .col(big_integer("campaign_id"))
                // The campaign's gross grams or declared value cents in the shipment.
                .col(big_integer("basis_amount"))
                .col(big_integer("share_cents"))
                .foreign_key(&mut fk("transport_shares", "shipment_id", "shipments"))
                .foreign_key(&mut fk("transport_shares", "campaign_id", "campaigns"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "transport_shares",
            &["shipment_id", "campaign_id"],
            true,
        ))
        .await?;
        m.create_index(index("transport_shares", &["campaign_id"], false))
            .await?;
        m.alter_table(
            Table::alter()
                .table("campaigns")
                .add_column(big_integer_null("real_transport_cents"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("campaigns")
                .add_column(big_integer("transport_absorbed_cents").default(0))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("partnerships")
                .add_column(string_len("transport_basis", 16).default("weight"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table("partnerships")
                .add_column(string_len("transport_difference", 16).default("members"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (t, c) in [
            ("partnerships", "transport_difference"),
            ("partnerships", "transport_basis"),
            ("campaigns", "transport_absorbed_cents"),
            ("campaigns", "real_transport_cents"),
        ] {
            m.alter_table(Table::alter().table(t).drop_column(c).to_owned())
                .await?;
        }
        for t in ["transport_shares", "carrier_invoices"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
