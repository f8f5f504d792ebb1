//! Vendored static files (CSS, icons), embedded in the binary and served with cache headers.
//! Links carry a content hash (`?v=`), so a changed file is fetched again at once.

use std::collections::HashMap;
use std::sync::LazyLock;

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use rust_embed::Embed;

use crate::error::AppError;

#[derive(Embed)]
#[folder = "static/"]
struct StaticFiles;

/// Short content hashes of the static files, computed once.
static VERSIONS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    StaticFiles::iter()
        .filter_map(|name| {
            let file = StaticFiles::get(&name)?;
            Some((
                name.to_string(),
                hex::encode(&file.metadata.sha256_hash()[..6]),
            ))
        })
        .collect()
});

/// The URL of a static file with its content hash.
pub fn static_url(path: &str) -> String {
    match VERSIONS.get(path) {
        Some(v) => format!("/static/{path}?v={v}"),
        None => format!("/static/{path}"),
    }
}

pub async fn serve(req: HttpRequest, path: web::Path<String>) -> Result<HttpResponse, AppError> {
    let path = path.into_inner();
    let file = StaticFiles::get(&path).ok_or(AppError::NotFound)?;
    let etag = format!("\"{}\"", hex::encode(&file.metadata.sha256_hash()[..12]));
    let versioned = req.query_string().starts_with("v=");
    let cache = if versioned {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=3600"
    };
    if req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
        return Ok(HttpResponse::NotModified()
            .insert_header((header::ETAG, etag))
            .insert_header((header::CACHE_CONTROL, cache))
            .finish());
    }
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, mime.essence_str().to_owned()))
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .body(file.data.into_owned()))
}
