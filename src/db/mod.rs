//! Database connections: SQLite (embedded default: WAL, foreign keys, busy timeout) or PostgreSQL.

use std::sync::Arc;
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    AccessMode, ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction,
    DbBackend, DbErr, ExecResult, QueryResult, SqliteTransactionMode, Statement,
    TransactionOptions, TransactionTrait,
};

use crate::config::Config;
use crate::security::redact_url;

pub async fn connect(config: &Config) -> anyhow::Result<DatabaseConnection> {
    connect_tuned(
        &config.database_url,
        config.db_max_connections,
        config.sqlite_mmap_mb,
    )
    .await
}

/// How much of a SQLite file each connection reads through a memory map by default, in MiB.
/// Reading pages through the map instead of a `read()` each saves CPU on pages read over and
/// over (the catalogue). But SQLite drops a connection's map (and its page cache) whenever
/// another connection has written since its last read: under many writes (baskets filled at
/// once) the mapping, unmapping and page faults cost more than they save (measured on the
/// basket benchmark: 0.78-0.98 ms of CPU per update without, 1.02-1.36 ms with).
pub const SQLITE_MMAP_MB: u64 = 256;

pub async fn connect_url(url: &str, max_connections: u32) -> anyhow::Result<DatabaseConnection> {
    connect_tuned(url, max_connections, SQLITE_MMAP_MB).await
}

async fn connect_tuned(
    url: &str,
    max_connections: u32,
    sqlite_mmap_mb: u64,
) -> anyhow::Result<DatabaseConnection> {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.max_connections(max_connections.max(1))
        .min_connections(1)
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(5))
                .pragma("temp_store", "memory")
                // Pages read through memory maps rather than a read() per page, and a page
                // cache per connection that holds a catalogue of 100,000 products (issue 19).
                .pragma("mmap_size", (sqlite_mmap_mb * 1024 * 1024).to_string())
                .pragma("cache_size", "-16384")
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
        Migrator::up(db, None).await.map_err(failed)?;
        // Keeps the query planner's statistics fresh (cheap when nothing changed).
        db.execute_unprepared("PRAGMA optimize")
            .await
            .map_err(failed)?;
        Ok(())
    }
}

/// A transaction that writes. On SQLite it also holds this process's turn to write (see
/// [`begin_write`]); it is used like a [`DatabaseTransaction`] and ends with `commit`.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    _turn: Option<tokio::sync::OwnedMutexGuard<()>>,
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }

    pub async fn rollback(self) -> Result<(), DbErr> {
        self.txn.rollback().await
    }
}

impl std::ops::Deref for WriteTxn {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}

#[sea_orm::prelude::async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute_raw(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one_raw(stmt).await
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all_raw(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

/// A connection or a transaction that can be handed on, as one concrete type, to code that
/// cannot be generic: the handlers a feature registers with a core (payment purposes) run in
/// the caller's transaction through it.
pub trait Executor: ConnectionTrait {
    fn executor(&self) -> sea_orm::DatabaseExecutor<'_>;
}

impl Executor for DatabaseConnection {
    fn executor(&self) -> sea_orm::DatabaseExecutor<'_> {
        self.into()
    }
}

impl Executor for DatabaseTransaction {
    fn executor(&self) -> sea_orm::DatabaseExecutor<'_> {
        self.into()
    }
}

impl Executor for WriteTxn {
    fn executor(&self) -> sea_orm::DatabaseExecutor<'_> {
        (&self.txn).into()
    }
}

impl Executor for sea_orm::DatabaseExecutor<'_> {
    fn executor(&self) -> sea_orm::DatabaseExecutor<'_> {
        use sea_orm::DatabaseExecutor as E;
        match self {
            E::Connection(c) => E::Connection(c),
            E::Transaction(t) => E::Transaction(t),
            E::OwnedTransaction(t) => E::Transaction(t),
        }
    }
}

/// The error of a writer that waited too long for its turn (SQLite).
pub const WRITE_TURN_TIMEOUT: &str = "timed out waiting to write";

/// One turn to write per SQLite file in this process.
fn sqlite_turns(db: &DatabaseConnection) -> Option<Arc<tokio::sync::Mutex<()>>> {
    static TURNS: std::sync::OnceLock<
        std::sync::Mutex<
            std::collections::HashMap<std::path::PathBuf, Arc<tokio::sync::Mutex<()>>>,
        >,
    > = std::sync::OnceLock::new();
    let file = db
        .get_sqlite_connection_pool()
        .connect_options()
        .get_filename()
        .to_path_buf();
    let mut all = TURNS.get_or_init(Default::default).lock().ok()?;
    Some(all.entry(file).or_default().clone())
}

/// This process's turn to write on the SQLite file of `db`, waited for in order.
async fn write_turn(
    db: &DatabaseConnection,
) -> Result<Option<tokio::sync::OwnedMutexGuard<()>>, DbErr> {
    match sqlite_turns(db) {
        Some(t) => Ok(Some(
            tokio::time::timeout(Duration::from_secs(10), t.lock_owned())
                .await
                .map_err(|_| DbErr::Custom(WRITE_TURN_TIMEOUT.into()))?,
        )),
        None => Ok(None),
    }
}

