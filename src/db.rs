//! Database connections: SQLite (embedded default: WAL, foreign keys, busy timeout) or PostgreSQL.

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::config::{Config, redact_url};

pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    connect_url(&config.database_url, config.db_max_connections).await
}

pub async fn connect_url(url: &str, max_connections: u32) -> anyhow::Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(max_connections.max(1))
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                .pragma("temp_store", "memory")
        });
    Database::connect(opts)
        .await
        .map_err(|e| anyhow::anyhow!("DATABASE_URL: cannot connect to {}: {e}", redact_url(url)))
}

/// Applies pending migrations. On PostgreSQL, instances starting together wait for each other
/// (a transaction-scoped advisory lock) instead of migrating twice.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    let failed = |e: DbErr| anyhow::anyhow!("migrations failed: {e}");
    if db.get_database_backend() == DbBackend::Postgres {
        let txn = db.begin().await.map_err(failed)?;
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7243011)")
            .await
            .map_err(failed)?;
        Migrator::up(&txn, None).await.map_err(failed)?;
        txn.commit().await.map_err(failed)
    } else {
        Migrator::up(db, None).await.map_err(failed)
    }
}

/// Opens a transaction that will write. On SQLite it takes the write lock at once
/// (BEGIN IMMEDIATE), so concurrent writers wait for each other instead of failing
/// when a read lock would have to be upgraded.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite {
        db.begin_with_options(TransactionOptions {
            sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
            ..Default::default()
        })
        .await
    } else {
        db.begin().await
    }
}

/// A read-only snapshot for pages that read several tables.
pub async fn begin_read(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    if db.get_database_backend() == DbBackend::Postgres {
        db.begin_with_options(TransactionOptions {
            access_mode: Some(AccessMode::ReadOnly),
            ..Default::default()
        })
        .await
    } else {
        db.begin().await
    }
}

/// Whether the database answers.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_unprepared("SELECT 1").await.is_ok()
}
