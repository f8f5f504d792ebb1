//! Documents kept in the storage (attachments, proofs of payment): stored once by content
//! hash, read back, sent as downloads under names safe to show and send back. The owning area
//! has checked who may.

use actix_web::HttpResponse;
use actix_web::http::header;
use sha2::{Digest, Sha256};

use super::storage::Storage;
use crate::error::AppResult;

/// Where a kind of document is kept, under the data directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folder {
    /// PDF documents attached to a page (`attachments/`).
    Attachments,
    /// Proofs of money paid out (`proofs/`).
    Proofs,
}

impl Folder {
    pub fn name(self) -> &'static str {
        match self {
            Folder::Attachments => "attachments",
            Folder::Proofs => "proofs",
        }
    }

    fn key(self, hash: &str, ext: &str) -> String {
        format!("{}/{hash}.{ext}", self.name())
    }
}

/// Stores `bytes` as `<folder>/<sha-256 hex>.<ext>` (once: the same content is stored once)
/// and returns the hash, the key to read it back with.
pub async fn store(
    storage: &Storage,
    folder: Folder,
    bytes: Vec<u8>,
    ext: &str,
) -> AppResult<String> {
    let hash = hex::encode(Sha256::digest(&bytes));
    storage.put_once(&folder.key(&hash, ext), bytes).await?;
    Ok(hash)
}

/// The bytes of a document stored by [`store`]; NotFound when it is not there.
pub async fn read(storage: &Storage, folder: Folder, hash: &str, ext: &str) -> AppResult<Vec<u8>> {
    Ok(storage.get(&folder.key(hash, ext)).await?.to_vec())
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
