//! Multipart uploads (a photo, a statement, a proof, a PDF) read within limits set per route:
//! the body's total size and its number of fields are bounded, the CSRF token is checked as soon
//! as it is read and before any byte of a file, and a file larger than a few hundred kilobytes
//! goes to a temporary file on disk instead of memory.

use std::cell::Cell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use actix_session::SessionExt;
use actix_web::error::PayloadError;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::StreamExt as _;
use futures_util::future::LocalBoxFuture;
use tokio::io::AsyncWriteExt as _;

use crate::error::{AppError, AppResult};
use crate::web::csrf;
use crate::web::forms::western_number;

/// The largest text field (a text of 5,000 characters of Arabic script, 2 bytes each, fits).
pub const TEXT_MAX: usize = 24 * 1024;
/// A file part up to this size stays in memory; a larger one is written to disk as it arrives.
pub const IN_MEMORY_MAX: usize = 256 * 1024;
/// What a form's part headers and boundaries may add to its fields and file.
const FRAMING: usize = 16 * 1024;

/// The most a multipart body of a route may carry: one file of `file_max` bytes and `fields`
/// parts in all (the token and the file included), each text at most [`TEXT_MAX`].
pub const fn total_limit(file_max: usize, fields: usize) -> usize {
    file_max + fields * (TEXT_MAX + 512) + FRAMING
}

/// A file received with a form: in memory when small, else in a temporary file removed when
/// this value is dropped.
#[derive(Debug, Default)]
pub struct UploadedFile {
    body: Body,
    len: usize,
}

#[derive(Debug, Default)]
enum Body {
    #[default]
    Empty,
    Memory(Vec<u8>),
    Disk(TempPath),
}

/// A temporary file, removed when dropped.
#[derive(Debug)]
struct TempPath(PathBuf);

impl Drop for TempPath {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

impl UploadedFile {
    /// A file already in memory (the API's raw bodies, tests).
    pub fn from_bytes(bytes: Vec<u8>) -> Self {
        Self {
            len: bytes.len(),
            body: Body::Memory(bytes),
        }
    }

    /// Its size in bytes (at most the route's limit and one byte more).
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Its bytes, read from disk when it was written there (blocking: call it off the async
    /// threads).
    pub fn read_blocking(&self) -> std::io::Result<Vec<u8>> {
        match &self.body {
            Body::Empty => Ok(Vec::new()),
            Body::Memory(b) => Ok(b.clone()),
            Body::Disk(p) => std::fs::read(&p.0),
        }
    }

    /// Its bytes (the route's limit bounds them).
    pub async fn into_bytes(mut self) -> AppResult<Vec<u8>> {
        match std::mem::take(&mut self.body) {
            Body::Empty => Ok(Vec::new()),
            Body::Memory(b) => Ok(b),
            Body::Disk(p) => tokio::fs::read(&p.0)
                .await
                .map_err(|e| AppError::Unexpected(anyhow::anyhow!("reading an upload back: {e}"))),
        }
    }
}

/// Receives one file part: the first [`IN_MEMORY_MAX`] bytes in memory, then on disk, never
/// more than `cap` bytes (the rest is read and dropped).
struct Sink {
    dir: PathBuf,
    cap: usize,
    buf: Vec<u8>,
    file: Option<(tokio::fs::File, TempPath)>,
    len: usize,
}

impl Sink {
    fn new(dir: PathBuf, cap: usize) -> Self {
        Self {
            dir,
            cap,
            buf: Vec::new(),
            file: None,
            len: 0,
        }
    }

    async fn push(&mut self, chunk: &[u8]) -> AppResult<()> {
        let room = self.cap.saturating_sub(self.len);
        let chunk = &chunk[..chunk.len().min(room)];
        if chunk.is_empty() {
            return Ok(());
        }
        self.len += chunk.len();
        if self.file.is_none() && self.buf.len() + chunk.len() <= IN_MEMORY_MAX {
            self.buf.extend_from_slice(chunk);
            return Ok(());
        }
        let io =
            |e: std::io::Error| AppError::Unexpected(anyhow::anyhow!("spooling an upload: {e}"));
        if self.file.is_none() {
            tokio::fs::create_dir_all(&self.dir).await.map_err(io)?;
            let path = self
                .dir
                .join(format!(".upload-{}.tmp", crate::security::random_token(12)));
            let mut f = tokio::fs::File::create(&path).await.map_err(io)?;
            let guard = TempPath(path);
            f.write_all(&std::mem::take(&mut self.buf))
                .await
                .map_err(io)?;
            self.file = Some((f, guard));
        }
        if let Some((f, _)) = &mut self.file {
            f.write_all(chunk).await.map_err(io)?;
        }
        Ok(())
    }

