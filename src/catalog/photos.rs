//! Photos: a JPEG, PNG or WebP of at most 5 MB is decoded (a file that only claims to be an
//! image is refused), flattened and re-encoded as JPEG (no metadata survives), in a display size
//! and a thumbnail, stored under `<data dir>/photos/` by content hash and served as immutable.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use image::imageops::FilterType;
use image::{DynamicImage, ImageFormat, ImageReader, Limits, RgbImage};
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::state::AppState;

pub const MAX_BYTES: usize = 5 * 1024 * 1024;
pub const MAX_PER_OWNER: u64 = 8;
const DISPLAY_MAX: u32 = 1200;
const THUMB: (u32, u32) = (480, 360);

/// A photo ready to store.
pub struct Processed {
    pub key: String,
    pub display: Vec<u8>,
    pub thumb: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

fn refused(code: &str) -> AppError {
    AppError::Validation(FieldErrors::single(
        "photo",
        FieldError::new(code).with("max", MAX_BYTES / (1024 * 1024)),
    ))
}

/// Decodes and re-encodes an uploaded image (CPU work: call it off the async threads).
pub fn process(bytes: &[u8]) -> AppResult<Processed> {
    if bytes.is_empty() {
        return Err(refused("photo-missing"));
    }
    if bytes.len() > MAX_BYTES {
        return Err(refused("photo-too-large"));
    }
    let format = image::guess_format(bytes).map_err(|_| refused("photo-not-image"))?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(refused("photo-not-image"));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    let mut limits = Limits::default();
    limits.max_image_width = Some(12_000);
    limits.max_image_height = Some(12_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|_| refused("photo-not-image"))?;
    let rgb = flatten(decoded);
    let full = DynamicImage::ImageRgb8(rgb);
    let display = if full.width() > DISPLAY_MAX || full.height() > DISPLAY_MAX {
        full.resize(DISPLAY_MAX, DISPLAY_MAX, FilterType::Triangle)
    } else {
        full.clone()
    };
    let thumb = full.resize_to_fill(THUMB.0, THUMB.1, FilterType::Triangle);
    Ok(Processed {
        key: hex::encode(&Sha256::digest(bytes)[..12]),
        width: display.width(),
        height: display.height(),
        display: jpeg(&display, 82)?,
        thumb: jpeg(&thumb, 78)?,
    })
}

/// Transparent pixels over white, so every photo is a plain RGB picture.
fn flatten(img: DynamicImage) -> RgbImage {
    if !img.color().has_alpha() {
        return img.to_rgb8();
    }
    let rgba = img.to_rgba8();
    let mut out = RgbImage::new(rgba.width(), rgba.height());
    for (x, y, p) in rgba.enumerate_pixels() {
        let a = u16::from(p[3]);
        let blend = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
        out.put_pixel(x, y, image::Rgb([blend(p[0]), blend(p[1]), blend(p[2])]));
    }
    out
}

fn jpeg(img: &DynamicImage, quality: u8) -> AppResult<Vec<u8>> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality)
        .encode_image(img)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("encoding a photo: {e}")))?;
    Ok(out)
}

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
            crate::accounts::service::random_token(6)
        ));
        tokio::fs::write(&tmp, bytes).await.map_err(io)?;
        tokio::fs::rename(&tmp, &target).await.map_err(io)?;
    }
    Ok(())
}

/// Decodes and re-encodes an upload off the async threads (nothing stored yet).
pub async fn decode(bytes: Vec<u8>) -> AppResult<Processed> {
    tokio::task::spawn_blocking(move || process(&bytes))
        .await
        .map_err(|e| AppError::Unexpected(e.into()))?
}

/// Decodes, re-encodes and stores an upload.
pub async fn accept(data_dir: &Path, bytes: Vec<u8>) -> AppResult<Processed> {
    let processed = decode(bytes).await?;
    store(data_dir, &processed).await?;
    Ok(processed)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn png(w: u32, h: u32, alpha: bool) -> Vec<u8> {
        let img = if alpha {
            DynamicImage::ImageRgba8(image::RgbaImage::from_pixel(
                w,
                h,
                image::Rgba([200, 30, 30, 0]),
            ))
        } else {
            DynamicImage::ImageRgb8(RgbImage::from_pixel(w, h, image::Rgb([20, 120, 60])))
        };
        let mut out = Vec::new();
        img.write_to(&mut Cursor::new(&mut out), ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn a_large_png_becomes_a_display_jpeg_and_a_thumbnail() {
        let p = process(&png(2400, 1600, false)).unwrap();
        assert_eq!((p.width, p.height), (1200, 800));
        assert_eq!(image::guess_format(&p.display).unwrap(), ImageFormat::Jpeg);
        let thumb = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), THUMB);
        assert_eq!(p.key.len(), 24);
    }

    #[test]
    fn transparency_becomes_white() {
        let p = process(&png(10, 10, true)).unwrap();
        let img = image::load_from_memory(&p.display).unwrap().to_rgb8();
        assert!(
            img.get_pixel(5, 5).0.iter().all(|c| *c > 240),
            "{:?}",
            img.get_pixel(5, 5)
        );
    }

    #[test]
    fn what_is_not_an_image_is_refused() {
        let code = |r: AppResult<Processed>| match r {
            Err(AppError::Validation(e)) => e.0["photo"][0].code.clone(),
            _ => "accepted".into(),
        };
        assert_eq!(
            code(process(b"<?php system($_GET['c']); ?>")),
            "photo-not-image"
        );
        let mut disguised = b"\x89PNG\r\n\x1a\n".to_vec();
        disguised.extend_from_slice(b"not really a png at all");
        assert_eq!(code(process(&disguised)), "photo-not-image");
        assert_eq!(
            code(process(b"GIF89a\x01\x00\x01\x00")),
            "photo-not-image",
            "GIF is not accepted"
        );
        assert_eq!(code(process(&vec![0u8; MAX_BYTES + 1])), "photo-too-large");
        assert_eq!(code(process(&[])), "photo-missing");
    }
}
