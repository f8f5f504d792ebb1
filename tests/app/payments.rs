use chrono::{NaiveDate, Utc};
use entity::payment_request::Purpose;
use entity::payment_request::RequestStatus;
use entity::refund::RefundStatus;
use entity::statement_line::LineStatus;
use passerelle::ledger;
use passerelle::money::Cents;
use passerelle::payments::domain::Allocation;
use passerelle::payments::service::{NewRequest, create_request};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::{
    COORDINATOR, IBAN_WRITTEN, OTHER_COORDINATOR, PARTNERSHIP_BIC, PARTNERSHIP_IBAN, PASSWORD,
};
use crate::helpers::TestApp;

struct Setup {
    app: TestApp,
    payer: String,
    treasurer: String,
    /// The partnership's ledger totals before the test.
    before: Value,
}

impl Setup {
    /// How much a ledger total moved since the test began.
    fn moved(&self, ledger: &Value, key: &str) -> i64 {
        ledger[key].as_i64().unwrap() - self.before[key].as_i64().unwrap()
    }
}

/// Jette – Sidi Bibi and Schaerbeek – Al Hoceima, and a payer.
async fn setup() -> Setup {
    let app = TestApp::spawn().await;
    app.partnership().await;
    app.other_partnership().await;
    let payer = app.user_token("payer@example.org").await;
    let treasurer = app.token(COORDINATOR, PASSWORD).await;
    let (_, before) = app
        .get_json(
            "/api/v1/partnerships/jette-sidi-bibi/ledger",
            Some(&treasurer),
        )
        .await;
    Setup {
        app,
        payer,
        treasurer,
        before,
    }
}

