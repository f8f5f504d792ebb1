//! Logistics people: appointed and removed by a partnership's coordinator by the email of an
//! existing account; they handle the partnership's shipments (create, orders, steps, papers,
//! exporters, delays, invoice) and nothing else (no payouts, no partnership settings, no
//! campaigns); their own page lists the shipments they handle.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::builders::{HOUSEHOLD, PASSWORD};
use crate::group_orders::scene;
use crate::shipment_delays::{day, delay};
use crate::shipments::{customs, ordered_campaign};

pub(crate) const LOGISTICS: &str = "logistique@example.org";

#[tokio::test]
async fn a_coordinator_appoints_logistics_who_handle_shipments_and_nothing_else() {
    let s = scene(None).await;
    let app = &s.app;
    let (campaign, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    customs(app).await;
    let slug = &s.partnership.slug;
    let coordinator = &s.partnership.coordinator_token;
    let path = format!("/api/v1/partnerships/{slug}/logistics");
    let roles = app.count("role_assignments").await;

    // No account with this address: refused, nothing granted.
    let res = app
        .post_json(
            &path,
            &json!({"email": "personne@example.org"}),
            Some(coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(
        problem["errors"]["email"][0]
            .as_str()
            .unwrap()
            .contains("personne@example.org"),
        "{problem}"
    );
    assert_eq!(app.count("role_assignments").await, roles);
    let token = app.user_token(LOGISTICS).await;
    // Before being appointed, the person may not touch the partnership's shipments.
    let shipments = format!("/api/v1/partnerships/{slug}/shipments");
    let (status, _) = app.get_json(&shipments, Some(&token)).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Only a coordinator appoints: not a household, not the person themselves.
    for who in [&s.coordinator, &token] {
        let res = app
            .post_json(&path, &json!({"email": LOGISTICS}), Some(who))
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    let res = app
        .post_json(
            &path,
            &json!({"email": " Logistique@Example.org "}),
            Some(coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let appointed: Value = res.json().await.unwrap();
    assert_eq!(appointed["email"], LOGISTICS);
    let remove = format!("{path}/{}", appointed["id"]);
    let (status, list) = app.get_json(&path, Some(coordinator)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["email"], LOGISTICS);
    let token = app.token(LOGISTICS, PASSWORD).await;
    let (_, me) = app.get_json("/api/v1/me", Some(&token)).await;
    assert!(
        me["roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["role"] == "logistics" && r["scope_type"] == "partnership"),
        "{me}"
    );

    // Everything on the partnership's shipments.
    let res = app
        .post_json(
            &shipments,
            &json!({"origin": "Chtouka-Aït Baha", "expected_on": day(app, 10).to_string()}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let (status, list) = app.get_json(&shipments, Some(&token)).await;
    assert_eq!((status, &list["total"]), (StatusCode::OK, &json!(1)));
    let today = day(app, 0).to_string();
    for (action, body) in [
        (
            "orders",
            json!({"campaign_id": campaign, "producer_id": tifawin}),
        ),
        (
            "orders",
            json!({"campaign_id": campaign, "producer_id": achbaro}),
        ),
        ("steps", json!({"step": "collected", "on": today})),
        (
            "papers/health_certificate",
            json!({"reference": "ONSSA-118", "obtained_on": today}),
        ),
    ] {
        let path = format!("/api/v1/shipments/{id}/{action}");
        let res = app.post_json(&path, &body, Some(&token)).await;
        assert_eq!(res.status(), StatusCode::OK, "{action}");
    }
    let res = app
        .put_json(
            &format!("/api/v1/producers/{tifawin}/approved-exporter"),
            &json!({"approved_exporter_number": "MA/001/2026"}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = delay(
        app,
        &token,
        id,
        json!({"expected_on": day(app, 12).to_string(), "note": "Camion en panne"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(app.count("shipment_delays").await, 1);

    // On the pages: the shipment, its invoice, and their own page lists it.
    let person = app.visitor(LOGISTICS, PASSWORD).await;
    for page in [
        format!("/shipments/{id}"),
        format!("/shipments/{id}/invoice"),
        format!("/shipments/{id}/packing-list"),
        format!("/partnerships/{slug}/shipments"),
    ] {
        assert_eq!(person.page(&page).await.0, StatusCode::OK, "{page}");
    }
    let (_, list) = person
        .page(&format!("/partnerships/{slug}/shipments"))
        .await;
    assert!(
        !list.contains("id=\"logistics\""),
        "appointing is for coordinators"
    );
    let (_, me) = person.page("/me").await;
    assert!(me.contains(&format!("href=\"/shipments/{id}\"")), "{me}");
    assert!(me.contains("Logistique du partenariat"), "{me}");

    // Nothing else: payouts, the partnership's settings, campaigns, the category rules.
    let (status, _) = app
        .get_json(
            &format!("/api/v1/partnerships/{slug}/payouts/owed"),
            Some(&token),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    for page in [
        format!("/partnerships/{slug}/payouts"),
        format!("/partnerships/{slug}/edit"),
        "/admin/category-rules".to_owned(),
    ] {
        assert_eq!(person.page(&page).await.0, StatusCode::FORBIDDEN, "{page}");
    }
    // A campaign they may not see does not exist for them (as for anyone outside its group).
    let page = format!("/campaigns/{campaign}");
    assert_eq!(person.page(&page).await.0, StatusCode::NOT_FOUND);
    let (status, _) = app
        .get_json(&format!("/api/v1/campaigns/{campaign}"), Some(&token))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Removed: no more access; removing again is a 404.
    let res = app.delete(&remove, Some(coordinator)).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (status, _) = app
        .get_json(&format!("/api/v1/shipments/{id}"), Some(&token))
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (_, list) = app.get_json(&path, Some(coordinator)).await;
    assert_eq!(list["total"], 0);
    assert_eq!(
        app.delete(&remove, Some(coordinator)).await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_coordinator_appoints_and_removes_logistics_on_the_shipments_page() {
    let s = scene(None).await;
    let app = &s.app;
    app.user_token(LOGISTICS).await;
    app.login(&s.partnership.coordinator, PASSWORD).await;
    let list = format!("/partnerships/{}/shipments", s.partnership.slug);
    let (_, html) = app.page(&list).await;
    assert!(html.contains("encore chargé de la logistique"));
    let appoint = format!("/partnerships/{}/logistics", s.partnership.slug);
    let res = app
        .submit(&list, &appoint, &[("email", "inconnu@example.org")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("adresse inconnu@example.org"));
    assert!(html.contains("value=\"inconnu@example.org\""), "kept");
    let res = app.submit(&list, &appoint, &[("email", LOGISTICS)]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.page(&list).await;
    let section = html.split("id=\"logistics\"").nth(1).unwrap();
    assert!(section.contains(LOGISTICS), "{section}");
    let remove = section
        .split("action=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    assert!(remove.ends_with("/remove"), "{remove}");
    let res = app.submit(&list, &remove, &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.page(&list).await;
    assert!(html.contains("encore chargé de la logistique"));
}
