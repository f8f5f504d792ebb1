//! Whether a product is of preferential origin (wholly obtained or sufficiently processed in the
//! partner country): only such goods count towards the EUR 6,000 of an origin declaration.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("products")
                .add_column(boolean("originating").default(true))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("products")
                .drop_column("originating")
                .to_owned(),
        )
        .await
    }
}
