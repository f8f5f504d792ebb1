//! SQLite: the index a narrow catalogue page chooses its products from carries their sort keys,
//! so the page is chosen from the index alone (ids and sort keys sorted, the page's 24 rows read
//! afterwards) instead of every product the filters keep being read from the table to be
//! sorted (a category in a partnership, 260 products at 10,000: 0.09 instead of 0.25 ms).
//! `ix_products_listed_producer`, narrower, still serves the counts.
//!
//! PostgreSQL's planner chooses its own way (it reads few products of a narrow filter and its
//! index-only reads depend on the visibility map): nothing to add there.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        m.get_connection()
            .execute_unprepared(
                "CREATE INDEX IF NOT EXISTS ix_products_listed_cover ON products \
                 (producer_id, category, archived_at, sort_name, price_cents, created_at) \
                 WHERE archived_at IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        if m.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        m.get_connection()
            .execute_unprepared("DROP INDEX IF EXISTS ix_products_listed_cover")
            .await?;
        Ok(())
    }
}
