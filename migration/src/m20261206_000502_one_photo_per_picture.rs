//! The same picture is kept once per owner: photos are named by the hash of what was uploaded,
//! so a unique index on (owner, file key) makes a second upload of the same file a no-op even
//! when two arrive at once. Duplicates already stored are removed first (the oldest stays).

use sea_orm_migration::prelude::*;

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.get_connection()
            .execute_unprepared(
                "DELETE FROM photos WHERE id NOT IN \
                 (SELECT MIN(id) FROM photos GROUP BY owner_type, owner_id, file_key)",
            )
            .await?;
        m.create_index(index(
            "photos",
            &["owner_type", "owner_id", "file_key"],
            true,
        ))
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_photos_owner_type_owner_id_file_key")
                .table("photos")
                .to_owned(),
        )
        .await
    }
}
