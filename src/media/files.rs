//! Documents kept under the data directory (attachments, proofs of payment): stored once by
//! content hash (write then rename, so a reader never sees half a file), read back, sent as
//! downloads under names safe to show and send back. The owning area has checked who may.

use std::path::{Path, PathBuf};

use actix_web::HttpResponse;
use actix_web::http::header;
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult};

/// Where a kind of document is kept, under the data directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folder {
    /// PDF documents attached to a page (`attachments/`).
    Attachments,
    /// Proofs of money paid out (`proofs/`).
    Proofs,
}

impl Folder {
    fn path(self, data_dir: &Path) -> PathBuf {
        data_dir.join(match self {
            Folder::Attachments => "attachments",
            Folder::Proofs => "proofs",
        })
    }
}

/// Stores `bytes` as `<folder>/<sha-256 hex>.<ext>` (once: the same content is stored once)
/// and returns the hash, the key to read it back with.
pub async fn store(
    data_dir: &Path,
    folder: Folder,
    bytes: Vec<u8>,
    ext: &str,
) -> AppResult<String> {
    store_by_hash(folder.path(data_dir), bytes, ext).await
}

/// The bytes of a document stored by [`store`]; NotFound when it is not there.
pub async fn read(data_dir: &Path, folder: Folder, key: &str, ext: &str) -> AppResult<Vec<u8>> {
    tokio::fs::read(folder.path(data_dir).join(format!("{key}.{ext}")))
        .await
        .map_err(|_| AppError::NotFound)
}

/// A document sent as a download named `name` (quotes removed), cached as `cache_control` says.
pub fn download(
    bytes: Vec<u8>,
    content_type: &str,
    name: &str,
    cache_control: &str,
) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", name.replace('"', "")),
        ))
        .insert_header((header::CACHE_CONTROL, cache_control))
        .body(bytes)
}

async fn store_by_hash(folder: PathBuf, bytes: Vec<u8>, ext: &str) -> AppResult<String> {
    let key = hex::encode(Sha256::digest(&bytes));
    let path = folder.join(format!("{key}.{ext}"));
    tokio::task::spawn_blocking(move || -> std::io::Result<()> {
        std::fs::create_dir_all(&folder)?;
        if !path.exists() {
            let tmp = path.with_extension(format!("{}.tmp", crate::security::random_token(6)));
            std::fs::write(&tmp, &bytes)?;
            std::fs::rename(tmp, path)?;
        }
        Ok(())
    })
    .await
    .map_err(|e| AppError::Unexpected(anyhow::anyhow!("storing a file: {e}")))?
    .map_err(|e| AppError::Unexpected(anyhow::anyhow!("storing a file: {e}")))?;
    Ok(key)
}

/// A file name safe to show and to send back: the given name's last part, letters, digits,
/// dots, dashes, underscores and spaces, ending in `.ext` (`fallback.ext` when nothing is left).
pub fn safe_name(given: Option<&str>, fallback: &str, ext: &str) -> String {
    let base = given
        .and_then(|n| n.rsplit(['/', '\\']).next())
        .unwrap_or("");
    let mut name: String = base
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ' '))
        .take(100)
        .collect();
    if name.trim().is_empty() {
        name = fallback.into();
    }
    if !name.to_lowercase().ends_with(&format!(".{ext}")) {
        name.push('.');
        name.push_str(ext);
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_only_their_last_safe_part() {
        assert_eq!(
            safe_name(Some("C:\\docs\\Plan \"tri\".PDF"), "document", "pdf"),
            "Plan tri.PDF"
        );
        assert_eq!(
            safe_name(Some("../../etc/passwd"), "document", "pdf"),
            "passwd.pdf"
        );
        assert_eq!(safe_name(None, "proof", "png"), "proof.png");
    }
}
