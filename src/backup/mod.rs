//! Backups, a core: `passerelle backup DIR` takes a consistent copy while the site serves, and
//! `passerelle restore DIR` puts it back into an empty data directory or database.
//!
//! A backup is a directory `passerelle-<UTC time>` holding the database (SQLite: a copy made by
//! `VACUUM INTO`, one read transaction; PostgreSQL: `pg_dump --format=custom` of a snapshot
//! exported by a repeatable-read transaction), every stored file (photos, attachments, proofs,
//! .eml copies) under `files/`, and `manifest.json`: the row count of every table in that same
//! snapshot and the SHA-256 of every file. Files are only ever added (content-addressed), so
//! copying them after the snapshot gives every file the snapshot refers to. The directory is
//! written as `<name>.partial` and renamed when complete: a backup cut short is never taken for
//! a whole one.

mod manifest;
mod restore;
mod snapshot;

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

pub use manifest::{Manifest, StoredFile};
pub use restore::{RestoreReport, restore};

use crate::config::Config;
use crate::media::storage::Storage;
use crate::media::storage_copy::FOLDERS;

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Takes a backup into a new directory under `into` and returns its path and manifest.
pub async fn backup(
    config: &Config,
    storage: &Storage,
    into: &Path,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<(PathBuf, Manifest)> {
    let name = format!("passerelle-{}", now.format("%Y%m%dT%H%M%SZ"));
    let done = into.join(&name);
    if done.exists() {
        anyhow::bail!("{} exists already", done.display());
    }
    let partial = into.join(format!("{name}.partial"));
    if partial.exists() {
        std::fs::remove_dir_all(&partial)?;
    }
    std::fs::create_dir_all(partial.join("files"))
        .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", partial.display()))?;

    let db = snapshot::take(config, &partial).await?;
    let database_sha256 = sha256_hex(&tokio::fs::read(partial.join(&db.file)).await?);
    let mut files = Vec::new();
    for folder in FOLDERS {
        let mut keys = storage.list(folder).await.map_err(anyhow_of)?;
        keys.sort();
        for (key, _) in keys {
            let bytes = storage.get(&key).await.map_err(anyhow_of)?;
            let target = partial.join("files").join(&key);
            if let Some(parent) = target.parent() {
                tokio::fs::create_dir_all(parent).await?;
            }
            tokio::fs::write(&target, &bytes).await?;
            files.push(StoredFile {
                key,
                size: bytes.len() as u64,
                sha256: sha256_hex(&bytes),
            });
        }
    }
    let manifest = Manifest {
        format: manifest::FORMAT,
        created_at: now,
        passerelle_version: env!("CARGO_PKG_VERSION").to_owned(),
        database: db.kind,
        database_file: db.file,
        database_sha256,
        tables: db.tables,
        files,
    };
    manifest.write(&partial)?;
    std::fs::rename(&partial, &done)?;
    Ok((done, manifest))
}

pub(crate) fn anyhow_of(e: crate::error::AppError) -> anyhow::Error {
    anyhow::anyhow!("{e:?}")
}
