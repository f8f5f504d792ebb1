//! The exchange of practices through the API: the library, expertise, and support requests that
//! reach exactly the partner and the network territories with the expertise.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{DEMO_PASSWORD, Options, TestApp};
use crate::smtp::SmtpSink;

async fn coordinator(app: &TestApp, partnership: &str) -> String {
    app.token(
        &format!("coordinator.{partnership}@demo.passerelle.test"),
        DEMO_PASSWORD,
    )
    .await
}

#[tokio::test]
async fn a_support_request_reaches_its_partner_and_the_network_experts_and_nobody_else() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(Options {
        demo: true,
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    let jette = coordinator(&app, "jette-sidi-bibi").await;
    let braine = coordinator(&app, "braine-l-alleud-tafraout-ammelne").await;
    let schaerbeek = coordinator(&app, "schaerbeek-al-hoceima").await;
    let declare = |token: String, territory: &'static str, topics: Value| {
        let app = &app;
        async move {
            app.put_json(
                &format!("/api/v1/territories/{territory}/expertise"),
                &json!({"topics": topics}),
                Some(&token),
            )
            .await
            .status()
        }
    };
    // Braine-l'Alleud and Al Hoceima (network members) know waste; Schaerbeek too, but it is not
    // in the network.
    assert_eq!(
        declare(
            braine.clone(),
            "braine-l-alleud",
            json!(["waste", "seniors"])
        )
        .await,
        StatusCode::OK
    );
    assert_eq!(
        declare(schaerbeek.clone(), "al-hoceima", json!(["waste"])).await,
        StatusCode::OK
    );
    assert_eq!(
        declare(schaerbeek.clone(), "schaerbeek", json!(["waste"])).await,
        StatusCode::OK
    );
    // Only a territory's coordinators declare for it; unknown topics are refused.
    assert_eq!(
        declare(braine.clone(), "sidi-bibi", json!(["waste"])).await,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        declare(braine.clone(), "braine-l-alleud", json!(["magic"])).await,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let res = app
        .post_json(
            "/api/v1/support-requests",
            &json!({"territory": "sidi-bibi", "topic": "waste", "title": "Tri des déchets au souk",
                    "need": "Comment organiser le tri des déchets du souk hebdomadaire ?",
                    "deadline": (app.clock_now() + chrono::Duration::days(30)).date_naive().to_string()}),
            Some(&jette),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let request: Value = res.json().await.unwrap();
    let recipients: Vec<(String, String)> = request["recipients"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["territory"].as_str().unwrap().to_owned(),
                r["reason"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut experts: Vec<&str> = recipients
        .iter()
        .filter(|(_, r)| r == "expertise")
        .map(|(t, _)| t.as_str())
        .collect();
    experts.sort_unstable();
    assert_eq!(
        recipients[0],
        ("jette".to_owned(), "partner".to_owned()),
        "its partner first"
    );
    assert_eq!(
        experts,
        ["al-hoceima", "braine-l-alleud"],
        "the network territories with the topic, only"
    );
    assert_eq!(recipients.len(), 3);

    // Their coordinators are emailed (the requester, who also coordinates Jette, is not).
    app.run_worker().await;
    let to = |who: &str| sink.to(&format!("coordinator.{who}@demo.passerelle.test"));
    assert_eq!(to("braine-l-alleud-tafraout-ammelne").len(), 1);
    assert_eq!(to("schaerbeek-al-hoceima").len(), 1);
    assert!(to("jette-sidi-bibi").is_empty());
    assert!(
        to("braine-l-alleud-tafraout-ammelne")[0]
            .text()
            .contains("Tri des déchets au souk")
    );

    // The thread: the territories involved write and read it; others see the request only.
    let id = request["id"].as_i64().unwrap();
    let outsider = app.verified_token("curious@example.org").await;
    let (status, seen) = app
        .get_json(&format!("/api/v1/support-requests/{id}"), Some(&outsider))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(seen["messages"].is_null(), "no thread for outsiders");
    let res = app
        .post_json(
            &format!("/api/v1/support-requests/{id}/messages"),
            &json!({"body": "Nous avons une méthode."}),
            Some(&outsider),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .post_json(
            &format!("/api/v1/support-requests/{id}/messages"),
            &json!({"body": "Nous avons une méthode : trois bacs."}),
            Some(&braine),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (_, thread) = app
        .get_json(&format!("/api/v1/support-requests/{id}"), Some(&jette))
        .await;
    assert_eq!(thread["messages"].as_array().unwrap().len(), 1);
    // Only the requester resolves it, linking the sheet that came out of it.
    let res = app
        .post_json(
            &format!("/api/v1/support-requests/{id}/resolve"),
            &json!({}),
            Some(&braine),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let sheet: Value = app
        .post_json(
            "/api/v1/practices",
            &json!({"territory": "braine-l-alleud", "pillar": "practices", "topics": ["waste"],
                    "title": {"fr": "Trois bacs pour le souk"}, "summary": "Le tri au marché hebdomadaire.",
                    "method": "1. Trois bacs. 2. Un jour de collecte."}),
            Some(&braine),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/support-requests/{id}/resolve"),
            &json!({"practice_sheet": sheet["slug"]}),
            Some(&jette),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let done: Value = res.json().await.unwrap();
    assert_eq!(done["status"], "resolved");
}

#[tokio::test]
async fn the_library_finds_sheets_by_words_topic_country_and_territory() {
    let app = TestApp::spawn_demo().await;
    let schaerbeek = coordinator(&app, "schaerbeek-al-hoceima").await;
    let braine = coordinator(&app, "braine-l-alleud-tafraout-ammelne").await;
    let sheet = json!({"territory": "schaerbeek", "pillar": "practices", "topics": ["waste", "citizen_participation"],
                       "title": {"fr": "Coopération déchets avec Al Hoceima", "en": "Waste cooperation with Al Hoceima"},
                       "summary": "Échange de méthodes de gestion des déchets.", "method": "Visites croisées, formation des agents."});
    let res = app
        .post_json("/api/v1/practices", &sheet, Some(&schaerbeek))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Another territory's coordinators cannot write for Schaerbeek; bad input is refused.
    assert_eq!(
        app.post_json("/api/v1/practices", &sheet, Some(&braine))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let res = app
        .post_json(
            "/api/v1/practices",
            &json!({"territory": "schaerbeek", "pillar": "magic", "topics": ["nope"]}),
            Some(&schaerbeek),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    for f in ["pillar", "topics", "title", "summary"] {
        assert!(body["errors"][f].is_array(), "{f}");
    }
    app.post_json(
        "/api/v1/practices",
        &json!({"territory": "braine-l-alleud", "pillar": "practices", "topics": ["seniors"],
                "title": "Quartier solidaire", "summary": "Un quartier solidaire pour les aînés."}),
        Some(&braine),
    )
    .await;
    let count = |q: &'static str| {
        let app = &app;
        async move {
            let (status, body) = app.get_json(&format!("/api/v1/practices?{q}"), None).await;
            assert_eq!(status, StatusCode::OK);
            body["total"].as_u64().unwrap()
        }
    };
    // The demo has three sheets (Schaerbeek's waste cooperation, Pro Senectute's solidarity
    // neighbourhoods, Braine-l'Alleud's SPIRAL workshops); this test adds two.
    assert_eq!(count("").await, 5);
    assert_eq!(count("q=dechets").await, 2, "accents do not matter");
    assert_eq!(count("q=waste+cooperation").await, 2);
    assert_eq!(count("q=spiral").await, 1);
    assert_eq!(count("topic=waste").await, 2);
    assert_eq!(count("topic=seniors").await, 2);
    assert_eq!(count("country=BE").await, 4);
    assert_eq!(count("country=CH").await, 1);
    assert_eq!(count("country=MA").await, 0);
    assert_eq!(count("territory=schaerbeek&topic=seniors").await, 0);
    assert_eq!(count("pillar=practices&q=aines").await, 2);
    assert_eq!(count("pillar=trade").await, 0);
}

#[tokio::test]
async fn a_visitor_finds_a_published_sheet_in_the_library_page() {
    let app = TestApp::spawn_demo().await;
    let schaerbeek = coordinator(&app, "schaerbeek-al-hoceima").await;
    let res = app
        .post_json(
            "/api/v1/practices",
            &json!({"territory": "schaerbeek", "pillar": "practices", "topics": ["waste"],
                    "title": {"fr": "Coopération déchets avec Al Hoceima"}, "summary": "Échange de méthodes.",
                    "method": "1. Visites croisées\n2. Formation des agents"}),
            Some(&schaerbeek),
        )
        .await;
    let sheet: Value = res.json().await.unwrap();
    let slug = sheet["slug"].as_str().unwrap();
    let (status, page) = app.page("/practices?q=dechets&topic=waste").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("/practices/{slug}")), "listed");
    let (_, page) = app.page("/practices?country=MA").await;
    assert!(
        !page.contains(&format!("/practices/{slug}")),
        "filtered out"
    );
    let (_, territory) = app.page("/territories/schaerbeek").await;
    assert!(
        territory.contains("/practices?territory=schaerbeek"),
        "linked from its territory"
    );
    for lang in ["fr", "nl", "en", "ar"] {
        let (status, body) = app.page(&format!("/practices/{slug}?lang={lang}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(body.contains("Formation des agents"));
        let (_, list) = app.page(&format!("/practices?lang={lang}")).await;
        assert!(
            !list.contains("Unknown localization") || lang != "en",
            "{lang}"
        );
    }
}

#[tokio::test]
async fn territories_ask_and_answer_from_their_support_pages() {
    let app = TestApp::spawn_demo().await;
    let braine = coordinator(&app, "braine-l-alleud-tafraout-ammelne").await;
    app.put_json(
        "/api/v1/territories/braine-l-alleud/expertise",
        &json!({"topics": ["water"]}),
        Some(&braine),
    )
    .await;
    let jette = app
        .visitor(
            "coordinator.jette-sidi-bibi@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let before = app.count("support_requests").await;
    // Bad input comes back with messages; nothing is sent.
    let res = jette
        .submit(
            "/support",
            "/support",
            &[
                ("territory", "sidi-bibi"),
                ("topic", "magic"),
                ("title", ""),
                ("need", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("support_requests").await, before);
    let res = jette
        .submit(
            "/support",
            "/support",
            &[
                ("territory", "sidi-bibi"),
                ("topic", "water"),
                ("title", "Citerne de la coopérative"),
                ("need", "Dimensionner une citerne d'eau de pluie."),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("support_requests").await, before + 1);
    let path = crate::helpers::location(&res);
    // Braine-l'Alleud sees it among the requests it can help with, and answers.
    let braine_web = app
        .visitor(
            "coordinator.braine-l-alleud-tafraout-ammelne@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let (_, support) = braine_web.page("/support").await;
    assert!(
        support.contains(&format!("href=\"{path}\"")),
        "listed for those who can help"
    );
    let res = braine_web
        .submit(
            &path,
            &format!("{path}/messages"),
            &[("body", "Nous avons dimensionné les nôtres en 2019.")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, thread) = jette.page(&path).await;
    assert!(thread.contains("dimensionné les nôtres"));
    // A visitor sees the request, not the thread.
    let (status, public) = app.page(&path).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        public.contains("Citerne de la coopérative") && !public.contains("dimensionné les nôtres")
    );
}

fn upload(name: &str, bytes: Vec<u8>, token: String) -> reqwest::multipart::Form {
    reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part(
            "attachment",
            reqwest::multipart::Part::bytes(bytes)
                .file_name(name.to_owned())
                .mime_str("application/pdf")
                .unwrap(),
        )
}

#[tokio::test]
async fn only_the_territorys_coordinators_attach_real_pdfs_to_its_sheets() {
    let app = TestApp::spawn_demo().await;
    let sheet = "/practices/cooperation-dechets-avec-al-hoceima";
    let coordinator = app
        .visitor(
            "coordinator.schaerbeek-al-hoceima@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let (_, page) = coordinator.page(sheet).await;
    let token = crate::helpers::csrf_in(&page).unwrap();
    let pdf =
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
            .to_vec();
    // A PNG named .pdf is refused with a message, nothing stored.
    let png = b"\x89PNG\r\n\x1a\n not a pdf".to_vec();
    let res = coordinator
        .client
        .post(app.url(&format!("{sheet}/attachments")))
        .multipart(upload("plan.pdf", png, token.clone()))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("aria-invalid=\"true\""));
    assert_eq!(app.count("practice_attachments").await, 0);
    let res = coordinator
        .client
        .post(app.url(&format!("{sheet}/attachments")))
        .multipart(upload("Plan de tri \"2024\".pdf", pdf.clone(), token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Anyone downloads it, byte for byte.
    let (_, public) = app.page(sheet).await;
    let link = public
        .split(&format!("href=\"{sheet}/attachments/"))
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a link to the document");
    let res = app.get(&format!("{sheet}/attachments/{link}")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains("Plan de tri 2024.pdf")
    );
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);
    // Another territory's coordinators cannot attach to Schaerbeek's sheet.
    let other = app
        .visitor(
            "coordinator.braine-l-alleud-tafraout-ammelne@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let (_, page) = other.page(sheet).await;
    let token = crate::helpers::csrf_in(&page).unwrap();
    let res = other
        .client
        .post(app.url(&format!("{sheet}/attachments")))
        .multipart(upload("x.pdf", pdf, token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("practice_attachments").await, 1);
}
