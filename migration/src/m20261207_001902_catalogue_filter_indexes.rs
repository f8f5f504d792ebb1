//! The catalogue's filters read from indexes, so a page and its count cost the same at 10,000
//! and at 100,000 products:
//! - the indexes of the sort orders carry the two columns every filter comes down to (the
//!   category, and the producer: partnership, territory, labels and approval are the
//!   producer's), so walking one to fill a page tests each product without reading its row;
//! - one index by producer and category counts the products a filter keeps, and reads the few
//!   of a narrow filter, without reading the rows of the others.
//!
//! The sort orders' indexes of the previous migration (same columns first) are no longer read;
//! they stay while an instance of the previous version may still run (migrations only add), and
//! a later migration can drop them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// (name, columns) of the partial indexes on the listed (not archived) products.
const INDEXES: [(&str, &str); 4] = [
    (
        "ix_products_walk_name",
        "sort_name, id, category, producer_id",
    ),
    (
        "ix_products_walk_price",
        "price_cents, id, category, producer_id",
    ),
    (
        "ix_products_walk_newest",
        "created_at, id, category, producer_id",
    ),
    (
        "ix_products_listed_producer",
        "producer_id, category, archived_at",
    ),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (name, cols) in INDEXES {
            db.execute_unprepared(&format!(
                "CREATE INDEX IF NOT EXISTS {name} ON products ({cols}) WHERE archived_at IS NULL"
            ))
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        for (name, _) in INDEXES {
            db.execute_unprepared(&format!("DROP INDEX IF EXISTS {name}"))
                .await?;
        }
        Ok(())
    }
}
