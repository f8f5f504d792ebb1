//! Trainings and meetings of the network (like the SPIRAL training each June): registrations by
//! territory, never above capacity, with a waiting list.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("trainings")
                .col(big_pk_auto("id"))
                .col(big_integer("territory_id"))
                .col(string("title"))
                .col(text("description"))
                .col(timestamp_with_time_zone("starts_at"))
                .col(timestamp_with_time_zone("ends_at"))
                .col(string("place"))
                .col(string_null("online_url"))
                .col(integer("capacity"))
                .col(integer("seats_taken").default(0))
                .col(json_binary("audience"))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("trainings", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("trainings", &["starts_at"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("training_registrations")
                .col(big_pk_auto("id"))
                .col(big_integer("training_id"))
                .col(big_integer("territory_id"))
                .col(big_integer("user_id"))
                .col(json_binary("participants"))
                .col(integer("seats"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "training_registrations",
                    "training_id",
                    "trainings",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "training_registrations",
            &["training_id", "status", "id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["training_registrations", "trainings"] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
