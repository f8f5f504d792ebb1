use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::TestApp;

const PUBLIC_PAGES: [&str; 20] = [
    "/",
    "/catalogue",
    "/catalogue?q=argan&category=oils",
    "/products/1",
    "/producers/cooperative-feminine-tifawin",
    "/partnerships",
    "/partnerships/jette-sidi-bibi",
    "/partnerships/braine-l-alleud-tafraout-ammelne",
    "/territories",
    "/territories/sidi-bibi",
    "/login",
    "/signup",
    "/groups",
    "/groups/gac-jette",
    "/trips",
    "/trips/six-jours-dans-la-reserve-de-biosphere-de-l-arganeraie",
    "/practices",
    "/practices/quartiers-solidaires-pour-les-aines",
    "/impact",
    "/partnerships/jette-sidi-bibi/impact",
];

#[tokio::test]
async fn every_public_page_renders_in_all_four_languages() {
    let app = TestApp::spawn_demo().await;
    for path in PUBLIC_PAGES {
        for (lang, dir, word) in [
            ("fr", "ltr", "Partenariats"),
            ("nl", "ltr", "Partnerschappen"),
            ("en", "ltr", "Partnerships"),
            ("ar", "rtl", "الشراكات"),
        ] {
            let sep = if path.contains('?') { '&' } else { '?' };
            let (status, body) = app.page(&format!("{path}{sep}lang={lang}")).await;
            assert_eq!(status, StatusCode::OK, "{path} in {lang}");
            assert!(
                body.contains(&format!("<html lang=\"{lang}\" dir=\"{dir}\">")),
                "{path} in {lang}"
            );
            assert!(body.contains(word), "{path} in {lang} lacks {word}");
            assert!(
                !body.contains("Unknown localization"),
                "{path} in {lang} has a missing key"
            );
            assert!(body.contains("<main id=\"main\""), "landmarks on {path}");
        }
    }
}

