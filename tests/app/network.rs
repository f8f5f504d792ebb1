//! The exchange of practices through the API: the library, expertise, and support requests that
//! reach exactly the partner and the network territories with the expertise.

use entity::training_registration::RegistrationStatus;
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::builders::{
    BRAINE_COORDINATOR, COORDINATOR, OTHER_COORDINATOR, PASSWORD, coordinator_of, network_app,
};
use crate::helpers::{DEMO_PASSWORD, Options, TestApp};
use crate::smtp::SmtpSink;

async fn coordinator(app: &TestApp, partnership: &str) -> String {
    app.token(
        &format!("coordinator.{partnership}@demo.passerelle.test"),
        DEMO_PASSWORD,
    )
    .await
}

/// A bearer token of the coordinator of `slug`, in [`network_app`].
async fn network_coordinator(app: &TestApp, slug: &str) -> String {
    app.token(coordinator_of(slug), PASSWORD).await
}

/// A practice sheet of `territory` titled `title`, published by its coordinator `by`; its slug.
async fn published_sheet(app: &TestApp, by: &str, territory: &str, title: &str) -> String {
    let res = app
        .post_json(
            "/api/v1/practices",
            &json!({"territory": territory, "pillar": "practices", "topics": ["seniors"],
                    "title": {"fr": title}, "summary": "Une pratique partagée."}),
            Some(&app.token(by, PASSWORD).await),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED, "{title}");
    res.json::<Value>().await.unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn a_support_request_reaches_its_partner_and_the_network_experts_and_nobody_else() {
    let sink = SmtpSink::start().await;
    let app = network_app(Options {
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    let jette = network_coordinator(&app, "jette-sidi-bibi").await;
    let braine = network_coordinator(&app, "braine-l-alleud-tafraout-ammelne").await;
    let schaerbeek = network_coordinator(&app, "schaerbeek-al-hoceima").await;
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

    app.run_worker().await;
    let sent: Vec<(&str, usize)> = [
        "jette-sidi-bibi",
        "braine-l-alleud-tafraout-ammelne",
        "schaerbeek-al-hoceima",
    ]
    .into_iter()
    .map(|who| (who, sink.to(coordinator_of(who)).len()))
    .collect();
    let earlier = |who: &str| sent.iter().find(|(w, _)| *w == who).map_or(0, |(_, n)| *n);
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
    // (Only what came after the request: the builders' sign-ups sent them mail before.)
    let to = |who: &str| {
        let mut all = sink.to(coordinator_of(who));
        all.drain(..earlier(who));
        all
    };
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
    let app = TestApp::spawn().await;
    app.other_partnership().await;
    let schaerbeek = app.token(OTHER_COORDINATOR, PASSWORD).await;
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
    let app = network_app(Options::default()).await;
    let braine = network_coordinator(&app, "braine-l-alleud-tafraout-ammelne").await;
    app.put_json(
        "/api/v1/territories/braine-l-alleud/expertise",
        &json!({"topics": ["water"]}),
        Some(&braine),
    )
    .await;
    let jette = app.visitor(COORDINATOR, PASSWORD).await;
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
    let braine_web = app.visitor(BRAINE_COORDINATOR, PASSWORD).await;
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
    let app = TestApp::spawn().await;
    app.other_partnership().await;
    app.braine_partnership().await;
    let slug = published_sheet(
        &app,
        OTHER_COORDINATOR,
        "schaerbeek",
        "Coopération déchets avec Al Hoceima",
    )
    .await;
    let sheet = format!("/practices/{slug}");
    let sheet = sheet.as_str();
    let coordinator = app.visitor(OTHER_COORDINATOR, PASSWORD).await;
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
    let other = app.visitor(BRAINE_COORDINATOR, PASSWORD).await;
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

async fn training(app: &TestApp, token: &str, capacity: i64, audience: Value) -> reqwest::Response {
    let start = app.clock_now() + chrono::Duration::days(200);
    app.post_json(
        "/api/v1/trainings",
        &json!({"territory": "braine-l-alleud", "title": "Formation SPIRAL de juin", "description": "Trois jours de méthode.",
                "starts_at": start.to_rfc3339(), "ends_at": (start + chrono::Duration::days(3)).to_rfc3339(),
                "place": "Braine-l'Alleud, salle communale", "capacity": capacity, "audience": audience}),
        Some(token),
    )
    .await
}

#[tokio::test]
async fn training_places_are_never_exceeded_and_freed_places_go_to_the_waiting_list() {
    let sink = SmtpSink::start().await;
    let app = TestApp::spawn_with(Options {
        demo: true,
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    let braine = coordinator(&app, "braine-l-alleud-tafraout-ammelne").await;
    let schaerbeek = coordinator(&app, "schaerbeek-al-hoceima").await;
    // Bad input.
    let start = app.clock_now() - chrono::Duration::days(1);
    let res = app
        .post_json("/api/v1/trainings", &json!({"territory": "braine-l-alleud", "title": "", "starts_at": start.to_rfc3339(), "ends_at": start.to_rfc3339(), "capacity": 0, "audience": ["atlantis"]}), Some(&braine))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    for f in ["title", "starts_at", "capacity", "audience", "place"] {
        assert!(body["errors"][f].is_array(), "{f}: {body}");
    }
    assert_eq!(
        training(&app, &schaerbeek, 10, json!([])).await.status(),
        StatusCode::FORBIDDEN,
        "not Schaerbeek's to organise"
    );
    let res = training(&app, &braine, 10, json!([])).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let t: Value = res.json().await.unwrap();
    let id = t["id"].as_i64().unwrap();

    // Jette is not a network member: not invited.
    let jette = coordinator(&app, "jette-sidi-bibi").await;
    let res = app
        .post_json(
            &format!("/api/v1/trainings/{id}/registrations"),
            &json!({"territory": "jette", "participants": ["A"]}),
            Some(&jette),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // Many registrations at once from the invited territories: exactly 10 places registered.
    let attempts: Vec<(String, &str, Vec<String>)> = (0..24)
        .map(|i| {
            let (token, territory) = match i % 3 {
                0 => (braine.clone(), "braine-l-alleud"),
                1 => (braine.clone(), "tafraout-ammelne"),
                _ => (schaerbeek.clone(), "al-hoceima"),
            };
            (
                token,
                territory,
                (0..(i % 2 + 1)).map(|k| format!("P{i}-{k}")).collect(),
            )
        })
        .collect();
    let answers =
        futures_util::future::join_all(attempts.iter().map(|(token, territory, names)| {
            let app = &app;
            async move {
                let res = app
                    .post_json(
                        &format!("/api/v1/trainings/{id}/registrations"),
                        &json!({"territory": territory, "participants": names}),
                        Some(token),
                    )
                    .await;
                assert_eq!(res.status(), StatusCode::CREATED);
                res.json::<Value>().await.unwrap()
            }
        }))
        .await;
    let registered: i64 = answers
        .iter()
        .filter(|a| a["status"] == "registered")
        .map(|a| a["seats"].as_i64().unwrap())
        .sum();
    assert!((9..=10).contains(&registered), "{registered}");
    let (_, now) = app.get_json(&format!("/api/v1/trainings/{id}"), None).await;
    assert_eq!(now["seats_left"].as_i64().unwrap(), 10 - registered);
    assert!(answers.iter().any(|a| a["status"] == "waiting"));

    // Each registered territory gets an .ics invitation that parses.
    app.run_worker().await;
    let mails = sink.messages();
    let ics = mails
        .iter()
        .find_map(|m| {
            use mail_parser::MimeHeaders;
            m.parsed()
                .attachments()
                .find(|a| a.attachment_name() == Some("invitation.ics"))
                .map(|a| String::from_utf8_lossy(a.contents()).into_owned())
        })
        .expect("an invitation");
    let cal: icalendar::Calendar = ics.parse().unwrap();
    use icalendar::Component;
    let event = cal.components.iter().find_map(|c| c.as_event()).unwrap();
    assert_eq!(event.get_summary(), Some("Formation SPIRAL de juin"));

    // A registration is cancelled: the first waiting one that fits takes the places.
    let first = answers
        .iter()
        .find(|a| a["status"] == "registered" && a["seats"] == 2)
        .or_else(|| answers.iter().find(|a| a["status"] == "registered"))
        .unwrap();
    let owner = attempts[answers.iter().position(|a| a["id"] == first["id"]).unwrap()]
        .0
        .clone();
    let res = app
        .post_json(
            &format!("/api/v1/training-registrations/{}/cancel", first["id"]),
            &json!({}),
            Some(&owner),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let taken: i64 = entity::training_registration::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .filter(|r| r.status == RegistrationStatus::Registered)
        .map(|r| i64::from(r.seats))
        .sum();
    let (_, after) = app.get_json(&format!("/api/v1/trainings/{id}"), None).await;
    assert_eq!(
        10 - after["seats_left"].as_i64().unwrap(),
        taken,
        "the counter and the rows agree"
    );
    assert!(
        (9..=10).contains(&taken),
        "freed places were taken by the waiting list: {taken}"
    );
}

#[tokio::test]
async fn a_territory_shows_its_citizens_criteria_and_the_actions_that_serve_them() {
    let app = network_app(Options::default()).await;
    published_sheet(
        &app,
        OTHER_COORDINATOR,
        "schaerbeek",
        "Quartiers solidaires pour les aînés",
    )
    .await;
    let braine = network_coordinator(&app, "braine-l-alleud-tafraout-ammelne").await;
    let jette = network_coordinator(&app, "jette-sidi-bibi").await;
    let path = "/api/v1/territories/braine-l-alleud/spiral/criteria";
    let res = app
        .post_json(path, &json!({"family": "personal_relations", "polarity": "ill_being", "text": "Les aînés se sentent seuls"}), Some(&jette))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "only its own coordinators"
    );
    let res = app
        .post_json(
            path,
            &json!({"family": "magic", "polarity": "meh", "text": ""}),
            Some(&braine),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post_json(path, &json!({"family": "personal_relations", "polarity": "ill_being", "text": "Les aînés se sentent seuls"}), Some(&braine))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let link = format!("/api/v1/spiral/criteria/{id}/links");
    let res = app
        .post_json(
            &link,
            &json!({"kind": "practice", "target": "nope"}),
            Some(&braine),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post_json(
            &link,
            &json!({"kind": "practice", "target": "quartiers-solidaires-pour-les-aines"}),
            Some(&braine),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (_, view) = app
        .get_json("/api/v1/territories/braine-l-alleud/spiral", None)
        .await;
    assert_eq!(view[0]["text"], "Les aînés se sentent seuls");
    assert_eq!(
        view[0]["actions"][0][1],
        "/practices/quartiers-solidaires-pour-les-aines"
    );
    for lang in ["fr", "nl", "en", "ar"] {
        let (status, page) = app
            .page(&format!("/territories/braine-l-alleud?lang={lang}"))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains("Les aînés se sentent seuls")
                && page.contains("/practices/quartiers-solidaires-pour-les-aines")
        );
        assert!(!page.contains("Unknown localization"), "{lang}");
    }
}

#[tokio::test]
async fn the_sheet_form_refuses_bad_input_and_other_territories() {
    let app = TestApp::spawn().await;
    app.other_partnership().await;
    let res = app
        .post_json(
            "/api/v1/territories",
            &json!({"name": "Kairouan", "country": "TN", "region": "Kairouan"}),
            Some(&app.admin_token().await),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let c = app.visitor(OTHER_COORDINATOR, PASSWORD).await;
    let before = app.count("practice_sheets").await;
    let res = c
        .submit(
            "/practices/new",
            "/practices/new",
            &[
                ("territory", "schaerbeek"),
                ("pillar", "practices"),
                ("title", ""),
                ("summary", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("title-error") && body.contains("summary-error"));
    let res = c
        .submit(
            "/practices/new",
            "/practices/new",
            &[
                ("territory", "kairouan"),
                ("pillar", "practices"),
                ("topics", "water"),
                ("title", "x"),
                ("summary", "y"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "not a territory Schaerbeek's coordinators speak for"
    );
    assert_eq!(app.count("practice_sheets").await, before);
}

#[tokio::test]
async fn coordinators_register_participants_for_the_june_training_from_its_page() {
    let app = TestApp::spawn_demo().await;
    let (status, list) = app.page("/trainings?lang=en").await;
    assert_eq!(status, StatusCode::OK);
    let path = list
        .split("href=\"/trainings/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(|id| format!("/trainings/{id}"))
        .expect("the demo's June training");
    assert!(list.contains("24 places left of 24"));
    let braine = app
        .visitor(
            "coordinator.braine-l-alleud-tafraout-ammelne@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let res = braine
        .submit(
            &path,
            &format!("{path}/register"),
            &[("territory", "braine-l-alleud"), ("participants", "  ")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = braine
        .submit(
            &path,
            &format!("{path}/register"),
            &[
                ("territory", "braine-l-alleud"),
                ("participants", "Claire Dumont\nYassine El Idrissi"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.page(&format!("{path}?lang=en")).await;
    assert!(page.contains("22 places left of 24"));
    // Jette is not a network member: not invited.
    let jette = app
        .visitor(
            "coordinator.jette-sidi-bibi@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let res = jette
        .submit(
            &path,
            &format!("{path}/register"),
            &[("territory", "jette"), ("participants", "A")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    for lang in ["fr", "nl", "en", "ar"] {
        let (status, body) = braine.page(&format!("{path}?lang={lang}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(!body.contains("Unknown localization"), "{lang}");
    }
}

#[tokio::test]
async fn coordinators_declare_expertise_and_publish_trainings_from_pages() {
    let app = TestApp::spawn_demo().await;
    let braine = app
        .visitor(
            "coordinator.braine-l-alleud-tafraout-ammelne@demo.passerelle.test",
            DEMO_PASSWORD,
        )
        .await;
    let res = braine
        .submit(
            "/support",
            "/support/expertise",
            &[
                ("territory", "tafraout-ammelne"),
                ("topics", "water"),
                ("topics", "agriculture"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("territory_expertise WHERE topic IN ('water', 'agriculture')")
            .await,
        2
    );
    let res = braine
        .submit(
            "/support",
            "/support/expertise",
            &[("territory", "tafraout-ammelne"), ("topics", "magic")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let before = app.count("trainings").await;
    let res = braine
        .submit(
            "/trainings",
            "/trainings",
            &[
                ("territory", "braine-l-alleud"),
                ("title", ""),
                ("capacity", "x"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("trainings").await, before);
    let start =
        (app.clock_now() + chrono::Duration::days(40)).with_timezone(&chrono_tz::Europe::Brussels);
    let res = braine
        .submit(
            "/trainings",
            "/trainings",
            &[
                ("territory", "braine-l-alleud"),
                ("title", "Atelier compostage"),
                ("starts_at", &start.format("%Y-%m-%dT09:00").to_string()),
                ("ends_at", &start.format("%Y-%m-%dT17:00").to_string()),
                ("place", "Ferme du Castegier"),
                ("capacity", "12"),
                ("audience", "charleroi, tafraout-ammelne"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("trainings").await, before + 1);
}

#[tokio::test]
async fn coordinators_record_spiral_criteria_and_link_actions_from_a_page() {
    let app = network_app(Options::default()).await;
    published_sheet(
        &app,
        BRAINE_COORDINATOR,
        "braine-l-alleud",
        "Ateliers SPIRAL : les critères de bien-être définis par les citoyens",
    )
    .await;
    let c = app.visitor(BRAINE_COORDINATOR, PASSWORD).await;
    let res = c
        .submit(
            "/spiral",
            "/spiral",
            &[
                ("territory", "braine-l-alleud"),
                ("family", "magic"),
                ("polarity", "well_being"),
                ("text", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = c
        .submit(
            "/spiral",
            "/spiral",
            &[
                ("territory", "braine-l-alleud"),
                ("family", "living_environment"),
                ("polarity", "well_being"),
                ("text", "Des espaces verts partagés"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = c.page("/spiral").await;
    let id = page
        .split("action=\"/spiral/")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap()
        .to_owned();
    let res = c
        .submit(
            "/spiral",
            &format!("/spiral/{id}/links"),
            &[
                ("kind", "practice"),
                (
                    "target",
                    "/practices/ateliers-spiral-les-criteres-de-bien-etre-definis-par-les-citoyens",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, territory) = app.page("/territories/braine-l-alleud").await;
    assert!(territory.contains("Des espaces verts partagés"));
    assert!(
        territory.contains(
            "/practices/ateliers-spiral-les-criteres-de-bien-etre-definis-par-les-citoyens"
        )
    );
    // Another partnership's coordinators cannot write Braine-l'Alleud's criteria.
    let other = app.visitor(COORDINATOR, PASSWORD).await;
    let res = other
        .submit(
            "/spiral",
            "/spiral",
            &[
                ("territory", "braine-l-alleud"),
                ("family", "feelings"),
                ("polarity", "ill_being"),
                ("text", "x"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
