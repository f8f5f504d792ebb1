//! The outbox (emails queued in the same transaction as their cause), scheduled jobs,
//! single-use account tokens (email verification, password reset) and invitations.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("outbox_messages")
                .col(big_pk_auto("id"))
                .col(string_uniq("message_id"))
                .col(string("template"))
                .col(string_len("locale", 5))
                .col(string("to_email"))
                .col(string("to_name"))
                .col(string_null("reply_to"))
                .col(string("subject"))
                .col(text("body_text"))
                .col(text("body_html"))
                .col(json_binary("attachments"))
                .col(string_len("status", 16))
                .col(integer("attempts").default(0))
                .col(timestamp_with_time_zone("next_attempt_at"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(string_null("locked_by"))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("sent_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "outbox_messages",
            &["status", "next_attempt_at"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("jobs")
                .col(big_pk_auto("id"))
                .col(string("kind"))
                .col(json_binary("payload"))
                .col(string_null("unique_key"))
                .col(string_len("status", 16))
                .col(integer("attempts").default(0))
                .col(integer("max_attempts"))
                .col(timestamp_with_time_zone("run_at"))
                .col(timestamp_with_time_zone_null("locked_until"))
                .col(string_null("locked_by"))
                .col(text_null("last_error"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("jobs", &["status", "run_at"], false))
            .await?;
        m.create_index(index("jobs", &["unique_key"], true)).await?;

        m.create_table(
            Table::create()
                .table("account_tokens")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string_len("purpose", 32))
                .col(string_uniq("token_hash"))
                .col(string("email"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("account_tokens", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("account_tokens", &["user_id", "purpose"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("invitations")
                .col(big_pk_auto("id"))
                .col(string_uniq("token_hash"))
                .col(string("email"))
                .col(string("role"))
                .col(string("scope_type"))
                .col(big_integer("scope_id"))
                .col(big_integer_null("invited_by"))
                .col(timestamp_with_time_zone("expires_at"))
                .col(timestamp_with_time_zone_null("accepted_at"))
                .col(big_integer_null("accepted_by"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("invitations", &["scope_type", "scope_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["invitations", "account_tokens", "jobs", "outbox_messages"] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
