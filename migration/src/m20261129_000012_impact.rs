//! The impact dashboard reads the ledger by partnership, month and kind: `ledger_months` keeps
//! those sums, added to by a trigger in the same transaction as every ledger entry (the ledger
//! is append-only, so the sums are exact and several app instances may write at once: each
//! insert adds to its row under the row's lock). Also indexes for campaigns by close and
//! support requests by territory.

use sea_orm_migration::sea_orm::DbBackend;
use sea_orm_migration::{prelude::*, schema::*};

use crate::util::{fk, index};

#[derive(DeriveMigrationName)]
pub struct Migration;

const INDEXES: &[(&str, &[&str])] = &[
    ("campaigns", &["partnership_id", "closed_at"]),
    ("support_requests", &["territory_id", "created_at"]),
];

const SQLITE_TRIGGER: &str = "
CREATE TRIGGER ledger_months_add AFTER INSERT ON ledger_entries
BEGIN
  INSERT INTO ledger_months (partnership_id, month, kind, amount_cents, entries)
  VALUES (NEW.partnership_id, substr(NEW.created_at, 1, 7), NEW.kind, NEW.amount_cents, 1)
  ON CONFLICT (partnership_id, month, kind) DO UPDATE SET
    amount_cents = amount_cents + excluded.amount_cents,
    entries = entries + 1;
END";

const POSTGRES_TRIGGER: [&str; 2] = [
    "CREATE FUNCTION ledger_months_add() RETURNS trigger AS $$
BEGIN
  INSERT INTO ledger_months (partnership_id, month, kind, amount_cents, entries)
  VALUES (NEW.partnership_id, to_char(NEW.created_at AT TIME ZONE 'UTC', 'YYYY-MM'), NEW.kind,
          NEW.amount_cents, 1)
  ON CONFLICT (partnership_id, month, kind) DO UPDATE SET
    amount_cents = ledger_months.amount_cents + EXCLUDED.amount_cents,
    entries = ledger_months.entries + 1;
  RETURN NEW;
END
$$ LANGUAGE plpgsql",
    "CREATE TRIGGER ledger_months_add AFTER INSERT ON ledger_entries
FOR EACH ROW EXECUTE FUNCTION ledger_months_add()",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for (table, cols) in INDEXES {
            m.create_index(index(table, cols, false)).await?;
        }
        m.create_table(
            Table::create()
                .table("ledger_months")
                .col(big_integer("partnership_id"))
                .col(string_len("month", 7))
                .col(string_len("kind", 40))
                .col(big_integer("amount_cents"))
                .col(big_integer("entries"))
                .primary_key(
                    Index::create()
                        .col("partnership_id")
                        .col("month")
                        .col("kind"),
                )
                .foreign_key(&mut fk("ledger_months", "partnership_id", "partnerships"))
                .to_owned(),
        )
        .await?;
        let db = m.get_connection();
        let month = match m.get_database_backend() {
            DbBackend::Postgres => {
                for sql in POSTGRES_TRIGGER {
                    db.execute_unprepared(sql).await?;
                }
                "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM')"
            }
            _ => {
                db.execute_unprepared(SQLITE_TRIGGER).await?;
                "substr(created_at, 1, 7)"
            }
        };
        // The entries written before this migration.
        db.execute_unprepared(&format!(
            "INSERT INTO ledger_months (partnership_id, month, kind, amount_cents, entries) \
             SELECT partnership_id, {month}, kind, SUM(amount_cents), COUNT(*) \
             FROM ledger_entries GROUP BY 1, 2, 3"
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        if m.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared("DROP TRIGGER IF EXISTS ledger_months_add ON ledger_entries")
                .await?;
            db.execute_unprepared("DROP FUNCTION IF EXISTS ledger_months_add()")
                .await?;
        } else {
            db.execute_unprepared("DROP TRIGGER IF EXISTS ledger_months_add")
                .await?;
        }
        m.drop_table(Table::drop().table("ledger_months").to_owned())
            .await?;
        for (table, cols) in INDEXES {
            m.drop_index(
                Index::drop()
                    .name(format!("ix_{table}_{}", cols.join("_")))
                    .table((*table).to_owned())
                    .to_owned(),
            )
            .await?;
        }
        Ok(())
    }
}
