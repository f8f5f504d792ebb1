//! Card payments against a local Stripe stub, with webhooks signed exactly as Stripe signs them.
use entity::payment_request::Purpose;
use entity::payment_request::RequestStatus;
use passerelle::money::Cents;

use chrono::{Duration, NaiveDate, Utc};
use passerelle::ledger;
use passerelle::payments::domain::Allocation;
use passerelle::payments::service::{NewRequest, create_request};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::helpers::{Options, TestApp};

pub(crate) const WEBHOOK_SECRET: &str = "whsec_test_passerelle";

pub(crate) struct StripeSetup {
    pub app: TestApp,
    pub stub: MockServer,
    pub reference: String,
}

pub(crate) fn session_json(
    id: &str,
    reference: &str,
    amount: i64,
    paid: bool,
    expires_at: i64,
) -> Value {
    json!({
        "id": id, "object": "checkout.session", "amount_total": amount, "currency": "eur",
        "automatic_tax": {"enabled": false, "liability": null, "status": null},
        "client_reference_id": reference, "created": Utc::now().timestamp(),
        "custom_fields": [], "custom_text": {"after_submit": null, "shipping_address": null, "submit": null, "terms_of_service_acceptance": null},
        "expires_at": expires_at, "livemode": false, "metadata": {"reference": reference}, "mode": "payment",
        "payment_intent": if paid { json!("pi_test_1") } else { Value::Null },
        "payment_method_types": ["card", "bancontact"], "payment_status": if paid { "paid" } else { "unpaid" },
        "shipping_options": [], "status": if paid { "complete" } else { "open" },
        "url": format!("https://checkout.stripe.test/c/pay/{id}")
    })
}

