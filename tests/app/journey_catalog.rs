//! A producer's week in a real browser, through the pages only: a cooperative's member, in
//! Arabic on a phone, signs up and registers the cooperative; the partnership's coordinator, in
//! French, approves it from the review page; the member adds a product with its photo in one
//! form, typing the price in Arabic-Indic digits and the unit in Arabic, and finds it in the
//! Arabic catalogue with its unit in Arabic, drawn in the right order.

use fantoccini::Locator;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use passerelle::web::i18n::Lang;

use crate::browser::{browser, click, fill, log_in, path, select, text, wait_for, wait_for_text};
use crate::helpers::TestApp;

const MEMBER: &str = "khadija@example.org";
const PASSWORD: &str = "argan et amlou 2026";
const COORDINATOR: &str = "coordinator.jette-sidi-bibi@demo.passerelle.test";
const NAME: &str = "زيت أركان محمص";
const UNIT: &str = "قنينة 250 مل";

async fn log_out(c: &fantoccini::Client) {
    click(c, "form[action='/logout'] button[type='submit']").await;
    wait_for(c, "nav a[href='/login']").await;
}

async fn language(c: &fantoccini::Client, lang: &str) {
    click(c, &format!("a[hreflang='{lang}']")).await;
    wait_for(c, &format!("html[lang='{lang}']")).await;
}

