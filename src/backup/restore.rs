//! `passerelle restore DIR`: a backup checked against its manifest, then put into an empty
//! database (SQLite file or PostgreSQL database) and the configured storage, then counted again.

use std::collections::BTreeMap;
use std::path::Path;

use sea_orm::{ConnectionTrait, DbBackend};

use super::manifest::Manifest;
use super::snapshot::{count_rows, pg_command};
use super::{anyhow_of, sha256_hex};
use crate::config::Config;
use crate::media::storage::Storage;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub files: usize,
    /// Rows in every table after the restore (equal to the manifest's, or the restore fails).
    pub tables: BTreeMap<String, i64>,
}

/// Restores the backup in `dir` into the configured database, which must be empty, and into
/// the configured storage.
pub async fn restore(
    config: &Config,
    storage: &Storage,
    dir: &Path,
) -> anyhow::Result<RestoreReport> {
    let manifest = Manifest::read(dir)?;
    let db_file = dir.join(&manifest.database_file);
    let db_bytes =
        std::fs::read(&db_file).map_err(|e| anyhow::anyhow!("{}: {e}", db_file.display()))?;
    if sha256_hex(&db_bytes) != manifest.database_sha256 {
        anyhow::bail!(
            "{} does not match its checksum: the backup is damaged",
            db_file.display()
        );
    }
    for f in &manifest.files {
        let bytes = std::fs::read(dir.join("files").join(&f.key))
            .map_err(|e| anyhow::anyhow!("files/{}: {e}", f.key))?;
        if sha256_hex(&bytes) != f.sha256 {
            anyhow::bail!(
                "files/{} does not match its checksum: the backup is damaged",
                f.key
            );
        }
    }

    let postgres = !config.is_sqlite();
    if postgres != (manifest.database == "postgres") {
        anyhow::bail!(
            "the backup holds a {} database and DATABASE_URL names another kind",
            manifest.database
        );
    }
    if postgres {
        into_postgres(config, &db_file).await?;
    } else {
        into_sqlite(config, &db_bytes).await?;
    }
    for f in &manifest.files {
        let bytes = std::fs::read(dir.join("files").join(&f.key))?;
        storage.put_once(&f.key, bytes).await.map_err(anyhow_of)?;
    }

    let db = crate::db::connect(config).await?;
    let tables = count_rows(&db).await?;
    db.close().await?;
    if tables != manifest.tables {
        anyhow::bail!("the restored database does not hold the rows the manifest counts");
    }
    Ok(RestoreReport {
        files: manifest.files.len(),
        tables,
    })
}

/// Refuses a database that holds tables already: a restore never mixes two sites.
async fn ensure_empty(conn: &impl ConnectionTrait) -> anyhow::Result<()> {
    let tables = count_rows(conn).await?;
    if !tables.is_empty() {
        anyhow::bail!(
            "the database is not empty ({} tables): restore into a new database",
            tables.len()
        );
    }
    Ok(())
}

async fn into_sqlite(config: &Config, bytes: &[u8]) -> anyhow::Result<()> {
    let url: &str = &config.database_url;
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .map(|p| p.split('?').next().unwrap_or(p))
        .filter(|p| !p.is_empty() && !p.contains(":memory:"))
        .ok_or_else(|| anyhow::anyhow!("DATABASE_URL: not a SQLite file"))?;
    let path = Path::new(path);
    if path.exists() {
        let db = crate::db::connect(config).await?;
        let empty = ensure_empty(&db).await;
        db.close().await?;
        empty?;
        std::fs::remove_file(path)?;
        for suffix in ["-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
        }
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let tmp = path.with_extension("restoring");
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path)?;
    Ok(())
}

async fn into_postgres(config: &Config, dump: &Path) -> anyhow::Result<()> {
    let db = crate::db::connect(config).await?;
    debug_assert_eq!(db.get_database_backend(), DbBackend::Postgres);
    let empty = ensure_empty(&db).await;
    db.close().await?;
    empty?;
    let out = pg_command("pg_restore", &config.database_url)?
        .arg("--no-owner")
        .arg("--exit-on-error")
        .arg(dump)
        .output()
        .await
        .map_err(|e| anyhow::anyhow!("pg_restore (the PostgreSQL client tools): {e}"))?;
    if !out.status.success() {
        anyhow::bail!(
            "pg_restore failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}
