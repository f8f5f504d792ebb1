//! The papers of a shipment (kept with their status, reference, date and file), the rules that
//! say which product categories need a health or phytosanitary certificate (data coordinators
//! edit, seeded here), and a producer's approved exporter authorisation (origin declarations at
//! any value).

use sea_orm_migration::sea_orm::prelude::ChronoUtc;
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (category, health certificate, phytosanitary certificate, note) as first seeded: honey is
/// an animal product (ONSSA health certificate); herbs and dates are plant products checked by
/// ONSSA's plant protection (phytosanitary certificate). Oils, nuts, grains, preserves, teas,
/// cosmetics, crafts and textiles need neither.
const RULES: [(&str, bool, bool, &str); 11] = [
    ("oils", false, false, ""),
    ("spices_herbs", false, true, "ONSSA"),
    ("dates_dried_fruit", false, true, "ONSSA"),
    ("nuts", false, false, ""),
    ("honey", true, false, "ONSSA"),
    ("grains_couscous", false, false, ""),
    ("preserves", false, false, ""),
    ("tea_infusions", false, false, ""),
    ("cosmetics", false, false, ""),
    ("crafts", false, false, ""),
    ("textiles", false, false, ""),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("shipment_papers")
                .col(big_pk_auto("id"))
                .col(big_integer("shipment_id"))
                .col(string_len("kind", 32))
                // The exporter a paper is for; 0 for a paper of the whole shipment (so that the
                // unique index holds on both databases, where NULLs never collide).
                .col(big_integer("producer_id"))
                .col(string_len("status", 16))
                .col(string_len("reference", 100))
                .col(date_null("obtained_on"))
                .col(string_len_null("file_key", 64))
                .col(string_len_null("file_name", 120))
                .col(big_integer_null("updated_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("shipment_papers", "shipment_id", "shipments"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "shipment_papers",
            &["shipment_id", "kind", "producer_id"],
            true,
        ))
        .await?;
        m.create_table(
            Table::create()
                .table("category_rules")
                .col(string_len("category", 32).primary_key())
                .col(boolean("needs_health_certificate"))
                .col(boolean("needs_phytosanitary"))
                .col(string_len("note", 300))
                .col(big_integer_null("updated_by"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        let now = ChronoUtc::now();
        let mut insert = Query::insert();
        insert.into_table("category_rules").columns([
            "category",
            "needs_health_certificate",
            "needs_phytosanitary",
            "note",
            "updated_at",
        ]);
        for (category, health, phyto, note) in RULES {
            insert
                .values([
                    category.into(),
                    health.into(),
                    phyto.into(),
                    note.into(),
                    now.into(),
                ])
                .map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        m.exec_stmt(insert).await?;
        m.alter_table(
            Table::alter()
                .table("producers")
                .add_column(string_len_null("approved_exporter_number", 40))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("producers")
                .drop_column("approved_exporter_number")
                .to_owned(),
        )
        .await?;
        for t in ["category_rules", "shipment_papers"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
