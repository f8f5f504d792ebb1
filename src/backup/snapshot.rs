//! The database part of a backup: one consistent snapshot, and the row counts of that snapshot.

use std::collections::BTreeMap;
use std::path::Path;

use sea_orm::{
    AccessMode, ConnectionTrait, DatabaseConnection, DbBackend, IsolationLevel, Statement,
    TransactionTrait,
};

use crate::config::Config;

pub(super) struct DatabaseCopy {
    pub kind: String,
    pub file: String,
    pub tables: BTreeMap<String, i64>,
}

pub(super) async fn take(config: &Config, dir: &Path) -> anyhow::Result<DatabaseCopy> {
    let db = crate::db::connect_url(&config.database_url, 2).await?;
    if db.get_database_backend() == DbBackend::Postgres {
        postgres(&db, &config.database_url, dir).await
    } else {
        sqlite(&db, dir).await
    }
}

/// The tables of the database, and their row counts, as `conn` sees them.
pub(super) async fn count_rows(
    conn: &impl ConnectionTrait,
) -> anyhow::Result<BTreeMap<String, i64>> {
    let backend = conn.get_database_backend();
    let list = match backend {
        DbBackend::Postgres => {
            "SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
        }
        _ => {
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY 1"
        }
    };
    let names: Vec<String> = conn
        .query_all_raw(Statement::from_string(backend, list))
        .await?
        .iter()
        .map(|r| r.try_get::<String>("", "name"))
        .collect::<Result<_, _>>()?;
    let mut tables = BTreeMap::new();
    for name in names {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM \"{}\"",
            name.replace('"', "\"\"")
        );
        let n = conn
            .query_one_raw(Statement::from_string(backend, sql))
            .await?
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        tables.insert(name, n);
    }
    Ok(tables)
}

/// `VACUUM INTO`: a compact copy from one read transaction, while writers go on.
async fn sqlite(db: &DatabaseConnection, dir: &Path) -> anyhow::Result<DatabaseCopy> {
    let file = "database.sqlite";
    let path = dir.join(file);
    let quoted = path.display().to_string().replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{quoted}'"))
        .await
        .map_err(|e| anyhow::anyhow!("copying the SQLite database: {e}"))?;
    // Read only, without the server's pragmas (which would turn the copy to WAL).
    let copy = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", path.display())).await?;
    let tables = count_rows(&copy).await?;
    copy.close().await?;
    Ok(DatabaseCopy {
        kind: "sqlite".into(),
        file: file.into(),
        tables,
    })
}

/// A repeatable-read transaction exports its snapshot; the rows are counted in it and
/// `pg_dump --snapshot` dumps exactly that state.
async fn postgres(db: &DatabaseConnection, url: &str, dir: &Path) -> anyhow::Result<DatabaseCopy> {
    let file = "database.pgdump";
    let txn = db
        .begin_with_config(
            Some(IsolationLevel::RepeatableRead),
            Some(AccessMode::ReadOnly),
        )
        .await?;
    let snapshot: String = txn
        .query_one_raw(Statement::from_string(
            DbBackend::Postgres,
            "SELECT pg_export_snapshot() AS s",
        ))
        .await?
        .ok_or_else(|| anyhow::anyhow!("no snapshot"))?
        .try_get("", "s")?;
    let tables = count_rows(&txn).await?;
    let out = pg_command("pg_dump", url)?
        .arg("--format=custom")
        .arg("--no-owner")
        .arg(format!("--snapshot={snapshot}"))
        .arg("--file")
        .arg(dir.join(file))
        .output()
        .await
        .map_err(|e| anyhow::anyhow!("pg_dump (the PostgreSQL client tools): {e}"))?;
    txn.commit().await?;
    if !out.status.success() {
        anyhow::bail!("pg_dump failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(DatabaseCopy {
        kind: "postgres".into(),
        file: file.into(),
        tables,
    })
}

/// `pg_dump` or `pg_restore` for the database at `url`, its password passed in the
/// environment rather than on the command line (where other users could read it).
pub(super) fn pg_command(program: &str, url: &str) -> anyhow::Result<tokio::process::Command> {
    let mut parsed = url::Url::parse(url)?;
    let password = parsed.password().map(str::to_owned);
    let _ = parsed.set_password(None);
    let mut cmd = tokio::process::Command::new(program);
    cmd.arg(format!("--dbname={parsed}"));
    if let Some(p) = password {
        cmd.env("PGPASSWORD", p);
    }
    Ok(cmd)
}
