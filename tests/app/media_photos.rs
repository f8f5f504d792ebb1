//! Photos of stays and fund projects: each area decides who may change its own photos, media
//! stores and serves them, and a photo is removed only through its own area's page.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::builders::{COORDINATOR, PASSWORD};
use crate::catalog_photos::png;
use crate::helpers::{TestApp, Visitor, csrf_in};

const JETTE: &str = "jette-sidi-bibi";

/// Sends a photo form found on `form_page` (its CSRF token first, as browsers do).
async fn send_photo(
    v: &Visitor<'_>,
    form_page: &str,
    action: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    let (_, html) = v.page(form_page).await;
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", csrf_in(&html).expect("a CSRF token"))
        .part(
            "photo",
            reqwest::multipart::Part::bytes(bytes)
                .file_name("photo.png")
                .mime_str("image/png")
                .unwrap(),
        );
    v.client
        .post(v.app.url(action))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

async fn photo_ids(app: &TestApp, kind: &str, owner: i64) -> Vec<i64> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    entity::photo::Entity::find()
        .filter(entity::photo::Column::OwnerType.eq(kind))
        .filter(entity::photo::Column::OwnerId.eq(owner))
        .order_by_asc(entity::photo::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect()
}

#[tokio::test]
async fn stays_and_fund_projects_keep_their_photos_through_their_own_pages() {
    let app = TestApp::spawn().await;
    app.partnership().await;
    let token = app.token(COORDINATOR, PASSWORD).await;
    let res = app
        .post_json(
            "/api/v1/trips",
            &json!({"title": {"fr": "Trois jours au souk"}, "partnership": JETTE,
                    "territory": "sidi-bibi", "description": "Séjour chez l'habitant.",
                    "min_group": 1, "max_group": 12}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let trip = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/partnerships/{JETTE}/fund/projects"),
            &json!({"title": "Four à pain", "territory": "sidi-bibi",
                    "description": "Un four pour la coopérative.", "budget": "3 000"}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let project = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

    // Someone who runs neither may not add a photo to either: nothing is stored.
    app.verified_token("member@example.org").await;
    let member = app.visitor("member@example.org", PASSWORD).await;
    let res = send_photo(
        &member,
        "/account",
        &format!("/fund/{project}/photos"),
        png(64, 48, 3),
    )
    .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = send_photo(
        &member,
        "/account",
        &format!("/host/trips/{trip}/photos"),
        png(64, 48, 4),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        app.count("photos WHERE owner_type IN ('trip', 'fund_project')")
            .await,
        0
    );

    // The partnership's coordinator adds one to each, from each page.
    let coordinator = app.visitor(COORDINATOR, PASSWORD).await;
    let manage = format!("/host/trips/{trip}");
    let res = send_photo(
        &coordinator,
        &manage,
        &format!("{manage}/photos"),
        png(64, 48, 4),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::location(&res), manage);
    let page = format!("/fund/{project}");
    let res = send_photo(
        &coordinator,
        &page,
        &format!("{page}/photos"),
        png(64, 48, 3),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::location(&res), page);
    let trip_photos = photo_ids(&app, "trip", trip).await;
    let project_photos = photo_ids(&app, "fund_project", project).await;
    assert_eq!((trip_photos.len(), project_photos.len()), (1, 1));
    let (status, body) = coordinator.page(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(&format!("{page}/photos/{}/delete", project_photos[0])));

    // A photo is removed through its own area only.
    let res = coordinator
        .submit(
            &page,
            &format!("{page}/photos/{}/delete", trip_photos[0]),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(photo_ids(&app, "trip", trip).await.len(), 1);
    let res = coordinator
        .submit(
            &page,
            &format!("{page}/photos/{}/delete", project_photos[0]),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::location(&res), page);
    let res = coordinator
        .submit(
            &manage,
            &format!("{manage}/photos/{}/delete", trip_photos[0]),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(crate::helpers::location(&res), manage);
    assert_eq!(
        app.count("photos WHERE owner_type IN ('trip', 'fund_project')")
            .await,
        0
    );
}