/// A request as a campaign would create it: 25.00 € of which 0.60 € for the community fund.
async fn request(app: &TestApp, payer_email: &str, amount: i64) -> entity::payment_request::Model {
    let partnership = entity::partnership::Entity::find()
        .filter(entity::partnership::Column::Slug.eq("jette-sidi-bibi"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let payer = passerelle::accounts::service::find_by_email(&app.db, payer_email)
        .await
        .unwrap()
        .unwrap();
    create_request(
        &app.db,
        NewRequest {
            partnership_id: partnership.id,
            payer_user_id: Some(payer.id),
            payer_email: payer.email.clone(),
            payer_name: payer.display_name.clone(),
            purpose_type: Purpose::CampaignShare,
            group_id: None,
            purpose_id: 1,
            description: "Commande groupée de novembre".into(),
            amount_cents: Cents(amount),
            allocation: Allocation {
                producer_cents: Cents(1800),
                transport_cents: Cents(300),
                costs_cents: Cents(200),
                community_fund_cents: Cents(60),
                vat_cents: Cents(140),
                other_cents: Cents::ZERO,
            },
            due_on: NaiveDate::from_ymd_opt(2026, 12, 15),
            fund_project_id: None,
        },
        Utc::now(),
    )
    .await
    .unwrap()
}

async fn assert_books_agree(app: &TestApp) {
    let problems = ledger::disagreements(&app.db).await.unwrap();
    assert!(problems.is_empty(), "{problems:#?}");
}

/// Rasterises the QR code of an inline SVG (dark modules drawn as `M x y h w v h` paths) and
/// decodes it.
pub(crate) fn decode_svg_qr(html: &str) -> String {
    let start = html.find("<svg").expect("an svg");
    let svg = &html[start..start + html[start..].find("</svg>").unwrap()];
    let attr = |name: &str| -> usize {
        let i = svg.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
        svg[i..i + svg[i..].find('"').unwrap()].parse().unwrap()
    };
    let (w, h) = (attr("width"), attr("height"));
    let mut dark = vec![false; w * h];
    let d_start = svg.find(" d=\"").unwrap() + 4;
    let d = &svg[d_start..d_start + svg[d_start..].find('"').unwrap()];
    for segment in d.split('M').filter(|s| !s.is_empty()) {
        let nums: Vec<usize> = segment
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().unwrap())
            .collect();
        let (x, y, rw, rh) = (nums[0], nums[1], nums[2], nums[3]);
        for yy in y..y + rh {
            for xx in x..x + rw {
                dark[yy * w + xx] = true;
            }
        }
    }
    let mut img =
        rqrr::PreparedImage::prepare_from_greyscale(
            w,
            h,
            |x, y| if dark[y * w + x] { 0 } else { 255 },
        );
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code");
    grids[0].decode().expect("a readable QR code").1
}

#[tokio::test]
async fn the_payment_page_shows_the_transfer_and_a_qr_code_banks_can_read() {
    let s = setup().await;
    let app = &s.app;
    let r = request(app, "payer@example.org", 2500).await;
    app.login("payer@example.org", "a long password").await;
    let (status, page) = app.page(&format!("/pay/{}", r.reference)).await;
    assert_eq!(status, StatusCode::OK);
    let ogm = passerelle::payments::domain::Ogm::parse(&r.ogm).unwrap();
    assert!(page.contains(&ogm.formatted()));
    assert!(page.contains(IBAN_WRITTEN));
    assert!(page.contains("25,00"));
    let decoded = decode_svg_qr(&page);
    let lines: Vec<&str> = decoded.split('\n').collect();
    assert_eq!(
        lines,
        [
            "BCD",
            "002",
            "1",
            "SCT",
            PARTNERSHIP_BIC,
            "Jette – Sidi Bibi",
            PARTNERSHIP_IBAN,
            "EUR25.00",
            "",
            r.ogm.as_str()
        ]
    );
    let (status, dto) = app
        .get_json(
            &format!("/api/v1/payment-requests/{}", r.reference),
            Some(&s.payer),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(dto["epc_qr_payload"], decoded);
    assert_eq!(dto["ogm"], ogm.formatted());
    assert_eq!(dto["status"], "open");

    // Nobody else sees it.
    let stranger = app.user_token("stranger@example.org").await;
    assert_eq!(
        app.get_json(
            &format!("/api/v1/payment-requests/{}", r.reference),
            Some(&stranger)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    let other_coordinator = app.token(OTHER_COORDINATOR, PASSWORD).await;
    assert_eq!(
        app.get_json(
            &format!("/api/v1/payment-requests/{}", r.reference),
            Some(&other_coordinator)
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        app.get_json(
            &format!("/api/v1/payment-requests/{}", r.reference),
            Some(&s.treasurer)
        )
        .await
        .0,
        StatusCode::OK
    );
    let anonymous = TestApp::new_client()
        .get(app.url(&format!("/pay/{}", r.reference)))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn partial_payments_add_up_and_an_overpayment_is_flagged_not_hidden() {
    let s = setup().await;
    let app = &s.app;
    let r = request(app, "payer@example.org", 2500).await;
    let pay = |amount: i64, token: String| {
        let path = format!("/api/v1/payment-requests/{}/payments", r.reference);
        async move {
            app.post_json(
                &path,
                &json!({"amount_cents": amount, "received_on": "2026-11-30"}),
                Some(&token),
            )
            .await
        }
    };
    assert_eq!(
        pay(1000, s.payer.clone()).await.status(),
        StatusCode::NOT_FOUND,
        "a payer does not record payments"
    );
    let res = pay(1000, s.treasurer.clone()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "partly_paid");
    assert_books_agree(app).await;
    let res = pay(1500, s.treasurer.clone()).await;
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "paid");
    let res = pay(100, s.treasurer.clone()).await;
    let body: Value = res.json().await.unwrap();
    assert_eq!(
        (body["status"].as_str(), body["paid_cents"].as_i64()),
        (Some("overpaid"), Some(2600))
    );
    let flagged: Vec<entity::payment::Model> = entity::payment::Entity::find()
        .filter(entity::payment::Column::Flagged.eq(true))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(flagged.len(), 1);
    assert_eq!(flagged[0].amount_cents, Cents(100));
    for bad in [
        json!({"amount_cents": 0, "received_on": "2026-11-30"}),
        json!({"amount_cents": 500}),
        json!({"amount_cents": -5, "received_on": "2026-11-30"}),
    ] {
        let res = app
            .post_json(
                &format!("/api/v1/payment-requests/{}/payments", r.reference),
                &bad,
                Some(&s.treasurer),
            )
            .await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let (_, ledger) = app
        .get_json(
            "/api/v1/partnerships/jette-sidi-bibi/ledger",
            Some(&s.treasurer),
        )
        .await;
    assert_eq!(s.moved(&ledger, "received_cents"), 2600);
    // 2600 split like 2500: producer 1800/2500 ...; the fund gets 60/2500 of it, to the cent.
    assert_eq!(s.moved(&ledger, "community_fund_cents"), 62);
    let shares: i64 = [
        "producer_cents",
        "transport_cents",
        "costs_cents",
        "community_fund_cents",
        "vat_cents",
        "other_cents",
    ]
    .iter()
    .map(|k| s.moved(&ledger, k))
    .sum();
    assert_eq!(shares, 2600);
    let (_, p) = app
        .get_json("/api/v1/partnerships/jette-sidi-bibi", None)
        .await;
    assert_eq!(
        p["community_fund_cents"].as_i64().unwrap()
            - s.before["community_fund_cents"].as_i64().unwrap(),
        62,
        "the partnership shows its fund from the ledger"
    );
}

#[tokio::test]
async fn a_statement_applies_exact_matches_once_and_lists_the_rest() {
    let s = setup().await;
    let app = &s.app;
    let a = request(app, "payer@example.org", 2500).await;
    app.user_token("second@example.org").await;
    let b = request(app, "second@example.org", 4000).await;
    let ogm = |r: &entity::payment_request::Model| {
        passerelle::payments::domain::Ogm::parse(&r.ogm)
            .unwrap()
            .formatted()
    };
    let b_digits = &b.ogm;
    let csv = format!(
        "Date;Montant;Communication;Contrepartie\n\
         28/11/2026;25,00;{};Payer\n\
         29/11/2026;15,00;***{}/{}/{}***;Second\n\
         29/11/2026;9,99;+++999/9999/99999+++;Inconnu\n\
         30/11/2026;douze;{};Payer\n\
         30/11/2026;-50,00;frais;Banque\n",
        ogm(&a),
        &b_digits[..3],
        &b_digits[3..7],
        &b_digits[7..],
        ogm(&a),
    );
    let post = || {
        app.client
            .post(app.url("/api/v1/partnerships/jette-sidi-bibi/statements?name=novembre.csv"))
            .bearer_auth(&s.treasurer)
            .header("content-type", "text/csv")
            .body(csv.clone())
            .send()
    };
    let report: Value = post().await.unwrap().json().await.unwrap();
    assert_eq!(
        (
            report["applied"].as_i64(),
            report["unmatched"].as_i64(),
            report["ignored"].as_i64()
        ),
        (Some(2), Some(1), Some(1))
    );
    assert_eq!(
        report["errors"][0]["line_no"], 5,
        "the malformed line is reported by number"
    );
    let again: Value = post().await.unwrap().json().await.unwrap();
    assert_eq!(
        (
            again["applied"].as_i64(),
            again["already_imported"].as_i64()
        ),
        (Some(0), Some(4)),
        "nothing twice"
    );
    let (_, a_now) = app
        .get_json(
            &format!("/api/v1/payment-requests/{}", a.reference),
            Some(&s.treasurer),
        )
        .await;
    let (_, b_now) = app
        .get_json(
            &format!("/api/v1/payment-requests/{}", b.reference),
            Some(&s.treasurer),
        )
        .await;
    assert_eq!(
        (a_now["status"].as_str(), a_now["paid_cents"].as_i64()),
        (Some("paid"), Some(2500))
    );
    assert_eq!(
        (b_now["status"].as_str(), b_now["paid_cents"].as_i64()),
        (Some("partly_paid"), Some(1500))
    );
    assert_books_agree(app).await;

    // The unmatched line is matched by hand on the books page.
    app.login(COORDINATOR, PASSWORD).await;
    let (_, books) = app.page("/partnerships/jette-sidi-bibi/payments").await;
    assert!(books.contains("+++999/9999/99999+++"));
    let line: entity::statement_line::Model = entity::statement_line::Entity::find()
        .filter(entity::statement_line::Column::Status.eq(LineStatus::Unmatched))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let res = app
        .submit(
            "/partnerships/jette-sidi-bibi/payments",
            &format!(
                "/partnerships/jette-sidi-bibi/payments/lines/{}/match",
                line.id
            ),
            &[("target", &b.reference)],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, b_now) = app
        .get_json(
            &format!("/api/v1/payment-requests/{}", b.reference),
            Some(&s.treasurer),
        )
        .await;
    assert_eq!(b_now["paid_cents"], 1500 + 999);
}

#[tokio::test]
async fn a_bank_refund_moves_the_request_and_the_ledger_back() {
    let s = setup().await;
    let app = &s.app;
    let r = request(app, "payer@example.org", 2500).await;
    app.post_json(
        &format!("/api/v1/payment-requests/{}/payments", r.reference),
        &json!({"amount_cents": 2500, "received_on": "2026-11-30"}),
        Some(&s.treasurer),
    )
    .await;
    let res = app
        .post_json(
            &format!("/api/v1/payment-requests/{}/refunds", r.reference),
            &json!({"amount_cents": 3000, "reason": "trop"}),
            Some(&s.treasurer),
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "never more than was paid"
    );
    let res = app
        .post_json(
            &format!("/api/v1/payment-requests/{}/refunds", r.reference),
            &json!({"amount_cents": 500, "reason": "produit manquant"}),
            Some(&s.treasurer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let (_, now) = app
        .get_json(
            &format!("/api/v1/payment-requests/{}", r.reference),
            Some(&s.payer),
        )
        .await;
    // A refund lowers what is owed: nothing is asked again.
    assert_eq!(
        (
            now["status"].as_str(),
            now["refunded_cents"].as_i64(),
            now["amount_cents"].as_i64(),
            now["waived_cents"].as_i64(),
            now["remaining_cents"].as_i64()
        ),
        (Some("paid"), Some(500), Some(2000), Some(500), Some(0))
    );
    assert!(now["epc_qr_payload"].is_null(), "no QR code for nothing");
    let (_, ledger) = app
        .get_json(
            "/api/v1/partnerships/jette-sidi-bibi/ledger",
            Some(&s.treasurer),
        )
        .await;
    assert_eq!(
        (
            s.moved(&ledger, "received_cents"),
            s.moved(&ledger, "refunded_cents")
        ),
        (2500, 500)
    );
    assert_eq!(
        s.moved(&ledger, "community_fund_cents"),
        60 - 12,
        "the fund gives back its share of the refund"
    );
    app.post_json(
        &format!("/api/v1/payment-requests/{}/refunds", r.reference),
        &json!({"amount_cents": 2000, "reason": "annulation"}),
        Some(&s.treasurer),
    )
    .await;
    let (_, now) = app
        .get_json(
            &format!("/api/v1/payment-requests/{}", r.reference),
            Some(&s.payer),
        )
        .await;
    assert_eq!(now["status"], "refunded");
    assert_books_agree(app).await;
    // The treasurer marks the transfer done on the books page.
    app.login(COORDINATOR, PASSWORD).await;
    let pending: Vec<entity::refund::Model> = entity::refund::Entity::find()
        .filter(entity::refund::Column::Status.eq(RefundStatus::Pending))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(pending.len(), 2);
    let res = app
        .submit(
            "/partnerships/jette-sidi-bibi/payments",
            &format!(
                "/partnerships/jette-sidi-bibi/payments/refunds/{}/done",
                pending[0].id
            ),
            &[],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        entity::refund::Entity::find_by_id(pending[0].id)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap()
            .status,
        RefundStatus::Done
    );
}

#[tokio::test]
async fn the_books_page_imports_a_file_and_reports_bad_input() {
    let s = setup().await;
    let app = &s.app;
    let r = request(app, "payer@example.org", 1250).await;
    app.login(COORDINATOR, PASSWORD).await;
    let res = app
        .submit(
            "/partnerships/jette-sidi-bibi/payments",
            "/partnerships/jette-sidi-bibi/payments/record",
            &[
                ("reference", &r.reference),
                ("amount", "douze"),
                ("received_on", "hier"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("id=\"amount-error\"") && body.contains("id=\"received_on-error\""));
    let token = app.csrf("/partnerships/jette-sidi-bibi/payments").await;
    let csv = format!("2026-11-30,12.50,{},Payer\n", r.ogm);
    let form = reqwest::multipart::Form::new()
        .text("csrf_token", token)
        .part(
            "statement",
            reqwest::multipart::Part::bytes(csv.into_bytes())
                .file_name("extrait.csv")
                .mime_str("text/csv")
                .unwrap(),
        );
    let res = app
        .client
        .post(app.url("/partnerships/jette-sidi-bibi/payments/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body = res.text().await.unwrap();
    assert!(body.contains("1 paiement appliqué,"), "{body}");
    let other = app
        .page("/partnerships/schaerbeek-al-hoceima/payments")
        .await
        .0;
    assert_eq!(other, StatusCode::FORBIDDEN, "another partnership's books");
}

#[tokio::test]
async fn the_payment_email_carries_the_account_the_communication_and_a_qr_code_to_scan() {
    let sink = crate::smtp::SmtpSink::start().await;
    let app = TestApp::spawn_with(crate::helpers::Options {
        smtp: Some(sink.url()),
        ..Default::default()
    })
    .await;
    app.partnership().await;
    app.post_json("/api/v1/accounts", &json!({"email": "payer@example.org", "password": "a long password", "display_name": "Noor", "locale": "nl"}), None).await;
    let r = request(&app, "payer@example.org", 2500).await;
    passerelle::payments::service::queue_payment_email(
        &app.db,
        &app.state.mailer,
        &r,
        passerelle::web::i18n::Lang::Nl,
        app.clock_now(),
    )
    .await
    .unwrap();
    app.run_worker().await;
    let mails = sink.to("payer@example.org");
    let subjects: Vec<String> = mails.iter().map(|m| m.subject()).collect();
    let mail = mails
        .into_iter()
        .find(|m| m.subject().contains("25,00"))
        .unwrap_or_else(|| panic!("the payment email among {subjects:?}"));
    let ogm = passerelle::payments::domain::Ogm::parse(&r.ogm).unwrap();
    let text = mail.text();
    assert!(text.contains(IBAN_WRITTEN), "{text}");
    assert!(text.contains(&ogm.formatted()));
    assert!(text.contains(&format!("/pay/{}", r.reference)));
    assert!(
        text.contains("15 december 2026"),
        "the due date as Dutch readers write it: {text}"
    );
    assert!(
        mail.subject().starts_with("Te betalen"),
        "in the payer's language: {}",
        mail.subject()
    );
    let parsed = mail.parsed();
    let png = parsed.attachments().next().expect("a QR code attachment");
    let img = image::load_from_memory(png.contents()).unwrap().to_luma8();
    let mut prepared = rqrr::PreparedImage::prepare(img);
    let grids = prepared.detect_grids();
    let (_, payload) = grids[0].decode().unwrap();
    assert_eq!(
        payload,
        passerelle::payments::domain::epc_payload(
            &r.creditor_name,
            &r.creditor_iban,
            r.creditor_bic.as_deref(),
            Cents(2500),
            &ogm
        )
    );
}

#[tokio::test]
async fn a_cancelled_request_is_owed_no_more_and_a_late_transfer_is_flagged() {
    let s = setup().await;
    let app = &s.app;
    let r = request(app, "payer@example.org", 2500).await;
    let cancelled = passerelle::payments::service::cancel_request(&app.db, r.id, Utc::now())
        .await
        .unwrap();
    assert_eq!(cancelled.status, RequestStatus::Cancelled);
    let (_, dto) = app
        .get_json(
            &format!("/api/v1/payment-requests/{}", r.reference),
            Some(&s.payer),
        )
        .await;
    assert_eq!(dto["status"], "cancelled");
    assert!(
        dto["epc_qr_payload"].is_null(),
        "no QR code to pay what is not owed"
    );
    let res = app
        .post_json(
            &format!("/api/v1/payment-requests/{}/payments", r.reference),
            &json!({"amount_cents": 2500, "received_on": "2026-12-01"}),
            Some(&s.treasurer),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let flagged: Vec<entity::payment::Model> = entity::payment::Entity::find()
        .filter(entity::payment::Column::Flagged.eq(true))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        flagged[0].flag_reason.as_deref(),
        Some("the request was cancelled")
    );
    let (_, dto) = app
        .get_json(
            &format!("/api/v1/payment-requests/{}", r.reference),
            Some(&s.payer),
        )
        .await;
    assert_eq!(
        dto["status"], "cancelled",
        "the money is there, to be refunded"
    );
}
