//! A product's unit ("bouteille de 250 ml", "زجاجة 250 مل") is written per language, like its
//! name: `unit_i18n` holds the texts by language code. The old `unit` column stays, holding the
//! text in the reference language (French, else the first written), so that anything that still
//! reads it (exports, older clients) keeps working. Campaigns copy both with the product's terms.
//! Existing units were typed in French (the form's only field until now): they become `{"fr": unit}`.

use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLES: [&str; 2] = ["products", "campaign_products"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let object = match m.get_database_backend() {
            DbBackend::Postgres => "jsonb_build_object('fr', unit)",
            _ => "json_object('fr', unit)",
        };
        for table in TABLES {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(json_binary("unit_i18n").default("{}"))
                    .to_owned(),
            )
            .await?;
            db.execute_unprepared(&format!(
                "UPDATE {table} SET unit_i18n = {object} WHERE unit <> ''"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in TABLES {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .drop_column("unit_i18n")
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