pub(crate) async fn setup() -> StripeSetup {
    let stub = MockServer::start().await;
    let app = TestApp::spawn_with(Options {
        vars: vec![
            ("STRIPE_SECRET_KEY", "sk_test_passerelle".into()),
            ("STRIPE_WEBHOOK_SECRET", WEBHOOK_SECRET.into()),
            ("STRIPE_API_BASE", stub.uri()),
        ],
        ..Default::default()
    })
    .await;
    app.partnership().await;
    app.user_token("payer@example.org").await;
    let payer = passerelle::accounts::service::find_by_email(&app.db, "payer@example.org")
        .await
        .unwrap()
        .unwrap();
    let partnership = entity::partnership::Entity::find()
        .filter(entity::partnership::Column::Slug.eq("jette-sidi-bibi"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let r = create_request(
        &app.db,
        NewRequest {
            partnership_id: partnership.id,
            payer_user_id: Some(payer.id),
            payer_email: payer.email,
            payer_name: payer.display_name,
            purpose_type: Purpose::BookingDeposit,
            group_id: None,
            purpose_id: 7,
            description: "Acompte du séjour dans l'arganeraie".into(),
            amount_cents: Cents(2500),
            allocation: Allocation {
                other_cents: Cents(2400),
                community_fund_cents: Cents(100),
                ..Default::default()
            },
            due_on: NaiveDate::from_ymd_opt(2026, 12, 20),
            fund_project_id: None,
        },
        Utc::now(),
    )
    .await
    .unwrap();
    StripeSetup {
        app,
        stub,
        reference: r.reference,
    }
}

pub(crate) fn event(id: &str, kind: &str, object: Value) -> String {
    json!({"id": id, "object": "event", "api_version": "2026-09-30.endive", "created": Utc::now().timestamp(),
           "data": {"object": object}, "livemode": false, "pending_webhooks": 0, "request": null, "type": kind})
    .to_string()
}

pub(crate) async fn deliver(
    app: &TestApp,
    body: &str,
    timestamp: i64,
    secret: &str,
) -> reqwest::Response {
    let signature = stripe_webhook::Webhook::generate_test_header(body, secret, Some(timestamp));
    app.client
        .post(app.url("/api/v1/webhooks/stripe"))
        .header("content-type", "application/json")
        .header("stripe-signature", signature)
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

pub(crate) async fn request_row(app: &TestApp, reference: &str) -> entity::payment_request::Model {
    entity::payment_request::Entity::find()
        .filter(entity::payment_request::Column::Reference.eq(reference))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn checkout_sends_stripe_exactly_what_it_needs_and_the_redirect_marks_nothing_paid() {
    let s = setup().await;
    let app = &s.app;
    let expires = (app.clock_now() + Duration::minutes(60)).timestamp();
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json(
            "cs_test_1",
            &s.reference,
            2500,
            false,
            expires,
        )))
        .expect(1)
        .mount(&s.stub)
        .await;
    app.login("payer@example.org", "a long password").await;
    let pay = format!("/pay/{}", s.reference);
    let res = app.submit(&pay, &format!("{pay}/checkout"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        crate::helpers::location(&res),
        "https://checkout.stripe.test/c/pay/cs_test_1"
    );

    let sent = s.stub.received_requests().await.unwrap();
    assert_eq!(sent.len(), 1);
    let req = &sent[0];
    assert_eq!(
        req.headers.get("authorization").unwrap(),
        "Bearer sk_test_passerelle"
    );
    assert!(
        req.headers
            .get("idempotency-key")
            .is_some_and(|k| k.to_str().unwrap().contains(&s.reference))
    );
    let fields: std::collections::HashMap<String, String> = url::form_urlencoded::parse(&req.body)
        .into_owned()
        .collect();
    let expect = |k: &str, v: &str| {
        assert_eq!(
            fields.get(k).map(String::as_str),
            Some(v),
            "{k} in {fields:#?}"
        )
    };
    expect("mode", "payment");
    expect("line_items[0][price_data][currency]", "eur");
    expect("line_items[0][price_data][unit_amount]", "2500");
    expect(
        "line_items[0][price_data][product_data][name]",
        "Acompte du séjour dans l'arganeraie",
    );
    expect("line_items[0][quantity]", "1");
    expect("allowed_payment_method_types[0]", "card");
    expect("allowed_payment_method_types[1]", "bancontact");
    expect("metadata[reference]", &s.reference);
    expect("client_reference_id", &s.reference);
    expect("customer_email", "payer@example.org");
    assert!(fields["success_url"].ends_with(&format!("/pay/{}?checkout=done", s.reference)));
    let expires_at: i64 = fields["expires_at"].parse().unwrap();
    assert!(
        expires_at >= app.clock_now().timestamp() + 30 * 60,
        "at least 30 minutes"
    );

    // A second click reuses the open session: Stripe is not asked again.
    let res = app.submit(&pay, &format!("{pay}/checkout"), &[]).await;
    assert_eq!(
        crate::helpers::location(&res),
        "https://checkout.stripe.test/c/pay/cs_test_1"
    );
    // Coming back from Stripe shows a message but pays nothing.
    let (_, page) = app.page(&format!("{pay}?checkout=done")).await;
    assert!(page.contains("dès que Stripe"));
    let r = request_row(app, &s.reference).await;
    assert_eq!((r.status, r.paid_cents.get()), (RequestStatus::Open, 0));
}

#[tokio::test]
async fn the_same_event_ten_times_changes_things_once() {
    let s = setup().await;
    let app = &s.app;
    let body = event(
        "evt_paid_1",
        "checkout.session.completed",
        session_json("cs_test_1", &s.reference, 2500, true, 0),
    );
    for i in 0..10 {
        let res = deliver(app, &body, app.clock_now().timestamp(), WEBHOOK_SECRET).await;
        assert_eq!(res.status(), StatusCode::OK);
        let ack: Value = res.json().await.unwrap();
        assert_eq!(ack["duplicate"], i > 0);
    }
    let r = request_row(app, &s.reference).await;
    assert_eq!((r.status, r.paid_cents.get()), (RequestStatus::Paid, 2500));
    assert_eq!(app.count("payments WHERE method = 'stripe'").await, 1);
    assert_eq!(app.count("stripe_events").await, 1);
    let problems = ledger::disagreements(&app.db).await.unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    // Another event about the same payment (out of order, a retry of a different type): no double.
    let again = event(
        "evt_paid_2",
        "checkout.session.async_payment_succeeded",
        session_json("cs_test_1", &s.reference, 2500, true, 0),
    );
    assert_eq!(
        deliver(app, &again, app.clock_now().timestamp(), WEBHOOK_SECRET)
            .await
            .status(),
        StatusCode::OK
    );
    let expired = event(
        "evt_exp",
        "checkout.session.expired",
        session_json("cs_test_1", &s.reference, 2500, false, 0),
    );
    assert_eq!(
        deliver(app, &expired, app.clock_now().timestamp(), WEBHOOK_SECRET)
            .await
            .status(),
        StatusCode::OK
    );
    let r = request_row(app, &s.reference).await;
    assert_eq!((r.status, r.paid_cents.get()), (RequestStatus::Paid, 2500));
    assert_eq!(app.count("payments WHERE method = 'stripe'").await, 1);
}

#[tokio::test]
async fn bad_signatures_old_timestamps_and_unreadable_events_are_refused_and_change_nothing() {
    let s = setup().await;
    let app = &s.app;
    let body = event(
        "evt_x",
        "checkout.session.completed",
        session_json("cs_test_1", &s.reference, 2500, true, 0),
    );
    let now = app.clock_now().timestamp();
    assert_eq!(
        deliver(app, &body, now, "whsec_wrong").await.status(),
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        deliver(app, &body, now - 10 * 60, WEBHOOK_SECRET)
            .await
            .status(),
        StatusCode::BAD_REQUEST,
        "older than 5 minutes"
    );
    let res = app
        .client
        .post(app.url("/api/v1/webhooks/stripe"))
        .body(body.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST, "no signature");
    let tampered = body.replace("2500", "250000");
    let signature = stripe_webhook::Webhook::generate_test_header(&body, WEBHOOK_SECRET, Some(now));
    let res = app
        .client
        .post(app.url("/api/v1/webhooks/stripe"))
        .header("stripe-signature", signature)
        .body(tampered)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::BAD_REQUEST,
        "a body that is not what was signed"
    );
    assert_eq!(
        deliver(
            app,
            "{\"id\": \"evt_broken\", \"type\": ",
            now,
            WEBHOOK_SECRET
        )
        .await
        .status(),
        StatusCode::BAD_REQUEST,
        "signed but malformed"
    );
    assert_eq!(
        (
            app.count("payments WHERE method = 'stripe'").await,
            app.count("stripe_events").await
        ),
        (0, 0)
    );
    // A well-formed event for a payment Passerelle does not know: acknowledged, nothing paid.
    let unknown = event(
        "evt_unknown",
        "checkout.session.completed",
        session_json("cs_other", "no-such-reference", 999, true, 0),
    );
    assert_eq!(
        deliver(app, &unknown, now, WEBHOOK_SECRET).await.status(),
        StatusCode::OK
    );
    let seen = entity::stripe_event::Entity::find_by_id("evt_unknown".to_owned())
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(seen.outcome, "unknown_reference");
    assert_eq!(app.count("payments WHERE method = 'stripe'").await, 0);
}

#[tokio::test]
async fn a_refund_made_at_stripe_is_recorded_once() {
    let s = setup().await;
    let app = &s.app;
    let now = app.clock_now().timestamp();
    deliver(
        app,
        &event(
            "evt_paid",
            "checkout.session.completed",
            session_json("cs_test_1", &s.reference, 2500, true, 0),
        ),
        now,
        WEBHOOK_SECRET,
    )
    .await;
    let charge = json!({
        "id": "ch_test_1", "object": "charge", "amount": 2500, "amount_captured": 2500, "amount_refunded": 1000,
        "balance_transaction": null, "billing_details": {"address": null, "email": null, "name": null, "phone": null, "tax_id": null},
        "captured": true, "created": now, "currency": "eur", "disputed": false, "livemode": false, "metadata": {},
        "paid": true, "payment_intent": "pi_test_1", "refunded": false, "status": "succeeded",
        "refunds": {"object": "list", "data": [{"id": "re_test_1", "object": "refund", "amount": 1000, "created": now, "currency": "eur", "metadata": {}, "status": "succeeded", "charge": "ch_test_1", "payment_intent": "pi_test_1"}], "has_more": false, "url": "/v1/charges/ch_test_1/refunds"}
    });
    let body = event("evt_refund", "charge.refunded", charge);
    for _ in 0..3 {
        let res = deliver(app, &body, now, WEBHOOK_SECRET).await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
    }
    let r = request_row(app, &s.reference).await;
    // Refunded at Stripe: what is owed is lowered too, nothing is asked again.
    assert_eq!(
        (r.status, r.refunded_cents.get(), r.amount_cents.get()),
        (RequestStatus::Paid, 1000, 1500)
    );
    assert_eq!(app.count("refunds").await, 1);
}

#[tokio::test]
async fn without_stripe_keys_only_bank_transfer_is_offered() {
    let app = TestApp::spawn().await;
    let res = app
        .client
        .post(app.url("/api/v1/webhooks/stripe"))
        .header("stripe-signature", "t=1,v1=00")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let token = app.user_token("someone@example.org").await;
    let res = app
        .post_json(
            "/api/v1/payment-requests/anything/checkout",
            &json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_card_payment_is_refunded_through_stripe_once() {
    let s = setup().await;
    let app = &s.app;
    let now = app.clock_now().timestamp();
    deliver(
        app,
        &event(
            "evt_paid",
            "checkout.session.completed",
            session_json("cs_test_1", &s.reference, 2500, true, 0),
        ),
        now,
        WEBHOOK_SECRET,
    )
    .await;
    Mock::given(method("POST"))
        .and(path("/v1/refunds"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": "re_test_9", "object": "refund", "amount": 1000, "created": now, "currency": "eur",
            "metadata": {"reference": s.reference}, "status": "succeeded", "payment_intent": "pi_test_1", "charge": "ch_test_1"
        })))
        .expect(1)
        .mount(&s.stub)
        .await;
    let treasurer = app
        .token(crate::builders::COORDINATOR, crate::builders::PASSWORD)
        .await;
    let res = app
        .post_json(
            &format!("/api/v1/payment-requests/{}/refunds", s.reference),
            &json!({"amount_cents": 1000, "reason": "une nuit de moins"}),
            Some(&treasurer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["method"].as_str(), body["status"].as_str()),
        (Some("stripe"), Some("done"))
    );
    let sent = s.stub.received_requests().await.unwrap();
    let refund_call = sent.iter().find(|r| r.url.path() == "/v1/refunds").unwrap();
    let fields: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(&refund_call.body)
            .into_owned()
            .collect();
    assert_eq!(
        fields.get("payment_intent").map(String::as_str),
        Some("pi_test_1")
    );
    assert_eq!(fields.get("amount").map(String::as_str), Some("1000"));
    assert!(refund_call.headers.get("idempotency-key").is_some());
    // Stripe then tells of the refund: it is the same one, nothing doubles.
    let charge = json!({
        "id": "ch_test_1", "object": "charge", "amount": 2500, "amount_captured": 2500, "amount_refunded": 1000,
        "balance_transaction": null, "billing_details": {"address": null, "email": null, "name": null, "phone": null, "tax_id": null},
        "captured": true, "created": now, "currency": "eur", "disputed": false, "livemode": false, "metadata": {},
        "paid": true, "payment_intent": "pi_test_1", "refunded": false, "status": "succeeded",
        "refunds": {"object": "list", "data": [{"id": "re_test_9", "object": "refund", "amount": 1000, "created": now, "currency": "eur", "metadata": {}, "status": "succeeded", "charge": "ch_test_1", "payment_intent": "pi_test_1"}], "has_more": false, "url": "/v1/charges/ch_test_1/refunds"}
    });
    assert_eq!(
        deliver(
            app,
            &event("evt_refunded", "charge.refunded", charge),
            now,
            WEBHOOK_SECRET
        )
        .await
        .status(),
        StatusCode::OK
    );
    let r = request_row(app, &s.reference).await;
    assert_eq!(
        (r.refunded_cents.get(), r.status, r.amount_cents.get()),
        (1000, RequestStatus::Paid, 1500)
    );
    assert_eq!(app.count("refunds").await, 1);
}

/// After a refund, the card checkout asks exactly what the pay page and the QR code ask: nothing
/// when the refund lowered what is owed, the refunded amount when the member still owes it.
#[tokio::test]
async fn after_a_refund_the_card_checkout_asks_what_is_left() {
    let s = setup().await;
    let app = &s.app;
    let now = app.clock_now().timestamp();
    deliver(
        app,
        &event(
            "evt_paid",
            "checkout.session.completed",
            session_json("cs_test_1", &s.reference, 2500, true, 0),
        ),
        now,
        WEBHOOK_SECRET,
    )
    .await;
    // Two refunds at Stripe, each with its own id.
    for id in ["re_test_2", "re_test_3"] {
        Mock::given(method("POST"))
            .and(path("/v1/refunds"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "id": id, "object": "refund", "amount": 400, "created": now, "currency": "eur",
                "metadata": {}, "status": "succeeded", "charge": "ch_test_1", "payment_intent": "pi_test_1"
            })))
            .up_to_n_times(1)
            .mount(&s.stub)
            .await;
    }
    let treasurer = app
        .token(crate::builders::COORDINATOR, crate::builders::PASSWORD)
        .await;
    let refund = |still_owed: bool| {
        let treasurer = treasurer.clone();
        let reference = s.reference.clone();
        async move {
            app.post_json(
                &format!("/api/v1/payment-requests/{reference}/refunds"),
                &json!({"amount_cents": 400, "reason": "erreur", "still_owed": still_owed}),
                Some(&treasurer),
            )
            .await
            .status()
        }
    };
    // Refunded and owed less: the payer is asked nothing, by card or otherwise.
    assert_eq!(refund(false).await, StatusCode::CREATED);
    let payer = app.token("payer@example.org", "a long password").await;
    let res = app
        .post_json(
            &format!("/api/v1/payment-requests/{}/checkout", s.reference),
            &json!({}),
            Some(&payer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT, "nothing owed");
    // Refunded but still owed (the treasurer's choice): the card checkout asks exactly 4,00 €.
    assert_eq!(refund(true).await, StatusCode::CREATED);
    let r = request_row(app, &s.reference).await;
    assert_eq!(
        (r.status, r.amount_cents.get(), r.waived_cents.get()),
        (RequestStatus::PartlyPaid, 2100, 400)
    );
    Mock::given(method("POST"))
        .and(path("/v1/checkout/sessions"))
        .respond_with(ResponseTemplate::new(200).set_body_json(session_json(
            "cs_test_2",
            &s.reference,
            400,
            false,
            now + 3600,
        )))
        .mount(&s.stub)
        .await;
    let res = app
        .post_json(
            &format!("/api/v1/payment-requests/{}/checkout", s.reference),
            &json!({}),
            Some(&payer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let sent = s.stub.received_requests().await.unwrap();
    let checkout = sent
        .iter()
        .rfind(|r| r.url.path() == "/v1/checkout/sessions")
        .unwrap();
    let fields: std::collections::HashMap<String, String> =
        url::form_urlencoded::parse(&checkout.body)
            .into_owned()
            .collect();
    assert_eq!(
        fields
            .get("line_items[0][price_data][unit_amount]")
            .map(String::as_str),
        Some("400")
    );
    let (_, dto) = app
        .get_json(
            &format!("/api/v1/payment-requests/{}", s.reference),
            Some(&payer),
        )
        .await;
    assert_eq!(dto["remaining_cents"], 400);
    assert!(
        dto["epc_qr_payload"]
            .as_str()
            .unwrap()
            .contains("\nEUR4.00\n"),
        "{dto}"
    );
}
