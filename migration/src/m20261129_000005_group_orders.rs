//! Consumer groups with their pickup points, campaigns (order windows) with the products they
//! offer, the members' basket lines, and each member's share of a closed campaign.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("consumer_groups")
                .col(big_pk_auto("id"))
                .col(string_uniq("slug"))
                .col(string("name"))
                .col(big_integer("partnership_id"))
                .col(big_integer("territory_id"))
                .col(text("description"))
                .col(string_null("iban"))
                .col(string_null("bic"))
                .col(string_null("account_name"))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("consumer_groups", "partnership_id", "partnerships"))
                .foreign_key(&mut fk("consumer_groups", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("consumer_groups", &["partnership_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("pickup_points")
                .col(big_pk_auto("id"))
                .col(big_integer("group_id"))
                .col(string("name"))
                .col(string("address"))
                .col(string("opening_hours"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("pickup_points", "group_id", "consumer_groups"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("pickup_points", &["group_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("campaigns")
                .col(big_pk_auto("id"))
                .col(big_integer("group_id"))
                .col(big_integer("partnership_id"))
                .col(string("title"))
                .col(string_len("state", 16))
                .col(timestamp_with_time_zone("opens_at"))
                .col(timestamp_with_time_zone("closes_at"))
                .col(date("delivery_on"))
                .col(big_integer_null("pickup_point_id"))
                .col(big_integer("transport_cents"))
                .col(string_len("transport_split", 8))
                .col(big_integer("fee_cents"))
                .col(big_integer_null("min_total_cents"))
                .col(integer("revision").default(0))
                .col(text_null("note"))
                .col(timestamp_with_time_zone_null("reminded_at"))
                .col(timestamp_with_time_zone_null("closed_at"))
                .col(timestamp_with_time_zone_null("confirmed_at"))
                .col(timestamp_with_time_zone_null("shipped_at"))
                .col(timestamp_with_time_zone_null("delivered_at"))
                .col(timestamp_with_time_zone_null("settled_at"))
                .col(timestamp_with_time_zone_null("cancelled_at"))
                .col(string_null("cancel_reason"))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("campaigns", "group_id", "consumer_groups"))
                .foreign_key(&mut fk("campaigns", "partnership_id", "partnerships"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("campaigns", &["group_id", "state"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("campaign_products")
                .col(big_pk_auto("id"))
                .col(big_integer("campaign_id"))
                .col(big_integer("product_id"))
                .col(big_integer("producer_id"))
                .col(json_binary("name"))
                .col(string("unit"))
                .col(integer("case_size"))
                .col(integer("min_cases"))
                .col(integer("weight_grams"))
                .col(big_integer("price_cents"))
                .col(integer("vat_rate_bp"))
                .col(integer_null("stock"))
                .col(integer("ordered_cases").default(0))
                .col(integer("ordered_units").default(0))
                .col(integer_null("confirmed_units"))
                .col(integer_null("delivered_units"))
                .col(string_len_null("limited_by", 16))
                .foreign_key(&mut fk("campaign_products", "campaign_id", "campaigns"))
                .foreign_key(&mut fk("campaign_products", "product_id", "products"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "campaign_products",
            &["campaign_id", "product_id"],
            true,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("basket_lines")
                .col(big_pk_auto("id"))
                .col(big_integer("campaign_id"))
                .col(big_integer("campaign_product_id"))
                .col(big_integer("user_id"))
                .col(integer("quantity"))
                .col(integer("tolerance"))
                .col(integer_null("allocated"))
                .col(string_len_null("reason", 24))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("basket_lines", "campaign_id", "campaigns"))
                .foreign_key(&mut fk(
                    "basket_lines",
                    "campaign_product_id",
                    "campaign_products",
                ))
                .foreign_key(&mut fk("basket_lines", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "basket_lines",
            &["campaign_id", "user_id", "campaign_product_id"],
            true,
        ))
        .await?;
        m.create_index(index("basket_lines", &["campaign_product_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("campaign_shares")
                .col(big_pk_auto("id"))
                .col(big_integer("campaign_id"))
                .col(big_integer("user_id"))
                .col(big_integer("goods_cents"))
                .col(big_integer("vat_cents"))
                .col(json_binary("vat_detail"))
                .col(big_integer("transport_cents"))
                .col(big_integer("fee_cents"))
                .col(big_integer("total_cents"))
                .col(big_integer_null("payment_request_id"))
                .col(integer("revision").default(0))
                .col(timestamp_with_time_zone_null("collected_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("campaign_shares", "campaign_id", "campaigns"))
                .foreign_key(&mut fk("campaign_shares", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("campaign_shares", &["campaign_id", "user_id"], true))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "campaign_shares",
            "basket_lines",
            "campaign_products",
            "campaigns",
            "pickup_points",
            "consumer_groups",
        ] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
