//! PDF attachments of practice sheets (the files live under the data directory).

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("practice_attachments")
                .col(big_pk_auto("id"))
                .col(big_integer("sheet_id"))
                .col(string_len("file_key", 64))
                .col(string("filename"))
                .col(big_integer("size_bytes"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "practice_attachments",
                    "sheet_id",
                    "practice_sheets",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("practice_attachments", &["sheet_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("practice_attachments").to_owned())
            .await
    }
}
