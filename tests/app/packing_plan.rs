//! A shipment's packing plan: proposed from the contents (parcels for a small shipment, every
//! case once), cases moved between units or to a new one, a plan that no longer matches the
//! contents said so, and the bad moves that change nothing.

use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::builders::HOUSEHOLD;
use crate::group_orders::scene;
use crate::shipments::{add, customs, new_shipment, ordered_campaign, step};

async fn plan(s: &crate::group_orders::Scene, id: i64) -> Value {
    let (status, body) = s
        .app
        .get_json(
            &format!("/api/v1/shipments/{id}/packing-plan"),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    body
}

fn cases(plan: &Value) -> i64 {
    plan["units"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|u| u["items"].as_array().unwrap().iter())
        .map(|i| i["cases"].as_i64().unwrap())
        .sum()
}

#[tokio::test]
async fn a_packing_plan_is_proposed_adjusted_and_closed_when_the_goods_leave() {
    let s = scene(None).await;
    let (c, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    customs(&s.app).await;
    let (id, _) = new_shipment(&s).await;
    let token = s.partnership.coordinator_token.clone();
    let post = |path: String, body: Value| {
        let app = &s.app;
        let token = token.clone();
        async move { app.post_json(&path, &body, Some(&token)).await }
    };
    // Nothing to pack yet.
    let res = post(format!("/api/v1/shipments/{id}/packing-plan"), json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(add(&s, id, c, tifawin).await.status(), StatusCode::OK);
    let res = post(format!("/api/v1/shipments/{id}/packing-plan"), json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["matches_contents"], true);
    // 20 bottles in 2 cases, 10.8 kg: one parcel.
    assert_eq!(p["units"].as_array().unwrap().len(), 1);
    assert_eq!(p["units"][0]["kind"], "parcel");
    assert_eq!(p["units"][0]["gross_grams"], 10_800);
    assert_eq!(cases(&p), 2);
    // The honey joins: the plan no longer holds the contents until proposed again.
    assert_eq!(add(&s, id, c, achbaro).await.status(), StatusCode::OK);
    assert_eq!(plan(&s, id).await["matches_contents"], false);
    let res = post(format!("/api/v1/shipments/{id}/packing-plan"), json!({})).await;
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["matches_contents"], true);
    assert_eq!(cases(&p), 3);
    let unit = p["units"][0]["id"].as_i64().unwrap();
    let honey = p["units"][0]["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["producer_id"] == achbaro)
        .unwrap()["product_id"]
        .as_i64()
        .unwrap();

    // Bad moves: too many cases, none, the same unit, a unit of nothing: nothing changes.
    let moves = format!("/api/v1/shipments/{id}/packing-plan/moves");
    for (body, status) in [
        (
            json!({"product_id": honey, "from_unit": unit, "new_unit": "pallet", "cases": 2}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"product_id": honey, "from_unit": unit, "new_unit": "pallet", "cases": 0}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"product_id": honey, "from_unit": unit, "to_unit": unit, "cases": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"product_id": honey, "from_unit": unit, "new_unit": "crate", "cases": 1}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        (
            json!({"product_id": honey, "from_unit": 999_999, "new_unit": "parcel", "cases": 1}),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let res = post(moves.clone(), body.clone()).await;
        assert_eq!(res.status(), status, "{body}");
    }
    assert_eq!(s.app.count("shipment_units").await, 1);
    // The honey on its own parcel: two units, the same cases.
    let res = post(
        moves.clone(),
        json!({"product_id": honey, "from_unit": unit, "new_unit": "parcel", "cases": 1}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["units"].as_array().unwrap().len(), 2);
    assert_eq!(p["units"][1]["number"], 2);
    assert_eq!(p["units"][1]["items"][0]["product_id"], honey);
    assert_eq!(cases(&p), 3);
    assert_eq!(p["matches_contents"], true);
    // And back: the emptied parcel goes.
    let second = p["units"][1]["id"].as_i64().unwrap();
    let res = post(
        moves.clone(),
        json!({"product_id": honey, "from_unit": second, "to_unit": unit, "cases": 1}),
    )
    .await;
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["units"].as_array().unwrap().len(), 1);
    assert_eq!(cases(&p), 3);

    // The page shows it, and moves through its form.
    let app = &s.app;
    app.login(&s.partnership.coordinator, crate::builders::PASSWORD)
        .await;
    let page = format!("/shipments/{id}");
    let (_, html) = app.page(&page).await;
    assert!(html.contains("id=\"packing-units\""));
    assert!(html.contains("Colis 1"), "a parcel, in French");
    // The packing list prints it.
    let (_, sheet) = app
        .page(&format!("/shipments/{id}/packing-list?lang=en"))
        .await;
    let printed = sheet
        .split("id=\"paper-packing\"")
        .nth(1)
        .expect("the plan printed");
    assert!(printed.contains("Parcel 1"), "{printed}");
    assert!(
        printed.contains("3 cases") || printed.contains("2 cases"),
        "{printed}"
    );
    let res = app
        .submit(
            &page,
            &format!("/shipments/{id}/packing-plan/moves"),
            &[
                ("item", &format!("{unit}-{honey}")),
                ("cases", "trois"),
                ("to", "new-parcel"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(s.app.count("shipment_units").await, 1);

    // Once the goods leave, the plan stays as it is.
    let today = s.app.clock_now().date_naive().to_string();
    for st in ["collected"] {
        assert_eq!(step(&s, id, st, &today).await.status(), StatusCode::OK);
    }
    let rows = s.app.count("shipment_unit_items").await;
    entity::shipment::Entity::update_many()
        .col_expr(
            entity::shipment::Column::Step,
            sea_orm::sea_query::Expr::value(entity::shipment::ShipmentStep::InTransit),
        )
        .exec(&s.app.db)
        .await
        .unwrap();
    let res = post(format!("/api/v1/shipments/{id}/packing-plan"), json!({})).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(s.app.count("shipment_unit_items").await, rows);
}
