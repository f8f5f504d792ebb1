//! Photo files in the storage: both sizes of a decoded photo under `photos/` by content hash,
//! and served from there as immutable (through whichever instance the request reaches).

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};

use super::photos::Processed;
use super::storage::Storage;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The folder of photos in the storage.
pub const FOLDER: &str = "photos";

/// Writes both sizes.
pub async fn store(storage: &Storage, p: &Processed) -> AppResult<()> {
    for (suffix, bytes) in [("display", &p.display), ("thumb", &p.thumb)] {
        let key = format!("{FOLDER}/{}-{suffix}.jpg", p.key);
        storage.put(&key, bytes.clone()).await?;
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
    let bytes = st
        .storage
        .get(&format!("{FOLDER}/{key}-{size}.jpg"))
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "image/jpeg"))
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .body(bytes))
}
