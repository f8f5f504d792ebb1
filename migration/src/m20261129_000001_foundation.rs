//! Accounts, roles, API tokens, territories, partnerships and networks.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("users")
                .col(big_pk_auto("id"))
                .col(string_uniq("email"))
                .col(string("password_hash"))
                .col(string("display_name"))
                .col(string_len("locale", 5).default("fr"))
                .col(timestamp_with_time_zone_null("email_verified_at"))
                .col(big_integer("session_epoch").default(0))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("role_assignments")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string("role"))
                .col(string("scope_type"))
                .col(big_integer("scope_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("role_assignments", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "role_assignments",
            &["user_id", "role", "scope_type", "scope_id"],
            true,
        ))
        .await?;
        m.create_index(index(
            "role_assignments",
            &["scope_type", "scope_id", "role"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("api_tokens")
                .col(big_pk_auto("id"))
                .col(big_integer("user_id"))
                .col(string_uniq("token_hash"))
                .col(string("name"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("last_used_at"))
                .foreign_key(&mut fk("api_tokens", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("api_tokens", &["user_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("territories")
                .col(big_pk_auto("id"))
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(string_len("country", 2))
                .col(string("region"))
                .col(string("kind"))
                .col(boolean("coresponsibility").default(false))
                .col(json_binary("description"))
                .col(string_null("website"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("partnerships")
                .col(big_pk_auto("id"))
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(big_integer("belgian_territory_id"))
                .col(big_integer("partner_territory_id"))
                .col(integer("since_year"))
                .col(boolean("pillar_practices").default(true))
                .col(boolean("pillar_tourism").default(true))
                .col(boolean("pillar_trade").default(true))
                .col(boolean("illustrative").default(false))
                .col(json_binary("description"))
                .col(json_binary("belgian_offers"))
                .col(json_binary("partner_offers"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "partnerships",
                    "belgian_territory_id",
                    "territories",
                ))
                .foreign_key(&mut fk(
                    "partnerships",
                    "partner_territory_id",
                    "territories",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "partnerships",
            &["belgian_territory_id", "partner_territory_id"],
            true,
        ))
        .await?;
        m.create_index(index("partnerships", &["partner_territory_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("networks")
                .col(big_pk_auto("id"))
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(integer_null("founded_year"))
                .col(json_binary("description"))
                .col(timestamp_with_time_zone("created_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("network_memberships")
                .col(big_pk_auto("id"))
                .col(big_integer("network_id"))
                .col(big_integer("territory_id"))
                .col(integer_null("joined_year"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("network_memberships", "network_id", "networks"))
                .foreign_key(&mut fk(
                    "network_memberships",
                    "territory_id",
                    "territories",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "network_memberships",
            &["network_id", "territory_id"],
            true,
        ))
        .await?;
        m.create_index(index("network_memberships", &["territory_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "network_memberships",
            "networks",
            "partnerships",
            "territories",
            "api_tokens",
            "role_assignments",
            "users",
        ] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
