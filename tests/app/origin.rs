//! Goods of preferential origin: a product marked as not originating (imported materials
//! beyond the tolerances) counts in no origin declaration; an exporter sending only such goods
//! needs no proof of origin, and the invoice says which lines are not originating.

use reqwest::StatusCode;
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::Value;

use crate::builders::HOUSEHOLD;
use crate::group_orders::scene;
use crate::shipments::{HONEY, add, customs, new_shipment, ordered_campaign, step};

#[tokio::test]
async fn a_product_not_of_preferential_origin_needs_no_proof_and_is_marked_on_the_invoice() {
    let s = scene(None).await;
    let app = &s.app;
    // Through the API: a product may be declared not originating, and reads back so.
    let mut body = crate::catalog::argan_oil();
    body["originating"] = Value::Bool(false);
    let producer = entity::product::Entity::find()
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.name.exact("fr") == HONEY)
        .unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/producers/{}/products", producer.producer_id),
            &body,
            Some(&s.producer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["originating"], false);

    let (campaign, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    customs(app).await;
    // The honey is made with imported materials beyond the tolerances.
    entity::product::Entity::update(entity::product::ActiveModel {
        id: Set(producer.id),
        originating: Set(false),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .unwrap();
    let (id, _) = new_shipment(&s).await;
    for p in [tifawin, achbaro] {
        assert_eq!(add(&s, id, campaign, p).await.status(), StatusCode::OK);
    }
    let today = app.clock_now().date_naive().to_string();
    assert_eq!(
        step(&s, id, "collected", &today).await.status(),
        StatusCode::OK
    );
    let (_, papers) = app
        .get_json(
            &format!("/api/v1/shipments/{id}/papers"),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    let kinds_of = |producer: i64| -> Vec<String> {
        papers["items"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["producer_id"] == producer && p["required"] == true)
            .map(|p| p["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(kinds_of(tifawin), ["origin_declaration"]);
    assert_eq!(kinds_of(achbaro), ["health_certificate"], "{papers}");
    // The invoice marks the honey's line.
    app.login(&s.partnership.coordinator, crate::builders::PASSWORD)
        .await;
    let (_, html) = app.page(&format!("/shipments/{id}/invoice?lang=fr")).await;
    let lines = html.split("id=\"paper-lines\"").nth(1).unwrap();
    let honey = lines
        .split("<tr>")
        .find(|r| r.contains("euphorbe"))
        .unwrap();
    assert!(honey.contains("non originaire"), "{honey}");
    let oil = lines.split("<tr>").find(|r| r.contains("argan")).unwrap();
    assert!(!oil.contains("non originaire"), "{oil}");
}
