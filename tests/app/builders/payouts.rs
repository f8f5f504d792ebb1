//! A campaign delivered and paid, from which producers are owed: two households buy argan oil
//! (Tifawin) and honey (Achbaro) through the group of [`crate::group_orders::scene`], the
//! producers confirm and ship, the goods are delivered and every share is paid by transfer.

use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::group_orders::{Scene, close_early, member, open_campaign, put_line};

/// The campaign of [`delivered_and_paid`] and its producers.
pub struct Delivered {
    pub campaign: i64,
    /// (producer id, campaign product id) of the culinary argan oil and of the honey.
    pub argan: (i64, i64),
    pub honey: (i64, i64),
}

fn product<'a>(campaign: &'a Value, name: &str) -> &'a Value {
    campaign["products"]
        .as_array()
        .expect("products")
        .iter()
        .find(|p| p["name"].to_string().contains(name))
        .unwrap_or_else(|| panic!("{name} in the campaign"))
}

/// Amina takes 8 argan oils and 6 honeys, Luc 4 and 6 (a case of each); the campaign is closed,
/// confirmed, shipped, delivered with two honeys short, and both pay their share in full.
pub async fn delivered_and_paid(s: &Scene) -> Delivered {
    let app = &s.app;
    let amina = member(s, "amina@example.org").await;
    let luc = member(s, "luc@example.org").await;
    let c = open_campaign(s, json!({"title": "Commande de payouts"})).await;
    let id = c["id"].as_i64().expect("campaign id");
    let pick = |name| {
        let p = product(&c, name);
        (
            p["producer_id"].as_i64().expect("producer"),
            p["product_id"].as_i64().expect("product"),
        )
    };
    let argan = pick("Huile d'argan alimentaire");
    let honey = pick("Miel d'euphorbe");
    for (token, a, h) in [(&amina, 8, 6), (&luc, 4, 6)] {
        assert_eq!(
            put_line(app, token, id, argan.1, a, 0).await.status(),
            StatusCode::OK
        );
        assert_eq!(
            put_line(app, token, id, honey.1, h, 0).await.status(),
            StatusCode::OK
        );
    }
    assert_eq!(close_early(s, id).await.status(), StatusCode::OK);
    for pid in [argan.0, honey.0] {
        let res = app
            .post_json(
                &format!("/api/v1/campaigns/{id}/producers/{pid}/confirm"),
                &json!({}),
                Some(&s.producer),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK, "confirm {pid}");
    }
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/ship"),
            &json!({}),
            Some(&s.producer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // Two jars of honey arrived broken: a short delivery, which the members do not pay.
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/deliver"),
            &json!({"lines": [{"product_id": honey.1, "units": 10}]}),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let requests = entity::payment_request::Entity::find()
        .filter(entity::payment_request::Column::Description.starts_with("Commande de payouts"))
        .all(&app.db)
        .await
        .expect("requests");
    assert_eq!(requests.len(), 2);
    for r in requests {
        let res = app
            .post_json(
                &format!("/api/v1/payment-requests/{}/payments", r.reference),
                &json!({"amount_cents": r.amount_cents,
                        "received_on": app.clock_now().date_naive().to_string()}),
                Some(&s.coordinator),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "pay {}", r.reference);
    }
    Delivered {
        campaign: id,
        argan,
        honey,
    }
}
