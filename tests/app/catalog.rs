use passerelle::catalog::service::search_text;
use passerelle::money::Cents;
use reqwest::StatusCode;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use serde_json::{Value, json};

use crate::builders::{
    COORDINATOR, PASSWORD, PRODUCER_MEMBER, ProducerApp, producer_app, signed_out_producer_app,
};
use crate::helpers::TestApp;

pub(crate) fn argan_oil() -> Value {
    json!({"name": {"fr": "Huile d'argan alimentaire", "ar": "زيت أركان للطبخ"},
           "description": {"fr": "Amandons torréfiés, goût de noisette"},
           "category": "oils", "unit": "250 ml", "case_size": 12, "weight_grams": 480,
           "price_cents": 1490, "vat_rate_bp": 600, "stock": 100})
}

fn new_producer(name: &str) -> Value {
    json!({"name": name, "partnership": "jette-sidi-bibi", "territory": "sidi-bibi", "kind": "cooperative",
           "description": "Coopérative de l'arganeraie", "women_led": true, "labels": ["argane_pgi"],
           "contact_email": "contact@taounza.example"})
}

pub async fn listed(app: &TestApp, query: &str) -> Vec<Value> {
    let (status, body) = app
        .get_json(&format!("/api/v1/products?{query}"), None)
        .await;
    assert_eq!(status, StatusCode::OK, "{query}");
    body["items"].as_array().unwrap().clone()
}

