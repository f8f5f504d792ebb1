use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{TestApp, location};

fn jette() -> Value {
    json!({"name": "Jette", "country": "BE", "region": "Bruxelles-Capitale",
           "description": {"fr": "Commune bruxelloise", "ar": "بلدية في بروكسل"}})
}

fn sidi_bibi() -> Value {
    json!({"name": "Sidi Bibi", "country": "MA", "region": "Souss-Massa", "coresponsibility": false})
}

fn partnership() -> Value {
    json!({"belgian_territory": "jette", "partner_territory": "sidi-bibi", "since": 2010,
           "pillars": ["trade", "tourism", "practices"],
           "description": {"en": "Argan oil for Jette's buying groups"}})
}

#[tokio::test]
async fn an_admin_creates_territories_and_a_partnership_everyone_can_read() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    let res = app
        .post_json("/api/v1/territories", &jette(), Some(&admin))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let t: Value = res.json().await.unwrap();
    assert_eq!(t["slug"], "jette");
    assert_eq!(t["description"]["ar"], "بلدية في بروكسل");
    assert_eq!(
        app.post_json("/api/v1/territories", &sidi_bibi(), Some(&admin))
            .await
            .status(),
        StatusCode::CREATED
    );

    let res = app
        .post_json("/api/v1/partnerships", &partnership(), Some(&admin))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["slug"], "jette-sidi-bibi");
    assert_eq!(p["name"], "Jette – Sidi Bibi");
    assert_eq!(p["since"], 2010);
    assert_eq!(p["pillars"], json!(["practices", "tourism", "trade"]));
    assert_eq!(p["community_fund_cents"], 0);
    assert_eq!(p["belgian_territory"]["slug"], "jette");

    // Anyone reads them, anonymously.
    let (status, list) = app.get_json("/api/v1/partnerships", None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 1);
    assert_eq!(list["page"], 1);
    assert_eq!(list["items"][0]["slug"], "jette-sidi-bibi");
    let (_, territories) = app
        .get_json("/api/v1/territories?per_page=1&page=2", None)
        .await;
    assert_eq!(territories["total"], 2);
    assert_eq!(territories["per_page"], 1);
    assert_eq!(territories["items"][0]["slug"], "sidi-bibi");
    let (status, one) = app
        .get_json("/api/v1/partnerships/jette-sidi-bibi", None)
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(one["partner_territory"]["country"], "MA");
    let (status, page) = app.page("/partnerships/jette-sidi-bibi?lang=en").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Argan oil for Jette&#39;s buying groups"));
    let (status, page) = app.page("/territories/jette?lang=ar").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("بلدية في بروكسل"));

    // The same pair twice is a conflict.
    let res = app.post_json("/api/v1/partnerships", &json!({"slug": "again", "belgian_territory": "jette", "partner_territory": "sidi-bibi", "since": 2011, "pillars": ["trade"]}), Some(&admin)).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(app.count("partnerships").await, 1);
}

#[tokio::test]
async fn writes_are_for_admins_only() {
    let app = TestApp::spawn().await;
    let user = app.user_token("someone@example.org").await;
    let res = app.post_json("/api/v1/territories", &jette(), None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = app
        .post_json("/api/v1/territories", &jette(), Some(&user))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Refused before the body is even looked at: invalid data from a non-admin is still 403.
    let res = app
        .post_json("/api/v1/partnerships", &json!({}), Some(&user))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("territories").await, 0);

    let admin = app.admin_token().await;
    app.post_json("/api/v1/territories", &jette(), Some(&admin))
        .await;
    let res = app
        .put_json(
            "/api/v1/territories/jette",
            &json!({"name": "Hacked", "country": "BE"}),
            Some(&user),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, t) = app.get_json("/api/v1/territories/jette", None).await;
    assert_eq!(t["name"], "Jette");

    // The admin pages answer 403 to a signed-in non-admin, and send anonymous visitors to log in.
    assert_eq!(
        app.get("/admin/territories").await.status(),
        StatusCode::SEE_OTHER
    );
    app.login("someone@example.org", "a long password").await;
    let (status, body) = app.page("/admin/territories").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("Accès refusé"));
}

