//! `manifest.json`: what a backup holds, and the checksums that prove it is whole.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

/// The manifest's layout version; a restore refuses another.
pub const FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct StoredFile {
    /// Its key in the storage (`photos/<hash>-thumb.jpg`), also its path under `files/`.
    pub key: String,
    pub size: u64,
    pub sha256: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Manifest {
    pub format: u32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub passerelle_version: String,
    /// `sqlite` or `postgres`.
    pub database: String,
    /// The database copy's file name in the backup.
    pub database_file: String,
    pub database_sha256: String,
    /// Rows in every table, in the snapshot the database copy was made from.
    pub tables: BTreeMap<String, i64>,
    pub files: Vec<StoredFile>,
}

impl Manifest {
    pub fn write(&self, dir: &Path) -> anyhow::Result<()> {
        std::fs::write(dir.join("manifest.json"), serde_json::to_vec_pretty(self)?)?;
        Ok(())
    }

    pub fn read(dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join("manifest.json");
        let text = std::fs::read(&path).map_err(|e| {
            anyhow::anyhow!("{}: {e} (is this a Passerelle backup?)", path.display())
        })?;
        let manifest: Manifest = serde_json::from_slice(&text)
            .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        if manifest.format != FORMAT {
            anyhow::bail!(
                "{}: format {} (this Passerelle reads format {FORMAT})",
                path.display(),
                manifest.format
            );
        }
        Ok(manifest)
    }
}
