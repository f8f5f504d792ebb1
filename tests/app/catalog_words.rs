//! Numbers, percentages, dates and plurals on the catalogue's pages, the way each language
//! writes them.

use passerelle::web::format;
use passerelle::web::i18n::Lang;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::builders::{COORDINATOR, JETTE_SIDI_BIBI, PASSWORD, ProducerApp, producer_app};
use crate::helpers::TestApp;

async fn product_id(app: &TestApp, q: &str) -> i64 {
    let (_, found) = app.get_json(&format!("/api/v1/products?q={q}"), None).await;
    found["items"][0]["id"].as_i64().unwrap()
}

#[tokio::test]
async fn the_product_page_writes_numbers_and_percentages_per_language() {
    let ProducerApp {
        app,
        producer,
        token,
        ..
    } = producer_app().await;
    app.product_with(
        producer,
        &token,
        "Huile d'olive extra vierge",
        json!({"description": {"fr": "Picholine marocaine, bouteille de 1 l.",
                               "en": "Moroccan Picholine, 1 l bottle."},
               "unit": "bouteille de 1 l", "case_size": 6, "weight_grams": 1450,
               "price_cents": 1150, "vat_rate_bp": 600}),
    )
    .await;
    let coordinator = app.token(COORDINATOR, PASSWORD).await;
    let res = app
        .put_json(
            &format!("/api/v1/partnerships/{JETTE_SIDI_BIBI}/shares"),
            &json!({"transport_bp": 1200, "costs_bp": 500, "fund_bp": 500}),
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let olive = product_id(&app, "picholine").await;
    let (_, fr) = app.page(&format!("/products/{olive}?lang=fr")).await;
    assert!(fr.contains("1\u{202f}450 g"), "grouped thousands");
    assert!(
        fr.contains("6\u{202f}%"),
        "VAT with a narrow no-break space"
    );
    assert!(fr.contains("100\u{202f}%"));
    assert!(!fr.contains(" %<"), "no plain space before %");
    let (_, en) = app.page(&format!("/products/{olive}?lang=en")).await;
    assert!(en.contains("1,450 g") && en.contains(">6%<") && en.contains(">100%<"));
    // The breakdown's shares: 11,50 € at 6% VAT, 12% of the price without VAT for transport
    // (1,30 €), which is 11,3% of the price.
    let (_, found) = app
        .get_json(&format!("/api/v1/products/{olive}"), None)
        .await;
    let b: &Value = &found["price_breakdown"];
    let bp = b["transport_cents"].as_i64().unwrap() * 10_000 / 1150;
    assert!(
        fr.contains(&format::percent_bp(Lang::Fr, bp))
            || fr.contains(&format::percent_bp(Lang::Fr, bp + 1)),
        "{bp}"
    );
    assert!(fr.contains(&format!(
        "{},",
        b["transport_cents"].as_i64().unwrap() / 100
    )));
    let (_, ar) = app.page(&format!("/products/{olive}?lang=ar")).await;
    assert!(ar.contains(">6%<"));
}

#[tokio::test]
async fn counts_take_the_plural_of_each_language() {
    let ProducerApp {
        app,
        producer: id,
        token,
        ..
    } = producer_app().await;
    for name in ["Amandes de Tafraout", "Amlou aux amandes de Tafraout"] {
        app.product_with(
            id,
            &token,
            name,
            json!({"description": {"fr": "Récolte de la vallée des Ammelne."}}),
        )
        .await;
    }
    let (_, one) = app.page("/catalogue?q=noisette&lang=fr").await;
    assert!(one.contains(">1 produit<"));
    let (_, many) = app.page("/catalogue?lang=fr").await;
    let all = app.count("products").await;
    assert_eq!(all, 3);
    assert!(many.contains(&format!(">{all} produits<")));
    let (_, ar) = app.page("/catalogue?q=noisette&lang=ar").await;
    assert!(ar.contains("منتوج واحد"));
    let (_, two) = app.page("/catalogue?q=amandes+tafraout&lang=ar").await;
    assert!(two.contains("منتوجان"), "Arabic has a dual");
    let (_, none) = app.page("/catalogue?q=caviar&lang=nl").await;
    assert!(none.contains("Geen producten"));

    // The dashboard counts products and photos (the client is signed in as the producer's
    // member).
    let (status, page) = app.page(&format!("/producer/{id}?lang=fr")).await;
    assert_eq!(status, StatusCode::OK);
    let n = app
        .count(&format!("products WHERE producer_id = {id}"))
        .await;
    let expected = if n == 1 {
        ">1 produit<".to_owned()
    } else {
        format!(">{n} produits<")
    };
    assert!(page.contains(&expected), "{expected}");
    let photo = crate::catalog_photos::png(200, 200, 5);
    let res = crate::catalog_photos::send_multipart(
        &app,
        &format!("/producer/{id}"),
        &format!("/producer/{id}/photos"),
        &[],
        Some(("tifawin.png", photo)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.page(&format!("/producer/{id}?lang=fr")).await;
    assert!(page.contains("1 photo sur 8"));
    let (_, page) = app.page(&format!("/producer/{id}?lang=ar")).await;
    assert!(page.contains("صورة واحدة من أصل"));
}

#[tokio::test]
async fn a_review_is_dated_as_people_write_dates() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let token = app.user_token("salma@example.org").await;
    let res = app
        .post_json(
            "/api/v1/producers",
            &serde_json::json!({"name": "Coopérative Tamaynut", "partnership": "jette-sidi-bibi",
                    "territory": "sidi-bibi", "kind": "association",
                    "description": "Plantes aromatiques", "contact_phone": "+212 600 11 22 33"}),
            Some(&token),
        )
        .await;
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/producers/{id}/approve"),
            &serde_json::json!({}),
            Some(&partnership.coordinator_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let member = app.visitor("salma@example.org", "a long password").await;
    let today = app
        .clock_now()
        .with_timezone(&chrono_tz::Europe::Brussels)
        .date_naive();
    let (_, page) = member.page(&format!("/producer/{id}?lang=fr")).await;
    let expected = format!("Examiné le {}.", format::date(Lang::Fr, today));
    assert!(page.contains(&expected), "{expected}");
    assert!(!page.contains(&today.format("%Y-%m-%d").to_string()));
}
