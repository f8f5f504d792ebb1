//! Collective orders through the API: a group, a campaign, members' baskets, the close with its
//! fair allocation and payment requests, the producer's confirmation, delivery and settlement.

use chrono::Duration;
use entity::payment_request::RequestStatus;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::{GROUP_COORDINATOR, PASSWORD, Partnership};
use crate::helpers::{DEMO_PASSWORD, Options, TestApp};
use crate::smtp::SmtpSink;

pub const JETTE: &str = "jette-sidi-bibi";

/// A group with its coordinator in Jette – Sidi Bibi, whose catalogue is the two cooperatives of
/// [`TestApp::cooperatives`]; no household yet.
pub struct Scene {
    pub app: TestApp,
    /// The group coordinator's ([`GROUP_COORDINATOR`]) bearer token.
    pub coordinator: String,
    pub group_id: i64,
    /// The partnership's coordinator and its slug.
    pub partnership: Partnership,
    /// The cooperatives' member's ([`crate::builders::COOPERATIVES_MEMBER`]) bearer token.
    pub producer: String,
}

pub async fn scene(smtp: Option<&SmtpSink>) -> Scene {
    let app = TestApp::spawn_with(Options {
        smtp: smtp.map(|s| s.url()),
        ..Default::default()
    })
    .await;
    let partnership = app.partnership().await;
    let producer = app.cooperatives(&partnership).await.token;
    let group = app.group(&partnership, GROUP_COORDINATOR).await;
    Scene {
        app,
        coordinator: group.coordinator_token,
        group_id: group.id,
        partnership,
        producer,
    }
}

/// The demo's group in Jette – Sidi Bibi, for the journeys that walk the demo as its people do.
pub async fn demo_scene() -> Scene {
    let app = TestApp::spawn_demo().await;
    let mut tokens = Vec::new();
    for who in ["group", "producer", "coordinator"] {
        let email = format!("{who}.{JETTE}@demo.passerelle.test");
        tokens.push(app.token(&email, DEMO_PASSWORD).await);
    }
    let [coordinator, producer, coordinator_token] = <[String; 3]>::try_from(tokens).unwrap();
    let partnership = Partnership {
        slug: JETTE.into(),
        belgian_territory: "jette".into(),
        partner_territory: "sidi-bibi".into(),
        coordinator: format!("coordinator.{JETTE}@demo.passerelle.test"),
        coordinator_token,
    };
    let (_, me) = app.get_json("/api/v1/me", Some(&coordinator)).await;
    let group_id = me["roles"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["role"] == "group_coordinator")
        .and_then(|r| r["scope_id"].as_i64())
        .expect("the demo group coordinator");
    Scene {
        app,
        coordinator,
        group_id,
        partnership,
        producer,
    }
}

/// A new account that joins the group through the emailed invitation; returns its token.
pub async fn member(s: &Scene, email: &str) -> String {
    s.app.group_member(s.group_id, &s.coordinator, email).await
}

/// The group's coordinator closes the campaign `id` before its time (confirmed).
pub async fn close_early(s: &Scene, id: impl std::fmt::Display) -> reqwest::Response {
    s.app
        .post_json(
            &format!("/api/v1/campaigns/{id}/close"),
            &json!({"confirm_early": true}),
            Some(&s.coordinator),
        )
        .await
}

