//! Indexes for the impact dashboard: its aggregates read the ledger by kind, partnership and
//! month, campaigns by close, and support requests by territory, without touching table rows.

use sea_orm_migration::prelude::*;

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[(&str, &[&str])] = &[
    // Covers the dashboard's ledger sums: an index-only scan on both databases.
    (
        "ledger_entries",
        &["kind", "partnership_id", "created_at", "amount_cents"],
    ),
    ("campaigns", &["partnership_id", "closed_at"]),
    ("support_requests", &["territory_id", "created_at"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, cols) in INDEXES {
            m.create_index(index(table, cols, false)).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, cols) in INDEXES {
            m.drop_index(
                Index::drop()
                    .name(format!("ix_{table}_{}", cols.join("_")))
                    .table((*table).to_owned())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