#[tokio::test]
async fn the_language_comes_from_the_query_then_the_cookie_then_the_browser() {
    let app = TestApp::spawn_demo().await;
    let res = app
        .client
        .get(app.url("/"))
        .header("accept-language", "nl-BE,nl;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap();
    assert!(res.text().await.unwrap().contains("<html lang=\"nl\""));
    let res = app.get("/?lang=ar").await;
    let cookie = res
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    assert!(cookie.starts_with("lang=ar"), "{cookie}");
    assert!(res.text().await.unwrap().contains("dir=\"rtl\""));
    // The choice sticks over the browser's preference.
    let res = app
        .client
        .get(app.url("/territories"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("<html lang=\"ar\" dir=\"rtl\">")
    );
    // Language links keep the rest of the query.
    let (_, body) = app.page("/login?next=%2Faccount").await;
    assert!(
        body.contains("href=\"/login?next=%2Faccount&amp;lang=en\""),
        "language links keep the query"
    );
}

#[tokio::test]
async fn the_demo_is_loaded_once_and_never_over_existing_data() {
    let app = TestApp::spawn_demo().await;
    let counts = (
        app.count("users").await,
        app.count("territories").await,
        app.count("partnerships").await,
    );
    // An admin, 3 partnership coordinators, 3 producer accounts, per group a coordinator and four
    // households, a host per stay and a travelling family.
    assert_eq!(counts, (26, 10, 3));
    assert_eq!(app.count("trips").await, 3);
    assert_eq!(app.count("departures").await, 9);
    assert_eq!(app.count("bookings WHERE status = 'confirmed'").await, 11);
    assert_eq!(app.count("practice_sheets").await, 3);
    assert_eq!(app.count("support_requests WHERE status = 'open'").await, 1);
    assert_eq!(app.count("trainings").await, 1);
    assert_eq!(
        (app.count("producers").await, app.count("products").await),
        (7, 11)
    );
    // Each group has an open campaign with baskets and a closed one with its results.
    assert_eq!(app.count("consumer_groups").await, 3);
    assert_eq!(app.count("campaigns WHERE state = 'open'").await, 3);
    assert_eq!(app.count("campaigns WHERE state = 'closed'").await, 3);
    assert!(app.count("campaign_shares").await >= 9);
    assert_eq!(
        app.count("payment_requests WHERE purpose_type = 'campaign_share'")
            .await,
        app.count("campaign_shares WHERE total_cents > 0").await
    );
    let report = passerelle::demo::load_if_empty(&app.db, &app.config, chrono::Utc::now())
        .await
        .unwrap();
    assert!(!report.loaded);
    assert_eq!(
        (
            app.count("users").await,
            app.count("territories").await,
            app.count("partnerships").await
        ),
        counts
    );

    // An empty database but for one account: nothing loaded either.
    let other = TestApp::spawn().await;
    other.user_token("first@example.org").await;
    let report = passerelle::demo::load_if_empty(&other.db, &other.config, chrono::Utc::now())
        .await
        .unwrap();
    assert!(!report.loaded);
    assert_eq!(other.count("territories").await, 0);

    // Every documented demo account logs in with the documented password.
    for email in [
        "admin@demo.passerelle.test",
        "coordinator.schaerbeek-al-hoceima@demo.passerelle.test",
        "coordinator.jette-sidi-bibi@demo.passerelle.test",
        "coordinator.braine-l-alleud-tafraout-ammelne@demo.passerelle.test",
        "producer.jette-sidi-bibi@demo.passerelle.test",
    ] {
        let token = app.token(email, crate::helpers::DEMO_PASSWORD).await;
        let (_, me) = app.get_json("/api/v1/me", Some(&token)).await;
        assert!(!me["roles"].as_array().unwrap().is_empty(), "{email}");
    }
}

#[tokio::test]
async fn unknown_pages_are_a_404_page_in_the_visitors_language() {
    let app = TestApp::spawn().await;
    for (path, text) in [
        ("/nothing?lang=en", "Page not found"),
        ("/territories/atlantis?lang=nl", "Pagina niet gevonden"),
        ("/partnerships/nowhere?lang=fr", "Page introuvable"),
    ] {
        let res = app.get(path).await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(
            res.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let body = res.text().await.unwrap();
        assert!(body.contains(text), "{path}: {body}");
    }
}

#[tokio::test]
async fn responses_carry_security_headers_and_a_request_id() {
    let app = TestApp::spawn().await;
    let res = app.get("/").await;
    let h = res.headers();
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("script-src 'self'")
    );
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["x-frame-options"], "DENY");
    assert_eq!(h["x-request-id"].to_str().unwrap().len(), 36);
    // Anonymous visitors reading public pages get no session cookie.
    assert!(h.get("set-cookie").is_none());
    // A session cookie, once set, is HttpOnly and SameSite=Lax.
    let res = app.get("/login").await;
    let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
}

#[tokio::test]
async fn static_files_are_cached_and_revalidated() {
    let app = TestApp::spawn().await;
    let (_, home) = app.page("/login").await;
    let start = home.find("/static/css/site.css?v=").unwrap();
    let href = &home[start..home[start..].find('"').unwrap() + start];
    let res = app.get(href).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        res.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    let etag = res.headers()["etag"].to_str().unwrap().to_owned();
    let res = app
        .client
        .get(app.url("/static/css/site.css"))
        .header("if-none-match", &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(
        app.get("/static/nope.css").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn health_metrics_and_openapi() {
    let app = TestApp::spawn_with(crate::helpers::Options {
        vars: vec![(
            "PASSERELLE_METRICS_TOKEN",
            "a-metrics-token-for-tests".into(),
        )],
        ..Default::default()
    })
    .await;
    let (status, health) = app.get_json("/healthz", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        health,
        serde_json::json!({"status": "ok", "database": "ok"})
    );
    app.get("/").await;
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .bearer_auth("a-metrics-token-for-tests")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        metrics.contains(
            "passerelle_http_requests_total{method=\"GET\",route=\"/healthz\",status=\"200\"} 1"
        ),
        "{metrics}"
    );
    assert!(metrics.contains("passerelle_http_request_duration_seconds_bucket"));
    let (status, spec) = app.get_json("/api/v1/openapi.json", None).await;
    assert_eq!(status, StatusCode::OK);
    assert!(spec["openapi"].as_str().unwrap().starts_with("3."));
    let paths = spec["paths"].as_object().unwrap();
    for p in [
        "/healthz",
        "/api/v1/accounts",
        "/api/v1/tokens",
        "/api/v1/me",
        "/api/v1/territories",
        "/api/v1/partnerships",
        "/api/v1/partnerships/{slug}",
        "/api/v1/networks",
    ] {
        assert!(
            paths.contains_key(p),
            "{p} missing from the OpenAPI document"
        );
    }
    assert!(spec["components"]["schemas"]["PartnershipDto"].is_object());
    assert!(spec["components"]["securitySchemes"]["bearer"].is_object());
    let _: Value = spec;
}
