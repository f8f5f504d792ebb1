//! The real transport cost: the carrier's invoice recorded on a shipment, shared among its
//! campaigns by weight or by value to the cent, then among each campaign's members; members
//! paying the real cost (their requests ask more, or less, and their emails explain it) or the
//! partnership's costs taking the difference in the ledger; and the bad inputs that change
//! nothing.

use std::collections::BTreeMap;

use entity::CampaignId;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::HOUSEHOLD;
use crate::group_orders::{Scene, close_early, member, open_campaign, put_line, scene};
use crate::shipments::{HONEY, OIL, add, customs, new_shipment, ordered_campaign, step};

const OTHER_HOUSEHOLD: &str = "household.two@example.org";

/// A confirmed campaign where two households ordered: 24 bottles of oil and 12 pots of honey,
/// and 12 bottles of oil. Returns its id and the oil's and the honey's producer ids.
async fn two_households(s: &Scene) -> (i64, i64, i64) {
    let c = open_campaign(s, json!({"transport_cents": 1500})).await;
    let id = c["id"].as_i64().unwrap();
    let of = |name: &str| {
        c["products"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap()
            .clone()
    };
    let (oil, honey) = (of(OIL), of(HONEY));
    for (who, lines) in [
        (HOUSEHOLD, vec![(&oil, 24), (&honey, 12)]),
        (OTHER_HOUSEHOLD, vec![(&oil, 12)]),
    ] {
        let token = member(s, who).await;
        for (p, n) in lines {
            let res = put_line(&s.app, &token, id, p["product_id"].as_i64().unwrap(), n, 0).await;
            assert_eq!(res.status(), StatusCode::OK);
        }
    }
    assert_eq!(close_early(s, id).await.status(), StatusCode::OK);
    let (tifawin, achbaro) = (
        oil["producer_id"].as_i64().unwrap(),
        honey["producer_id"].as_i64().unwrap(),
    );
    for pid in [tifawin, achbaro] {
        let res = s
            .app
            .post_json(
                &format!("/api/v1/campaigns/{id}/producers/{pid}/confirm"),
                &json!({}),
                Some(&s.producer),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    (id, tifawin, achbaro)
}

/// Each campaign's gross grams in the shipment, from the campaign products and the products'
/// case tare, computed here apart from the server's rules.
async fn gross_grams(s: &Scene, campaigns: &[i64]) -> BTreeMap<i64, i64> {
    let products: BTreeMap<entity::ProductId, entity::product::Model> =
        entity::product::Entity::find()
            .all(&s.app.db)
            .await
            .unwrap()
            .into_iter()
            .map(|p| (p.id, p))
            .collect();
    let mut out = BTreeMap::new();
    for cp in entity::campaign_product::Entity::find()
        .filter(
            entity::campaign_product::Column::CampaignId
                .is_in(campaigns.iter().map(|c| CampaignId(*c))),
        )
        .all(&s.app.db)
        .await
        .unwrap()
    {
        let units = i64::from(cp.confirmed_units.unwrap_or(cp.ordered_units));
        let size = i64::from(cp.case_size.max(1));
        let cases = (units + size - 1) / size;
        let tare = i64::from(products[&cp.product_id].case_tare_grams.unwrap_or(0));
        *out.entry(cp.campaign_id.get()).or_default() +=
            units * i64::from(cp.weight_grams) + cases * tare;
    }
    out
}

async fn campaign(s: &Scene, id: i64) -> entity::campaign::Model {
    entity::campaign::Entity::find_by_id(CampaignId(id))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap()
}

async fn shares_of(s: &Scene, id: i64) -> Vec<entity::campaign_share::Model> {
    entity::campaign_share::Entity::find()
        .filter(entity::campaign_share::Column::CampaignId.eq(CampaignId(id)))
        .all(&s.app.db)
        .await
        .unwrap()
}

async fn invoice(s: &Scene, shipment: i64, body: Value) -> reqwest::Response {
    s.app
        .post_json(
            &format!("/api/v1/shipments/{shipment}/carrier-invoice"),
            &body,
            Some(&s.partnership.coordinator_token),
        )
        .await
}

/// A shipment carrying the campaigns' purchase orders, collected.
pub(crate) async fn collected(s: &Scene, orders: &[(i64, i64)]) -> i64 {
    customs(&s.app).await;
    let (id, _) = new_shipment(s).await;
    for (c, p) in orders {
        assert_eq!(add(s, id, *c, *p).await.status(), StatusCode::OK);
    }
    let today = s.app.clock_now().date_naive().to_string();
    assert_eq!(
        step(s, id, "collected", &today).await.status(),
        StatusCode::OK
    );
    id
}

#[tokio::test]
async fn the_carrier_invoice_is_shared_by_weight_and_the_members_pay_the_real_cost() {
    let s = scene(None).await;
    let (a, tifawin, achbaro) = two_households(&s).await;
    let (b, _, _) = ordered_campaign(&s, "household.three@example.org", true).await;
    customs(&s.app).await;
    let (id, _) = new_shipment(&s).await;
    let today = s.app.clock_now().date_naive();
    let body = json!({"carrier": "Trans Souss", "reference": "TS-2026-0412",
                      "invoiced_on": today.to_string(), "amount_cents": 5_000});
    for (c, p) in [(a, tifawin), (a, achbaro), (b, tifawin), (b, achbaro)] {
        assert_eq!(add(&s, id, c, p).await.status(), StatusCode::OK);
    }
    // While the shipment is prepared its contents may change: no invoice yet.
    let res = invoice(&s, id, body.clone()).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(
        step(&s, id, "collected", &today.to_string()).await.status(),
        StatusCode::OK
    );
    // An invoice dated before the shipment, or asking nothing: field errors, nothing written.
    let before = (today - chrono::Duration::days(30)).to_string();
    for (field, bad) in [
        ("invoiced_on", json!({"invoiced_on": before})),
        ("amount", json!({"amount_cents": 0})),
        ("amount", json!({"amount_cents": 10_000_001})),
        ("reference", json!({"reference": ""})),
    ] {
        let mut b = body.clone();
        for (k, v) in bad.as_object().unwrap() {
            b[k] = v.clone();
        }
        let res = invoice(&s, id, b).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        let problem: Value = res.json().await.unwrap();
        assert!(problem["errors"][field].is_array(), "{problem}");
    }
    assert_eq!(s.app.count("carrier_invoices").await, 0);
    assert_eq!(s.app.count("transport_shares").await, 0);
    let requests_before: Vec<i64> = shares_of(&s, a)
        .await
        .iter()
        .map(|x| x.total_cents.get())
        .collect();

    let res = invoice(&s, id, body.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let got: Value = res.json().await.unwrap();
    assert_eq!(got["invoice"]["amount_cents"], 5_000);
    assert_eq!(got["invoice"]["basis"], "weight");
    // Shared by gross weight with the largest remainder: computed here from the rows.
    let grams = gross_grams(&s, &[a, b]).await;
    let total: i64 = grams.values().sum();
    let mut expected: Vec<(i64, i64, i64)> = grams
        .iter()
        .map(|(c, g)| (*c, *g, 5_000 * g / total))
        .collect();
    let mut left = 5_000 - expected.iter().map(|e| e.2).sum::<i64>();
    let mut order: Vec<usize> = (0..expected.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(5_000 * expected[*i].1 % total));
    for i in order {
        if left == 0 {
            break;
        }
        expected[i].2 += 1;
        left -= 1;
    }
    let shares: Vec<(i64, i64, i64)> = got["shares"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| {
            (
                x["campaign_id"].as_i64().unwrap(),
                x["basis_amount"].as_i64().unwrap(),
                x["share_cents"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(shares, expected);
    assert_eq!(shares.iter().map(|x| x.2).sum::<i64>(), 5_000);

    // Each campaign's members are billed its share instead of the estimate, to the cent.
    for (c, _, share) in &shares {
        let row = campaign(&s, *c).await;
        assert_eq!(row.real_transport_cents.map(|x| x.get()), Some(*share));
        let members = shares_of(&s, *c).await;
        assert_eq!(
            members.iter().map(|m| m.transport_cents.get()).sum::<i64>(),
            *share
        );
        for m in &members {
            let r = entity::payment_request::Entity::find_by_id(m.payment_request_id.unwrap())
                .one(&s.app.db)
                .await
                .unwrap()
                .unwrap();
            assert_eq!(r.amount_cents, m.total_cents);
        }
    }
    let after: Vec<i64> = shares_of(&s, a)
        .await
        .iter()
        .map(|x| x.total_cents.get())
        .collect();
    let real_a = shares.iter().find(|x| x.0 == a).unwrap().2;
    assert_eq!(
        after.iter().sum::<i64>() - requests_before.iter().sum::<i64>(),
        real_a - 1_500,
        "campaign a's members together pay the difference with its 15.00 estimate"
    );
    // Their result emails explain it, in their language.
    let mails = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Template.eq("campaign_result"))
        .filter(entity::outbox_message::Column::ToEmail.eq(OTHER_HOUSEHOLD))
        .all(&s.app.db)
        .await
        .unwrap();
    let last = mails.last().expect("a result email after the invoice");
    assert!(
        last.body_text
            .contains("Transport au coût réel de la facture du transporteur"),
        "{}",
        last.body_text
    );
    assert!(last.body_text.contains("15,00"), "{}", last.body_text);
    assert!(!last.body_text.contains("Unknown localization"));

    // One invoice per shipment.
    let res = invoice(&s, id, body).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(s.app.count("carrier_invoices").await, 1);
    // A household may not read it.
    let token = member(&s, "household.four@example.org").await;
    let (status, _) = s
        .app
        .get_json(
            &format!("/api/v1/shipments/{id}/carrier-invoice"),
            Some(&token),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_member_who_paid_the_estimate_pays_the_difference_on_the_same_request() {
    let s = scene(None).await;
    let (c, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    let share = shares_of(&s, c).await.pop().unwrap();
    let r = entity::payment_request::Entity::find_by_id(share.payment_request_id.unwrap())
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    let res = s
        .app
        .post_json(
            &format!("/api/v1/payment-requests/{}/payments", r.reference),
            &json!({"amount_cents": r.amount_cents,
                    "received_on": s.app.clock_now().date_naive().to_string()}),
            Some(&s.coordinator),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let id = collected(&s, &[(c, tifawin), (c, achbaro)]).await;
    let today = s.app.clock_now().date_naive().to_string();
    // 12.34 € against the 10.00 € estimate.
    let res = invoice(
        &s,
        id,
        json!({"reference": "TS-1", "invoiced_on": today, "amount_cents": 1_234}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let r2 = entity::payment_request::Entity::find_by_id(r.id)
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(r2.amount_cents.get() - r.amount_cents.get(), 234);
    assert_eq!(r2.paid_cents, r.amount_cents);
    assert_eq!(
        r2.status,
        entity::payment_request::RequestStatus::PartlyPaid
    );
}

#[tokio::test]
async fn the_estimate_is_final_when_the_partnership_says_so_and_its_costs_take_the_difference() {
    let s = scene(None).await;
    let slug = s.partnership.slug.clone();
    let rule = |body: Value| {
        let app = &s.app;
        let token = s.partnership.coordinator_token.clone();
        let slug = slug.clone();
        async move {
            app.put_json(
                &format!("/api/v1/partnerships/{slug}/transport-rule"),
                &body,
                Some(&token),
            )
            .await
        }
    };
    let res = rule(json!({"basis": "volume", "difference": "members"})).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = rule(json!({"basis": "value", "difference": "partnership"})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let got: Value = res.json().await.unwrap();
    assert_eq!(got, json!({"basis": "value", "difference": "partnership"}));
    // A household may not set it.
    let token = member(&s, "household.four@example.org").await;
    let res = s
        .app
        .put_json(
            &format!("/api/v1/partnerships/{slug}/transport-rule"),
            &json!({"basis": "weight", "difference": "members"}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);

    let (c, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    let totals_before: Vec<i64> = shares_of(&s, c)
        .await
        .iter()
        .map(|x| x.total_cents.get())
        .collect();
    let id = collected(&s, &[(c, tifawin), (c, achbaro)]).await;
    let today = s.app.clock_now().date_naive().to_string();
    let res = invoice(
        &s,
        id,
        json!({"reference": "TS-2", "invoiced_on": today, "amount_cents": 1_740}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let got: Value = res.json().await.unwrap();
    assert_eq!(got["invoice"]["basis"], "value");
    assert_eq!(got["shares"][0]["absorbed_cents"], 740);
    assert_eq!(got["shares"][0]["billed_real_cents"], Value::Null);
    // The members' bills stay as they were.
    let totals_after: Vec<i64> = shares_of(&s, c)
        .await
        .iter()
        .map(|x| x.total_cents.get())
        .collect();
    assert_eq!(totals_before, totals_after);
    let row = campaign(&s, c).await;
    assert_eq!(row.transport_absorbed_cents.get(), 740);
    assert_eq!(row.real_transport_cents, None);
    // The ledger moves 7.40 € from the partnership's costs to transport, with no request.
    let moved: Vec<(entity::ledger_entry::LedgerKind, i64)> = entity::ledger_entry::Entity::find()
        .filter(entity::ledger_entry::Column::PaymentRequestId.is_null())
        .filter(entity::ledger_entry::Column::Memo.contains("real transport"))
        .all(&s.app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.kind, e.amount_cents.get()))
        .collect();
    assert_eq!(
        moved,
        [
            (entity::ledger_entry::LedgerKind::Costs, -740),
            (entity::ledger_entry::LedgerKind::Transport, 740)
        ]
    );
}

#[tokio::test]
async fn a_coordinator_records_the_carrier_invoice_on_the_shipment_page() {
    let s = scene(None).await;
    let (c, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    let id = collected(&s, &[(c, tifawin), (c, achbaro)]).await;
    let app = &s.app;
    app.login(&s.partnership.coordinator, crate::builders::PASSWORD)
        .await;
    let page = format!("/shipments/{id}");
    let (status, html) = app.page(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Enregistrer la facture du transporteur"));
    let action = format!("/shipments/{id}/carrier-invoice");
    let today = app.clock_now().date_naive().to_string();
    // An amount the page cannot read: the form again with what was typed.
    let res = crate::catalog_photos::send_multipart(
        app,
        &page,
        &action,
        &[
            ("invoice_reference", "TS-2026-0412"),
            ("invoiced_on", &today),
            ("amount", "douze euros"),
        ],
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("value=\"TS-2026-0412\""),
        "the reference is kept"
    );
    assert!(html.contains("id=\"amount-error\""));
    assert_eq!(app.count("carrier_invoices").await, 0);
    let pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n".to_vec();
    let res = crate::catalog_photos::send_multipart(
        app,
        &page,
        &action,
        &[
            ("invoice_reference", "TS-2026-0412"),
            ("invoiced_on", &today),
            ("amount", "12,34"),
        ],
        Some(("facture.pdf", pdf.clone())),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.page(&page).await;
    let table = html.split("id=\"transport-shares\"").nth(1).unwrap();
    assert!(table.contains("12,34"), "{table}");
    assert!(table.contains("10,00"), "the estimate beside it");
    assert!(table.contains("Les membres paient le coût réel"), "{table}");
    let res = app.get(&format!("{action}/file")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().to_vec(), pdf);
    // The campaign's page says what the transport really cost.
    let (_, html) = app.page(&format!("/campaigns/{c}")).await;
    assert!(html.contains("id=\"campaign-real-transport\""), "{html}");
    // The rule is set from the shipments' page.
    let list = format!("/partnerships/{}/shipments", s.partnership.slug);
    let (_, html) = app.page(&list).await;
    assert!(html.contains("id=\"transport-rule\""));
    let res = app
        .submit(
            &list,
            &format!("/partnerships/{}/transport-rule", s.partnership.slug),
            &[("basis", "value"), ("difference", "partnership")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let p = crate::payment_pages::partnership(app, &s.partnership.slug).await;
    assert_eq!(
        p.transport_difference,
        entity::partnership::TransportDifference::Partnership
    );
}
