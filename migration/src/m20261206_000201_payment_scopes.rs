//! Who keeps the books of a request, and what refunds took off what is owed.
//! - `payment_requests.group_id`: the buying group whose coordinators keep the books of a
//!   member's share of its campaign (with the partnership's coordinators); backfilled from the
//!   shares.
//! - `statement_lines.group_id`: a line of a group's own bank account (imported by the group's
//!   treasurers), none for the partnership's account.
//! - `payment_requests.waived_cents`, `refunds.waived_cents`: how much refunds lowered what is
//!   owed (a refund lowers it unless the treasurer says the member still owes it).

use sea_orm_migration::{prelude::*, schema::*};

use crate::util::index;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, col) in [
            ("payment_requests", "group_id"),
            ("statement_lines", "group_id"),
        ] {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(big_integer_null(col))
                    .to_owned(),
            )
            .await?;
        }
        for table in ["payment_requests", "refunds"] {
            m.alter_table(
                Table::alter()
                    .table(table)
                    .add_column(big_integer("waived_cents").default(0))
                    .to_owned(),
            )
            .await?;
        }
        m.create_index(index("payment_requests", &["group_id"], false))
            .await?;
        m.create_index(index("statement_lines", &["group_id", "status"], false))
            .await?;
        // Portable on SQLite and PostgreSQL: a correlated subquery.
        m.get_connection()
            .execute_unprepared(
                "UPDATE payment_requests SET group_id = (SELECT c.group_id FROM campaign_shares s \
                 JOIN campaigns c ON c.id = s.campaign_id WHERE s.id = payment_requests.purpose_id) \
                 WHERE purpose_type = 'campaign_share'",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, name) in [
            ("payment_requests", "ix_payment_requests_group_id"),
            ("statement_lines", "ix_statement_lines_group_id_status"),
        ] {
            m.drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        for (table, col) in [
            ("payment_requests", "group_id"),
            ("statement_lines", "group_id"),
            ("payment_requests", "waived_cents"),
            ("refunds", "waived_cents"),
        ] {
            m.alter_table(Table::alter().table(table).drop_column(col).to_owned())
                .await?;
        }
        Ok(())
    }
}
