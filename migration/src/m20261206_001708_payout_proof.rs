//! The proof of a payout: the bank's transfer confirmation (a PDF, PNG or JPEG) kept under the
//! data directory by content hash, with the name it was uploaded under and its content type.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

const COLUMNS: [&str; 3] = ["proof_key", "proof_name", "proof_type"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite adds them one at a time.
        for c in COLUMNS {
            m.alter_table(
                Table::alter()
                    .table("payouts")
                    .add_column(string_null(c))
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for c in COLUMNS {
            m.alter_table(Table::alter().table("payouts").drop_column(c).to_owned())
                .await?;
        }
        Ok(())
    }
}
