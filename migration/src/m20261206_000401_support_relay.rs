//! A support request's recipient territory where nobody had an account when it was posted: the
//! request was passed to the network's administrators instead (`relayed`), so the requester can
//! be told who actually received it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("support_recipients")
                .add_column(boolean("relayed").default(false))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("support_recipients")
                .drop_column("relayed")
                .to_owned(),
        )
        .await
    }
}
