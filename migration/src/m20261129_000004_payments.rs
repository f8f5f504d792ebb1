//! Payment requests (each with its structured communication), payments received, refunds,
//! imported bank statements, Stripe events seen, and the append-only ledger.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The account that receives transfers for the partnership (groups get theirs later).
        for col in ["iban", "bic", "account_name"] {
            m.alter_table(
                Table::alter()
                    .table("partnerships")
                    .add_column(string_null(col))
                    .to_owned(),
            )
            .await?;
        }

        m.create_table(
            Table::create()
                .table("payment_requests")
                .col(big_pk_auto("id"))
                .col(string_uniq("reference"))
                .col(string_len_uniq("ogm", 12))
                .col(big_integer("partnership_id"))
                .col(big_integer_null("payer_user_id"))
                .col(string("payer_email"))
                .col(string("payer_name"))
                .col(string_len("purpose_type", 32))
                .col(big_integer("purpose_id"))
                .col(string("description"))
                .col(big_integer("amount_cents"))
                .col(big_integer("paid_cents").default(0))
                .col(big_integer("refunded_cents").default(0))
                .col(json_binary("allocation"))
                .col(string_len("status", 16))
                .col(date_null("due_on"))
                .col(string("creditor_name"))
                .col(string("creditor_iban"))
                .col(string_null("creditor_bic"))
                .col(string_null("stripe_session_id"))
                .col(text_null("stripe_checkout_url"))
                .col(timestamp_with_time_zone_null("stripe_expires_at"))
                .col(timestamp_with_time_zone_null("cancelled_at"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk(
                    "payment_requests",
                    "partnership_id",
                    "partnerships",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "payment_requests",
            &["partnership_id", "status"],
            false,
        ))
        .await?;
        m.create_index(index("payment_requests", &["payer_user_id"], false))
            .await?;
        m.create_index(index(
            "payment_requests",
            &["purpose_type", "purpose_id"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("payments")
                .col(big_pk_auto("id"))
                .col(big_integer("payment_request_id"))
                .col(string_len("method", 16))
                .col(big_integer("amount_cents"))
                .col(date("received_on"))
                .col(string_null("external_id"))
                .col(string_null("counterparty"))
                .col(boolean("flagged").default(false))
                .col(string_null("flag_reason"))
                .col(big_integer_null("recorded_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "payments",
                    "payment_request_id",
                    "payment_requests",
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(index("payments", &["payment_request_id"], false))
            .await?;
        m.create_index(index("payments", &["external_id"], true))
            .await?;

        m.create_table(
            Table::create()
                .table("refunds")
                .col(big_pk_auto("id"))
                .col(big_integer("payment_request_id"))
                .col(string_len("method", 16))
                .col(big_integer("amount_cents"))
                .col(string_len("status", 16))
                .col(string_null("reason"))
                .col(string_null("external_id"))
                .col(big_integer_null("requested_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone_null("done_at"))
                .foreign_key(&mut fk("refunds", "payment_request_id", "payment_requests"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("refunds", &["payment_request_id"], false))
            .await?;

        m.create_table(
            Table::create()
                .table("statement_lines")
                .col(big_pk_auto("id"))
                .col(big_integer("partnership_id"))
                .col(string_uniq("line_hash"))
                .col(string("import_name"))
                .col(integer("line_no"))
                .col(date("booked_on"))
                .col(big_integer("amount_cents"))
                .col(string("communication"))
                .col(string("counterparty"))
                .col(string_len("status", 16))
                .col(big_integer_null("payment_id"))
                .col(big_integer_null("imported_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("statement_lines", "partnership_id", "partnerships"))
                .to_owned(),
        )
        .await?;
        m.create_index(index(
            "statement_lines",
            &["partnership_id", "status"],
            false,
        ))
        .await?;

        m.create_table(
            Table::create()
                .table("stripe_events")
                .col(string_len("id", 255).primary_key())
                .col(string("event_type"))
                .col(string_null("reference"))
                .col(string_len("outcome", 32))
                .col(timestamp_with_time_zone("received_at"))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("ledger_entries")
                .col(big_pk_auto("id"))
                .col(big_integer("partnership_id"))
                .col(big_integer_null("payment_request_id"))
                .col(string_len("kind", 32))
                .col(big_integer("amount_cents"))
                .col(string_len("method", 16))
                .col(string("memo"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("ledger_entries", "partnership_id", "partnerships"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("ledger_entries", &["partnership_id", "kind"], false))
            .await?;
        m.create_index(index("ledger_entries", &["payment_request_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            "ledger_entries",
            "stripe_events",
            "statement_lines",
            "refunds",
            "payments",
            "payment_requests",
        ] {
            m.drop_table(Table::drop().table(t.to_owned()).to_owned())
                .await?;
        }
        for col in ["iban", "bic", "account_name"] {
            m.alter_table(
                Table::alter()
                    .table("partnerships")
                    .drop_column(col.to_owned())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
