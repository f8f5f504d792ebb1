//! PostgreSQL: the words a search reads and the product's category in one stored tsvector,
//! `terms_tsv`, with its GIN index, so a search with a category is crossed inside the index
//! (`'amande':* & '#nuts'`: the category is a lexeme `#` + its code, which no searched word,
//! made of letters and digits, can produce) instead of the bitmap of every match of the words
//! being built and then crossed with the category's index (measured at 100,000 products:
//! 1,937 rows read from the index instead of 21,285, about half the statement's time).
//!
//! `search_tsv` and its index stay while an instance of the previous version may still run
//! (migrations only add); a later migration can drop them. SQLite has `product_terms`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        db.execute_unprepared(
            "ALTER TABLE products ADD COLUMN IF NOT EXISTS terms_tsv tsvector \
             GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_text, '')) \
             || array_to_tsvector(ARRAY['#' || category])) STORED",
        )
        .await?;
        // As for search_tsv: no pending list, so the planner never finds the index slow.
        db.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS ix_products_terms_tsv ON products \
             USING GIN (terms_tsv) WITH (fastupdate = off)",
        )
        .await?;
        db.execute_unprepared("ANALYZE products").await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let db = m.get_connection();
        db.execute_unprepared("DROP INDEX IF EXISTS ix_products_terms_tsv")
            .await?;
        db.execute_unprepared("ALTER TABLE products DROP COLUMN IF EXISTS terms_tsv")
            .await?;
        Ok(())
    }
}