    async fn finish(self) -> AppResult<UploadedFile> {
        let len = self.len;
        let body = match self.file {
            Some((mut f, path)) => {
                f.flush().await.map_err(|e| {
                    AppError::Unexpected(anyhow::anyhow!("spooling an upload: {e}"))
                })?;
                Body::Disk(path)
            }
            None if self.buf.is_empty() => Body::Empty,
            None => Body::Memory(self.buf),
        };
        Ok(UploadedFile { body, len })
    }
}

/// Where uploads wait on disk while they are read: `<data dir>/uploads`.
pub fn spool_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("uploads")
}

/// How old a spooled upload must be before [`remove_stale_spool_files`] takes it: far longer
/// than any request, as several instances may share the directory.
pub const STALE_SPOOL_AGE: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

/// Removes the spooled uploads of `dir` last written before `now - older_than` (left by a
/// crash: a request removes its own file when it ends); recent ones, maybe another instance's
/// requests in progress, and any other file stay. Returns how many were removed. Blocking.
pub fn remove_stale_spool_files(
    dir: &Path,
    older_than: std::time::Duration,
    now: std::time::SystemTime,
) -> std::io::Result<usize> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(e),
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".upload-") && name.ends_with(".tmp")) {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        let stale = meta.is_file()
            && meta
                .modified()
                .ok()
                .and_then(|m| now.duration_since(m).ok())
                .is_some_and(|age| age > older_than);
        // Another instance may have removed it meanwhile: not an error.
        if stale && std::fs::remove_file(entry.path()).is_ok() {
            removed += 1;
        }
    }
    Ok(removed)
}

/// A multipart form with one file (a photo, a statement, a PDF) whose `csrf_token` matched the
/// session's token, of at most `FIELDS` parts and one file of `MAX` bytes.
///
/// The token must come before the file (browsers send fields in the form's order, and every
/// form puts its token first): a file part met without a valid token ends the request with 403
/// before any of its bytes is read. A larger body, or more parts, gives 413. The file is kept up
/// to `MAX` bytes and one byte more, so that a larger file is known to be too large.
pub struct CsrfUploadOf<const MAX: usize, const FIELDS: usize = 4> {
    pub file: UploadedFile,
    /// The file's name as the browser sent it.
    pub filename: Option<String>,
    /// The form's other fields (those sent without a file name), at most [`TEXT_MAX`] each.
    pub fields: HashMap<String, String>,
}

impl<const MAX: usize, const FIELDS: usize> CsrfUploadOf<MAX, FIELDS> {
    /// The most this route's body may carry.
    pub const TOTAL: usize = total_limit(MAX, FIELDS);

    /// A text field of the form, or "" when it was not sent.
    pub fn field(&self, name: &str) -> &str {
        self.fields.get(name).map(String::as_str).unwrap_or("")
    }
}

/// An upload of a photo (or a statement) of at most a photo's size.
pub type CsrfUpload = CsrfUploadOf<{ crate::media::photos::MAX_BYTES }>;

fn read_error(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(format!("the upload could not be read: {e}"))
}