/// The Jette producers' ids (from the public catalogue).
pub async fn jette_producers(app: &TestApp) -> Vec<i64> {
    let (_, body) = app
        .get_json(
            &format!("/api/v1/products?partnership={JETTE}&per_page=100"),
            None,
        )
        .await;
    let mut ids: Vec<i64> = body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["producer"]["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    ids
}

/// Opens a campaign now, closing in two days; returns its JSON.
pub async fn open_campaign(s: &Scene, extra: Value) -> Value {
    let now = s.app.clock_now();
    let mut body = json!({
        "title": "Commande de décembre",
        "producer_ids": jette_producers(&s.app).await,
        "opens_at": (now - Duration::hours(1)).to_rfc3339(),
        "closes_at": (now + Duration::days(2)).to_rfc3339(),
        "delivery_on": (now + Duration::days(12)).date_naive().to_string(),
        "transport_cents": 1000,
        "fee_cents": 200,
    });
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        for (k, v) in e {
            b.insert(k.clone(), v.clone());
        }
    }
    let res = s
        .app
        .post_json(
            &format!("/api/v1/groups/{}/campaigns", s.group_id),
            &body,
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

/// The campaign's products with a case of more than `min` units.
pub fn cased(campaign: &Value, min: i64) -> Vec<Value> {
    campaign["products"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["case_size"].as_i64().unwrap() > min)
        .cloned()
        .collect()
}

pub async fn put_line(
    app: &TestApp,
    token: &str,
    campaign: i64,
    product: i64,
    quantity: i64,
    tolerance: i64,
) -> reqwest::Response {
    app.put_json(
        &format!("/api/v1/campaigns/{campaign}/basket/{product}"),
        &json!({ "quantity": quantity, "tolerance": tolerance }),
        Some(token),
    )
    .await
}

fn member_of<'a>(result: &'a Value, email: &str) -> &'a Value {
    result["members"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["email"] == email)
        .unwrap_or_else(|| panic!("{email} in the result"))
}