#[tokio::test]
async fn bad_partnerships_get_field_errors_and_nothing_is_saved() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    app.post_json("/api/v1/territories", &jette(), Some(&admin))
        .await;
    app.post_json("/api/v1/territories", &sidi_bibi(), Some(&admin))
        .await;
    let cases = [
        (
            json!({"belgian_territory": "jette", "partner_territory": "jette", "since": 2010, "pillars": ["trade"]}),
            "partner_territory",
        ),
        (
            json!({"belgian_territory": "sidi-bibi", "partner_territory": "jette", "since": 2010, "pillars": ["trade"]}),
            "belgian_territory",
        ),
        (
            json!({"belgian_territory": "jette", "partner_territory": "atlantis", "since": 2010, "pillars": ["trade"]}),
            "partner_territory",
        ),
        (
            json!({"belgian_territory": "jette", "partner_territory": "sidi-bibi", "since": 2999, "pillars": ["trade"]}),
            "since",
        ),
        (
            json!({"belgian_territory": "jette", "partner_territory": "sidi-bibi", "since": 2010, "pillars": []}),
            "pillars",
        ),
        (
            json!({"belgian_territory": "jette", "partner_territory": "sidi-bibi", "since": 2010, "pillars": ["magic"]}),
            "pillars",
        ),
        (
            json!({"belgian_territory": "jette", "partner_territory": "sidi-bibi", "since": 2010, "pillars": ["trade"], "slug": "Not A Slug"}),
            "slug",
        ),
        (
            json!({"belgian_territory": "jette", "partner_territory": "sidi-bibi", "since": 2010, "pillars": ["trade"], "description": {"de": "Hallo"}}),
            "description",
        ),
    ];
    for (body, field) in cases {
        let res = app
            .post_json("/api/v1/partnerships", &body, Some(&admin))
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        let problem: Value = res.json().await.unwrap();
        assert!(problem["errors"][field].is_array(), "{field} in {problem}");
    }
    let res = app
        .post_json(
            "/api/v1/territories",
            &json!({"name": "Nowhere", "country": "XX", "website": "javascript:alert(1)"}),
            Some(&admin),
        )
        .await;
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["country"].is_array());
    assert!(problem["errors"]["website"].is_array());
    assert_eq!(app.count("partnerships").await, 0);
    assert_eq!(app.count("territories").await, 2);
}

