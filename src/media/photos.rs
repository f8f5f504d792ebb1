//! Photo decoding: a JPEG, PNG or WebP of at most 5 MB whose header announces at most the pixel
//! budget (40 megapixels unless configured) is decoded (a file that only claims to be an image is
//! refused), turned upright as its EXIF orientation says, flattened and re-encoded as JPEG (no
//! metadata survives), in a display size and a thumbnail named by content hash (stored and served
//! by `photo_files`). Decodes run off the async threads, a few at a time.

use crate::media::storage::Storage;
use std::io::Cursor;
use std::sync::Arc;

use image::imageops::FilterType;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits, RgbImage};
use sha2::{Digest, Sha256};

use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::web::uploads::UploadedFile;

/// The largest photo accepted, in bytes (uploads of a photo are limited to it).
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// The pixel budget when none is configured (`PASSERELLE_PHOTO_MAX_PIXELS`).
pub const DEFAULT_MAX_PIXELS: u64 = 40_000_000;
const DISPLAY_MAX: u32 = 1200;
const THUMB: (u32, u32) = (480, 360);
/// No side longer than this, whatever the budget.
const SIDE_MAX: u32 = 20_000;

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

fn too_many_pixels(max_pixels: u64) -> AppError {
    AppError::Validation(FieldErrors::single(
        "photo",
        FieldError::new("photo-too-many-pixels").with("max", max_pixels.div_ceil(1_000_000)),
    ))
}

/// Decodes and re-encodes an uploaded image (CPU work: call it off the async threads). The
/// size the header announces is checked against `max_pixels` before anything is decoded.
pub fn process(bytes: &[u8], max_pixels: u64) -> AppResult<Processed> {
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
    limits.max_image_width = Some(SIDE_MAX);
    limits.max_image_height = Some(SIDE_MAX);
    // Up to 16-bit RGBA per pixel of the budget, and the decoder's own buffers.
    limits.max_alloc = Some(max_pixels.saturating_mul(8).saturating_add(64 << 20));
    reader.limits(limits);
    let mut decoder = reader.into_decoder().map_err(|e| match e {
        image::ImageError::Limits(_) => too_many_pixels(max_pixels),
        _ => refused("photo-not-image"),
    })?;
    let (w, h) = decoder.dimensions();
    if u64::from(w) * u64::from(h) > max_pixels {
        return Err(too_many_pixels(max_pixels));
    }
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let full = DynamicImage::from_decoder(decoder).map_err(|e| match e {
        image::ImageError::Limits(_) => too_many_pixels(max_pixels),
        _ => refused("photo-not-image"),
    })?;
    // Down to the display size first (each source pixel read once), then everything else on
    // that small picture.
    let mut display = if full.width() > DISPLAY_MAX || full.height() > DISPLAY_MAX {
        let small = full.thumbnail(DISPLAY_MAX, DISPLAY_MAX);
        drop(full);
        small
    } else {
        full
    };
    display.apply_orientation(orientation);
    let display = DynamicImage::ImageRgb8(flatten(display));
    let thumb = display.resize_to_fill(THUMB.0, THUMB.1, FilterType::Triangle);
    Ok(Processed {
        key: key(bytes, orientation),
        width: display.width(),
        height: display.height(),
        display: jpeg(&display, 82)?,
        thumb: jpeg(&thumb, 78)?,
    })
}

/// Named by content. A picture turned upright gets a name of its own, so that a copy stored
/// sideways before (and cached as immutable) is never served for it.
fn key(bytes: &[u8], orientation: Orientation) -> String {
    let mut h = Sha256::new();
    h.update(bytes);
    if orientation != Orientation::NoTransforms {
        h.update(b"upright");
    }
    hex::encode(&h.finalize()[..12])
}

/// Decodes photos a few at a time (each may take a few hundred megabytes while it runs), within
/// the pixel budget.
pub struct PhotoDecoder {
    permits: Arc<tokio::sync::Semaphore>,
    max_pixels: u64,
}

impl PhotoDecoder {
    pub fn new(max_pixels: u64, at_once: usize) -> Self {
        Self {
            permits: Arc::new(tokio::sync::Semaphore::new(at_once.max(1))),
            max_pixels,
        }
    }