pub(crate) fn names(items: &[Value]) -> Vec<String> {
    items
        .iter()
        .map(|i| i["name_i18n"]["fr"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_producer_is_listed_only_once_its_partnerships_coordinators_approve_it() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let other = app.other_partnership().await;
    let member = app.user_token("fatima@example.org").await;
    let res = app
        .post_json(
            "/api/v1/producers",
            &new_producer("Coopérative Taounza"),
            Some(&member),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let producer: Value = res.json().await.unwrap();
    assert_eq!(producer["status"], "pending");
    let id = producer["id"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/producers/{id}/products"),
            &argan_oil(),
            Some(&member),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let product: Value = res.json().await.unwrap();
    let pid = product["id"].as_i64().unwrap();
    assert!(
        !names(&listed(&app, "q=taounza").await).contains(&"Huile d'argan alimentaire".to_owned()),
        "pending: not listed"
    );
    assert_eq!(
        app.get_json(&format!("/api/v1/products/{pid}"), None)
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_json(&format!("/api/v1/products/{pid}"), Some(&member))
            .await
            .0,
        StatusCode::OK,
        "its members see it"
    );

    // Only members add products; only this partnership's coordinators (or admins) approve.
    let stranger = app.user_token("stranger@example.org").await;
    let res = app
        .post_json(
            &format!("/api/v1/producers/{id}/products"),
            &argan_oil(),
            Some(&stranger),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    for who in [&stranger, &member] {
        let res = app
            .post_json(
                &format!("/api/v1/producers/{id}/approve"),
                &json!({}),
                Some(who),
            )
            .await;
        assert!(
            matches!(res.status(), StatusCode::NOT_FOUND | StatusCode::FORBIDDEN),
            "{}",
            res.status()
        );
    }
    let res = app
        .post_json(
            &format!("/api/v1/producers/{id}/approve"),
            &json!({}),
            Some(&other.coordinator_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let coordinator = partnership.coordinator_token;
    let res = app
        .post_json(
            &format!("/api/v1/producers/{id}/reject"),
            &json!({"note": "Il manque le numéro ODCo."}),
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(listed(&app, "q=taounza").await.is_empty());
    let res = app
        .post_json(
            &format!("/api/v1/producers/{id}/approve"),
            &json!({}),
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let items = listed(&app, "q=taounza").await;
    assert_eq!(names(&items), ["Huile d'argan alimentaire"]);
    assert_eq!(items[0]["producer"]["name"], "Coopérative Taounza");
    assert_eq!(items[0]["partnership"]["slug"], "jette-sidi-bibi");

    // The member was emailed both decisions, in order, the rejection with its note.
    let mails: Vec<entity::outbox_message::Model> = entity::outbox_message::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    let to_member: Vec<_> = mails
        .iter()
        .filter(|m| m.to_email == "fatima@example.org" && m.template.starts_with("producer_"))
        .collect();
    assert_eq!(to_member.len(), 2);
    assert_eq!(to_member[0].template, "producer_rejected");
    assert!(to_member[0].body_text.contains("Il manque le numéro ODCo."));
    assert_eq!(to_member[1].template, "producer_approved");
    assert!(to_member[1].subject.contains("Coopérative Taounza"));
}

#[tokio::test]
async fn bad_products_get_field_errors_and_nothing_is_saved() {
    let ProducerApp {
        app,
        producer: producer_id,
        token: member,
        ..
    } = producer_app().await;
    let before = app.count("products").await;
    let mut cases = Vec::new();
    for (field, value, error_field) in [
        ("price_cents", json!(0), "price_cents"),
        ("price_cents", json!(-100), "price_cents"),
        ("price_cents", json!(99_999_999), "price_cents"),
        ("case_size", json!(0), "case_size"),
        ("vat_rate_bp", json!(1900), "vat_rate_bp"),
        ("category", json!("weapons"), "category"),
        ("unit", json!("x".repeat(200)), "unit"),
        ("name", json!({"fr": "x".repeat(500)}), "name_fr"),
        ("name", json!({}), "name"),
        ("stock", json!(-1), "stock"),
        ("weight_grams", json!("heavy"), "weight_grams"),
    ] {
        let mut body = argan_oil();
        body[field] = value;
        cases.push((body, error_field));
    }
    for (body, field) in cases {
        let res = app
            .post_json(
                &format!("/api/v1/producers/{producer_id}/products"),
                &body,
                Some(&member),
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let problem: Value = res.json().await.unwrap();
        assert!(problem["errors"][field].is_array(), "{field}: {problem}");
    }
    assert_eq!(app.count("products").await, before);
}

#[tokio::test]
async fn script_in_a_description_is_shown_escaped() {
    let ProducerApp {
        app,
        producer: producer_id,
        token: member,
        ..
    } = producer_app().await;
    let mut body = argan_oil();
    body["description"] = json!({"fr": "<script>alert('argan')</script><b>bold</b>"});
    let res = app
        .post_json(
            &format!("/api/v1/producers/{producer_id}/products"),
            &body,
            Some(&member),
        )
        .await;
    let pid = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let (status, page) = app.page(&format!("/products/{pid}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("&lt;script&gt;alert(&#39;argan&#39;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"),
        "escaped"
    );
    assert!(!page.contains("<script>alert"));
}

#[tokio::test]
async fn an_archived_product_leaves_the_catalogue_but_its_members_still_see_it() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let (producer, member) = app.approved_producer(&partnership, PRODUCER_MEMBER).await;
    app.product(producer.id, &member, "Amlou").await;
    app.pending_producer("other.producer@example.org").await;
    let amlou = listed(&app, "q=amlou&partnership=jette-sidi-bibi").await;
    assert_eq!(amlou.len(), 1);
    let pid = amlou[0]["id"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/products/{pid}/archive"),
            &json!({"archived": true}),
            Some(&member),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(
        listed(&app, "q=amlou&partnership=jette-sidi-bibi")
            .await
            .is_empty()
    );
    assert_eq!(
        app.get(&format!("/products/{pid}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let (status, p) = app
        .get_json(&format!("/api/v1/products/{pid}"), Some(&member))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(p["archived"], true);
    let other = app.token("other.producer@example.org", PASSWORD).await;
    let res = app
        .post_json(
            &format!("/api/v1/products/{pid}/archive"),
            &json!({"archived": false}),
            Some(&other),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::NOT_FOUND,
        "another producer's member cannot touch it"
    );
    app.post_json(
        &format!("/api/v1/products/{pid}/archive"),
        &json!({"archived": false}),
        Some(&member),
    )
    .await;
    assert_eq!(
        listed(&app, "q=amlou&partnership=jette-sidi-bibi")
            .await
            .len(),
        1
    );
}

#[tokio::test]
async fn search_finds_products_by_name_description_and_producer_words() {
    let app = TestApp::spawn().await;
    app.catalogue().await;
    // A product word, accents and case ignored, by prefix.
    assert_eq!(
        names(&listed(&app, "q=ARGAN&sort=name").await),
        [
            "Amlou",
            "Huile d'argan alimentaire",
            "Huile d'argan cosmétique"
        ]
    );
    // A description word.
    assert_eq!(
        names(&listed(&app, "q=noisette").await),
        ["Huile d'argan alimentaire"]
    );
    // A producer word.
    assert_eq!(names(&listed(&app, "q=achbaro").await), ["Miel d'euphorbe"]);
    // Several words: all must match.
    assert_eq!(
        names(&listed(&app, "q=amandes+tafraout").await),
        ["Amandes de Tafraout", "Amlou aux amandes de Tafraout"]
    );
    // Another script, and a word in another language.
    assert_eq!(
        names(&listed(&app, "q=أملو&sort=name").await),
        ["Amlou", "Amlou aux amandes de Tafraout"]
    );
    assert_eq!(
        names(&listed(&app, "q=honey&sort=name").await),
        ["Amlou", "Miel d'euphorbe"],
        "English descriptions too"
    );
    // Nothing, and input that is not a query language.
    assert!(listed(&app, "q=caviar").await.is_empty());
    assert!(listed(&app, "q=%22%29%20OR%201%3D1%20--").await.is_empty());
}

#[tokio::test]
async fn filters_sorting_and_paging() {
    let app = TestApp::spawn().await;
    app.catalogue().await;
    // What the catalogue builder makes: six products in Jette – Sidi Bibi, four in Al Hoceima,
    // three of them of a producer labelled Argane PGI.
    let (jette, al_hoceima, argane_pgi): (usize, usize, usize) = (6, 4, 3);
    let total = jette + al_hoceima;
    let all = listed(&app, "per_page=100").await;
    assert_eq!(all.len(), total);
    assert_eq!(
        listed(&app, "partnership=jette-sidi-bibi").await.len(),
        jette
    );
    assert_eq!(listed(&app, "territory=al-hoceima").await.len(), al_hoceima);
    assert_eq!(
        names(&listed(&app, "category=honey").await),
        ["Miel d'euphorbe"]
    );
    assert_eq!(listed(&app, "label=argane_pgi").await.len(), argane_pgi);
    let by_price: Vec<i64> = listed(&app, "sort=price_desc&per_page=100")
        .await
        .iter()
        .map(|i| i["price_cents"].as_i64().unwrap())
        .collect();
    let mut sorted = by_price.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(by_price, sorted);
    let (_, page2) = app
        .get_json("/api/v1/products?per_page=4&page=2&sort=name", None)
        .await;
    assert_eq!(
        (
            page2["page"].as_i64(),
            page2["per_page"].as_i64(),
            page2["total"].as_i64()
        ),
        (Some(2), Some(4), Some(total as i64))
    );
    assert_eq!(page2["items"].as_array().unwrap().len(), 4);
    let first_pages: Vec<String> = names(&listed(&app, "sort=name&per_page=4&page=1").await);
    assert!(
        !first_pages.contains(
            &page2["items"][0]["name_i18n"]["fr"]
                .as_str()
                .unwrap()
                .to_owned()
        )
    );
    // The HTML page shows the same.
    let (status, html) = app
        .page("/catalogue?partnership=jette-sidi-bibi&lang=en")
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("{jette} products")));
    assert!(html.contains("Culinary argan oil"));
}

#[tokio::test]
async fn every_price_breakdown_adds_up_and_follows_the_partnerships_shares() {
    let ProducerApp {
        app,
        producer,
        token,
        ..
    } = producer_app().await;
    // Prices and VAT rates whose shares do not divide evenly.
    for (price, vat) in [(1150, 600), (3200, 2100), (999, 2100), (4_321, 600)] {
        app.product_with(
            producer,
            &token,
            &format!("Huile à {price}"),
            json!({"description": {"fr": "Pressée à froid"}, "price_cents": price,
                   "vat_rate_bp": vat}),
        )
        .await;
    }
    let other = app.other_partnership().await;
    let items = listed(&app, "per_page=100").await;
    assert_eq!(items.len(), 5);
    for item in items {
        let b = &item["price_breakdown"];
        let sum: i64 = [
            "producer_cents",
            "transport_cents",
            "costs_cents",
            "community_fund_cents",
            "vat_cents",
        ]
        .iter()
        .map(|k| b[k].as_i64().unwrap())
        .sum();
        assert_eq!(sum, item["price_cents"].as_i64().unwrap(), "{item}");
    }
    let coordinator = app.token(COORDINATOR, PASSWORD).await;
    let res = app
        .put_json(
            "/api/v1/partnerships/jette-sidi-bibi/shares",
            &json!({"transport_bp": 3000, "costs_bp": 3000, "fund_bp": 1000}),
            Some(&coordinator),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "the producer must keep most of the price"
    );
    let res = app
        .put_json(
            "/api/v1/partnerships/jette-sidi-bibi/shares",
            &json!({"transport_bp": 1000, "costs_bp": 500, "fund_bp": 500}),
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .put_json(
            "/api/v1/partnerships/jette-sidi-bibi/shares",
            &json!({"transport_bp": 0, "costs_bp": 0, "fund_bp": 0}),
            Some(&other.coordinator_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // 14.90 € at 6%: VAT 0.84 €, then 10% / 5% / 5% of 14.06 € and the producer keeps 80%.
    let oil = &listed(&app, "q=noisette").await[0];
    assert_eq!(
        oil["price_breakdown"],
        json!({"price_cents": 1490, "vat_cents": 84, "transport_cents": 141, "costs_cents": 70, "community_fund_cents": 70, "producer_cents": 1125})
    );
    let (_, page) = app.page(&format!("/products/{}?lang=en", oil["id"])).await;
    assert!(page.contains("Where the price goes"));
    assert!(page.contains("€11.25"), "amounts the English way");
}

#[tokio::test]
async fn the_catalogue_page_runs_the_same_number_of_queries_for_10_and_1000_products() {
    let ProducerApp {
        app,
        producer: producer_id,
        token,
        ..
    } = signed_out_producer_app().await;
    for i in 1..10 {
        app.product(producer_id, &token, &format!("Huile d'argan {i}"))
            .await;
    }
    let queries = |app: &TestApp| app.state.metrics.db_queries.get();
    let measure = |path: &'static str| {
        let app = &app;
        async move {
            // The cold path: nothing from the caches.
            app.state.catalog.invalidate();
            let before = queries(app);
            let (status, _) = app.page(path).await;
            assert_eq!(status, StatusCode::OK);
            queries(app) - before
        }
    };
    let small = (
        measure("/catalogue?per_page=50").await,
        measure("/api/v1/products?per_page=50").await,
    );
    let now = chrono::Utc::now();
    for i in 0..1000 {
        let name: entity::I18nText = [("fr", format!("Produit de test {i}"))]
            .into_iter()
            .collect();
        entity::product::ActiveModel {
            producer_id: Set(entity::ProducerId(producer_id)),
            search_text: Set(search_text(
                &name,
                &Default::default(),
                &[("fr", "1 kg")].into_iter().collect(),
                "Tifawin",
            )),
            sort_name: Set(format!("produit de test {i:04}")),
            name: Set(name),
            description: Set(Default::default()),
            category: Set("nuts".into()),
            unit: Set("1 kg".into()),
            case_size: Set(10),
            min_cases: Set(1),
            weight_grams: Set(1000),
            price_cents: Set(Cents(1000 + i)),
            vat_rate_bp: Set(600),
            stock: Set(None),
            archived_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    let large = (
        measure("/catalogue?per_page=50").await,
        measure("/api/v1/products?per_page=50").await,
    );
    assert_eq!(small, large, "queries do not grow with the catalogue");
    // The count, the page with its producers, partnerships and photos, and (the HTML page's
    // filters) the partnerships and territories to choose from.
    assert_eq!(large, (3, 2), "statements of the page and of the API");
    let (_, body) = app
        .get_json("/api/v1/products?per_page=50&q=test", None)
        .await;
    assert_eq!(body["total"], 1000);
}

#[tokio::test]
async fn a_producer_signs_up_its_cooperative_and_products_from_the_pages() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    app.user_token("aicha@example.org").await;
    app.login("aicha@example.org", "a long password").await;
    let res = app
        .submit(
            "/producer/new",
            "/producer/new",
            &[
                ("name", "Coopérative Tamount"),
                ("kind", "cooperative"),
                ("partnership", "jette-sidi-bibi"),
                ("territory", "jette"),
                ("description_ar", "تعاونية نسائية"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "a producer is on the partner side"
    );
    let body = res.text().await.unwrap();
    assert!(body.contains("id=\"territory-error\""), "{body}");
    assert!(body.contains("تعاونية نسائية"), "the input is kept");
    let res = app
        .submit(
            "/producer/new",
            "/producer/new",
            &[
                ("name", "Coopérative Tamount"),
                ("kind", "cooperative"),
                ("partnership", "jette-sidi-bibi"),
                ("territory", "sidi-bibi"),
                ("description_fr", "Coopérative de femmes de Sidi Bibi"),
                ("contact_phone", "+212 600 000 000"),
                ("women_led", "on"),
                ("labels", "argane_pgi"),
                ("labels", "organic"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let manage = crate::helpers::location(&res);
    let (status, page) = app.page(&manage).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("En attente d&#39;approbation") || page.contains("En attente d'approbation")
    );

    let new_product = format!("{manage}/products/new");
    let fields = [
        ("name_fr", "Huile d'argan"),
        ("category", "oils"),
        ("unit", "250 ml"),
        ("price", "douze"),
        ("vat_rate_bp", "600"),
        ("case_size", "12"),
        ("weight_grams", "480"),
    ];
    let res = app.submit(&new_product, &new_product, &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("id=\"price-error\""));
    assert!(body.contains("value=\"douze\""), "the input is kept");
    let mut fields = fields.to_vec();
    fields[3] = ("price", "13,90");
    let res = app.submit(&new_product, &new_product, &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.page(&manage).await;
    assert!(page.contains("13,90"));

    // The coordinator approves it from the partnership's review page.
    let coordinator = TestApp::new_client();
    let login_page = coordinator
        .get(app.url("/login"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let token = crate::helpers::csrf_in(&login_page).unwrap();
    coordinator
        .post(app.url("/login"))
        .form(&[
            ("email", partnership.coordinator.as_str()),
            ("password", PASSWORD),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    let review = coordinator
        .get(app.url("/partnerships/jette-sidi-bibi/producers"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(review.contains("Coopérative Tamount"));
    let producer_id = manage.trim_start_matches("/producer/");
    let token = crate::helpers::csrf_in(&review).unwrap();
    let res = coordinator
        .post(app.url(&format!("/producers/{producer_id}/review")))
        .form(&[("decision", "approve"), ("csrf_token", &token)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, catalogue) = app.page("/catalogue?q=tamount").await;
    assert!(catalogue.contains("Huile d&#39;argan") || catalogue.contains("Huile d'argan"));
    assert!(catalogue.contains("13,90"));
}

#[tokio::test]
async fn cached_catalogue_pages_change_as_soon_as_the_catalogue_does() {
    let ProducerApp {
        app, token: member, ..
    } = signed_out_producer_app().await;
    let (_, first) = app.page("/catalogue?q=noisette").await;
    assert!(
        first.contains("Huile d&#39;argan alimentaire")
            || first.contains("Huile d'argan alimentaire")
    );
    let before = app.state.metrics.db_queries.get();
    let (_, again) = app.page("/catalogue?q=noisette").await;
    assert_eq!(again, first);
    assert_eq!(
        app.state.metrics.db_queries.get(),
        before,
        "served from memory"
    );
    let pid = listed(&app, "q=noisette").await[0]["id"].as_i64().unwrap();
    let mut body = argan_oil();
    body["price_cents"] = json!(1690);
    body["description"] = json!({"fr": "Goût de noisette, nouvelle récolte"});
    let res = app
        .put_json(&format!("/api/v1/products/{pid}"), &body, Some(&member))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, after) = app.page("/catalogue?q=noisette").await;
    assert!(after.contains("16,90"), "the change shows at once");
    assert!(!after.contains("14,90"));
}

#[tokio::test]
async fn a_territory_renamed_shows_in_the_catalogue_filters_at_once() {
    let p = crate::builders::signed_out_producer_app().await;
    let app = &p.app;
    let (status, page) = app.page("/catalogue").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Sidi Bibi"), "the filter names the territory");
    let admin = app.admin_token().await;
    let res = app
        .put_json(
            "/api/v1/territories/sidi-bibi",
            &json!({"name": "Sidi Bibi Plage", "country": "MA", "region": "Souss-Massa"}),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let (_, page) = app.page("/catalogue").await;
    assert!(
        page.contains("Sidi Bibi Plage"),
        "the catalogue's filters show the new name, not the cached one"
    );
}
