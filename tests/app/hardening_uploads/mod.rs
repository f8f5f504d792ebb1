//! Uploads that cannot exhaust memory (issue 15, items 1 and 6) and photos stored upright.
//! The memory tests run the real binary as a child process and read its peak resident memory
//! (VmHWM in /proc/<pid>/status), so that the tests running beside them do not move the figure.

mod multipart;
pub(crate) mod server;

use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::Value;

use crate::builders::{PASSWORD, ProducerApp, producer_app};
use crate::helpers::TestApp;
use server::{MB, Server};

const PRODUCER: &str = "producer.jette-sidi-bibi@demo.passerelle.test";
/// What the issue allows the process under an image bomb or a multipart flood.
const MEMORY_CEILING: u64 = 300 * MB;

// ----- pictures -----

pub(crate) fn encode_png(img: &image::DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// 11000 × 11000 pixels in about half a megabyte: 363 MB once decoded.
fn image_bomb() -> Vec<u8> {
    use image::ImageEncoder as _;
    use image::codecs::png::{CompressionType, FilterType, PngEncoder};
    let pixels = vec![0u8; 11_000 * 11_000 * 3];
    let mut bytes = Vec::new();
    PngEncoder::new_with_quality(&mut bytes, CompressionType::Best, FilterType::NoFilter)
        .write_image(&pixels, 11_000, 11_000, image::ExtendedColorType::Rgb8)
        .unwrap();
    assert!(bytes.len() < 1_000_000, "{} bytes", bytes.len());
    bytes
}

/// The Jette – Sidi Bibi producers' first producer and its argan oil's id.
pub(crate) async fn producer_and_product(token: &str, server: &Server) -> (i64, i64) {
    let me: Value = server
        .client
        .get(server.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let products: Value = server
        .client
        .get(server.url("/api/v1/products?q=noisette"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (
        me["roles"][0]["scope_id"].as_i64().unwrap(),
        products["items"][0]["id"].as_i64().unwrap(),
    )
}

// ----- item 1: image bombs -----

#[tokio::test]
async fn an_image_bomb_is_refused_from_its_header_and_memory_stays_low() {
    let server = Server::start(&[]).await;
    let token = server.api_token(PRODUCER).await;
    let (_, product) = producer_and_product(&token, &server).await;
    let bomb = tokio::task::spawn_blocking(image_bomb).await.unwrap();
    let before = server.memory("VmRSS");
    // Three at once, as in the report (4 GB then).
    let sends = (0..3).map(|_| {
        server
            .client
            .post(server.url(&format!("/api/v1/products/{product}/photos")))
            .bearer_auth(&token)
            .header("content-type", "image/png")
            .body(bomb.clone())
            .send()
    });
    for res in futures_util::future::join_all(sends).await {
        let res = res.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let problem: Value = res.json().await.unwrap();
        assert!(
            problem["errors"]["photo"][0]
                .as_str()
                .unwrap()
                .contains("at most 40 megapixels"),
            "{problem}"
        );
    }
    let peak = server.memory("VmHWM");
    eprintln!(
        "image bomb x3: resident before {} MB, peak {} MB",
        before / MB,
        peak / MB
    );
    assert!(peak < MEMORY_CEILING, "peak {} MB", peak / MB);
    assert!(
        !server.data_dir.path().join("photos").exists(),
        "nothing stored"
    );
}

#[tokio::test]
async fn big_photos_sent_at_once_are_decoded_in_turn() {
    let server = Server::start(&[("PASSERELLE_PHOTO_DECODES", "1")]).await;
    let token = server.api_token(PRODUCER).await;
    let (_, product) = producer_and_product(&token, &server).await;
    // 36 megapixels with transparency (144 MB each once decoded), each a different picture.
    let photos = tokio::task::spawn_blocking(|| {
        (0..3u8)
            .map(|i| {
                let mut img =
                    image::RgbaImage::from_pixel(6000, 6000, image::Rgba([90, 140, 60, 255]));
                img.put_pixel(0, 0, image::Rgba([i, 0, 0, 255]));
                encode_png(&image::DynamicImage::ImageRgba8(img))
            })
            .collect::<Vec<_>>()
    })
    .await
    .unwrap();
    let before = server.memory("VmRSS");
    let sends = photos.into_iter().map(|p| {
        server
            .client
            .post(server.url(&format!("/api/v1/products/{product}/photos")))
            .bearer_auth(&token)
            .header("content-type", "image/png")
            .body(p)
            .send()
    });
    for res in futures_util::future::join_all(sends).await {
        assert_eq!(res.unwrap().status(), StatusCode::CREATED);
    }
    let peak = server.memory("VmHWM");
    eprintln!(
        "three 36 MP photos at once, one decode at a time: resident before {} MB, peak {} MB",
        before / MB,
        peak / MB
    );
    // One decode holds 144 MB; the three at once would take over 430 MB. Between the two: one
    // decode with the allocator's and the runtime's own growth reached 288 MB on a busy machine.
    assert!(
        peak - before < 360 * MB,
        "grew by {} MB",
        (peak - before) / MB
    );
}

#[tokio::test]
async fn a_member_of_a_pending_producer_sends_photos_once_their_address_is_confirmed() {
    let app = TestApp::spawn().await;
    app.partnership().await;
    let id = app.pending_producer("fatima@example.org").await.id;
    app.login("fatima@example.org", PASSWORD).await;
    let manage = format!("/producer/{id}");
    let action = format!("/producer/{id}/photos");
    let send = || {
        crate::catalog_photos::send_multipart(
            &app,
            &manage,
            &action,
            &[],
            Some(("ighrem.png", crate::catalog_photos::png(60, 40, 10))),
        )
    };
    let res = send().await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.page(&manage).await;
    assert!(
        page.contains("Confirmez d’abord votre adresse e-mail"),
        "the page says why"
    );
    assert_eq!(app.count("photos").await, 0, "nothing decoded nor stored");

    // Once the address is confirmed, the same photo goes in.
    app.confirm_address("fatima@example.org").await;
    assert_eq!(send().await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("photos").await, 1);
}

#[tokio::test]
async fn the_photo_quota_is_checked_before_anything_is_decoded() {
    let ProducerApp {
        app, producer: id, ..
    } = producer_app().await;
    for i in 0..8 {
        entity::photo::ActiveModel {
            owner_type: Set("producer".into()),
            owner_id: Set(id),
            file_key: Set(format!("{i:024}")),
            width: Set(10),
            height: Set(10),
            position: Set(i),
            created_at: Set(app.clock_now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    let manage = format!("/producer/{id}");
    // Not even an image: had it been decoded, the answer would say so.
    let res = crate::catalog_photos::send_multipart(
        &app,
        &manage,
        &format!("/producer/{id}/photos"),
        &[],
        Some(("x.png", b"\x89PNG\r\n\x1a\nnot an image".to_vec())),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.page(&manage).await;
    assert!(page.contains("Il y a déjà 8 photos"), "the quota answers");
    assert!(!page.contains("pas une image"), "nothing was decoded");
}

// ----- EXIF orientation -----

/// A JPEG stored 40×20 (left half red, right half blue) whose EXIF says "turn me 90°
/// clockwise", as a phone held upright writes it.
fn sideways_jpeg() -> Vec<u8> {
    use image::ImageEncoder as _;
    let img = image::RgbImage::from_fn(40, 20, |x, _| {
        if x < 20 {
            image::Rgb([220, 20, 20])
        } else {
            image::Rgb([20, 20, 220])
        }
    });
    let exif = vec![
        0x49, 0x49, 0x2A, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0,
    ];
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 95);
    enc.set_exif_metadata(exif).unwrap();
    enc.write_image(img.as_raw(), 40, 20, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

#[tokio::test]
async fn a_portrait_phone_photo_is_stored_upright() {
    let ProducerApp {
        app,
        product: pid,
        token,
        ..
    } = producer_app().await;
    let res = app
        .client
        .post(app.url(&format!("/api/v1/products/{pid}/photos")))
        .bearer_auth(&token)
        .header("content-type", "image/jpeg")
        .body(sideways_jpeg())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let photo: Value = res.json().await.unwrap();
    let row = entity::photo::Entity::find()
        .filter(entity::photo::Column::OwnerId.eq(pid))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((row.width, row.height), (20, 40), "portrait");
    let display = app.get(photo["display"].as_str().unwrap()).await;
    let img = image::load_from_memory(&display.bytes().await.unwrap())
        .unwrap()
        .to_rgb8();
    assert_eq!(img.dimensions(), (20, 40));
    assert!(
        img.get_pixel(10, 5)[0] > 150,
        "the photo's left side is on top"
    );
    assert!(img.get_pixel(10, 35)[2] > 150);
}
