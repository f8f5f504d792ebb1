//! Producers paid: the bank details of producers (a Moroccan RIB or an IBAN), payout batches a
//! partnership's treasurer prepares, and each payout with its bank reference once it is paid
//! (its ledger entry is `producer_paid`).

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The producers' bank details (all optional: a producer fills them on its profile).
const BANK: [(&str, u32); 5] = [
    ("bank_holder", 140),
    ("bank_account", 40),
    ("bank_bic", 11),
    ("bank_name", 140),
    ("bank_address", 300),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one column at a time.
        for (col, len) in BANK {
            m.alter_table(
                Table::alter()
                    .table("producers")
                    .add_column(string_len_null(col, len))
                    .to_owned(),
            )
            .await?;
        }
        m.create_table(
            Table::create()
                .table("payout_batches")
                .col(big_pk_auto("id"))
                .col(big_integer("partnership_id"))
                .col(string_len("note", 300))
                .col(big_integer_null("mad_rate_e4"))
                .col(date_null("rate_on"))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("payout_batches", "partnership_id", "partnerships"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("payout_batches", &["partnership_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("payouts")
                .col(big_pk_auto("id"))
                .col(big_integer("batch_id"))
                .col(big_integer("partnership_id"))
                .col(big_integer("producer_id"))
                .col(big_integer("amount_cents"))
                .col(string_len("status", 20))
                .col(string_len_null("bank_reference", 140))
                .col(date_null("paid_on"))
                .col(big_integer_null("recorded_by"))
                .col(timestamp_with_time_zone_null("paid_at"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("payouts", "batch_id", "payout_batches"))
                .foreign_key(&mut fk("payouts", "partnership_id", "partnerships"))
                .foreign_key(&mut fk("payouts", "producer_id", "producers"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("payouts", &["batch_id", "producer_id"], true))
            .await?;
        m.create_index(index("payouts", &["producer_id", "status"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for table in ["payouts", "payout_batches"] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        for (col, _) in BANK {
            m.alter_table(
                Table::alter()
                    .table("producers")
                    .drop_column(col)
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
