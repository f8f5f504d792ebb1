//! Solidarity stays: trips with their programme, dated departures (capacity, price, deposit,
//! community share, cancellation tiers), bookings holding places with their travellers, and the
//! waiting list.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("trips")
                .col(big_pk_auto("id"))
                .col(string_uniq("slug"))
                .col(big_integer("partnership_id"))
                .col(big_integer("territory_id"))
                .col(json_binary("title"))
                .col(json_binary("description"))
                .col(json_binary("programme"))
                .col(json_binary("included"))
                .col(json_binary("not_included"))
                .col(json_binary("pre_departure"))
                .col(json_binary("languages"))
                .col(text("accessibility"))
                .col(integer("min_group"))
                .col(integer("max_group"))
                .col(string_len("status", 16))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("trips", "partnership_id", "partnerships"))
                .foreign_key(&mut fk("trips", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("trips", &["partnership_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("departures")
                .col(big_pk_auto("id"))
                .col(big_integer("trip_id"))
                .col(date("starts_on"))
                .col(date("ends_on"))
                .col(integer("capacity"))
                .col(integer("seats_taken").default(0))
                .col(big_integer("price_cents"))
                .col(integer("deposit_bp"))
                .col(integer("community_share_bp"))
                .col(big_integer("transport_cents").default(0))
                .col(integer("organisation_bp").default(0))
                .col(date_null("balance_due_on"))
                .col(json_binary("policy"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone_null("confirmed_at"))
                .col(timestamp_with_time_zone_null("cancelled_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("departures", "trip_id", "trips"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("departures", &["trip_id", "starts_on"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("bookings")
                .col(big_pk_auto("id"))
                .col(string_uniq("reference"))
                .col(big_integer("departure_id"))
                .col(big_integer("user_id"))
                .col(integer("seats"))
                .col(string_len("status", 16))
                .col(timestamp_with_time_zone("expires_at"))
                .col(string("contact_name"))
                .col(string("contact_email"))
                .col(string_null("contact_phone"))
                .col(text_null("dietary"))
                .col(text_null("accessibility"))
                .col(big_integer("total_cents"))
                .col(big_integer("deposit_cents"))
                .col(big_integer_null("deposit_request_id"))
                .col(big_integer_null("balance_request_id"))
                .col(big_integer("refund_cents").default(0))
                .col(timestamp_with_time_zone_null("confirmed_at"))
                .col(timestamp_with_time_zone_null("cancelled_at"))
                .col(string_null("cancel_reason"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("bookings", "departure_id", "departures"))
                .foreign_key(&mut fk("bookings", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("bookings", &["departure_id", "status"], false))
            .await?;
        m.create_index(index("bookings", &["user_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("travellers")
                .col(big_pk_auto("id"))
                .col(big_integer("booking_id"))
                .col(string("name"))
                .col(integer("position"))
                .foreign_key(&mut fk("travellers", "booking_id", "bookings"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("travellers", &["booking_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("waitlist_entries")
                .col(big_pk_auto("id"))
                .col(big_integer("departure_id"))
                .col(big_integer("user_id"))
                .col(integer("seats"))
                .col(json_binary("travellers"))
                .col(string("contact_email"))
                .col(string_len("status", 16))
                .col(big_integer_null("booking_id"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("waitlist_entries", "departure_id", "departures"))
                .foreign_key(&mut fk("waitlist_entries", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "waitlist_entries",
            &["departure_id", "status", "id"],
            false,
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "waitlist_entries",
            "travellers",
            "bookings",
            "departures",
            "trips",
        ] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        Ok(())
    }
}
