//! Photo files on disk: both sizes of a decoded photo stored under `<data dir>/photos/` by
//! content hash (write then rename), and served from there as immutable.

use std::path::{Path, PathBuf};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use super::photos::Processed;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

pub fn dir(data_dir: &Path) -> PathBuf {
    data_dir.join("photos")
}

/// Writes both sizes (write then rename, so a reader never sees half a file).
pub async fn store(data_dir: &Path, p: &Processed) -> AppResult<()> {
    let dir = dir(data_dir);
    let io = |e: std::io::Error| {
        AppError::Unexpected(anyhow::anyhow!("storing a photo in {}: {e}", dir.display()))
    };
    tokio::fs::create_dir_all(&dir).await.map_err(io)?;
    for (suffix, bytes) in [("display", &p.display), ("thumb", &p.thumb)] {
        let target = dir.join(format!("{}-{suffix}.jpg", p.key));
        let tmp = dir.join(format!(
            ".{}-{suffix}.{}.tmp",
            p.key,
            crate::security::random_token(6)
        ));
        tokio::fs::write(&tmp, bytes).await.map_err(io)?;
        tokio::fs::rename(&tmp, &target).await.map_err(io)?;
    }
    Ok(())
}

/// `GET /photos/<key>-display.jpg` and `-thumb.jpg`: content-addressed, cached for a year.
pub async fn serve(
    st: web::Data<AppState>,
    req: HttpRequest,
    name: web::Path<String>,
) -> AppResult<HttpResponse> {
    let (key, size) = name
        .strip_suffix(".jpg")
        .and_then(|n| n.rsplit_once('-'))
        .ok_or(AppError::NotFound)?;
    if key.len() != 24
        || !key.bytes().all(|b| b.is_ascii_hexdigit())
        || !["display", "thumb"].contains(&size)
    {
        return Err(AppError::NotFound);
    }
    let etag = format!("\"{key}-{size}\"");
    let cache = "public, max-age=31536000, immutable";
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        == Some(etag.as_str())
    {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish());
    }
    let bytes = tokio::fs::read(dir(&st.config.data_dir).join(name.as_str()))
        .await
        .map_err(|_| AppError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/jpeg"))
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .body(bytes))
}
