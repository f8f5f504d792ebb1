//! Privacy (issue 20): each partnership names its data controller and how to reach it; an
//! account may withdraw its consent to optional emails; an email may carry a one-click
//! unsubscribe link; and every export of personal data by coordinators and hosts is recorded.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn alter(table: &str) -> TableAlterStatement {
    Table::alter().table(table.to_owned()).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite adds one column per statement.
        m.alter_table(
            alter("partnerships")
                .add_column(string("controller_name").default(""))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            alter("partnerships")
                .add_column(string("controller_contact").default(""))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            alter("users")
                .add_column(timestamp_with_time_zone_null("optional_mail_withdrawn_at"))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            alter("outbox_messages")
                .add_column(string_null("unsubscribe_url"))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("personal_data_exports")
                .col(big_pk_auto("id"))
                // No foreign key: the record outlives the account that exported.
                .col(big_integer("user_id"))
                .col(string("kind"))
                .col(big_integer_null("partnership_id"))
                .col(string("subject"))
                .col(integer("row_count"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("personal_data_exports", &["created_at"], false))
            .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table("personal_data_exports").to_owned())
            .await?;
        for (table, col) in [
            ("outbox_messages", "unsubscribe_url"),
            ("users", "optional_mail_withdrawn_at"),
            ("partnerships", "controller_contact"),
            ("partnerships", "controller_name"),
        ] {
            m.alter_table(alter(table).drop_column(col.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
