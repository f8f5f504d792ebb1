//! The catalogue read from indexes: one per sort order of the listed (not archived) products,
//! each ending on the id that breaks ties, so a page is read by walking the index from where
//! the previous one stopped; and on PostgreSQL the search words stored as a `tsvector` with a
//! GIN index of its own, so a search never computes `to_tsvector` row by row. Only adds: the
//! indexes of the first catalogue migration stay for the instances still running it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, columns) of the partial indexes, one per sort order.
const ORDER_INDEXES: [(&str, &str); 3] = [
    ("ix_products_listed_name", "sort_name, id"),
    ("ix_products_listed_price", "price_cents, id"),
    ("ix_products_listed_newest", "created_at, id"),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (name, cols) in ORDER_INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {name} ON products ({cols}) WHERE archived_at IS NULL"
            ))
            .await?;
        }
        if m.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(
                "ALTER TABLE products ADD COLUMN IF NOT EXISTS search_tsv tsvector \
                 GENERATED ALWAYS AS (to_tsvector('simple', coalesce(search_text, ''))) STORED",
            )
            .await?;
            // No pending list (fastupdate): a product written goes straight into the index, so
            // the planner never finds the index slow to read and scans the table instead
            // (catalogue writes are few, searches many).
            db.execute_unprepared(
                "CREATE INDEX IF NOT EXISTS ix_products_search_tsv ON products \
                 USING GIN (search_tsv) WITH (fastupdate = off)",
            )
            .await?;
            // Statistics for the new column now, not at the next autovacuum: the planner's
            // estimate of how many products a word matches comes from them.
            db.execute_unprepared("ANALYZE products").await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (name, _) in ORDER_INDEXES {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
        if m.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("DROP INDEX IF EXISTS ix_products_search_tsv")
                .await?;
            db.execute_unprepared("ALTER TABLE products DROP COLUMN IF EXISTS search_tsv")
                .await?;
        }
        Ok(())
    }
}
