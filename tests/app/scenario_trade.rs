//! From the cooperatives' door to the producers paid, on the database the tests run on: a
//! campaign's two confirmed purchase orders travel in one shipment with their papers, step by
//! step to distributed; the campaign is delivered and its members pay; each producer is owed
//! what the allocation says, to the cent (worked out here, not by the app); a payout batch is
//! recorded paid; the statement, the impact figures and the ledger agree. The bad inputs on the
//! way (an order in two shipments, a step out of order, a payout above what is owed) are
//! refused clearly and change nothing. Also: the demo's goods on their way and its producers
//! paid.

use std::collections::BTreeMap;

use entity::campaign::CampaignState;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::group_orders::{Scene, close_early, member, open_campaign, put_line, scene};
use crate::helpers::TestApp;
use crate::shipments::{HONEY, OIL, add, customs, new_shipment, state, step};

const TITLE: &str = "Commande du scénario";

/// Splits `total` in proportion to `weights`, to the cent: each part rounded down, then the
/// cents left to the largest remainders (the first of equal ones).
fn largest_remainder(total: i64, weights: &[i64]) -> Vec<i64> {
    let sum: i64 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let mut parts: Vec<i64> = weights.iter().map(|w| total * w / sum).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(total * weights[i] % sum));
    let left = total - parts.iter().sum::<i64>();
    for &i in order.iter().take(left as usize) {
        parts[i] += 1;
    }
    parts
}

/// The producer's part of `goods` cents sold at `vat_bp`, as a bookkeeper works it out: the VAT
/// included taken out (rounded half up), the rest shared between the producer and the
/// partnership's transport, costs and fund shares.
fn producer_part(goods: i64, vat_bp: i64, shares: [i64; 3]) -> i64 {
    let vat = (goods * vat_bp * 2 + 10_000 + vat_bp) / (2 * (10_000 + vat_bp));
    let producer_bp = 10_000 - shares.iter().sum::<i64>();
    largest_remainder(goods - vat, &[producer_bp, shares[0], shares[1], shares[2]])[0]
}