#[tokio::test]
async fn a_producer_in_arabic_lists_a_product_with_its_photo_after_approval() {
    let Some(b) = browser().await else { return };
    b.phone().await;
    let app = TestApp::spawn_demo().await;
    let say = |key: &str| passerelle::web::i18n::translate(Lang::Ar, key, &[]);
    let c = &b.client;
    let photo = b.temp_path("argan.png");
    image::DynamicImage::ImageRgb8(image::RgbImage::from_fn(900, 700, |x, y| {
        image::Rgb([(x / 4) as u8, 160, (y / 3) as u8])
    }))
    .save(&photo)
    .unwrap();

    // Khadija signs up in Arabic.
    c.goto(&app.url("/")).await.unwrap();
    language(c, "ar").await;
    click(c, "nav a[href='/signup']").await;
    wait_for(c, "form[action='/signup']").await;
    fill(c, "display_name", "خديجة").await;
    fill(c, "email", MEMBER).await;
    fill(c, "password", PASSWORD).await;
    select(c, "locale", "ar").await;
    click(c, "form[action='/signup'] button[type='submit']").await;
    // The answer does not tell whether the address had an account: she is told a message is
    // on its way, and logs in.
    wait_for(c, "form[action^='/login']").await;
    let told = text(c, ".flash-success").await;
    assert!(told.contains(MEMBER), "{told}");
    fill(c, "email", MEMBER).await;
    fill(c, "password", PASSWORD).await;
    click(c, "form[action^='/login'] button[type='submit']").await;
    wait_for(c, "form[action='/logout']").await;
    assert_eq!(
        c.find(Locator::Css("html"))
            .await
            .unwrap()
            .attr("dir")
            .await
            .unwrap()
            .as_deref(),
        Some("rtl")
    );

    // From her account, she registers the cooperative.
    click(c, "nav a[href='/account']").await;
    wait_for(c, "main a[href='/producer/new']").await;
    click(c, "main a[href='/producer/new']").await;
    wait_for(c, "form[action='/producer/new']").await;
    fill(c, "name", "Coopérative Ighil").await;
    select(c, "partnership", "jette-sidi-bibi").await;
    select(c, "territory", "sidi-bibi").await;
    fill(
        c,
        "description_ar",
        "تعاونية نسائية لإنتاج زيت الأركان في سيدي بيبي",
    )
    .await;
    fill(c, "contact_email", "ighil@example.org").await;
    click(c, "form[action='/producer/new'] button[type='submit']").await;
    wait_for(c, "section.approval").await;
    let manage = path(c).await;
    assert!(manage.starts_with("/producer/"), "{manage}");
    let status = text(c, ".approval-status").await;
    assert!(status.contains(&say("producer-status-pending")), "{status}");
    // Her address is not confirmed yet: the page says so before any upload, and its button
    // sends a new confirmation email and brings her back here.
    let notice = text(c, "main").await;
    assert!(notice.contains(&say("photos-confirm-first")), "{notice}");
    assert!(
        c.find(Locator::Css(&format!("form[action='{manage}/photos']")))
            .await
            .is_err(),
        "no upload form that would fail"
    );
    click(
        c,
        "form[action='/account/verification'] button[type='submit']",
    )
    .await;
    // The page before showed another message in the same place ("producer created").
    wait_for_text(c, ".flash-success", &say("flash-verification-sent")).await;
    assert_eq!(path(c).await, manage);
    // The email's link confirms the address; back on the page, the photo form is there.
    let mail = crate::group_flow::outbox(&app, MEMBER, "verify_email").await;
    let link = crate::group_flow::link_path(&mail.body_text, "/verify-email/");
    c.goto(&app.url(&link)).await.unwrap();
    wait_for(c, "main a.button[href='/account']").await;
    assert!(text(c, "h1").await.contains(&say("verified-title")));
    // Still signed in: confirming an address does not end the session that asked for it.
    c.goto(&app.url(&manage)).await.unwrap();
    wait_for(c, &format!("form[action='{manage}/photos']")).await;
    assert!(!text(c, "main").await.contains(&say("photos-confirm-first")));
    // Approval waits for nothing: she gave a presentation and a contact.
    assert!(
        text(c, "section.approval")
            .await
            .contains(&say("gap-photo"))
    );
    log_out(c).await;

    // The coordinator, in French, approves it from the partnership's review page.
    language(c, "fr").await;
    log_in(c, &app, COORDINATOR).await;
    click(c, "nav a[href='/partnerships']").await;
    wait_for(c, "main a[href='/partnerships/jette-sidi-bibi']").await;
    click(c, "main a[href='/partnerships/jette-sidi-bibi']").await;
    wait_for(c, "a[href='/partnerships/jette-sidi-bibi/producers']").await;
    click(c, "a[href='/partnerships/jette-sidi-bibi/producers']").await;
    let id = manage.trim_start_matches("/producer/");
    let approve = format!("#producer-{id} form[data-action='approve'] button");
    wait_for(c, &approve).await;
    assert!(
        text(c, &format!("#producer-{id}"))
            .await
            .contains("En attente")
    );
    click(c, &approve).await;
    wait_for(c, ".flash-success").await;
    assert!(
        text(c, &format!("#producer-{id}"))
            .await
            .contains("Approuvé")
    );
    log_out(c).await;

    // Back in Arabic, she adds a product with its photo, price typed in Arabic-Indic digits.
    language(c, "ar").await;
    c.goto(&app.url("/login")).await.unwrap();
    fill(c, "email", MEMBER).await;
    fill(c, "password", PASSWORD).await;
    click(c, "form[action='/login'] button[type='submit']").await;
    wait_for(c, "form[action='/logout']").await;
    click(c, "nav a[href='/account']").await;
    wait_for(c, "main a[href='/producer']").await;
    click(c, "main a[href='/producer']").await;
    wait_for(c, &format!("main a[href='{manage}']")).await;
    click(c, &format!("main a[href='{manage}']")).await;
    wait_for(c, "a.button[href$='/products/new']").await;
    assert!(
        text(c, ".approval-status")
            .await
            .contains(&say("producer-status-approved"))
    );
    click(c, "a.button[href$='/products/new']").await;
    wait_for(c, "form[enctype='multipart/form-data']").await;
    fill(c, "name_ar", NAME).await;
    select(c, "category", "oils").await;
    fill(c, "unit_ar", UNIT).await;
    fill(c, "price", "١٤٫٩٠").await;
    fill(c, "case_size", "12").await;
    fill(c, "weight_grams", "480").await;
    c.find(Locator::Id("photo"))
        .await
        .unwrap()
        .send_keys(&photo.display().to_string())
        .await
        .unwrap();
    click(
        c,
        "form[enctype='multipart/form-data'] button[type='submit']",
    )
    .await;
    wait_for(c, ".flash-success").await;
    assert_eq!(path(c).await, manage);

    let saved = entity::product::Entity::find()
        .filter(entity::product::Column::ProducerId.eq(id.parse::<i64>().unwrap()))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the product is saved");
    assert_eq!(saved.price_cents.get(), 1490, "١٤٫٩٠ is 14,90 €");
    assert_eq!(saved.unit_i18n.exact("ar"), UNIT);
    assert_eq!(app.count("photos").await, 1, "with its photo");

    // The Arabic catalogue shows it with its Arabic unit, price and unit in reading order.
    click(c, "nav a[href='/catalogue']").await;
    wait_for(c, "form.filters").await;
    fill(c, "q", "محمص").await;
    click(c, "form.filters button[type='submit']").await;
    wait_for(c, ".product-card").await;
    let cards = c.find_all(Locator::Css(".product-card")).await.unwrap();
    assert_eq!(cards.len(), 1);
    assert!(cards[0].text().await.unwrap().contains(NAME));
    assert_eq!(text(c, ".product-card bdi.unit").await, UNIT);
    // (WebDriver reads the no-break space as a space.)
    assert_eq!(
        text(c, ".product-card bdi.amount")
            .await
            .replace('\u{a0}', " "),
        "14,90 €"
    );
    // On a busy machine the thumbnail may still be loading: wait for its end (loaded or not).
    c.execute_async(
        r#"const done = arguments[arguments.length - 1];
           const img = document.querySelector('.product-card img.thumb');
           if (img.complete) { done(); } else {
             img.addEventListener('load', () => done(), { once: true });
             img.addEventListener('error', () => done(), { once: true });
           }"#,
        vec![],
    )
    .await
    .unwrap();
    let layout = c
        .execute(
            r#"const card = document.querySelector('.product-card');
               const box = s => card.querySelector(s).getBoundingClientRect();
               const a = box('bdi.amount'), u = box('bdi.unit');
               return [a.left, a.right, u.left, u.right, u.height, a.height,
                       getComputedStyle(card).direction,
                       card.querySelector('img.thumb').naturalWidth,
                       document.documentElement.scrollWidth <= window.innerWidth];"#,
            vec![],
        )
        .await
        .unwrap();
    let n = |i: usize| layout[i].as_f64().unwrap();
    assert_eq!(layout[6], "rtl");
    // Right to left: the price comes first, at the right; the unit after it, to its left,
    // whole (one line, not split around the price).
    assert!(
        n(2) < n(0) && n(3) <= n(0),
        "unit left of the price: {layout}"
    );
    assert!(n(4) <= n(5) * 1.5, "the unit on one line: {layout}");
    assert_eq!(layout[7], 480, "the photo's thumbnail is shown");
    assert_eq!(layout[8], true, "no sideways scrolling on a phone");
    b.close().await;
}