/// Opens a transaction that will write. On SQLite it takes the write lock at once
/// (BEGIN IMMEDIATE), so concurrent writers wait for each other instead of failing when a read
/// lock would have to be upgraded; and writers of this process first queue for their turn in
/// order, rather than polling SQLite's lock with its growing sleeps (which made busy moments
/// slow for everyone: a 64-member burst of basket changes had a p99 of 150 ms).
pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite {
        let turn = write_turn(db).await?;
        let txn = db
            .begin_with_options(TransactionOptions {
                sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await?;
        Ok(WriteTxn { txn, _turn: turn })
    } else {
        Ok(WriteTxn {
            txn: db.begin().await?,
            _turn: None,
        })
    }
}

/// Runs, in one round trip to SQLite during this process's write turn, a statement that writes
/// followed by one that reads (`statement` holds both, `;`-separated, their values in order):
/// in autocommit mode a lone `INSERT`/`UPDATE`/`DELETE` is its own transaction and takes the
/// write lock when it starts (before it reads), so it saves the `BEGIN` and `COMMIT` round
/// trips of [`begin_write`] with the same guarantees; the read that follows sees the write (and
/// no other, the turn being held) and can tell with `changes()` how many rows it changed.
/// Returns the rows of the read.
pub async fn write_then_read_sqlite(
    db: &DatabaseConnection,
    statement: Statement,
) -> Result<Vec<QueryResult>, DbErr> {
    debug_assert_eq!(db.get_database_backend(), DbBackend::Sqlite);
    let _turn = write_turn(db).await?;
    db.query_all_raw(statement).await
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

/// A slug `column` of `E` does not hold yet: `base`, then `base-2`, `base-3` ...
pub async fn free_slug<E: sea_orm::EntityTrait>(
    conn: &impl ConnectionTrait,
    column: E::Column,
    base: &str,
) -> Result<String, DbErr> {
    use sea_orm::{ColumnTrait, QueryFilter, QuerySelect};
    let taken: Vec<String> = E::find()
        .select_only()
        .column(column)
        .filter(column.starts_with(base))
        .into_tuple()
        .all(conn)
        .await?;
    let mut candidate = base.to_owned();
    let mut n = 1;
    while taken.contains(&candidate) {
        n += 1;
        candidate = format!("{base}-{n}");
    }
    Ok(candidate)
}

mod queue;
pub use queue::{WorkQueue, backoff};

/// Whether the database answers.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.execute_unprepared("SELECT 1").await.is_ok()
}

/// Turns `?` placeholders into `$1, $2 ...` for PostgreSQL.
pub fn numbered(backend: DbBackend, sql: &str) -> String {
    if backend != DbBackend::Postgres {
        return sql.to_owned();
    }
    let mut out = String::with_capacity(sql.len() + 8);
    let mut n = 0;
    for c in sql.chars() {
        if c == '?' {
            n += 1;
            out.push('$');
            out.push_str(&n.to_string());
        } else {
            out.push(c);
        }
    }
    out
}

/// The rows of `E` whose `col` is one of `ids`, keyed by `key`; no query at all when `ids` is
/// empty (the page's lists of partnerships, groups, requests ... named by other rows).
pub async fn rows_by<E, K>(
    conn: &impl ConnectionTrait,
    col: E::Column,
    ids: Vec<K>,
    key: impl Fn(&E::Model) -> K,
) -> Result<std::collections::HashMap<K, E::Model>, DbErr>
where
    E: sea_orm::EntityTrait,
    K: Into<sea_orm::Value> + Eq + std::hash::Hash,
{
    use sea_orm::{ColumnTrait, QueryFilter};
    if ids.is_empty() {
        return Ok(std::collections::HashMap::new());
    }
    Ok(E::find()
        .filter(col.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| (key(&m), m))
        .collect())
}

/// A query for the one row a request names (`/campaigns/{id}`): no such row is a 404, not an
/// error to handle at every call site.
pub trait OneOrNotFound {
    type Model;

    fn one_or_404<C: ConnectionTrait>(
        self,
        db: &C,
    ) -> impl std::future::Future<Output = crate::error::AppResult<Self::Model>>;
}

impl<E: sea_orm::EntityTrait> OneOrNotFound for sea_orm::Select<E> {
    type Model = E::Model;

    async fn one_or_404<C: ConnectionTrait>(self, db: &C) -> crate::error::AppResult<E::Model> {
        self.one(db).await?.ok_or(crate::error::AppError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::numbered;
    use sea_orm::DbBackend;

    #[test]
    fn placeholders_are_numbered_for_postgres_only() {
        assert_eq!(
            numbered(DbBackend::Postgres, "a = ? AND b < ?"),
            "a = $1 AND b < $2"
        );
        assert_eq!(
            numbered(DbBackend::Sqlite, "a = ? AND b < ?"),
            "a = ? AND b < ?"
        );
    }
}