fn line_of(m: &Value, product: i64) -> &Value {
    m["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["product_id"] == product)
        .expect("the product's line")
}

/// The payment requests of the campaigns these tests open (not the demo's).
async fn campaign_requests(app: &TestApp) -> Vec<entity::payment_request::Model> {
    entity::payment_request::Entity::find()
        .filter(entity::payment_request::Column::PurposeType.eq("campaign_share"))
        .filter(entity::payment_request::Column::Description.starts_with("Commande de décembre"))
        .all(&app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_campaign_goes_from_baskets_to_a_fair_result_paid_and_settled() {
    let sink = SmtpSink::start().await;
    let s = scene(Some(&sink)).await;
    let app = &s.app;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    assert_eq!(c["state"], "open");
    assert_eq!(c["accepts_baskets"], true);
    let products = cased(&c, 2);
    assert!(
        products.len() >= 2,
        "two products sold by cases of 3 or more"
    );
    let (p1, p2) = (&products[0], &products[1]);
    let (id1, id2) = (
        p1["product_id"].as_i64().unwrap(),
        p2["product_id"].as_i64().unwrap(),
    );
    let size = p1["case_size"].as_i64().unwrap();
    let price1 = p1["price_cents"].as_i64().unwrap();

    let amina = member(&s, "amina@example.org").await;
    let luc = member(&s, "luc@example.org").await;
    // Amina asks a case less two, and accepts two more; Luc asks one: one unit short of a case,
    // which Amina's tolerance completes.
    let res = put_line(app, &amina, id, id1, size - 2, 2).await;
    assert_eq!(res.status(), StatusCode::OK);
    let basket: Value = res.json().await.unwrap();
    assert_eq!(basket["total_cents"], (size - 2) * price1);
    assert_eq!(
        put_line(app, &luc, id, id1, 1, 0).await.status(),
        StatusCode::OK
    );
    // Luc alone on the second product: a case that will not be completed.
    assert_eq!(
        put_line(app, &luc, id, id2, 1, 0).await.status(),
        StatusCode::OK
    );
    let (_, seen) = app
        .get_json(&format!("/api/v1/campaigns/{id}"), Some(&luc))
        .await;
    let fill = seen["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["product_id"] == id1)
        .unwrap()
        .clone();
    assert_eq!(fill["in_open_case"], size - 1);
    assert_eq!(fill["to_complete"], 1);
    assert_eq!(fill["completed_by_tolerance"], true);

    // Closing early needs to be confirmed.
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/close"),
            &json!({}),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["confirm_early"].is_array());
    // A member may not close.
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/close"),
            &json!({"confirm_early": true}),
            Some(&luc),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let res = close_early(&s, id).await;
    assert_eq!(res.status(), StatusCode::OK);
    let result: Value = res.json().await.unwrap();
    assert_eq!(result["state"], "closed");
    let product = result["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["product_id"] == id1)
        .unwrap();
    assert_eq!(
        (
            product["ordered_cases"].as_i64(),
            product["ordered_units"].as_i64()
        ),
        (Some(1), Some(size))
    );
    let a = member_of(&result, "amina@example.org");
    let l = member_of(&result, "luc@example.org");
    assert_eq!(line_of(a, id1)["allocated"], size - 1);
    assert_eq!(line_of(a, id1)["reason"], "tolerance_used");
    assert_eq!(line_of(l, id1)["allocated"], 1);
    assert_eq!(line_of(l, id2)["allocated"], 0);
    assert_eq!(line_of(l, id2)["reason"], "not_completed");
    // Every member total and the campaign total agree to the cent.
    let members = result["members"].as_array().unwrap();
    let sum: i64 = members
        .iter()
        .map(|m| m["total_cents"].as_i64().unwrap())
        .sum();
    let goods: i64 = members
        .iter()
        .map(|m| m["goods_cents"].as_i64().unwrap())
        .sum();
    assert_eq!(goods, size * price1);
    assert_eq!(sum, goods + 1000 + 200);
    assert_eq!(result["total_cents"], sum);
    for m in members {
        let parts = m["goods_cents"].as_i64().unwrap()
            + m["transport_cents"].as_i64().unwrap()
            + m["fee_cents"].as_i64().unwrap();
        assert_eq!(m["total_cents"].as_i64().unwrap(), parts);
    }
    // One payment request per member who owes something, for exactly their total.
    let requests = campaign_requests(app).await;
    assert_eq!(requests.len(), 2);
    for m in members {
        let r = requests
            .iter()
            .find(|r| {
                Some(&r.reference) == m["payment_reference"].as_str().map(String::from).as_ref()
            })
            .expect("the member's request");
        assert_eq!(r.amount_cents.get(), m["total_cents"].as_i64().unwrap());
        assert_eq!(r.payer_email, m["email"].as_str().unwrap());
    }

    // Closing again (a retry, another coordinator) changes nothing and says the same.
    let again: Value = close_early(&s, id).await.json().await.unwrap();
    assert_eq!(again["members"], result["members"]);
    assert_eq!(campaign_requests(app).await.len(), 2);
    // Baskets no longer change.
    assert_eq!(
        put_line(app, &luc, id, id1, 3, 0).await.status(),
        StatusCode::CONFLICT
    );

    // Each member gets their result, with the transfer details and the QR code.
    app.run_worker().await;
    let to_amina = sink.to("amina@example.org");
    let result_mail = to_amina
        .iter()
        .find(|m| m.text().contains(a["ogm"].as_str().unwrap()))
        .expect("Amina's result email with her structured communication");
    assert!(
        result_mail.header_text().contains("multipart/mixed"),
        "{}",
        result_mail.header_text()
    );
    assert!(
        result_mail.text().contains("(+2)"),
        "{}",
        result_mail.text()
    );
    let to_luc = sink.to("luc@example.org");
    assert!(
        to_luc
            .iter()
            .any(|m| m.text().contains(l["ogm"].as_str().unwrap()))
    );

    // The producer can supply one unit less: the allocation runs again and the amounts follow.
    let producer = s.producer.clone();
    let producer_of_p1 = p1["producer_id"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/producers/{producer_of_p1}/confirm"),
            &json!({"lines": [{"product_id": id1, "units": size - 1}]}),
            Some(&producer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let changed: Value = res.json().await.unwrap();
    assert!(changed["members_changed"].as_i64().unwrap() >= 1);
    let (_, after) = app
        .get_json(
            &format!("/api/v1/campaigns/{id}/result"),
            Some(&s.coordinator),
        )
        .await;
    let a2 = member_of(&after, "amina@example.org");
    let l2 = member_of(&after, "luc@example.org");
    let given: i64 = line_of(a2, id1)["allocated"].as_i64().unwrap()
        + line_of(l2, id1)["allocated"].as_i64().unwrap();
    assert_eq!(given, size - 1);
    for m in [a2, l2] {
        let r = campaign_requests(app)
            .await
            .into_iter()
            .find(|r| Some(r.reference.as_str()) == m["payment_reference"].as_str())
            .unwrap();
        assert_eq!(r.amount_cents.get(), m["total_cents"].as_i64().unwrap());
    }
    let total_after: i64 = after["members"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["total_cents"].as_i64().unwrap())
        .sum();
    assert_eq!(total_after, (size - 1) * price1 + 1200);
    // The other producers confirm in full; those allotted nothing have nothing to confirm and
    // are not waited for: the campaign is confirmed.
    for pid in jette_producers(app)
        .await
        .into_iter()
        .filter(|p| *p != producer_of_p1)
    {
        let allotted = result["products"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["producer_id"] == pid && p["ordered_units"].as_i64() > Some(0));
        let res = app
            .post_json(
                &format!("/api/v1/campaigns/{id}/producers/{pid}/confirm"),
                &json!({}),
                Some(&producer),
            )
            .await;
        let want = if allotted {
            StatusCode::OK
        } else {
            StatusCode::CONFLICT
        };
        assert_eq!(res.status(), want, "producer {pid}");
    }
    let (_, now) = app
        .get_json(&format!("/api/v1/campaigns/{id}"), Some(&s.coordinator))
        .await;
    assert_eq!(now["state"], "confirmed");

    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/ship"),
            &json!({}),
            Some(&producer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/deliver"),
            &json!({}),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Not settled while shares are unpaid.
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/settle"),
            &json!({}),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // The group's coordinator keeps the books of its campaigns' shares.
    let treasurer = s.coordinator.clone();
    for r in campaign_requests(app)
        .await
        .iter()
        .filter(|r| r.status == RequestStatus::Open)
    {
        let res = app
            .post_json(
                &format!("/api/v1/payment-requests/{}/payments", r.reference),
                &json!({"amount_cents": r.amount_cents, "received_on": app.clock_now().date_naive().to_string()}),
                Some(&treasurer),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/settle"),
            &json!({}),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let (_, done) = app
        .get_json(&format!("/api/v1/campaigns/{id}"), Some(&s.coordinator))
        .await;
    assert_eq!(done["state"], "settled");
}

#[tokio::test]
async fn bad_basket_input_gets_clear_errors_and_changes_nothing() {
    let s = scene(None).await;
    let app = &s.app;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let p = &cased(&c, 2)[0];
    let pid = p["product_id"].as_i64().unwrap();
    let size = p["case_size"].as_i64().unwrap();
    let amina = member(&s, "amina@example.org").await;
    assert_eq!(
        put_line(app, &amina, id, pid, 2, 1).await.status(),
        StatusCode::OK
    );

    for (q, t, field) in [
        (-1, 0, "quantity"),
        (100_000, 0, "quantity"),
        (0, 2, "tolerance"),
        (1, size, "tolerance"),
    ] {
        let res = put_line(app, &amina, id, pid, q, t).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{q} (+{t})");
        let body: Value = res.json().await.unwrap();
        assert!(body["errors"][field].is_array(), "{body}");
    }
    // A product that is not in the campaign; a campaign that does not exist.
    assert_eq!(
        put_line(app, &amina, id, 999_999, 1, 0).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        put_line(app, &amina, 999_999, pid, 1, 0).await.status(),
        StatusCode::NOT_FOUND
    );
    // Malformed JSON.
    let res = app
        .client
        .put(app.url(&format!("/api/v1/campaigns/{id}/basket/{pid}")))
        .bearer_auth(&amina)
        .header("content-type", "application/json")
        .body("{\"quantity\": 1,,}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    // Someone of another group, or of none: the campaign does not exist for them.
    let outsider = app.user_token("outsider@example.org").await;
    assert_eq!(
        put_line(app, &outsider, id, pid, 1, 0).await.status(),
        StatusCode::NOT_FOUND
    );
    let (status, _) = app
        .get_json(&format!("/api/v1/campaigns/{id}"), Some(&outsider))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = app
        .get_json(&format!("/api/v1/campaigns/{id}/basket"), Some(&outsider))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Nothing changed: the basket is what it was.
    let (_, basket) = app
        .get_json(&format!("/api/v1/campaigns/{id}/basket"), Some(&amina))
        .await;
    let items = basket["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    assert_eq!(
        (
            items[0]["quantity"].as_i64(),
            items[0]["tolerance"].as_i64()
        ),
        (Some(2), Some(1))
    );

    // After closes_at by the server's clock, changes are refused even before the close runs.
    s.app.advance(Duration::days(3));
    let res = put_line(app, &amina, id, pid, 5, 0).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // Quantity 0 removed nothing either.
    assert_eq!(
        put_line(app, &amina, id, pid, 0, 0).await.status(),
        StatusCode::CONFLICT
    );
    let (_, basket) = app
        .get_json(&format!("/api/v1/campaigns/{id}/basket"), Some(&amina))
        .await;
    assert_eq!(basket["items"][0]["quantity"], 2);
}

#[tokio::test]
async fn a_member_never_sees_another_members_basket_or_amount() {
    let s = scene(None).await;
    let app = &s.app;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let p = &cased(&c, 2)[0];
    let pid = p["product_id"].as_i64().unwrap();
    let size = p["case_size"].as_i64().unwrap();
    let amina = member(&s, "amina@example.org").await;
    let luc = member(&s, "luc@example.org").await;
    put_line(app, &amina, id, pid, size, 0).await;
    put_line(app, &luc, id, pid, 2, 0).await;
    let (_, mine) = app
        .get_json(&format!("/api/v1/campaigns/{id}/basket"), Some(&luc))
        .await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    assert_eq!(mine["items"][0]["quantity"], 2);
    close_early(&s, id).await;
    let (status, r) = app
        .get_json(&format!("/api/v1/campaigns/{id}/result"), Some(&luc))
        .await;
    assert_eq!(status, StatusCode::OK);
    let members = r["members"].as_array().unwrap();
    assert_eq!(members.len(), 1, "only Luc's own share");
    assert_eq!(members[0]["email"], "luc@example.org");
    // The coordinator sees both.
    let (_, all) = app
        .get_json(
            &format!("/api/v1/campaigns/{id}/result"),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(all["members"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_campaign_below_its_minimum_is_cancelled_at_close_and_nothing_is_owed() {
    let sink = SmtpSink::start().await;
    let s = scene(Some(&sink)).await;
    let app = &s.app;
    let c = open_campaign(&s, json!({"min_total_cents": 100_000_000 / 10})).await;
    let id = c["id"].as_i64().unwrap();
    let p = &cased(&c, 0)[0];
    let amina = member(&s, "amina@example.org").await;
    put_line(
        app,
        &amina,
        id,
        p["product_id"].as_i64().unwrap(),
        p["case_size"].as_i64().unwrap(),
        0,
    )
    .await;
    // The close job runs at closes_at.
    app.advance(Duration::days(2) + Duration::minutes(1));
    app.run_worker().await;
    let (_, after) = app
        .get_json(&format!("/api/v1/campaigns/{id}"), Some(&s.coordinator))
        .await;
    assert_eq!(after["state"], "cancelled");
    assert_eq!(after["cancel_reason"], "minimum");
    assert!(campaign_requests(app).await.is_empty());
    app.run_worker().await;
    assert!(
        sink.to("amina@example.org")
            .iter()
            .any(|m| m.subject().contains("Commande de décembre"))
    );
}

#[tokio::test]
async fn members_are_told_when_the_campaign_opens_and_reminded_the_day_before_it_closes() {
    let sink = SmtpSink::start().await;
    let s = scene(Some(&sink)).await;
    let app = &s.app;
    let amina = member(&s, "amina@example.org").await;
    let now = app.clock_now();
    let c = open_campaign(
        &s,
        json!({
            "opens_at": (now + Duration::hours(2)).to_rfc3339(),
            "closes_at": (now + Duration::days(4)).to_rfc3339(),
        }),
    )
    .await;
    let id = c["id"].as_i64().unwrap();
    assert_eq!(c["state"], "draft");
    let p = c["products"][0]["product_id"].as_i64().unwrap();
    // Not open yet.
    assert_eq!(
        put_line(app, &amina, id, p, 1, 0).await.status(),
        StatusCode::CONFLICT
    );
    app.advance(Duration::hours(2));
    app.run_worker().await;
    let (_, opened) = app
        .get_json(&format!("/api/v1/campaigns/{id}"), Some(&amina))
        .await;
    assert_eq!(opened["state"], "open");
    app.run_worker().await;
    let got = sink.to("amina@example.org");
    assert_eq!(
        got.iter()
            .filter(|m| m.subject().contains("Commande de décembre"))
            .count(),
        1,
        "the opening email"
    );
    // Running the worker again sends nothing twice.
    app.run_worker().await;
    app.advance(Duration::days(3));
    app.run_worker().await;
    app.run_worker().await;
    let got = sink.to("amina@example.org");
    assert_eq!(
        got.iter()
            .filter(|m| m.subject().contains("Commande de décembre"))
            .count(),
        2,
        "opening + reminder"
    );
}

#[tokio::test]
async fn who_may_do_what_with_a_campaign() {
    let s = scene(None).await;
    let app = &s.app;
    let amina = member(&s, "amina@example.org").await;
    let outsider = app.user_token("outsider@example.org").await;
    let producer = s.producer.clone();
    let now = app.clock_now();
    let body = json!({
        "title": "x", "producer_ids": jette_producers(app).await,
        "opens_at": now.to_rfc3339(), "closes_at": (now + Duration::days(1)).to_rfc3339(),
        "delivery_on": (now + Duration::days(3)).date_naive().to_string(),
    });
    let path = format!("/api/v1/groups/{}/campaigns", s.group_id);
    assert_eq!(
        app.post_json(&path, &body, Some(&amina)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post_json(&path, &body, Some(&outsider)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_json(&path, &body, Some(&producer)).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_json(&path, &body, None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    // Producers of another partnership cannot be in the campaign.
    let elsewhere = app.other_partnership().await;
    let (elsewhere_producer, token) = app
        .approved_producer(&elsewhere, "producer.schaerbeek@example.org")
        .await;
    app.product(elsewhere_producer.id, &token, "Huile de figue de Barbarie")
        .await;
    let (_, other) = app
        .get_json(
            &format!("/api/v1/products?partnership={}", elsewhere.slug),
            None,
        )
        .await;
    let foreign = other["items"][0]["producer"]["id"].as_i64().unwrap();
    let res = app.post_json(&path, &json!({"title": "x", "producer_ids": [foreign], "opens_at": now.to_rfc3339(), "closes_at": (now + Duration::days(1)).to_rfc3339(), "delivery_on": (now + Duration::days(3)).date_naive().to_string()}), Some(&s.coordinator)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    for (who, token, want) in [
        ("member", &amina, StatusCode::FORBIDDEN),
        ("outsider", &outsider, StatusCode::NOT_FOUND),
        ("producer", &producer, StatusCode::NOT_FOUND),
    ] {
        for action in ["close", "cancel", "settle", "deliver"] {
            let res = app
                .post_json(
                    &format!("/api/v1/campaigns/{id}/{action}"),
                    &json!({"confirm_early": true}),
                    Some(token),
                )
                .await;
            assert_eq!(res.status(), want, "{who} {action}");
        }
    }
    // A member cannot confirm for a producer; the producer cannot confirm an open campaign.
    let pid = c["products"][0]["producer_id"].as_i64().unwrap();
    let confirm = format!("/api/v1/campaigns/{id}/producers/{pid}/confirm");
    assert_eq!(
        app.post_json(&confirm, &json!({}), Some(&amina))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.post_json(&confirm, &json!({}), Some(&producer))
            .await
            .status(),
        StatusCode::CONFLICT
    );
    // The coordinator cancels; the state never goes back.
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/cancel"),
            &json!({"reason": "le transporteur a annulé"}),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = close_early(&s, id).await;
    let closed: Value = res.json().await.unwrap();
    assert_eq!(closed["state"], "cancelled");
    assert_eq!(
        app.post_json(
            &format!("/api/v1/campaigns/{id}/ship"),
            &json!({}),
            Some(&s.coordinator)
        )
        .await
        .status(),
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn two_coordinators_closing_at_once_produce_one_result() {
    let s = scene(None).await;
    let app = &s.app;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let p = &cased(&c, 0)[0];
    let pid = p["product_id"].as_i64().unwrap();
    let size = p["case_size"].as_i64().unwrap();
    let amina = member(&s, "amina@example.org").await;
    let luc = member(&s, "luc@example.org").await;
    put_line(app, &amina, id, pid, size, 0).await;
    put_line(app, &luc, id, pid, size, 0).await;
    let other = s.partnership.coordinator_token.clone();
    let path = format!("/api/v1/campaigns/{id}/close");
    let body = json!({"confirm_early": true});
    let tokens = [
        &s.coordinator,
        &other,
        &s.coordinator,
        &other,
        &s.coordinator,
    ];
    let answers =
        futures_util::future::join_all(tokens.iter().map(|t| app.post_json(&path, &body, Some(t))))
            .await;
    let mut results = Vec::new();
    for res in answers {
        assert_eq!(res.status(), StatusCode::OK);
        let v: Value = res.json().await.unwrap();
        results.push(v["members"].clone());
    }
    assert!(results.windows(2).all(|w| w[0] == w[1]), "one result");
    assert_eq!(campaign_requests(app).await.len(), 2);
    assert_eq!(
        app.count(&format!("campaign_shares WHERE campaign_id = {id}"))
            .await,
        2
    );
}

#[tokio::test]
async fn stock_limits_the_cases_leaves_with_the_order_and_returns_on_cancel() {
    let s = scene(None).await;
    let app = &s.app;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let p = &cased(&c, 2)[0];
    let pid = p["product_id"].as_i64().unwrap();
    let size = p["case_size"].as_i64().unwrap();
    let amina = member(&s, "amina@example.org").await;
    let luc = member(&s, "luc@example.org").await;
    put_line(app, &amina, id, pid, size, 0).await;
    put_line(app, &luc, id, pid, size, 0).await;
    // Then the producer sells elsewhere: one case and a bit left, whatever it had when the
    // members asked.
    let product = entity::product::Entity::find_by_id(pid)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let mut active: entity::product::ActiveModel = product.into();
    active.stock = sea_orm::Set(Some((size + 1) as i32));
    sea_orm::ActiveModelTrait::update(active, &app.db)
        .await
        .unwrap();
    // The catalogue lists the product (and keeps the listing in its cache).
    let listed_stock = || async {
        crate::catalog::listed(app, "per_page=100")
            .await
            .into_iter()
            .find(|x| x["id"] == pid)
            .map(|x| x["stock"].clone())
    };
    assert_eq!(listed_stock().await, Some(json!(size + 1)));
    let result: Value = close_early(&s, id).await.json().await.unwrap();
    let ordered = result["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["product_id"] == pid)
        .unwrap();
    assert_eq!(ordered["ordered_cases"], 1);
    assert_eq!(ordered["limited_by"], "stock");
    let a = member_of(&result, "amina@example.org");
    let l = member_of(&result, "luc@example.org");
    let got = line_of(a, pid)["allocated"].as_i64().unwrap()
        + line_of(l, pid)["allocated"].as_i64().unwrap();
    assert_eq!(got, size);
    assert_eq!(line_of(l, pid)["reason"], "stock");
    let stock = |app: &TestApp| {
        let db = app.db.clone();
        async move {
            entity::product::Entity::find_by_id(pid)
                .one(&db)
                .await
                .unwrap()
                .unwrap()
                .stock
        }
    };
    assert_eq!(stock(app).await, Some(1), "the case left the stock");
    assert_eq!(
        listed_stock().await,
        Some(json!(1)),
        "the catalogue shows it at once"
    );
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/cancel"),
            &json!({}),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        stock(app).await,
        Some((size + 1) as i32),
        "and came back when cancelled"
    );
    assert_eq!(listed_stock().await, Some(json!(size + 1)));
    let cancelled = campaign_requests(app).await;
    assert!(
        cancelled
            .iter()
            .all(|r| r.status == RequestStatus::Cancelled),
        "nothing is owed"
    );
}

#[tokio::test]
async fn a_group_with_its_own_account_is_paid_there() {
    let s = scene(None).await;
    let app = &s.app;
    let path = format!("/api/v1/groups/{}/account", s.group_id);
    let res = app
        .put_json(
            &path,
            &json!({"account_name": "GAC Jette", "iban": "BE00 0000 0000 0000", "bic": ""}),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let amina = member(&s, "amina@example.org").await;
    let res = app
        .put_json(
            &path,
            &json!({"account_name": "GAC Jette", "iban": "BE68 5390 0754 7034", "bic": ""}),
            Some(&amina),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .put_json(
            &path,
            &json!({"account_name": "GAC Jette asbl", "iban": "BE68 5390 0754 7034", "bic": ""}),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let p = &cased(&c, 0)[0];
    put_line(
        app,
        &amina,
        id,
        p["product_id"].as_i64().unwrap(),
        p["case_size"].as_i64().unwrap(),
        0,
    )
    .await;
    close_early(&s, id).await;
    let requests = campaign_requests(app).await;
    assert_eq!(requests.len(), 1);
    assert_eq!(
        (
            requests[0].creditor_iban.as_str(),
            requests[0].creditor_name.as_str()
        ),
        ("BE68539007547034", "GAC Jette asbl")
    );
}

/// Adds `n` verified households to the group, each asking a case of every product.
async fn households(s: &Scene, campaign: entity::CampaignId, n: usize, from: usize) {
    use sea_orm::{ActiveModelTrait, Set};
    let now = s.app.clock_now();
    let cps = entity::campaign_product::Entity::find()
        .filter(entity::campaign_product::Column::CampaignId.eq(campaign))
        .all(&s.app.db)
        .await
        .unwrap();
    for i in from..from + n {
        let u = entity::user::ActiveModel {
            email: Set(format!("household{i}@example.org")),
            display_name: Set(format!("Ménage {i}")),
            password_hash: Set("x".into()),
            locale: Set("fr".into()),
            email_verified_at: Set(Some(now)),
            session_epoch: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&s.app.db)
        .await
        .unwrap();
        passerelle::accounts::service::grant(
            &s.app.db,
            u.id,
            passerelle::security::Grant::new(passerelle::security::Role::GroupMember, s.group_id),
            now,
        )
        .await
        .unwrap();
        for cp in &cps {
            entity::basket_line::ActiveModel {
                campaign_id: Set(campaign),
                campaign_product_id: Set(cp.id),
                user_id: Set(u.id),
                quantity: Set(cp.case_size),
                tolerance: Set(0),
                allocated: Set(None),
                reason: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&s.app.db)
            .await
            .unwrap();
        }
    }
}

#[tokio::test]
async fn campaign_pages_run_the_same_number_of_queries_for_3_and_60_households() {
    let mut counts = Vec::new();
    for n in [3, 60] {
        let s = scene(None).await;
        let c = open_campaign(&s, json!({})).await;
        let id = c["id"].as_i64().unwrap();
        households(&s, entity::CampaignId(id), n, 0).await;
        let coordinator = s.app.visitor(GROUP_COORDINATOR, PASSWORD).await;
        let queries = || s.app.state.metrics.db_queries.get();
        let mut measure = Vec::new();
        for path in [format!("/campaigns/{id}"), "/groups/gac-jette".to_string()] {
            let before = queries();
            let (status, _) = coordinator.page(&path).await;
            assert_eq!(status, StatusCode::OK);
            measure.push(queries() - before);
        }
        close_early(&s, id).await;
        for path in [
            format!("/campaigns/{id}"),
            format!("/campaigns/{id}/pickup"),
        ] {
            let before = queries();
            let (status, _) = coordinator.page(&path).await;
            assert_eq!(status, StatusCode::OK);
            measure.push(queries() - before);
        }
        counts.push(measure);
    }
    assert_eq!(
        counts[0], counts[1],
        "queries do not grow with the households"
    );
}
