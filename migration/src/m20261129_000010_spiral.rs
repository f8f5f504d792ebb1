//! The SPIRAL view of a territory: the well-being criteria its citizens defined, and the
//! partnership actions (campaigns, stays, practice sheets) that serve them.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("spiral_criteria")
                .col(big_pk_auto("id"))
                .col(big_integer("territory_id"))
                .col(string_len("family", 32))
                .col(string_len("polarity", 16))
                .col(text("text"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("spiral_criteria", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("spiral_criteria", &["territory_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("spiral_links")
                .col(big_pk_auto("id"))
                .col(big_integer("criterion_id"))
                .col(string_len("kind", 16))
                .col(big_integer("target_id"))
                .foreign_key(&mut fk("spiral_links", "criterion_id", "spiral_criteria"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "spiral_links",
            &["criterion_id", "kind", "target_id"],
            true,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["spiral_links", "spiral_criteria"] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
