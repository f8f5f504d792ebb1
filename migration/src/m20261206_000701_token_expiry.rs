//! API tokens expire (`expires_at`); tokens issued before this migration get the default
//! lifetime from now.

use sea_orm_migration::sea_orm::prelude::ChronoUtc;
use sea_orm_migration::sea_orm::sea_query::Query;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The default lifetime given to the tokens that already exist.
const DAYS: u64 = 90;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("api_tokens")
                .add_column(timestamp_with_time_zone_null("expires_at"))
                .to_owned(),
        )
        .await?;
        let until = ChronoUtc::now() + std::time::Duration::from_secs(DAYS * 86_400);
        m.exec_stmt(
            Query::update()
                .table("api_tokens")
                .value("expires_at", until)
                .and_where(Expr::col("expires_at").is_null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("api_tokens")
                .drop_column("expires_at")
                .to_owned(),
        )
        .await
    }
}
