//! Producers, products, photos, the price-breakdown shares of each partnership, and the
//! full-text index of the catalogue (FTS5 on SQLite, a GIN tsvector index on PostgreSQL).

use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (col, default) in [("transport_bp", 1200), ("costs_bp", 800), ("fund_bp", 300)] {
            m.alter_table(
                Table::alter()
                    .table("partnerships")
                    .add_column(integer(col).default(default))
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table("producers")
                .col(big_pk_auto("id"))
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(string_len("kind", 32))
                .col(big_integer("partnership_id"))
                .col(big_integer("territory_id"))
                .col(json_binary("description"))
                .col(string_null("odco_number"))
                .col(boolean("women_led").default(false))
                .col(json_binary("labels"))
                .col(string_null("contact_email"))
                .col(string_null("contact_phone"))
                .col(string_len("status", 16))
                .col(text_null("review_note"))
                .col(timestamp_with_time_zone_null("reviewed_at"))
                .col(big_integer_null("reviewed_by"))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("producers", "partnership_id", "partnerships"))
                .foreign_key(&mut fk("producers", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("producers", &["partnership_id", "status"], false))
            .await?;
        m.create_index(index("producers", &["territory_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("products")
                .col(big_pk_auto("id"))
                .col(big_integer("producer_id"))
                .col(json_binary("name"))
                .col(json_binary("description"))
                .col(string("sort_name"))
                .col(string_len("category", 32))
                .col(string("unit"))
                .col(integer("case_size"))
                .col(integer("min_cases").default(1))
                .col(integer("weight_grams"))
                .col(big_integer("price_cents"))
                .col(integer("vat_rate_bp"))
                .col(integer_null("stock"))
                .col(text("search_text"))
                .col(timestamp_with_time_zone_null("archived_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("products", "producer_id", "producers"))
                .to_owned(),
        )
        .await?;
        // Covering indexes: counting a filtered catalogue reads no table rows.
        m.create_index(index("products", &["producer_id", "archived_at"], false))
            .await?;
        m.create_index(index(
            "products",
            &["category", "producer_id", "archived_at"],
            false,
        ))
        .await?;
        m.create_index(index("products", &["sort_name"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("photos")
                .col(big_pk_auto("id"))
                .col(string_len("owner_type", 16))
                .col(big_integer("owner_id"))
                .col(string("file_key"))
                .col(integer("width"))
                .col(integer("height"))
                .col(integer("position").default(0))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "photos",
            &["owner_type", "owner_id", "position"],
            false,
        ))
        .await?;

        let db = m.get_connection();
        match m.get_database_backend() {
            DbBackend::Sqlite => {
                // An external-content FTS5 table kept in step with products by triggers.
                for sql in [
                    "CREATE VIRTUAL TABLE product_search USING fts5(search_text, content='products', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
                    "CREATE TRIGGER products_ai AFTER INSERT ON products BEGIN INSERT INTO product_search(rowid, search_text) VALUES (new.id, new.search_text); END",
                    "CREATE TRIGGER products_ad AFTER DELETE ON products BEGIN INSERT INTO product_search(product_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); END",
                    "CREATE TRIGGER products_au AFTER UPDATE OF search_text ON products BEGIN INSERT INTO product_search(product_search, rowid, search_text) VALUES ('delete', old.id, old.search_text); INSERT INTO product_search(rowid, search_text) VALUES (new.id, new.search_text); END",
                ] {
                    db.execute_unprepared(sql).await?;
                }
            }
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "CREATE INDEX ix_products_search ON products USING GIN (to_tsvector('simple', search_text))",
                )
                .await?;
            }
            _ => {}
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() == DbBackend::Sqlite {
            m.get_connection()
                .execute_unprepared("DROP TABLE IF EXISTS product_search")
                .await?;
        }
        for t in ["photos", "products", "producers"] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        for col in ["transport_bp", "costs_bp", "fund_bp"] {
            m.alter_table(
                Table::alter()
                    .table("partnerships")
                    .drop_column(col.to_owned())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
