//! Producers paid: what each producer is owed from a delivered and paid campaign, to the cent;
//! a payout batch prepared, exported and recorded paid by a treasurer, with its ledger entry,
//! the producer's statement and email; and the payouts that must not happen (above what is
//! owed, twice at once, by someone who is not a treasurer, with garbage amounts).

use std::collections::BTreeMap;

use entity::ledger_entry::LedgerKind;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::{COOPERATIVES_MEMBER, Delivered, PASSWORD, delivered_and_paid};
use crate::group_orders::{Scene, scene};

/// What each producer should be owed, worked out from the rows as a bookkeeper would: each
/// request's producer share in the ledger, divided by the producers' part of the member's lines.
async fn expected_owed(s: &Scene, d: &Delivered) -> BTreeMap<i64, i64> {
    use passerelle::catalog::domain::price_breakdown;
    let db = &s.app.db;
    let p = entity::partnership::Entity::find()
        .filter(entity::partnership::Column::Slug.eq(s.partnership.slug.as_str()))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let products = entity::campaign_product::Entity::find()
        .filter(entity::campaign_product::Column::CampaignId.eq(d.campaign))
        .all(db)
        .await
        .unwrap();
    let lines = entity::basket_line::Entity::find()
        .filter(entity::basket_line::Column::CampaignId.eq(d.campaign))
        .all(db)
        .await
        .unwrap();
    let shares = entity::campaign_share::Entity::find()
        .filter(entity::campaign_share::Column::CampaignId.eq(d.campaign))
        .all(db)
        .await
        .unwrap();
    let mut out = BTreeMap::new();
    for share in shares {
        let rid = share.payment_request_id.unwrap();
        let producer_share: i64 = entity::ledger_entry::Entity::find()
            .filter(entity::ledger_entry::Column::PaymentRequestId.eq(rid))
            .filter(entity::ledger_entry::Column::Kind.eq(LedgerKind::Producer))
            .all(db)
            .await
            .unwrap()
            .iter()
            .map(|e| e.amount_cents.get())
            .sum();
        assert!(producer_share > 0);
        let mut weights: BTreeMap<i64, i64> = BTreeMap::new();
        for l in lines.iter().filter(|l| l.user_id == share.user_id) {
            let cp = products
                .iter()
                .find(|p| p.id == l.campaign_product_id)
                .unwrap();
            let b = price_breakdown(
                cp.price_cents,
                cp.vat_rate_bp,
                p.transport_bp,
                p.costs_bp,
                p.fund_bp,
            );
            *weights.entry(cp.producer_id.get()).or_default() +=
                b.producer_cents.get() * i64::from(l.allocated.unwrap_or(0));
        }
        let w: Vec<i64> = weights.values().copied().collect();
        let parts = entity::cents::split_largest_remainder(producer_share, &w);
        for (producer, part) in weights.keys().zip(parts) {
            *out.entry(*producer).or_default() += part;
        }
    }
    out
}

async fn owed(s: &Scene) -> (StatusCode, BTreeMap<i64, Value>) {
    let (status, body) = s
        .app
        .get_json(
            &format!("/api/v1/partnerships/{}/payouts/owed", s.partnership.slug),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    let items = body["items"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|i| (i["producer_id"].as_i64().unwrap(), i.clone()))
                .collect()
        })
        .unwrap_or_default();
    (status, items)
}

async fn prepare(s: &Scene, token: &str, body: Value) -> reqwest::Response {
    s.app
        .post_json(
            &format!("/api/v1/partnerships/{}/payout-batches", s.partnership.slug),
            &body,
            Some(token),
        )
        .await
}

async fn record(s: &Scene, token: &str, payout: i64, reference: &str) -> reqwest::Response {
    s.app
        .post_json(
            &format!("/api/v1/payouts/{payout}/paid"),
            &json!({"bank_reference": reference,
                    "paid_on": s.app.clock_now().date_naive().to_string()}),
            Some(token),
        )
        .await
}

