//! When a booking's sensitive traveller data (phone, dietary and accessibility needs) was
//! erased after the stay, by the retention job: the hosts' lists then say so instead of
//! showing a blank.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("bookings")
                .add_column(timestamp_with_time_zone_null("sensitive_erased_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table("bookings")
                .drop_column("sensitive_erased_at")
                .to_owned(),
        )
        .await
    }
}
