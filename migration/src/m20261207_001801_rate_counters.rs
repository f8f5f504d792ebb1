//! Attempts counted per limiter key and per minute, in the database so that every instance of
//! the server counts against the same limits (login, sign-up, password reset).

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("rate_counters")
                .col(string("limiter_key"))
                .col(big_integer("window_start"))
                .col(integer("attempts"))
                .primary_key(Index::create().col("limiter_key").col("window_start"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("rate_counters", &["window_start"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("rate_counters").to_owned())
            .await
    }
}
