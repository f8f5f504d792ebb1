//! One storage for every file Passerelle keeps (photos, attachments, proofs, the .eml copies of
//! emails when no SMTP server is set): the data directory by default, or an S3-compatible object
//! store shared by several instances (`PASSERELLE_STORAGE_URL=s3://bucket/prefix`), both through
//! the `object_store` crate. Keys are paths such as `photos/<hash>-thumb.jpg`; writes are whole
//! (a local file is written aside then renamed, an S3 object appears complete), so a reader
//! never sees half a file.

use std::sync::Arc;

use bytes::Bytes;
use futures_util::StreamExt;
use object_store::aws::{AmazonS3Builder, AmazonS3ConfigKey};
use object_store::local::LocalFileSystem;
use object_store::path::Path as Key;
use object_store::prefix::PrefixStore;
use object_store::{ObjectStore, ObjectStoreExt, PutPayload};

use crate::config::{Config, StorageConfig};
use crate::error::{AppError, AppResult};

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    /// Where it is, for logs and the command line (no credentials).
    pub description: String,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.description)
    }
}

fn unexpected(what: &str, e: impl std::fmt::Display) -> AppError {
    AppError::Unexpected(anyhow::anyhow!("{what}: {e}"))
}

impl Storage {
    /// The storage the configuration names.
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        match &config.storage {
            StorageConfig::DataDir => Self::directory(&config.data_dir),
            StorageConfig::Directory(dir) => Self::directory(dir),
            StorageConfig::S3 { url, settings } => Self::s3(url, settings),
        }
    }

    /// Files under `dir` (created if missing).
    pub fn directory(dir: &std::path::Path) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)
            .map_err(|e| anyhow::anyhow!("cannot create '{}': {e}", dir.display()))?;
        let store = LocalFileSystem::new_with_prefix(dir)
            .map_err(|e| anyhow::anyhow!("'{}': {e}", dir.display()))?;
        Ok(Storage {
            store: Arc::new(store),
            description: format!("directory {}", dir.display()),
        })
    }

    fn s3(
        url: &url::Url,
        settings: &[(&'static str, crate::security::Secret<String>)],
    ) -> anyhow::Result<Self> {
        crate::security::install_crypto_provider();
        let bucket = url.host_str().unwrap_or_default();
        let mut builder = AmazonS3Builder::new().with_bucket_name(bucket);
        for (var, value) in settings {
            let key: AmazonS3ConfigKey = var
                .to_ascii_lowercase()
                .parse()
                .map_err(|e| anyhow::anyhow!("{var}: {e}"))?;
            builder = builder.with_config(key, value.expose());
        }
        let s3 = builder
            .build()
            .map_err(|e| anyhow::anyhow!("PASSERELLE_STORAGE_URL: {e}"))?;
        let prefix = url.path().trim_matches('/');
        let description = format!("s3://{bucket}/{prefix}");
        let store: Arc<dyn ObjectStore> = if prefix.is_empty() {
            Arc::new(s3)
        } else {
            Arc::new(PrefixStore::new(s3, prefix))
        };
        Ok(Storage { store, description })
    }

    fn key(key: &str) -> AppResult<Key> {
        Key::parse(key).map_err(|e| unexpected("a storage key", e))
    }

    /// Writes `bytes` under `key`, replacing what was there.
    pub async fn put(&self, key: &str, bytes: impl Into<Bytes>) -> AppResult<()> {
        let bytes: Bytes = bytes.into();
        self.store
            .put(&Self::key(key)?, PutPayload::from(bytes))
            .await
            .map_err(|e| unexpected(&format!("storing {key} in {}", self.description), e))?;
        Ok(())
    }

    /// Writes `bytes` under `key` unless something is there already (content-addressed keys:
    /// the same key holds the same bytes).
    pub async fn put_once(&self, key: &str, bytes: impl Into<Bytes>) -> AppResult<()> {
        if self.size(key).await?.is_some() {
            return Ok(());
        }
        self.put(key, bytes).await
    }

    /// The bytes under `key`; NotFound when nothing is there.
    pub async fn get(&self, key: &str) -> AppResult<Bytes> {
        match self.store.get(&Self::key(key)?).await {
            Ok(found) => found
                .bytes()
                .await
                .map_err(|e| unexpected(&format!("reading {key}"), e)),
            Err(object_store::Error::NotFound { .. }) => Err(AppError::NotFound),
            Err(e) => Err(unexpected(
                &format!("reading {key} from {}", self.description),
                e,
            )),
        }
    }

    /// The size of what is under `key`, none when nothing is.
    pub async fn size(&self, key: &str) -> AppResult<Option<u64>> {
        match self.store.head(&Self::key(key)?).await {
            Ok(meta) => Ok(Some(meta.size)),
            Err(object_store::Error::NotFound { .. }) => Ok(None),
            Err(e) => Err(unexpected(
                &format!("looking for {key} in {}", self.description),
                e,
            )),
        }
    }

    /// Every key under `folder` (`photos`, `mail` ...) with its size, in no particular order.
    pub async fn list(&self, folder: &str) -> AppResult<Vec<(String, u64)>> {
        let prefix = Self::key(folder)?;
        let mut found = Vec::new();
        let mut listing = self.store.list(Some(&prefix));
        while let Some(meta) = listing.next().await {
            let meta = meta.map_err(|e| unexpected(&format!("listing {folder}"), e))?;
            found.push((meta.location.to_string(), meta.size));
        }
        Ok(found)
    }
}