#[tokio::test]
async fn an_appointed_coordinator_edits_the_presentation_of_that_partnership_only() {
    let app = TestApp::spawn().await;
    let admin = app.admin_token().await;
    for t in [
        jette(),
        sidi_bibi(),
        json!({"name": "Schaerbeek", "country": "BE"}),
        json!({"name": "Al Hoceima", "country": "MA"}),
    ] {
        assert_eq!(
            app.post_json("/api/v1/territories", &t, Some(&admin))
                .await
                .status(),
            StatusCode::CREATED
        );
    }
    app.post_json("/api/v1/partnerships", &partnership(), Some(&admin))
        .await;
    let other = app.post_json("/api/v1/partnerships", &json!({"belgian_territory": "schaerbeek", "partner_territory": "al-hoceima", "since": 2003, "pillars": ["trade"]}), Some(&admin)).await;
    assert_eq!(other.status(), StatusCode::CREATED);
    let coordinator = app.user_token("coord@example.org").await;

    let res = app
        .post_json(
            "/api/v1/partnerships/jette-sidi-bibi/coordinators",
            &json!({"email": "not an email"}),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // An address without an account gets an invitation instead (see the mail tests).
    let res = app
        .post_json(
            "/api/v1/partnerships/jette-sidi-bibi/coordinators",
            &json!({"email": "nobody@example.org"}),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    assert_eq!(app.count("invitations").await, 1);
    let res = app
        .post_json(
            "/api/v1/partnerships/jette-sidi-bibi/coordinators",
            &json!({"email": "coord@example.org"}),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (_, p) = app
        .get_json("/api/v1/partnerships/jette-sidi-bibi", None)
        .await;
    let (_, me) = app.get_json("/api/v1/me", Some(&coordinator)).await;
    assert_eq!(
        me["roles"],
        json!([{"role": "partnership_coordinator", "scope_type": "partnership", "scope_id": p["id"]}])
    );

    let presentation = json!({"pillars": ["trade"], "description": {"fr": "Huile d'argan <script>alert(1)</script>"}});
    let res = app
        .put_json(
            "/api/v1/partnerships/jette-sidi-bibi/presentation",
            &presentation,
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .put_json(
            "/api/v1/partnerships/schaerbeek-al-hoceima/presentation",
            &presentation,
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, p) = app
        .get_json("/api/v1/partnerships/jette-sidi-bibi", None)
        .await;
    assert_eq!(p["pillars"], json!(["trade"]));
    let (_, page) = app.page("/partnerships/jette-sidi-bibi").await;
    assert!(
        page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "descriptions are shown escaped"
    );
    assert!(!page.contains("<script>alert(1)"));
    // A coordinator may not change what only admins change.
    let res = app
        .put_json(
            "/api/v1/partnerships/jette-sidi-bibi",
            &partnership(),
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    // The coordinator's page form works the same way, and the admin can end the appointment.
    app.login("coord@example.org", "a long password").await;
    let res = app
        .submit(
            "/partnerships/jette-sidi-bibi/edit",
            "/partnerships/jette-sidi-bibi/edit",
            &[
                ("pillars", "trade"),
                ("pillars", "tourism"),
                ("description_nl", "Arganolie"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, p) = app
        .get_json("/api/v1/partnerships/jette-sidi-bibi", None)
        .await;
    assert_eq!(p["pillars"], json!(["tourism", "trade"]));
    assert_eq!(p["description"], json!({"nl": "Arganolie"}));
    assert_eq!(
        app.get("/partnerships/schaerbeek-al-hoceima/edit")
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let user_id = me["id"].as_i64().unwrap();
    let res = app
        .delete(
            &format!("/api/v1/partnerships/jette-sidi-bibi/coordinators/{user_id}"),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (_, me) = app.get_json("/api/v1/me", Some(&coordinator)).await;
    assert_eq!(me["roles"], json!([]));
}

#[tokio::test]
async fn the_admin_pages_create_a_territory_and_report_field_errors() {
    let app = TestApp::spawn().await;
    app.admin_token().await;
    app.login("root@example.org", "admin password").await;
    let res = app
        .submit(
            "/admin/territories/new",
            "/admin/territories",
            &[("name", "Forest"), ("country", "XX"), ("website", "nope")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("id=\"country-error\""));
    assert!(body.contains("id=\"website-error\""));
    assert!(body.contains("value=\"Forest\""));
    assert_eq!(app.count("territories").await, 0);

    let res = app
        .submit(
            "/admin/territories/new",
            "/admin/territories",
            &[
                ("name", "Forest"),
                ("country", "BE"),
                ("region", "Bruxelles-Capitale"),
                ("coresponsibility", "on"),
                ("description_fr", "Commune de Forest"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/territories/forest");
    let (_, t) = app.get_json("/api/v1/territories/forest", None).await;
    assert_eq!(t["coresponsibility"], true);
    assert_eq!(t["description"]["fr"], "Commune de Forest");

    // Edit with a slug that another territory holds: refused on the slug field.
    app.submit(
        "/admin/territories/new",
        "/admin/territories",
        &[("name", "Jerada"), ("country", "MA")],
    )
    .await;
    let res = app
        .submit(
            "/admin/territories/jerada/edit",
            "/admin/territories/jerada/edit",
            &[("name", "Jerada"), ("slug", "forest"), ("country", "MA")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("id=\"slug-error\""));

    // A partnership through the form, then a coordinator appointed on its page.
    let res = app
        .submit(
            "/admin/partnerships/new",
            "/admin/partnerships",
            &[
                ("belgian_territory", "forest"),
                ("partner_territory", "jerada"),
                ("since", "2009"),
                ("pillars", "practices"),
                ("pillars", "trade"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/partnerships/forest-jerada");
    let res = app
        .submit(
            "/admin/partnerships/forest-jerada/edit",
            "/admin/partnerships/forest-jerada/coordinators",
            &[("email", "root@example.org")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.page("/partnerships/forest-jerada").await;
    assert!(page.contains("Root"), "the coordinator is listed");
}

#[tokio::test]
async fn network_memberships_are_managed_by_admins() {
    let app = TestApp::spawn_demo().await;
    let admin = app
        .token("admin@demo.passerelle.test", crate::helpers::DEMO_PASSWORD)
        .await;
    let (_, networks) = app.get_json("/api/v1/networks", None).await;
    assert_eq!(networks[0]["slug"], "together");
    let before = networks[0]["members"].as_array().unwrap().len();
    assert_eq!(before, 7);

    let res = app
        .post_json(
            "/api/v1/networks/together/members",
            &json!({"territory": "jette", "joined": 2014}),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Adding it again changes nothing.
    app.post_json(
        "/api/v1/networks/together/members",
        &json!({"territory": "jette", "joined": 2014}),
        Some(&admin),
    )
    .await;
    let (_, networks) = app.get_json("/api/v1/networks", None).await;
    assert_eq!(networks[0]["members"].as_array().unwrap().len(), before + 1);
    let res = app
        .post_json(
            "/api/v1/networks/together/members",
            &json!({"territory": "atlantis"}),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post_json(
            "/api/v1/networks/nope/members",
            &json!({"territory": "jette"}),
            Some(&admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let user = app.user_token("visitor@example.org").await;
    let res = app
        .delete("/api/v1/networks/together/members/jette", Some(&user))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .delete("/api/v1/networks/together/members/jette", Some(&admin))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("network_memberships").await, before as i64);
    let (_, page) = app.page("/territories/jette").await;
    assert!(!page.contains("TOGETHER"));
    let (_, page) = app.page("/territories/charleroi").await;
    assert!(page.contains("TOGETHER"));
}