/// What each producer is owed once the campaign `id` is delivered and paid in full, from the
/// units allotted to each member: a member's bill gives its producer part once for all its
/// goods (all at 6% here), shared among the producers by their goods' own producer parts.
async fn owed_from_the_allocation(app: &TestApp, id: i64) -> BTreeMap<i64, i64> {
    let p = entity::partnership::Entity::find()
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let shares = [p.transport_bp, p.costs_bp, p.fund_bp].map(i64::from);
    let products = entity::campaign_product::Entity::find()
        .filter(entity::campaign_product::Column::CampaignId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    let lines = entity::basket_line::Entity::find()
        .filter(entity::basket_line::Column::CampaignId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    let mut bills: BTreeMap<i64, BTreeMap<i64, (i64, i64)>> = BTreeMap::new();
    for l in lines {
        let cp = products
            .iter()
            .find(|p| p.id == l.campaign_product_id)
            .unwrap();
        assert_eq!(cp.vat_rate_bp, 600);
        let units = i64::from(l.allocated.unwrap_or(0));
        let price = cp.price_cents.get();
        let unit_part = producer_part(price, 600, shares);
        let e = bills
            .entry(l.user_id)
            .or_default()
            .entry(cp.producer_id.get())
            .or_default();
        e.0 += units * price;
        e.1 += units * unit_part;
    }
    let mut out = BTreeMap::new();
    for bill in bills.values() {
        let goods: i64 = bill.values().map(|(g, _)| g).sum();
        let weights: Vec<i64> = bill.values().map(|(_, w)| *w).collect();
        let parts = largest_remainder(producer_part(goods, 600, shares), &weights);
        for (producer, part) in bill.keys().zip(parts) {
            *out.entry(*producer).or_default() += part;
        }
    }
    out
}

/// A campaign where Amina takes a case of argan oil, Luc a case of honey and Sofie a case of
/// each, closed and confirmed in full by both producers: (campaign, Tifawin, Achbaro).
async fn confirmed(s: &Scene) -> (i64, i64, i64) {
    let c = open_campaign(s, json!({"title": TITLE})).await;
    let id = c["id"].as_i64().unwrap();
    let find = |name: &str| {
        let p = c["products"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap();
        (
            p["producer_id"].as_i64().unwrap(),
            p["product_id"].as_i64().unwrap(),
        )
    };
    let (oil, honey) = (find(OIL), find(HONEY));
    for (who, o, h) in [
        ("amina@example.org", 12, 0),
        ("luc@example.org", 0, 12),
        ("sofie@example.org", 12, 12),
    ] {
        let token = member(s, who).await;
        for (product, n) in [(oil.1, o), (honey.1, h)] {
            if n > 0 {
                let res = put_line(&s.app, &token, id, product, n, 0).await;
                assert_eq!(res.status(), StatusCode::OK);
            }
        }
    }
    assert_eq!(close_early(s, id).await.status(), StatusCode::OK);
    for producer in [oil.0, honey.0] {
        let res = s
            .app
            .post_json(
                &format!("/api/v1/campaigns/{id}/producers/{producer}/confirm"),
                &json!({}),
                Some(&s.producer),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    assert_eq!(state(&s.app, id).await, CampaignState::Confirmed);
    (id, oil.0, honey.0)
}

async fn impact_totals(s: &Scene) -> Value {
    let (status, impact) = s
        .app
        .get_json(
            &format!("/api/v1/partnerships/{}/impact", s.partnership.slug),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    impact["totals"].clone()
}

async fn owed_now(s: &Scene) -> BTreeMap<i64, (i64, i64)> {
    let (status, body) = s
        .app
        .get_json(
            &format!("/api/v1/partnerships/{}/payouts/owed", s.partnership.slug),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["producer_id"].as_i64().unwrap(),
                (
                    i["owed_cents"].as_i64().unwrap(),
                    i["paid_cents"].as_i64().unwrap(),
                ),
            )
        })
        .collect()
}

async fn batch(s: &Scene, lines: &[(i64, i64)]) -> reqwest::Response {
    let payouts: Vec<Value> = lines
        .iter()
        .map(|(p, c)| json!({"producer_id": p, "amount_cents": c}))
        .collect();
    s.app
        .post_json(
            &format!("/api/v1/partnerships/{}/payout-batches", s.partnership.slug),
            &json!({"payouts": payouts, "note": "Scénario"}),
            Some(&s.partnership.coordinator_token),
        )
        .await
}

#[tokio::test]
async fn confirmed_orders_travel_arrive_are_paid_for_and_their_producers_are_paid_to_the_cent() {
    let s = scene(None).await;
    let app = &s.app;
    let token = s.partnership.coordinator_token.clone();
    let (campaign, tifawin, achbaro) = confirmed(&s).await;
    customs(app).await;

    // Both purchase orders in one shipment; the same order in a second one is refused.
    let (id, created) = new_shipment(&s).await;
    let (other, _) = new_shipment(&s).await;
    for producer in [tifawin, achbaro] {
        let res = add(&s, id, campaign, producer).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = add(&s, other, campaign, achbaro).await;
    assert!(
        matches!(
            res.status(),
            StatusCode::CONFLICT | StatusCode::UNPROCESSABLE_ENTITY
        ),
        "{}",
        res.status()
    );
    let problem: Value = res.json().await.unwrap();
    let reference = created["reference"].as_str().unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains(reference),
        "the refusal names the shipment that carries it: {problem}"
    );
    assert_eq!(app.count("shipment_orders").await, 2);
    let (_, second) = app
        .get_json(&format!("/api/v1/shipments/{other}"), Some(&token))
        .await;
    assert_eq!(second["purchase_orders"], json!([]), "nothing changed");

    // The papers: the honey's health certificate recorded; the others are printed.
    let today = app.clock_now().date_naive();
    let res = app
        .post_json(
            &format!("/api/v1/shipments/{id}/papers/health_certificate"),
            &json!({"reference": "ONSSA-2026-501", "obtained_on": today.to_string()}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let papers: Value = res.json().await.unwrap();
    assert_eq!(papers["ready_for_export"], true, "{papers}");

    // The way, step by step; one out of order is refused and changes nothing.
    let on = |days: i64| (today + chrono::Duration::days(days)).to_string();
    assert_eq!(
        step(&s, id, "collected", &on(0)).await.status(),
        StatusCode::OK
    );
    let res = step(&s, id, "arrived", &on(1)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["step"].is_array(), "{problem}");
    assert_eq!(app.count("shipment_events").await, 1);
    let (_, shown) = app
        .get_json(&format!("/api/v1/shipments/{id}"), Some(&token))
        .await;
    assert_eq!(shown["step"], "collected");
    for (n, name) in [
        "export_cleared",
        "in_transit",
        "import_cleared",
        "arrived",
        "distributed",
    ]
    .into_iter()
    .enumerate()
    {
        let res = step(&s, id, name, &on(n as i64 + 1)).await;
        assert_eq!(res.status(), StatusCode::OK, "{name}");
        if name == "in_transit" {
            assert_eq!(state(app, campaign).await, CampaignState::Shipped);
        }
    }
    let (_, shown) = app
        .get_json(&format!("/api/v1/shipments/{id}"), Some(&token))
        .await;
    assert_eq!(shown["step"], "distributed");
    assert_eq!(shown["timeline"].as_array().unwrap().len(), 6);

    // Delivered in full; every member pays its request; the books are closed.
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{campaign}/deliver"),
            &json!({}),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let requests = entity::payment_request::Entity::find()
        .filter(entity::payment_request::Column::Description.starts_with(TITLE))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(requests.len(), 3, "one request per household");
    for r in &requests {
        let res = app
            .post_json(
                &format!("/api/v1/payment-requests/{}/payments", r.reference),
                &json!({"amount_cents": r.amount_cents, "received_on": today.to_string()}),
                Some(&s.coordinator),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED, "{}", r.reference);
    }
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{campaign}/settle"),
            &json!({}),
            Some(&s.coordinator),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    assert_eq!(state(app, campaign).await, CampaignState::Settled);

    // What each producer is owed, to the cent.
    let expected = owed_from_the_allocation(app, campaign).await;
    assert_eq!(
        expected.keys().copied().collect::<Vec<_>>(),
        [tifawin.min(achbaro), tifawin.max(achbaro)]
    );
    let owed = owed_now(&s).await;
    for (producer, cents) in &expected {
        assert!(*cents > 0);
        assert_eq!(owed[producer], (*cents, 0), "producer {producer}");
    }
    let total: i64 = expected.values().sum();
    let t = impact_totals(&s).await;
    assert_eq!(t["producers_cents"].as_i64(), Some(total));
    assert_eq!(t["producers_paid_cents"].as_i64(), Some(0));
    assert_eq!(t["producers_owed_cents"].as_i64(), Some(total));

    // A payout above what is owed: refused per producer, no batch.
    let (owed_t, owed_a) = (expected[&tifawin], expected[&achbaro]);
    let res = batch(&s, &[(tifawin, owed_t + 1), (achbaro, owed_a)]).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    let said = problem["errors"][format!("amount_{tifawin}")][0]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        said.contains(&format!("{},{:02}", owed_t / 100, owed_t % 100)),
        "the refusal says what is owed: {problem}"
    );
    assert_eq!(app.count("payout_batches").await, 0);
    assert_eq!(app.count("payouts").await, 0);

    // The batch of what is owed, recorded paid transfer by transfer.
    let res = batch(&s, &[(tifawin, owed_t), (achbaro, owed_a)]).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let prepared: Value = res.json().await.unwrap();
    assert_eq!(prepared["total_cents"].as_i64(), Some(total));
    let payout_of = |producer: i64| {
        prepared["payouts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["producer_id"] == producer)
            .unwrap()["id"]
            .as_i64()
            .unwrap()
    };
    let paid = |payout: i64, reference: &str| {
        let body = json!({"bank_reference": reference, "paid_on": today.to_string()});
        let path = format!("/api/v1/payouts/{payout}/paid");
        let token = token.clone();
        async move { app.post_json(&path, &body, Some(&token)).await }
    };
    assert_eq!(
        paid(payout_of(tifawin), "VIR-SC-1").await.status(),
        StatusCode::OK
    );
    let t = impact_totals(&s).await;
    assert_eq!(t["producers_paid_cents"].as_i64(), Some(owed_t));
    assert_eq!(t["producers_owed_cents"].as_i64(), Some(owed_a));
    assert_eq!(
        paid(payout_of(achbaro), "VIR-SC-2").await.status(),
        StatusCode::OK
    );
    // Recorded twice: refused, nothing paid twice.
    let res = paid(payout_of(achbaro), "VIR-SC-2").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let owed = owed_now(&s).await;
    for (producer, cents) in &expected {
        assert_eq!(owed[producer], (0, *cents), "producer {producer}");
    }
    let t = impact_totals(&s).await;
    assert_eq!(t["producers_paid_cents"].as_i64(), Some(total));
    assert_eq!(t["producers_owed_cents"].as_i64(), Some(0));

    // The producer's statement, as its member reads it.
    for producer in [tifawin, achbaro] {
        let (status, st) = app
            .get_json(
                &format!("/api/v1/producers/{producer}/statement"),
                Some(&s.producer),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(st["earned_cents"].as_i64(), Some(expected[&producer]));
        assert_eq!(st["owed_cents"].as_i64(), Some(0));
        let months = st["months"].as_array().unwrap();
        let sum = |key: &str| months.iter().map(|m| m[key].as_i64().unwrap()).sum::<i64>();
        assert_eq!(sum("paid_cents"), expected[&producer]);
        assert_eq!(sum("units"), 24, "two cases of each product delivered");
    }
    // The ledger agrees with the requests (checked again when the test ends).
    assert_eq!(
        passerelle::ledger::disagreements(&app.db).await.unwrap(),
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn the_demo_shows_goods_on_their_way_with_their_papers_and_its_producers_paid() {
    let app = TestApp::spawn_demo().await;
    arrived_with_its_real_transport_cost(&app).await;
    let coordinator = app
        .token(
            "coordinator.jette-sidi-bibi@demo.passerelle.test",
            crate::helpers::DEMO_PASSWORD,
        )
        .await;
    let (status, list) = app
        .get_json(
            "/api/v1/partnerships/jette-sidi-bibi/shipments",
            Some(&coordinator),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let items = list["items"].as_array().unwrap();
    let of_step = |step: &str| {
        items
            .iter()
            .find(|s| s["step"] == step)
            .unwrap_or_else(|| panic!("a shipment {step}: {list}"))["id"]
            .as_i64()
            .unwrap()
    };
    let (truck, honey) = (of_step("in_transit"), of_step("collected"));

    // In transit: the orders of two groups, papers done, a dated timeline recorded by the
    // partnership's coordinator; the campaigns are shipped.
    let (_, shown) = app
        .get_json(&format!("/api/v1/shipments/{truck}"), Some(&coordinator))
        .await;
    let orders = shown["purchase_orders"].as_array().unwrap();
    let campaigns: std::collections::BTreeSet<i64> = orders
        .iter()
        .map(|o| o["campaign_id"].as_i64().unwrap())
        .collect();
    assert_eq!(campaigns.len(), 2, "{shown}");
    let groups: std::collections::BTreeSet<_> = entity::campaign::Entity::find()
        .filter(entity::campaign::Column::Id.is_in(campaigns.iter().copied()))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|c| {
            assert_eq!(c.state, CampaignState::Shipped);
            c.group_id
        })
        .collect();
    assert_eq!(groups.len(), 2, "two groups' orders share the truck");
    let timeline = shown["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 3, "{shown}");
    let coordinator_id = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq("coordinator.jette-sidi-bibi@demo.passerelle.test"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    let events = entity::shipment_event::Entity::find()
        .filter(
            entity::shipment_event::Column::ShipmentId
                .is_in([truck, honey].map(entity::ShipmentId)),
        )
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        events
            .iter()
            .all(|e| e.recorded_by == Some(coordinator_id) && !e.note.is_empty())
    );
    let papers_of = |id: i64| {
        let path = format!("/api/v1/shipments/{id}/papers");
        let (app, token) = (&app, coordinator.clone());
        async move { app.get_json(&path, Some(&token)).await.1 }
    };
    let papers = papers_of(truck).await;
    assert_eq!(papers["ready_for_export"], true, "{papers}");
    assert!(
        papers["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["kind"] == "phytosanitary_certificate" && p["status"] == "obtained"),
        "{papers}"
    );

    // The honey, collected, waits for its health certificate; the rest of its papers is ready.
    let papers = papers_of(honey).await;
    assert_eq!(papers["ready_for_export"], false, "{papers}");
    let status_of = |kind: &str| {
        papers["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["kind"] == kind)
            .unwrap_or_else(|| panic!("{kind}: {papers}"))["status"]
            .clone()
    };
    for kind in ["commercial_invoice", "packing_list", "origin_declaration"] {
        assert_eq!(status_of(kind), "obtained", "{kind}");
    }
    assert_eq!(status_of("health_certificate"), "to_prepare");
    let res = app
        .post_json(
            &format!("/api/v1/shipments/{honey}/steps"),
            &json!({"step": "export_cleared", "on": app.clock_now().date_naive().to_string()}),
            Some(&coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // Every product has its customs code on the papers.
    let (_, html) = app
        .visitor(
            "coordinator.jette-sidi-bibi@demo.passerelle.test",
            crate::helpers::DEMO_PASSWORD,
        )
        .await
        .page(&format!("/shipments/{truck}/invoice"))
        .await;
    for hs in ["151590", "091099", "080212"] {
        assert!(html.contains(hs), "{hs}");
    }

    // The producers of Jette – Sidi Bibi were paid all they were owed, with bank references.
    let payouts = entity::payout::Entity::find().all(&app.db).await.unwrap();
    assert!(!payouts.is_empty());
    for p in &payouts {
        assert_eq!(p.status, entity::payout::PayoutStatus::Paid);
        assert!(p.bank_reference.as_deref().is_some_and(|r| !r.is_empty()));
        assert_eq!(p.recorded_by, Some(coordinator_id));
    }
    let (_, owed) = app
        .get_json(
            "/api/v1/partnerships/jette-sidi-bibi/payouts/owed",
            Some(&coordinator),
        )
        .await;
    for i in owed["items"].as_array().unwrap() {
        assert_eq!(i["owed_cents"].as_i64(), Some(0), "{i}");
    }
    let (_, impact) = app
        .get_json("/api/v1/partnerships/jette-sidi-bibi/impact", None)
        .await;
    let paid: i64 = payouts.iter().map(|p| p.amount_cents.get()).sum();
    assert_eq!(
        impact["totals"]["producers_paid_cents"].as_i64(),
        Some(paid)
    );
    assert_eq!(
        passerelle::ledger::disagreements(&app.db).await.unwrap(),
        Vec::<String>::new()
    );
}

/// The demo's arrived shipment (Schaerbeek – Al Hoceima): its carrier's invoice shared, the
/// members of its one campaign billed the real cost to the cent.
async fn arrived_with_its_real_transport_cost(app: &TestApp) {
    let token = app
        .token(
            "coordinator.schaerbeek-al-hoceima@demo.passerelle.test",
            crate::helpers::DEMO_PASSWORD,
        )
        .await;
    let (_, list) = app
        .get_json(
            "/api/v1/partnerships/schaerbeek-al-hoceima/shipments",
            Some(&token),
        )
        .await;
    let arrived = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["step"] == "arrived")
        .unwrap_or_else(|| panic!("an arrived shipment: {list}"))["id"]
        .as_i64()
        .unwrap();
    let (status, cost) = app
        .get_json(
            &format!("/api/v1/shipments/{arrived}/carrier-invoice"),
            Some(&token),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let amount = cost["invoice"]["amount_cents"].as_i64().unwrap();
    let shares = cost["shares"].as_array().unwrap();
    assert_eq!(
        shares
            .iter()
            .map(|s| s["share_cents"].as_i64().unwrap())
            .sum::<i64>(),
        amount
    );
    for s in shares {
        assert_eq!(s["billed_real_cents"], s["share_cents"], "{cost}");
        let members: i64 = entity::campaign_share::Entity::find()
            .filter(
                entity::campaign_share::Column::CampaignId
                    .eq(entity::CampaignId(s["campaign_id"].as_i64().unwrap())),
            )
            .all(&app.db)
            .await
            .unwrap()
            .iter()
            .map(|m| m.transport_cents.get())
            .sum();
        assert_eq!(members, s["share_cents"].as_i64().unwrap());
    }
}