impl<const MAX: usize, const FIELDS: usize> FromRequest for CsrfUploadOf<MAX, FIELDS> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let total = Self::TOTAL;
        let too_large = AppError::PayloadTooLarge { limit: total };
        let declared = req
            .headers()
            .get(actix_web::http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > total as u64) {
            return Box::pin(async move { Err(too_large) });
        }
        // Every byte counts towards the route's total, whatever part it belongs to.
        let over = Rc::new(Cell::new(false));
        let seen = Cell::new(0usize);
        let flag = over.clone();
        let counted = payload.take().map(move |chunk| {
            let chunk = chunk?;
            seen.set(seen.get() + chunk.len());
            if seen.get() > total {
                flag.set(true);
                return Err(PayloadError::Overflow);
            }
            Ok(chunk)
        });
        let mut multipart = actix_multipart::Multipart::new(req.headers(), counted);
        let req = req.clone();
        let dir = req
            .app_data::<web::Data<crate::state::AppState>>()
            .map(|st| spool_dir(&st.config.data_dir))
            .unwrap_or_else(|| std::env::temp_dir().join("passerelle-uploads"));
        Box::pin(async move {
            let failed = |e: actix_multipart::MultipartError| {
                if over.get() {
                    AppError::PayloadTooLarge { limit: total }
                } else {
                    read_error(e)
                }
            };
            let session = req.get_session();
            let mut token_ok = false;
            let mut parts = 0usize;
            let mut file: Option<(UploadedFile, Option<String>)> = None;
            let mut fields = HashMap::new();
            while let Some(field) = multipart.next().await {
                let mut field = field.map_err(failed)?;
                parts += 1;
                if parts > FIELDS {
                    return Err(AppError::PayloadTooLarge { limit: total });
                }
                let name = field.name().unwrap_or("").to_owned();
                let given_name = field
                    .content_disposition()
                    .and_then(|cd| cd.get_filename())
                    .map(str::to_owned);
                if given_name.is_some() && name != "csrf_token" {
                    if !token_ok {
                        return Err(AppError::Csrf);
                    }
                    // Only the first file is kept; another is read (within the total) and dropped.
                    let cap = if file.is_none() { MAX + 1 } else { 0 };
                    let mut sink = Sink::new(dir.clone(), cap);
                    while let Some(chunk) = field.next().await {
                        sink.push(&chunk.map_err(failed)?).await?;
                    }
                    if file.is_none() {
                        file = Some((sink.finish().await?, given_name));
                    }
                    continue;
                }
                let cap = if name == "csrf_token" { 256 } else { TEXT_MAX };
                let mut buf = Vec::new();
                while let Some(chunk) = field.next().await {
                    let chunk = chunk.map_err(failed)?;
                    let room = cap.saturating_sub(buf.len());
                    buf.extend_from_slice(&chunk[..chunk.len().min(room)]);
                }
                let text = String::from_utf8_lossy(&buf);
                if name == "csrf_token" {
                    // A wrong token ends the request here, before the rest of the body is read.
                    if !csrf::matches(&session, Some(&text)) {
                        return Err(AppError::Csrf);
                    }
                    token_ok = true;
                } else {
                    let text = western_number(&text);
                    fields.insert(name, crate::web::text::clean(&text).into_owned());
                }
            }
            if !token_ok {
                return Err(AppError::Csrf);
            }
            let (file, filename) = file.unwrap_or_default();
            Ok(CsrfUploadOf {
                file,
                filename,
                fields,
            })
        })
    }
}

/// A request body sent as it is (an image posted to the API), read whole but never beyond
/// `limit` bytes: a declared length above it is refused before anything is read, and the
/// reading stops as soon as the bytes received pass it (413).
pub async fn read_body(
    req: &HttpRequest,
    mut body: web::Payload,
    limit: usize,
) -> AppResult<Vec<u8>> {
    let declared = req
        .headers()
        .get(actix_web::http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(AppError::PayloadTooLarge { limit });
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = body.next().await {
        let chunk = chunk
            .map_err(|e| AppError::BadRequest(format!("the upload could not be read: {e}")))?;
        if bytes.len() + chunk.len() > limit {
            return Err(AppError::PayloadTooLarge { limit });
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_large_part_goes_to_disk_and_is_removed_with_its_value() {
        let dir = std::env::temp_dir().join(format!(
            "passerelle-sink-{}",
            crate::security::random_token(6)
        ));
        let mut sink = Sink::new(dir.clone(), 600 * 1024);
        for _ in 0..10 {
            sink.push(&[7u8; 100 * 1024]).await.unwrap();
        }
        let file = sink.finish().await.unwrap();
        assert_eq!(file.len(), 600 * 1024, "cut at its cap");
        assert!(matches!(file.body, Body::Disk(_)));
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1);
        assert_eq!(file.read_blocking().unwrap().len(), 600 * 1024);
        drop(file);
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "removed");

        let mut small = Sink::new(dir.clone(), 1000);
        small.push(b"hello").await.unwrap();
        let small = small.finish().await.unwrap();
        assert!(matches!(small.body, Body::Memory(_)));
        assert_eq!(small.into_bytes().await.unwrap(), b"hello");
        let _ = std::fs::remove_dir(&dir);
    }
}
