//! Searching with a category: the words and the category are crossed by the full-text index
//! (on SQLite its category column), which follows every change of a product's category.

use reqwest::StatusCode;
use serde_json::json;

use crate::builders::{PASSWORD, ProducerApp, signed_out_producer_app};
use crate::catalog::{listed, names};
use crate::catalog_paging::{ids, insert_products, walk};
use crate::helpers::TestApp;

#[tokio::test]
async fn a_search_in_a_category_follows_each_products_category() {
    let app = TestApp::spawn().await;
    app.catalogue().await;
    let nuts = listed(&app, "q=amandes&category=nuts&sort=name").await;
    assert_eq!(
        names(&nuts),
        ["Amandes de Tafraout", "Amandes décortiquées"]
    );
    assert_eq!(
        names(&listed(&app, "q=amandes&category=preserves&sort=name").await),
        ["Amlou", "Amlou aux amandes de Tafraout"]
    );
    assert!(
        listed(&app, "q=amandes&category=oils").await.is_empty(),
        "no almonds among the oils"
    );

    // Tinouar's member moves the shelled almonds to the preserves.
    let member = app.token("producer.al-hoceima@example.org", PASSWORD).await;
    let shelled = nuts
        .iter()
        .find(|i| i["name_i18n"]["fr"] == "Amandes décortiquées")
        .unwrap();
    let pid = shelled["id"].as_i64().unwrap();
    let body = json!({"name": {"fr": "Amandes décortiquées"},
                      "description": {"fr": "Amandes du Rif, récolte de l'année, sachet de 500 g."},
                      "category": "preserves", "unit": "sachet de 500 g", "case_size": 10,
                      "weight_grams": 520, "price_cents": 890, "vat_rate_bp": 600, "stock": 400});
    let res = app
        .put_json(&format!("/api/v1/products/{pid}"), &body, Some(&member))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        names(&listed(&app, "q=amandes&category=nuts").await),
        ["Amandes de Tafraout"]
    );
    assert_eq!(
        names(&listed(&app, "q=amand&category=preserves&sort=name").await),
        [
            "Amandes décortiquées",
            "Amlou",
            "Amlou aux amandes de Tafraout"
        ],
        "a word's beginning finds it in its new category"
    );

    // A category that is not one, or that tries to be a query, finds nothing and breaks nothing.
    for hostile in [
        "%22%20OR%20%22",
        "nuts%22%20OR%20category%20%3A%20%22oils",
        "*",
        "%22",
    ] {
        assert!(
            listed(&app, &format!("q=amandes&category={hostile}"))
                .await
                .is_empty(),
            "{hostile}"
        );
    }
    let (status, page) = app
        .page("/catalogue?q=amandes&category=%22%20OR%20%22")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("Amandes de Tafraout"));
}

/// A common word ("dense": more than 1,000 matches) is paged by walking the sort order and
/// probing its matches: the walk finds exactly what the full-text index counts, a word by its
/// beginning only, every word asked for, by cursor or by page number alike.
#[tokio::test]
async fn a_common_word_is_paged_to_exactly_its_matches() {
    let ProducerApp { app, producer, .. } = signed_out_producer_app().await;
    // One in seven says "safran", the others "thym"; all say "lot".
    insert_products(&app, producer, 1_200).await;
    let thym = (0..1_200).filter(|i| i % 7 != 0).count();
    for (q, sort) in [
        ("thym", "name"),
        ("THY", "price_desc"),
        ("lot+thym", "newest"),
    ] {
        let query = format!("q={q}&sort={sort}");
        let (status, first) = app
            .get_json(&format!("/api/v1/products?{query}&per_page=7"), None)
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(first["total_exact"], false, "{q}: more than 1,000");
        let walked = walk(&app, &query, first, "next", "after").await;
        let distinct: std::collections::HashSet<_> = walked.iter().collect();
        assert_eq!(walked.len(), thym, "{q}");
        assert_eq!(distinct.len(), thym, "{q}: no repeat");
    }
    // Inside a word is not a word's beginning; a word missing leaves nothing.
    assert!(listed(&app, "q=hym").await.is_empty());
    assert!(listed(&app, "q=thym+safran").await.is_empty());
    // The page by number (1,200 products, 100 a page) agrees with the walk.
    let (_, page3) = app
        .get_json(
            "/api/v1/products?q=thym&sort=name&per_page=100&page=3",
            None,
        )
        .await;
    let page3 = ids(&page3);
    assert_eq!(page3.len(), 100);
    let (_, first) = app
        .get_json("/api/v1/products?q=thym&sort=name&per_page=7", None)
        .await;
    let walked = walk(&app, "q=thym&sort=name", first, "next", "after").await;
    assert_eq!(page3, walked[200..300]);
}
