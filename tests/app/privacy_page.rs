//! The privacy page says what the live settings do: started with retention periods of its own,
//! the page shows those numbers in each language, and each partnership's controller. A
//! partnership's coordinator names the controller from the settings page (field errors for an
//! empty or too long value) and the API (422); other people may not.

use passerelle::web::i18n::{Lang, translate};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::builders::PASSWORD;
use crate::helpers::{Options, TestApp, Visitor};

/// Whether the page says the number `n` in a sentence (Arabic wraps it in isolation marks).
fn says(page: &str, n: i64) -> bool {
    page.contains(&format!(" {n} ")) || page.contains(&format!("\u{2068}{n}\u{2069}"))
}

#[tokio::test]
async fn the_privacy_page_in_each_language_shows_the_configured_periods_and_each_controller() {
    let app = TestApp::spawn_with(Options {
        vars: vec![
            ("PASSERELLE_RETENTION_TRAVELLER_DAYS", "47".into()),
            ("PASSERELLE_RETENTION_UNVERIFIED_DAYS", "23".into()),
            ("PASSERELLE_RETENTION_MAIL_BODY_DAYS", "61".into()),
            ("PASSERELLE_RETENTION_MAIL_META_DAYS", "413".into()),
            ("PASSERELLE_RETENTION_TOKEN_DAYS", "9".into()),
            ("PASSERELLE_RETENTION_JOB_DAYS", "29".into()),
        ],
        ..Default::default()
    })
    .await;
    let jette = app.partnership().await;
    let schaerbeek = app.other_partnership().await;
    let res = app
        .put_json(
            &format!("/api/v1/partnerships/{}/presentation", jette.slug),
            &json!({"pillars": ["trade", "tourism"],
                    "controller_name": "Commune de Jette",
                    "controller_contact": "privacy@jette.example"}),
            Some(&jette.coordinator_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["controller_name"], "Commune de Jette");

    let (_, home) = app.page("/").await;
    assert!(home.contains("href=\"/privacy\""), "linked from the footer");
    let (_, signup) = app.page("/signup").await;
    assert!(signup.contains("href=\"/privacy\""), "linked from sign-up");

    for lang in Lang::ALL {
        let (status, page) = app.page(&format!("/privacy?lang={}", lang.code())).await;
        assert_eq!(status, StatusCode::OK);
        assert!(
            page.contains(&translate(lang, "privacy-rights-title", &[])),
            "{lang:?}: the rights"
        );
        for days in [47, 23, 61, 413, 9, 29, 7] {
            assert!(says(&page, days), "{lang:?}: {days} days in {page}");
        }
        for n in [30, 90, 365] {
            assert!(!says(&page, n), "{lang:?}: no default {n}");
        }
        assert!(page.contains("III.88"), "{lang:?}: the accounting rule");
        assert!(page.contains("Commune de Jette") && page.contains("mailto:privacy@jette.example"));
        let unnamed = translate(lang, "privacy-controller-unnamed", &[]);
        let row = page
            .split(&format!("/partnerships/{}\"", schaerbeek.slug))
            .nth(1)
            .and_then(|r| r.split("</tr>").next())
            .expect("the other partnership listed");
        assert!(
            row.contains(unnamed.split(':').next().unwrap()),
            "{lang:?}: not named yet"
        );
        for link in ["/account/data", "/account/close", "/account\""] {
            assert!(page.contains(&format!("href=\"{link}")), "{lang:?}: {link}");
        }
    }
}

/// The coordinator sends the settings form (as the page's form does, with its marker).
async fn name_controller(
    v: &Visitor<'_>,
    edit: &str,
    name: &str,
    contact: &str,
) -> reqwest::Response {
    let fields = [
        ("pillars", "trade"),
        ("description_fr", "Partenariat"),
        ("controller_fields", "on"),
        ("controller_name", name),
        ("controller_contact", contact),
    ];
    v.submit(edit, edit, &fields).await
}

#[tokio::test]
async fn the_coordinator_names_the_controller_with_field_errors_for_bad_input() {
    let app = TestApp::spawn().await;
    let p = app.partnership().await;
    let other = app.other_partnership().await;
    let edit = format!("/partnerships/{}/edit", p.slug);
    let coordinator = app.visitor(&p.coordinator, PASSWORD).await;
    let long = "x".repeat(201);
    for (name, contact, field) in [
        (
            "",
            "Place Cardinal Mercier 1, 1090 Jette",
            "controller_name",
        ),
        ("Commune de Jette", long.as_str(), "controller_contact"),
        ("Commune de Jette", "", "controller_contact"),
    ] {
        let res = name_controller(&coordinator, &edit, name, contact).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let page = res.text().await.unwrap();
        assert!(page.contains(&format!("id=\"{field}-error\"")), "{field}");
        assert!(
            page.contains("Commune de Jette") || name.is_empty(),
            "input kept"
        );
    }
    let res = name_controller(
        &coordinator,
        &edit,
        "Commune de Jette",
        "Place Cardinal Mercier 1, 1090 Jette",
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, shown) = app
        .get_json(&format!("/api/v1/partnerships/{}", p.slug), None)
        .await;
    assert_eq!(
        (&shown["controller_name"], &shown["controller_contact"]),
        (
            &json!("Commune de Jette"),
            &json!("Place Cardinal Mercier 1, 1090 Jette")
        )
    );
    let (_, form) = coordinator.page(&edit).await;
    assert!(form.contains("value=\"Place Cardinal Mercier 1, 1090 Jette\""));
    assert!(
        form.contains("name=\"controller_fields\""),
        "the form sends its marker"
    );

    // The API says the same, field by field; another partnership's coordinator may not.
    let path = format!("/api/v1/partnerships/{}/presentation", p.slug);
    let res = app
        .put_json(
            &path,
            &json!({"pillars": ["trade"], "controller_name": "", "controller_contact": long}),
            Some(&p.coordinator_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["controller_name"].is_array());
    assert!(problem["errors"]["controller_contact"].is_array());
    let res = app
        .put_json(
            &path,
            &json!({"pillars": ["trade"], "controller_name": "Ville de Bruxelles", "controller_contact": "x@example.org"}),
            Some(&other.coordinator_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (_, shown) = app
        .get_json(&format!("/api/v1/partnerships/{}", p.slug), None)
        .await;
    assert_eq!(shown["controller_name"], "Commune de Jette", "unchanged");
}

#[tokio::test]
async fn the_demo_names_the_controller_of_each_of_its_three_partnerships() {
    let app = TestApp::spawn_demo().await;
    let (status, page) = app.page("/privacy?lang=en").await;
    assert_eq!(status, StatusCode::OK);
    for (controller, contact) in [
        ("Commune de Schaerbeek", "Place Colignon 1, 1030 Schaerbeek"),
        ("Commune de Jette", "Place Cardinal Mercier 1, 1090 Jette"),
        (
            "Commune de Braine-l&#39;Alleud",
            "Grand-Place Baudouin Ier 3, 1420 Braine-l&#39;Alleud",
        ),
    ] {
        assert!(
            page.contains(controller) && page.contains(contact),
            "{controller}"
        );
    }
    let unnamed = translate(Lang::En, "privacy-controller-unnamed", &[]);
    assert!(!page.contains(&unnamed), "every demo partnership is named");
}
