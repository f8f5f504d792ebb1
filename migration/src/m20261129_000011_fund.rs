//! Community fund projects: proposed and chosen locally, supported by travellers' community
//! shares, paid by disbursements recorded in the ledger; their reports.

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("fund_projects")
                .col(big_pk_auto("id"))
                .col(big_integer("partnership_id"))
                .col(big_integer("territory_id"))
                .col(string_len("title", 200))
                .col(text("description"))
                .col(big_integer("budget_cents"))
                .col(string_len("status", 20))
                .col(text_null("decision"))
                .col(date_null("chosen_on"))
                .col(big_integer_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .foreign_key(&mut fk("fund_projects", "partnership_id", "partnerships"))
                .foreign_key(&mut fk("fund_projects", "territory_id", "territories"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("fund_projects", &["partnership_id", "status"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("fund_reports")
                .col(big_pk_auto("id"))
                .col(big_integer("project_id"))
                .col(string_len("title", 200))
                .col(text("body"))
                .col(date("reported_on"))
                .col(big_integer_null("author_id"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("fund_reports", "project_id", "fund_projects"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("fund_reports", &["project_id"], false))
            .await?;
        m.create_table(
            Table::create()
                .table("fund_disbursements")
                .col(big_pk_auto("id"))
                .col(big_integer("partnership_id"))
                .col(big_integer("project_id"))
                .col(big_integer("amount_cents"))
                .col(date("paid_on"))
                .col(string_len("memo", 300))
                .col(string_len("proof_key", 64))
                .col(string_len("proof_name", 120))
                .col(string_len("proof_type", 40))
                .col(big_integer_null("recorded_by"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk(
                    "fund_disbursements",
                    "partnership_id",
                    "partnerships",
                ))
                .foreign_key(&mut fk("fund_disbursements", "project_id", "fund_projects"))
                .to_owned(),
        )
        .await?;
        m.create_index(index("fund_disbursements", &["project_id"], false))
            .await?;
        // The project a community share is designated to, carried from the booking (or the
        // place on the waiting list) to its payment requests and from them to their ledger
        // entries (and disbursements' entries).
        for table in [
            "bookings",
            "waitlist_entries",
            "payment_requests",
            "ledger_entries",
        ] {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(big_integer_null("fund_project_id"))
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(index("ledger_entries", &["fund_project_id"], false))
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(
            Index::drop()
                .name("ix_ledger_entries_fund_project_id")
                .table("ledger_entries")
                .to_owned(),
        )
        .await?;
        for table in [
            "bookings",
            "waitlist_entries",
            "payment_requests",
            "ledger_entries",
        ] {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .drop_column("fund_project_id")
                    .to_owned(),
            )
            .await?;
        }
        for table in ["fund_disbursements", "fund_reports", "fund_projects"] {
            m.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}