fn payout_of(batch: &Value, producer: i64) -> i64 {
    batch["payouts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["producer_id"] == producer)
        .and_then(|p| p["id"].as_i64())
        .expect("the producer's payout")
}

async fn producer_paid_entries(s: &Scene) -> Vec<entity::ledger_entry::Model> {
    entity::ledger_entry::Entity::find()
        .filter(entity::ledger_entry::Column::Kind.eq(LedgerKind::ProducerPaid))
        .all(&s.app.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_delivered_paid_campaign_becomes_a_payout_batch_paid_to_the_cent() {
    let s = scene(None).await;
    let d = delivered_and_paid(&s).await;
    let expected = expected_owed(&s, &d).await;
    let (tifawin, achbaro) = (d.argan.0, d.honey.0);

    // What is owed: to the cent per producer, and all of the producers' shares.
    let (status, items) = owed(&s).await;
    assert_eq!(status, StatusCode::OK);
    for (producer, cents) in &expected {
        assert_eq!(
            items[producer]["owed_cents"].as_i64(),
            Some(*cents),
            "{producer}"
        );
        assert_eq!(items[producer]["paid_cents"].as_i64(), Some(0));
    }
    let ledger = || async {
        s.app
            .get_json(
                &format!("/api/v1/partnerships/{}/ledger", s.partnership.slug),
                Some(&s.partnership.coordinator_token),
            )
            .await
            .1
    };
    let totals = ledger().await;
    assert_eq!(
        totals["producer_cents"].as_i64(),
        Some(expected.values().sum::<i64>())
    );
    assert_eq!(totals["producer_paid_cents"].as_i64(), Some(0));
    let owed_t = expected[&tifawin];
    let owed_a = expected[&achbaro];

    // The batch: Tifawin in full, Achbaro one euro less, with a dirham rate for information.
    let res = prepare(
        &s,
        &s.partnership.coordinator_token,
        json!({"payouts": [{"producer_id": tifawin, "amount_cents": owed_t},
                           {"producer_id": achbaro, "amount_cents": owed_a - 100}],
               "mad_rate": "10,85", "rate_on": "2026-12-01", "note": "Décembre"}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let batch: Value = res.json().await.unwrap();
    assert_eq!(batch["total_cents"].as_i64(), Some(owed_t + owed_a - 100));
    assert_eq!(batch["mad_rate"], "10,8500");
    let first = payout_of(&batch, tifawin);
    let t_mad = batch["payouts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == first)
        .unwrap()["amount_mad_centimes"]
        .as_i64()
        .unwrap();
    assert_eq!(t_mad, (owed_t * 108_500 + 5_000) / 10_000);

    // Recorded paid: the ledger entry, the payout, the statement, the email.
    let res = record(&s, &s.partnership.coordinator_token, first, "VIR-2026-118").await;
    assert_eq!(res.status(), StatusCode::OK);
    let entries = producer_paid_entries(&s).await;
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].amount_cents.get(), -owed_t);
    assert_eq!(entries[0].payment_request_id, None);
    assert_eq!(ledger().await["producer_paid_cents"].as_i64(), Some(owed_t));
    // The impact dashboard: what reached producers is what was paid; the rest is owed.
    let (_, impact) = s
        .app
        .get_json(
            &format!("/api/v1/partnerships/{}/impact", s.partnership.slug),
            None,
        )
        .await;
    let total: i64 = expected.values().sum();
    assert_eq!(impact["totals"]["producers_cents"].as_i64(), Some(total));
    assert_eq!(
        impact["totals"]["producers_paid_cents"].as_i64(),
        Some(owed_t)
    );
    assert_eq!(
        impact["totals"]["producers_owed_cents"].as_i64(),
        Some(total - owed_t)
    );
    let (_, items) = owed(&s).await;
    assert_eq!(items[&tifawin]["owed_cents"].as_i64(), Some(0));
    assert_eq!(items[&tifawin]["paid_cents"].as_i64(), Some(owed_t));
    assert_eq!(items[&achbaro]["owed_cents"].as_i64(), Some(owed_a));
    let (status, st) = s
        .app
        .get_json(
            &format!("/api/v1/producers/{tifawin}/statement"),
            Some(&s.producer),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(st["owed_cents"].as_i64(), Some(0));
    assert_eq!(st["earned_cents"].as_i64(), Some(owed_t));
    let months = st["months"].as_array().unwrap();
    assert_eq!(
        months
            .iter()
            .map(|m| m["units"].as_i64().unwrap())
            .sum::<i64>(),
        12
    );
    assert_eq!(
        months
            .iter()
            .map(|m| m["paid_cents"].as_i64().unwrap())
            .sum::<i64>(),
        owed_t
    );
    assert_eq!(months.last().unwrap()["balance_cents"].as_i64(), Some(0));
    // Achbaro's statement counts the honey delivered, not the two jars that arrived broken.
    let (_, st) = s
        .app
        .get_json(
            &format!("/api/v1/producers/{achbaro}/statement"),
            Some(&s.producer),
        )
        .await;
    let units: i64 = st["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["units"].as_i64().unwrap())
        .sum();
    assert_eq!(units, 10);
    assert_eq!(st["owed_cents"].as_i64(), Some(owed_a));
    assert_eq!(
        months[0]["orders"][0]["campaign_id"].as_i64(),
        Some(d.campaign)
    );
    let mail = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Template.eq("producer_paid"))
        .all(&s.app.db)
        .await
        .unwrap();
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].to_email, COOPERATIVES_MEMBER);
    assert!(
        mail[0].body_text.contains("VIR-2026-118"),
        "{}",
        mail[0].body_text
    );
    // Recorded again: nothing changes.
    let res = record(&s, &s.partnership.coordinator_token, first, "VIR-2026-118").await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(producer_paid_entries(&s).await.len(), 1);
    // Someone else's statement is not to be seen.
    let stranger = s.app.account("stranger@example.org").await;
    let (status, _) = s
        .app
        .get_json(
            &format!("/api/v1/producers/{tifawin}/statement"),
            Some(&stranger),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn payouts_above_what_is_owed_by_others_or_in_garbage_change_nothing() {
    let s = scene(None).await;
    let d = delivered_and_paid(&s).await;
    let expected = expected_owed(&s, &d).await;
    let (tifawin, achbaro) = (d.argan.0, d.honey.0);
    let coordinator = s.partnership.coordinator_token.clone();
    let batches = || async { s.app.count("payout_batches").await };

    // Above what is owed: 422, nothing written.
    let res = prepare(
        &s,
        &coordinator,
        json!({"payouts": [{"producer_id": tifawin, "amount_cents": expected[&tifawin] + 1}]}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(
        problem["errors"][format!("amount_{tifawin}")].is_array(),
        "{problem}"
    );
    // Negative, zero, not a number, a rate that is not one.
    for body in [
        json!({"payouts": [{"producer_id": tifawin, "amount_cents": -500}]}),
        json!({"payouts": [{"producer_id": tifawin, "amount_cents": 0}]}),
        json!({"payouts": []}),
        json!({"payouts": [{"producer_id": tifawin, "amount_cents": 100}], "mad_rate": "=1+1"}),
    ] {
        let res = prepare(&s, &coordinator, body.clone()).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let res = prepare(
        &s,
        &coordinator,
        json!({"payouts": [{"producer_id": tifawin, "amount_cents": "douze"}]}),
    )
    .await;
    assert!(res.status().is_client_error(), "{}", res.status());
    // Not a treasurer: the group's coordinator, the producer's member.
    for token in [&s.coordinator, &s.producer] {
        let res = prepare(
            &s,
            token,
            json!({"payouts": [{"producer_id": tifawin, "amount_cents": 100}]}),
        )
        .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let (status, _) = s
            .app
            .get_json(
                &format!("/api/v1/partnerships/{}/payouts/owed", s.partnership.slug),
                Some(token),
            )
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    assert_eq!(batches().await, 0);

    // Two batches each paying Achbaro nearly all it is owed; recorded by two treasurers at once:
    // one wins, the other hears what is owed, and the ledger has one payment.
    let owed_a = expected[&achbaro];
    let mut payouts = Vec::new();
    for amount in [owed_a, owed_a - 100] {
        let res = prepare(
            &s,
            &coordinator,
            json!({"payouts": [{"producer_id": achbaro, "amount_cents": amount}]}),
        )
        .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        payouts.push(payout_of(&res.json().await.unwrap(), achbaro));
    }
    let admin = s.app.admin_token().await;
    // Someone who is not a treasurer cannot record it either.
    let res = record(&s, &s.coordinator, payouts[0], "VIR-X").await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let (a, b) = tokio::join!(
        record(&s, &coordinator, payouts[0], "VIR-A"),
        record(&s, &admin, payouts[1], "VIR-B"),
    );
    let mut statuses = vec![a.status(), b.status()];
    statuses.sort();
    assert_eq!(
        statuses,
        vec![StatusCode::OK, StatusCode::UNPROCESSABLE_ENTITY]
    );
    let entries = producer_paid_entries(&s).await;
    assert_eq!(entries.len(), 1);
    let paid = -entries[0].amount_cents.get();
    assert!(paid == owed_a || paid == owed_a - 100);
    let (_, items) = owed(&s).await;
    assert_eq!(items[&achbaro]["owed_cents"].as_i64(), Some(owed_a - paid));
    assert_eq!(items[&achbaro]["paid_cents"].as_i64(), Some(paid));
}

#[tokio::test]
async fn a_treasurer_prepares_exports_and_records_a_batch_on_the_pages_and_the_producer_reads_its_statement()
 {
    let s = scene(None).await;
    let d = delivered_and_paid(&s).await;
    let expected = expected_owed(&s, &d).await;
    let (tifawin, achbaro) = (d.argan.0, d.honey.0);
    // Tifawin's members give its bank details on its profile: a wrong IBAN is refused, a RIB
    // kept.
    let profile = |account: &str| {
        json!({"name": "Coopérative féminine Tifawin", "partnership": s.partnership.slug,
               "territory": s.partnership.partner_territory, "kind": "cooperative",
               "odco_number": "SB-2009-0150", "contact_email": "contact@taounza.example",
               "description": "Soixante femmes de Sidi Bibi concassent les noix d'argan.",
               "bank_holder": "Coopérative féminine Tifawin", "bank_account": account,
               "bank_bic": "bcmamamc", "bank_name": "Banque Populaire",
               "bank_address": "Avenue Hassan II, Biougra"})
    };
    let res = s
        .app
        .put_json(
            &format!("/api/v1/producers/{tifawin}"),
            &profile("MA65 0000 0000 0000 0000 0000 0000"),
            Some(&s.producer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let rib = "181 810 2111122223333444 45";
    let res = s
        .app
        .put_json(
            &format!("/api/v1/producers/{tifawin}"),
            &profile(rib),
            Some(&s.producer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let slug = res.json::<Value>().await.unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let rib = rib.replace(' ', "");
    let (_, public) = s.app.page(&format!("/producers/{slug}")).await;
    assert!(!public.contains(&rib), "bank details are not public");
    let treasurer = s.app.visitor(&s.partnership.coordinator, PASSWORD).await;
    let index = format!("/partnerships/{}/payouts", s.partnership.slug);
    let (status, html) = treasurer.page(&index).await;
    assert_eq!(status, StatusCode::OK);
    // The amounts are pre-filled with what is owed.
    let owed_t = expected[&tifawin];
    let typed = format!("{},{:02}", owed_t / 100, owed_t % 100);
    assert!(html.contains(&format!("value=\"{typed}\"")), "{typed}");

    // Above what is owed: the form again, 422, nothing written.
    let too_much = format!("{}", expected[&achbaro] / 100 + 1);
    let (t_field, a_field) = (format!("amount_{tifawin}"), format!("amount_{achbaro}"));
    let res = treasurer
        .submit(&index, &index, &[(&t_field, &typed), (&a_field, &too_much)])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(s.app.count("payout_batches").await, 0);
    // Garbage: 422 too.
    let res = treasurer
        .submit(&index, &index, &[(&t_field, "=1+1")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // A batch whose note a spreadsheet would run.
    let res = treasurer
        .submit(
            &index,
            &index,
            &[
                (&t_field, &typed),
                (&a_field, "0"),
                ("mad_rate", "10,85"),
                ("rate_on", "2026-12-01"),
                ("note", "=HYPERLINK(\"http://x\")"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let batch = crate::helpers::location(&res);
    let (status, html) = treasurer.page(&batch).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("MAD"), "the dirhams, for information");
    assert!(
        html.contains(&rib) && html.contains("BCMAMAMC"),
        "the bank details"
    );
    let res = treasurer.get(&format!("{batch}/transfers.csv")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(!csv.contains(";=HYPERLINK"), "{csv}");
    assert!(csv.contains(&typed) && csv.contains(&rib), "{csv}");
    let (status, order) = treasurer.page(&format!("{batch}/order")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        order.contains("HYPERLINK"),
        "the communication on the order"
    );

    // Recorded paid on the page.
    let payout = entity::payout::Entity::find()
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap();
    let today = s.app.clock_now().date_naive().to_string();
    let action = format!("{batch}/transfers/{}/paid", payout.id);
    let res = crate::payout_proofs::send_proof_form(
        &treasurer,
        &batch,
        &action,
        &[("bank_reference", ""), ("paid_on", &today)],
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let res = crate::payout_proofs::send_proof_form(
        &treasurer,
        &batch,
        &action,
        &[("bank_reference", "VIR-77"), ("paid_on", &today)],
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(producer_paid_entries(&s).await.len(), 1);

    // The producer's statement, in Arabic, right to left.
    let producer = s.app.visitor(COOPERATIVES_MEMBER, PASSWORD).await;
    let (status, html) = producer
        .page(&format!("/producer/{tifawin}/statement?lang=ar"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("dir=\"rtl\""));
    assert!(html.contains("كشف حساب"));
    // Not a treasurer: the group's coordinator cannot see the payouts.
    let group = s
        .app
        .visitor(crate::builders::GROUP_COORDINATOR, PASSWORD)
        .await;
    let (status, _) = group.page(&index).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, _) = group.page(&batch).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_demo_year_ends_with_a_batch_paid_to_the_producers_of_jette_sidi_bibi() {
    let app = crate::helpers::TestApp::spawn_with(crate::helpers::Options {
        demo: true,
        vars: vec![("PASSERELLE_DEMO_HISTORY", "true".into())],
        ..Default::default()
    })
    .await;
    let coordinator = app
        .token(
            "coordinator.jette-sidi-bibi@demo.passerelle.test",
            crate::helpers::DEMO_PASSWORD,
        )
        .await;
    let (status, body) = app
        .get_json(
            "/api/v1/partnerships/jette-sidi-bibi/payouts/owed",
            Some(&coordinator),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let items = body["items"].as_array().unwrap();
    assert!(!items.is_empty());
    for i in items {
        assert!(i["paid_cents"].as_i64().unwrap() > 0, "{i}");
        assert_eq!(i["owed_cents"].as_i64(), Some(0), "{i}");
    }
    let paid: i64 = items
        .iter()
        .map(|i| i["paid_cents"].as_i64().unwrap())
        .sum();
    let entries: i64 = entity::ledger_entry::Entity::find()
        .filter(entity::ledger_entry::Column::Kind.eq(LedgerKind::ProducerPaid))
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|e| -e.amount_cents.get())
        .sum();
    assert_eq!(paid, entries);
}
