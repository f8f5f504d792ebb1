//! The exchange of practices: practice sheets of the territories, the topics each territory can
//! help with, and support requests with the territories they reach and their thread.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("practice_sheets")
                .col(big_pk_auto("id"))
                .col(string_uniq("slug"))
                .col(big_integer("territory_id"))
                .col(string_len("pillar", 16))
                .col(json_binary("topics"))
                .col(json_binary("title"))
                .col(json_binary("summary"))
                .col(json_binary("method"))
                .col(json_binary("results"))
                .col(text("contacts"))
                .col(json_binary("languages"))
                .col(text("search_text"))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("practice_sheets", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("practice_sheets", &["territory_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("territory_expertise")
                .col(big_pk_auto("id"))
                .col(big_integer("territory_id"))
                .col(string_len("topic", 32))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "territory_expertise",
                    "territory_id",
                    "territories",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "territory_expertise",
            &["territory_id", "topic"],
            true,
        ))
        .await?;
        m.create_index(index("territory_expertise", &["topic"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("support_requests")
                .col(big_pk_auto("id"))
                .col(big_integer("territory_id"))
                .col(string_len("topic", 32))
                .col(string("title"))
                .col(text("need"))
                .col(date_null("deadline"))
                .col(string_len("status", 16))
                .col(big_integer_null("practice_sheet_id"))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone_null("resolved_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("support_requests", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("support_requests", &["status"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("support_recipients")
                .col(big_pk_auto("id"))
                .col(big_integer("request_id"))
                .col(big_integer("territory_id"))
                .col(string_len("reason", 16))
                .foreign_key(&mut fk(
                    "support_recipients",
                    "request_id",
                    "support_requests",
                ))
                .foreign_key(&mut fk("support_recipients", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "support_recipients",
            &["request_id", "territory_id"],
            true,
        ))
        .await?;
        m.create_index(index("support_recipients", &["territory_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("support_messages")
                .col(big_pk_auto("id"))
                .col(big_integer("request_id"))
                .col(big_integer("territory_id"))
                .col(big_integer("user_id"))
                .col(text("body"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "support_messages",
                    "request_id",
                    "support_requests",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("support_messages", &["request_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "support_messages",
            "support_recipients",
            "support_requests",
            "territory_expertise",
            "practice_sheets",
        ] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
