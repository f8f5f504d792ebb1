//! A product's unit is written per language like its name, read in the reader's language (else
//! French), searched in every language, and carried into campaigns.

use migration::{MigrationTrait, SchemaManager};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::{HOUSEHOLD, ProducerApp, producer_app};
use crate::group_orders::{open_campaign, scene};
use crate::helpers::TestApp;

fn saffron(unit: Value) -> Value {
    json!({"name": {"fr": "Safran de Taliouine", "ar": "زعفران تالوين"},
           "category": "spices_herbs", "unit": unit, "case_size": 10, "weight_grams": 20,
           "price_cents": 1450, "vat_rate_bp": 600})
}

#[tokio::test]
async fn a_unit_is_written_per_language_and_read_in_the_readers_language() {
    let ProducerApp {
        app,
        producer: producer_id,
        token,
        ..
    } = producer_app().await;
    let res = app
        .post_json(
            &format!("/api/v1/producers/{producer_id}/products"),
            &saffron(json!({"fr": "boîte de 1 g", "ar": "علبة 1 غ", "nl": "doosje van 1 g"})),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    assert_eq!(created["unit"], "boîte de 1 g", "French by default");
    assert_eq!(
        created["unit_i18n"],
        json!({"fr": "boîte de 1 g", "ar": "علبة 1 غ", "nl": "doosje van 1 g"})
    );
    let (_, ar) = app
        .get_json(&format!("/api/v1/products/{id}?lang=ar"), None)
        .await;
    assert_eq!(ar["unit"], "علبة 1 غ");
    let (_, en) = app
        .get_json(&format!("/api/v1/products/{id}?lang=en"), None)
        .await;
    assert_eq!(en["unit"], "boîte de 1 g", "no English: French");
    // The old column keeps the reference text for older readers.
    let row = entity::product::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.unit, "boîte de 1 g");

    // Pages: the card, the product page and the producer page, each in its reader's language.
    let (_, catalogue) = app.page("/catalogue?q=taliouine&lang=ar").await;
    assert!(catalogue.contains("علبة 1 غ"), "{catalogue}");
    let (_, page) = app.page(&format!("/products/{id}?lang=nl")).await;
    assert!(page.contains("doosje van 1 g"));
    // Search: a word of any language's unit finds it.
    let (_, found) = app.get_json("/api/v1/products?q=doosje", None).await;
    assert_eq!(found["total"], 1);

    // What GET returns can be sent back as it is (unit in Arabic, unit_i18n complete).
    let mut back = ar.clone();
    back["price_cents"] = json!(1500);
    let res = app
        .put_json(
            &format!("/api/v1/products/{id}?lang=fr"),
            &back,
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let after: Value = res.json().await.unwrap();
    assert_eq!(after["unit_i18n"], created["unit_i18n"]);
    assert_eq!(after["unit"], "boîte de 1 g");

    // The old way, one text: French.
    let res = app
        .put_json(
            &format!("/api/v1/products/{id}"),
            &saffron(json!("boîte de 2 g")),
            Some(&token),
        )
        .await;
    let after: Value = res.json().await.unwrap();
    assert_eq!(after["unit_i18n"], json!({"fr": "boîte de 2 g"}));
    // Too long in one language: the message names that language's field.
    let res = app
        .put_json(
            &format!("/api/v1/products/{id}"),
            &saffron(json!({"fr": "boîte", "ar": "ع".repeat(41)})),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["unit_ar"].is_array(), "{problem}");
}

#[tokio::test]
async fn the_product_form_takes_the_unit_in_four_languages() {
    let ProducerApp {
        app,
        producer: producer_id,
        ..
    } = producer_app().await;
    let new = format!("/producer/{producer_id}/products/new");
    let (_, form) = app.page(&new).await;
    for code in ["fr", "nl", "en", "ar"] {
        assert!(form.contains(&format!("id=\"unit_{code}\"")), "unit_{code}");
    }
    let res = app
        .submit(
            &new,
            &new,
            &[
                ("name_fr", "Savon à l'argan"),
                ("category", "cosmetics"),
                ("unit_fr", "pain de 100 g"),
                ("unit_ar", "قطعة 100 غ"),
                ("price", "4,50"),
                ("vat_rate_bp", "2100"),
                ("case_size", "24"),
                ("weight_grams", "110"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let p = entity::product::Entity::find()
        .filter(entity::product::Column::SortName.eq("savon a l argan"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("saved");
    assert_eq!(p.unit_i18n.exact("ar"), "قطعة 100 غ");
    assert_eq!(p.unit, "pain de 100 g");
    let (_, manage) = app.page(&format!("/producer/{producer_id}?lang=ar")).await;
    assert!(manage.contains("قطعة 100 غ"));
    let (_, edit) = app
        .page(&format!("/producer/{producer_id}/products/{}/edit", p.id))
        .await;
    assert!(
        edit.contains("value=\"قطعة 100 غ\""),
        "the edit form shows it"
    );

    // No unit at all: the form comes back with the message on the unit.
    let res = app
        .submit(
            &new,
            &new,
            &[
                ("name_fr", "Savon sans unité"),
                ("category", "cosmetics"),
                ("price", "4,50"),
                ("vat_rate_bp", "2100"),
                ("case_size", "24"),
                ("weight_grams", "110"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("id=\"unit-error\""));
}

#[tokio::test]
async fn campaigns_carry_the_unit_in_every_language() {
    let s = scene(None).await;
    let member = crate::group_orders::member(&s, HOUSEHOLD).await;
    open_campaign(&s, json!({})).await;
    let app = &s.app;
    let oil = entity::campaign_product::Entity::find()
        .filter(entity::campaign_product::Column::Unit.eq("bouteille de 250 ml"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the campaign offers the argan oil");
    assert_eq!(oil.unit_in("ar"), "قنينة 250 مل");
    assert_eq!(oil.unit_in("en"), "250 ml bottle");
    let (status, campaign) = app
        .get_json(
            &format!("/api/v1/campaigns/{}?lang=ar", oil.campaign_id),
            Some(&member),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        campaign["products"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["unit"] == "قنينة 250 مل"),
        "{campaign}"
    );
}

#[tokio::test]
async fn the_migration_moves_existing_units_into_the_per_language_form() {
    use migration::m20261206_000501_unit_per_language::Migration;
    let s = scene(None).await;
    open_campaign(&s, json!({})).await;
    let app = &s.app;
    // Back to one unit column, as before the migration, then forward again, on a connection of
    // its own (the app's connections keep the statements they prepared when they migrated).
    let own = passerelle::db::connect_url(&app.config.database_url, 1)
        .await
        .unwrap();
    let manager = SchemaManager::new(&own);
    Migration.down(&manager).await.unwrap();
    for table in ["products", "campaign_products"] {
        assert!(
            !manager.has_column(table, "unit_i18n").await.unwrap(),
            "{table}"
        );
    }
    Migration.up(&manager).await.unwrap();
    own.close().await.unwrap();
    let products = entity::product::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(products.len(), 4, "the cooperatives' four");
    for p in &products {
        assert_eq!(
            p.unit_i18n.0,
            [("fr".to_owned(), p.unit.clone())].into(),
            "{}",
            p.unit
        );
    }
    let lines = entity::campaign_product::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| l.unit_i18n.exact("fr") == l.unit));
    // The catalogue still reads them.
    let (_, found) = app
        .get_json("/api/v1/products?q=noisette&lang=ar", None)
        .await;
    assert_eq!(found["items"][0]["unit"], "bouteille de 250 ml");
}

#[tokio::test]
async fn arabic_pages_isolate_what_people_typed() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let tifawin = app.cooperatives(&partnership).await.tifawin.slug;
    let (_, catalogue) = app.page("/catalogue?q=noisette&lang=ar").await;
    assert!(catalogue.contains("dir=\"rtl\""));
    for isolated in [
        "<bdi class=\"unit\">قنينة 250 مل</bdi>",
        "<bdi class=\"amount\">14,90\u{a0}€</bdi>",
        "<bdi>زيت أركان للطبخ</bdi>",
        "<bdi>Coopérative féminine Tifawin</bdi>",
    ] {
        assert!(catalogue.contains(isolated), "{isolated}");
    }
    let (_, found) = app.get_json("/api/v1/products?q=noisette", None).await;
    let id = found["items"][0]["id"].as_i64().unwrap();
    let (_, page) = app.page(&format!("/products/{id}?lang=ar")).await;
    assert!(page.contains("<h1 dir=\"auto\">زيت أركان للطبخ</h1>"));
    assert!(page.contains("/ <bdi class=\"unit\">قنينة 250 مل</bdi>"));
    assert!(page.contains("<bdi>Coopérative féminine Tifawin</bdi>"));
    let (_, producer) = app.page(&format!("/producers/{tifawin}?lang=ar")).await;
    assert!(producer.contains("<h1 dir=\"auto\">Coopérative féminine Tifawin</h1>"));
    assert!(producer.contains("<bdi class=\"unit\">"));
}