    /// Decodes and re-encodes an upload off the async threads (nothing stored yet). The upload
    /// waits on disk for its turn; the turn is kept until the decode ends, even when the
    /// request that asked for it has gone.
    pub async fn decode(&self, file: UploadedFile) -> AppResult<Processed> {
        if file.is_empty() {
            return Err(refused("photo-missing"));
        }
        if file.len() > MAX_BYTES {
            return Err(refused("photo-too-large"));
        }
        let permit = self
            .permits
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| AppError::Unexpected(e.into()))?;
        let max_pixels = self.max_pixels;
        tokio::task::spawn_blocking(move || {
            let _turn = permit;
            let bytes = file
                .read_blocking()
                .map_err(|e| AppError::Unexpected(anyhow::anyhow!("reading an upload: {e}")))?;
            drop(file);
            process(&bytes, max_pixels)
        })
        .await
        .map_err(|e| AppError::Unexpected(e.into()))?
    }

    /// Decodes, re-encodes and stores an upload.
    pub async fn accept(&self, storage: &Storage, file: UploadedFile) -> AppResult<Processed> {
        let processed = self.decode(file).await?;
        super::photo_files::store(storage, &processed).await?;
        Ok(processed)
    }
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

    fn process_(bytes: &[u8]) -> AppResult<Processed> {
        process(bytes, DEFAULT_MAX_PIXELS)
    }

    #[test]
    fn a_large_png_becomes_a_display_jpeg_and_a_thumbnail() {
        let p = process_(&png(2400, 1600, false)).unwrap();
        assert_eq!((p.width, p.height), (1200, 800));
        assert_eq!(image::guess_format(&p.display).unwrap(), ImageFormat::Jpeg);
        let thumb = image::load_from_memory(&p.thumb).unwrap();
        assert_eq!((thumb.width(), thumb.height()), THUMB);
        assert_eq!(p.key.len(), 24);
    }

    #[test]
    fn transparency_becomes_white() {
        let p = process_(&png(10, 10, true)).unwrap();
        let img = image::load_from_memory(&p.display).unwrap().to_rgb8();
        assert!(
            img.get_pixel(5, 5).0.iter().all(|c| *c > 240),
            "{:?}",
            img.get_pixel(5, 5)
        );
    }

    /// A JPEG whose EXIF says "turn me 90° clockwise", as a phone held upright writes it:
    /// stored 40×20, left half red, right half blue.
    pub(crate) fn sideways_jpeg() -> Vec<u8> {
        use image::ImageEncoder as _;
        let img = RgbImage::from_fn(40, 20, |x, _| {
            if x < 20 {
                image::Rgb([220, 20, 20])
            } else {
                image::Rgb([20, 20, 220])
            }
        });
        // TIFF header, one IFD entry: Orientation (0x0112), SHORT, 1, value 6.
        let exif = vec![
            0x49, 0x49, 0x2A, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0,
            0, 0,
        ];
        let mut out = Vec::new();
        let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95);
        enc.set_exif_metadata(exif).unwrap();
        enc.write_image(img.as_raw(), 40, 20, image::ExtendedColorType::Rgb8)
            .unwrap();
        out
    }

    #[test]
    fn a_photo_taken_upright_is_stored_upright() {
        let p = process_(&sideways_jpeg()).unwrap();
        assert_eq!((p.width, p.height), (20, 40));
        let img = image::load_from_memory(&p.display).unwrap().to_rgb8();
        assert_eq!(img.dimensions(), (20, 40));
        let (top, bottom) = (img.get_pixel(10, 5), img.get_pixel(10, 35));
        assert!(
            top[0] > 150 && top[2] < 100,
            "the left side is on top: {top:?}"
        );
        assert!(bottom[2] > 150 && bottom[0] < 100, "{bottom:?}");
        let plain = process_(&png(40, 20, false)).unwrap();
        assert_eq!((plain.width, plain.height), (40, 20), "no EXIF, no turn");
    }

    #[test]
    fn a_picture_over_the_pixel_budget_is_refused_from_its_header() {
        let code = |r: AppResult<Processed>| match r {
            Err(AppError::Validation(e)) => e.0["photo"][0].clone(),
            _ => FieldError::new("accepted"),
        };
        let refused = code(process(&png(3000, 2000, false), 5_000_000));
        assert_eq!(refused.code, "photo-too-many-pixels");
        assert_eq!(refused.params["max"], crate::web::i18n::Arg::Number(5));
        assert_eq!(
            code(process(&png(2000, 2000, false), 5_000_000)).code,
            "accepted"
        );
        // A header announcing 11000 × 11000 over data that is not there: refused on its
        // announced size, nothing decoded.
        let mut bomb = png(1, 1, false);
        bomb[16..24].copy_from_slice(&[0, 0, 0x2A, 0xF8, 0, 0, 0x2A, 0xF8]);
        let crc = crc32(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        assert_eq!(code(process_(&bomb)).code, "photo-too-many-pixels");
    }

    fn crc32(data: &[u8]) -> u32 {
        let mut crc = 0xFFFF_FFFFu32;
        for b in data {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    #[test]
    fn what_is_not_an_image_is_refused() {
        let code = |r: AppResult<Processed>| match r {
            Err(AppError::Validation(e)) => e.0["photo"][0].code.clone(),
            _ => "accepted".into(),
        };
        assert_eq!(
            code(process_(b"<?php system($_GET['c']); ?>")),
            "photo-not-image"
        );
        let mut disguised = b"\x89PNG\r\n\x1a\n".to_vec();
        disguised.extend_from_slice(b"not really a png at all");
        assert_eq!(code(process_(&disguised)), "photo-not-image");
        assert_eq!(
            code(process_(b"GIF89a\x01\x00\x01\x00")),
            "photo-not-image",
            "GIF is not accepted"
        );
        assert_eq!(code(process_(&vec![0u8; MAX_BYTES + 1])), "photo-too-large");
        assert_eq!(code(process_(&[])), "photo-missing");
    }
}
