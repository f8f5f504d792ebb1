//! Photos from a phone: chosen from the gallery, kept once when sent twice, and sent with the
//! product that they show in the form that creates it.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::Value;

use crate::builders::{PASSWORD, ProducerApp, producer_app};
use crate::helpers::TestApp;

pub fn png(w: u32, h: u32, shade: u8) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, shade])
    }));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// Sends a multipart form as the browser does: the page's CSRF token, text fields, one file.
pub async fn send_multipart(
    app: &TestApp,
    form_page: &str,
    action: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, Vec<u8>)>,
) -> reqwest::Response {
    let mut form = reqwest::multipart::Form::new().text("csrf_token", app.csrf(form_page).await);
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    let (name, bytes) = file.unwrap_or(("", Vec::new()));
    // A form whose file input was left empty still sends the part, with an empty name.
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(name.to_owned())
        .mime_str(if name.is_empty() {
            "application/octet-stream"
        } else {
            "image/png"
        })
        .unwrap();
    form = form.part("photo", part);
    app.client
        .post(app.url(action))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

fn no_capture(html: &str) {
    let input = html
        .split("<input")
        .find(|i| i.contains("type=\"file\""))
        .expect("a file input");
    let input = &input[..input.find('>').unwrap()];
    assert!(input.contains("accept=\"image/jpeg,image/png,image/webp\""));
    assert!(
        !input.contains("capture"),
        "a phone must be able to choose from its gallery: {input}"
    );
}

#[tokio::test]
async fn photo_inputs_let_a_phone_choose_from_its_gallery() {
    let ProducerApp {
        app, producer: id, ..
    } = producer_app().await;
    let (_, manage) = app.page(&format!("/producer/{id}")).await;
    no_capture(&manage);
    let (_, new) = app.page(&format!("/producer/{id}/products/new")).await;
    no_capture(&new);
    assert!(new.contains("enctype=\"multipart/form-data\""));
    let product = entity::product::Entity::find()
        .filter(entity::product::Column::ProducerId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let (_, edit) = app
        .page(&format!("/producer/{id}/products/{}/edit", product.id))
        .await;
    no_capture(&edit);
}

#[tokio::test]
async fn the_same_photo_sent_twice_is_kept_once() {
    let ProducerApp {
        app,
        producer: id,
        token,
        ..
    } = producer_app().await;
    let manage = format!("/producer/{id}");
    let action = format!("/producer/{id}/photos");
    let picture = png(640, 480, 10);
    for _ in 0..2 {
        let res = send_multipart(
            &app,
            &manage,
            &action,
            &[],
            Some(("cooperative.png", picture.clone())),
        )
        .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    let (_, page) = app.page(&manage).await;
    assert!(
        page.contains("Cette photo est déjà là"),
        "the second time says so"
    );
    assert_eq!(app.count("photos").await, 1);
    // Another picture is another photo.
    send_multipart(
        &app,
        &manage,
        &action,
        &[],
        Some(("other.png", png(640, 480, 200))),
    )
    .await;
    assert_eq!(app.count("photos").await, 2);

    // Through the API: 201 the first time, 200 with the same photo the second.
    let product = entity::product::Entity::find()
        .filter(entity::product::Column::ProducerId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let url = app.url(&format!("/api/v1/products/{}/photos", product.id));
    let post = |body: Vec<u8>| {
        app.client
            .post(&url)
            .bearer_auth(&token)
            .header("content-type", "image/png")
            .body(body)
            .send()
    };
    let first = post(picture.clone()).await.unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    let again = post(picture).await.unwrap();
    assert_eq!(again.status(), StatusCode::OK);
    let again: Value = again.json().await.unwrap();
    assert_eq!(first["id"], again["id"]);
    assert_eq!(
        app.count("photos").await,
        3,
        "one producer's, one other, one product's"
    );
    // Sent twice at once: still one.
    let fresh = png(500, 400, 99);
    let (a, b) = tokio::join!(post(fresh.clone()), post(fresh));
    let mut statuses = [a.unwrap().status(), b.unwrap().status()];
    statuses.sort();
    assert_eq!(statuses, [StatusCode::OK, StatusCode::CREATED]);
    assert_eq!(app.count("photos").await, 4);
}

const SOAP: [(&str, &str); 7] = [
    ("name_fr", "Savon noir à l'eucalyptus"),
    ("category", "cosmetics"),
    ("unit_fr", "pot de 200 g"),
    ("vat_rate_bp", "2100"),
    ("case_size", "12"),
    ("weight_grams", "230"),
    ("price", "٤٫٥٠"),
];

async fn soap(app: &TestApp) -> Option<entity::product::Model> {
    entity::product::Entity::find()
        .filter(entity::product::Column::SortName.eq("savon noir a l eucalyptus"))
        .one(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_product_is_created_with_its_photo_in_one_submit() {
    let ProducerApp {
        app, producer: id, ..
    } = producer_app().await;
    let new = format!("/producer/{id}/products/new");
    let res = send_multipart(
        &app,
        &new,
        &new,
        &SOAP,
        Some(("soap.png", png(900, 700, 60))),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let product = soap(&app).await.expect("the product is saved");
    assert_eq!(product.price_cents.get(), 450, "٤٫٥٠ is 4,50 €");
    let photos = entity::photo::Entity::find()
        .filter(entity::photo::Column::OwnerType.eq("product"))
        .filter(entity::photo::Column::OwnerId.eq(product.id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(photos.len(), 1, "with its photo");
    let (_, manage) = app.page(&crate::helpers::location(&res)).await;
    assert!(manage.contains("Produit enregistré avec sa photo."));
    let (_, card) = app.page("/catalogue?q=eucalyptus").await;
    assert!(card.contains(&format!("/photos/{}-thumb.jpg", photos[0].file_key)));

    // Without a photo (the file input left empty) the form works as before.
    let mut fields = SOAP.to_vec();
    fields[0] = ("name_fr", "Savon au ghassoul");
    let res = send_multipart(&app, &new, &new, &fields, None).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("photos").await, 1);
}

#[tokio::test]
async fn a_bad_creation_form_comes_back_with_its_errors_and_saves_nothing() {
    let ProducerApp {
        app, producer: id, ..
    } = producer_app().await;
    let new = format!("/producer/{id}/products/new");
    let products = app.count("products").await;

    // A bad price with a good photo: the price is explained, the photo is asked again.
    let mut fields = SOAP.to_vec();
    fields[6] = ("price", "quatre");
    let res = send_multipart(
        &app,
        &new,
        &new,
        &fields,
        Some(("soap.png", png(300, 200, 1))),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("id=\"price-error\""));
    assert!(body.contains("value=\"quatre\""), "the input is kept");
    assert!(body.contains("Choisissez à nouveau la photo"));

    // A good product with a file that is not an image: the photo is explained.
    let res = send_multipart(
        &app,
        &new,
        &new,
        &SOAP,
        Some(("soap.png", b"<?php echo 1; ?>".to_vec())),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("id=\"photo-error\""), "{body}");
    assert!(body.contains("value=\"pot de 200 g\""));

    // Both wrong: both said at once.
    let res = send_multipart(
        &app,
        &new,
        &new,
        &fields,
        Some(("soap.png", b"not an image".to_vec())),
    )
    .await;
    let body = res.text().await.unwrap();
    assert!(body.contains("id=\"price-error\"") && body.contains("id=\"photo-error\""));

    assert!(soap(&app).await.is_none());
    assert_eq!(app.count("products").await, products);
    assert_eq!(app.count("photos").await, 0, "nothing half saved");
}

#[tokio::test]
async fn prices_typed_in_arabic_indic_digits_are_read_by_the_plain_form_too() {
    let ProducerApp {
        app, producer: id, ..
    } = producer_app().await;
    let product = entity::product::Entity::find()
        .filter(entity::product::Column::ProducerId.eq(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let edit = format!("/producer/{id}/products/{}/edit", product.id);
    let mut fields = SOAP.to_vec();
    fields[6] = ("price", "١٣٫٩٠");
    fields[4] = ("case_size", "١٢");
    let res = app.submit(&edit, &edit, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let after = entity::product::Entity::find_by_id(product.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((after.price_cents.get(), after.case_size), (1390, 12));
}

// ----- photos sent, decoded, resized and served -----

fn png_bytes(w: u32, h: u32) -> Vec<u8> {
    let img = image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    }));
    let mut out = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

async fn upload(
    app: &TestApp,
    form_page: &str,
    action: &str,
    bytes: Vec<u8>,
    filename: &str,
    mime: &str,
) -> reqwest::Response {
    let token = app.csrf(form_page).await;
    let part = reqwest::multipart::Part::bytes(bytes)
        .file_name(filename.to_owned())
        .mime_str(mime)
        .unwrap();
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part("photo", part);
    app.client
        .post(app.url(action))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_real_photo_is_resized_stored_and_served_and_a_disguised_file_is_refused() {
    let ProducerApp { app, .. } = producer_app().await;
    let oil = crate::catalog::listed(&app, "q=noisette").await;
    let pid = oil[0]["id"].as_i64().unwrap();
    let producer_id = oil[0]["producer"]["id"].as_i64().unwrap();
    let edit = format!("/producer/{producer_id}/products/{pid}/edit");
    let action = format!("/producer/{producer_id}/products/{pid}/photos");

    let res = upload(
        &app,
        &edit,
        &action,
        png_bytes(1600, 1200),
        "argan.png",
        "image/png",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.page(&edit).await;
    assert!(page.contains("Photo ajoutée"));
    let photos: Vec<entity::photo::Model> =
        entity::photo::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(photos.len(), 1);
    assert_eq!((photos[0].width, photos[0].height), (1200, 900));
    let thumb = app
        .get(&format!("/photos/{}-thumb.jpg", photos[0].file_key))
        .await;
    assert_eq!(thumb.status(), StatusCode::OK);
    assert_eq!(thumb.headers()["content-type"], "image/jpeg");
    assert!(
        thumb.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let img = image::load_from_memory(&thumb.bytes().await.unwrap()).unwrap();
    assert_eq!((img.width(), img.height()), (480, 360));
    let (_, card) = app.page("/catalogue?q=noisette").await;
    assert!(
        card.contains(&format!("/photos/{}-thumb.jpg", photos[0].file_key)),
        "the catalogue shows it"
    );

    // A script renamed .jpg, and a PNG header over garbage: refused, nothing stored.
    for (bytes, name) in [
        (b"<?php system($_GET['c']); ?>".to_vec(), "shell.jpg"),
        (
            [b"\x89PNG\r\n\x1a\n".as_slice(), b"garbage"].concat(),
            "fake.png",
        ),
    ] {
        let res = upload(&app, &edit, &action, bytes, name, "image/jpeg").await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        let (_, page) = app.page(&edit).await;
        assert!(
            page.contains("n&#39;est pas une image") || page.contains("n'est pas une image"),
            "{name}"
        );
    }
    assert_eq!(app.count("photos").await, 1);
    assert_eq!(
        app.get("/photos/..%2F..%2Fpasserelle.db").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get("/photos/0123456789abcdef01234567-display.jpg")
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // Someone else's product: not found.
    app.pending_producer("other.producer@example.org").await;
    let member = app.token("other.producer@example.org", PASSWORD).await;
    let res = app
        .client
        .post(app.url(&format!("/api/v1/products/{pid}/photos")))
        .bearer_auth(&member)
        .header("content-type", "image/png")
        .body(png_bytes(10, 10))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn photos_through_the_api() {
    let ProducerApp {
        app, token: member, ..
    } = producer_app().await;
    let pid = crate::catalog::listed(&app, "q=noisette").await[0]["id"]
        .as_i64()
        .unwrap();
    let post = |body: Vec<u8>| {
        app.client
            .post(app.url(&format!("/api/v1/products/{pid}/photos")))
            .bearer_auth(&member)
            .header("content-type", "image/png")
            .body(body)
            .send()
    };
    let res = post(png_bytes(300, 200)).await.unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let photo: Value = res.json().await.unwrap();
    assert!(photo["thumb"].as_str().unwrap().ends_with("-thumb.jpg"));
    assert_eq!(
        crate::catalog::listed(&app, "q=noisette").await[0]["photo"],
        photo["thumb"]
    );
    let res = post(b"not an image".to_vec()).await.unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = post(vec![0u8; 6 * 1024 * 1024]).await.unwrap();
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("photos").await, 1);
}
