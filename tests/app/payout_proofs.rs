//! The proof of a transfer (the bank's confirmation): attached when the transfer is recorded
//! paid or later, checked by its bytes (a wrong file refused, nothing stored or recorded), read
//! back by the partnership's treasurers and by the producer paid — and by nobody else.

use entity::payout::PayoutStatus;
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_TYPE};
use sea_orm::EntityTrait;
use serde_json::{Value, json};

use crate::builders::{COOPERATIVES_MEMBER, OTHER_COORDINATOR, PASSWORD, delivered_and_paid};
use crate::group_orders::{Scene, scene};
use crate::helpers::{Visitor, csrf_in};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR confirmation";
const GIF: &[u8] = b"GIF89a not a confirmation";

/// Posts `fields` and a file in the part `proof` (an empty part when none was chosen, as a
/// browser sends it) as the form of `form_page` would.
pub async fn send_proof_form(
    v: &Visitor<'_>,
    form_page: &str,
    action: &str,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> reqwest::Response {
    let (status, html) = v.page(form_page).await;
    assert_eq!(status, StatusCode::OK, "GET {form_page}");
    let token = csrf_in(&html).expect("a csrf_token");
    let mut form = reqwest::multipart::Form::new().text("csrf_token", token);
    for (k, val) in fields {
        form = form.text(k.to_string(), val.to_string());
    }
    let (name, bytes) = file.unwrap_or(("", b""));
    let part = reqwest::multipart::Part::bytes(bytes.to_vec())
        .file_name(name.to_owned())
        .mime_str("application/octet-stream")
        .unwrap();
    v.client
        .post(v.app.url(action))
        .multipart(form.part("proof", part))
        .send()
        .await
        .unwrap()
}

/// A batch paying both cooperatives what they are owed: (batch id, Tifawin's payout, Achbaro's).
async fn batch(s: &Scene) -> (i64, i64, i64) {
    let d = delivered_and_paid(s).await;
    let (_, owed) = s
        .app
        .get_json(
            &format!("/api/v1/partnerships/{}/payouts/owed", s.partnership.slug),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    let lines: Vec<Value> = owed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| json!({"producer_id": i["producer_id"], "amount_cents": i["owed_cents"]}))
        .collect();
    let res = s
        .app
        .post_json(
            &format!("/api/v1/partnerships/{}/payout-batches", s.partnership.slug),
            &json!({"payouts": lines}),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let b: Value = res.json().await.unwrap();
    let of = |producer: i64| {
        b["payouts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["producer_id"] == producer)
            .and_then(|p| p["id"].as_i64())
            .unwrap()
    };
    (b["id"].as_i64().unwrap(), of(d.argan.0), of(d.honey.0))
}

async fn payout(s: &Scene, id: i64) -> entity::payout::Model {
    entity::payout::Entity::find_by_id(entity::PayoutId(id))
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap()
}

/// The files kept under `proofs/` in the storage.
async fn proofs_stored(s: &Scene) -> usize {
    s.app.state.storage.list("proofs").await.unwrap().len()
}

/// `has_proof` of each payout of the batch, as the API shows it.
async fn has_proof(s: &Scene, batch: i64) -> Vec<(i64, bool)> {
    let (status, b) = s
        .app
        .get_json(
            &format!("/api/v1/payout-batches/{batch}"),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let mut out: Vec<(i64, bool)> = b["payouts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_i64().unwrap(), p["has_proof"].as_bool().unwrap()))
        .collect();
    out.sort();
    out
}

#[tokio::test]
async fn a_treasurer_attaches_the_banks_confirmation_and_only_the_producer_paid_reads_it() {
    let s = scene(None).await;
    let (b, tifawin, achbaro) = batch(&s).await;
    let treasurer = s.app.visitor(&s.partnership.coordinator, PASSWORD).await;
    let page = format!("/payouts/{b}");
    let (_, html) = treasurer.page(&page).await;
    assert!(html.contains("enctype=\"multipart/form-data\""));
    let today = s.app.clock_now().date_naive().to_string();
    let fields = [("bank_reference", "VIR-118"), ("paid_on", today.as_str())];
    let paid = format!("{page}/transfers/{tifawin}/paid");

    // Not a PDF, PNG or JPEG: the form again with the reason, nothing stored, still planned.
    let res = send_proof_form(&treasurer, &page, &paid, &fields, Some(("scan.pdf", GIF))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("La preuve doit être un PDF"), "{html}");
    assert!(html.contains("value=\"VIR-118\""), "what was typed is kept");
    let po = payout(&s, tifawin).await;
    assert_eq!(po.status, PayoutStatus::Planned);
    assert_eq!(po.proof_key, None);
    assert_eq!(proofs_stored(&s).await, 0);

    // The PDF with the record: paid, the proof kept under its name.
    let res = send_proof_form(
        &treasurer,
        &page,
        &paid,
        &fields,
        Some(("confirmation BMCE.pdf", PDF)),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let po = payout(&s, tifawin).await;
    assert_eq!(po.status, PayoutStatus::Paid);
    assert_eq!(po.proof_name.as_deref(), Some("confirmation BMCE.pdf"));
    let proof = format!("{page}/transfers/{tifawin}/proof");
    let (_, html) = treasurer.page(&page).await;
    assert!(html.contains(&format!("href=\"{proof}\"")));
    let res = treasurer.get(&proof).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[CACHE_CONTROL], "private, no-store");
    assert_eq!(res.headers()[CONTENT_TYPE], "application/pdf");
    assert_eq!(res.bytes().await.unwrap().to_vec(), PDF);

    // Achbaro's transfer recorded without its proof (the file input left empty), added later.
    let res = send_proof_form(
        &treasurer,
        &page,
        &format!("{page}/transfers/{achbaro}/paid"),
        &[("bank_reference", "VIR-119"), ("paid_on", &today)],
        None,
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        has_proof(&s, b).await,
        vec![
            (tifawin.min(achbaro), tifawin < achbaro),
            (tifawin.max(achbaro), tifawin > achbaro)
        ]
    );
    let later = format!("{page}/transfers/{achbaro}/proof");
    let res = send_proof_form(&treasurer, &page, &later, &[], Some(("virement.png", GIF))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(payout(&s, achbaro).await.proof_key, None);
    let res = send_proof_form(&treasurer, &page, &later, &[], None).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "no file chosen"
    );
    // A PDF one byte above 10 MB: refused with the limit, nothing stored.
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    big.extend_from_slice(b"%%EOF\n");
    let res = send_proof_form(&treasurer, &page, &later, &[], Some(("big.pdf", &big))).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("10 MB"));
    assert_eq!(proofs_stored(&s).await, 1, "Tifawin's only");
    let res = send_proof_form(&treasurer, &page, &later, &[], Some(("virement.png", PNG))).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(has_proof(&s, b).await.iter().all(|(_, has)| *has));
    let res = treasurer.get(&later).await;
    assert_eq!(res.headers()[CONTENT_TYPE], "image/png");
    assert_eq!(res.bytes().await.unwrap().to_vec(), PNG);
    // Under another batch's address: not found.
    assert_eq!(
        treasurer
            .get(&format!("/payouts/{}/transfers/{achbaro}/proof", b + 1))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );

    // The cooperative reads its statement in Arabic, each transfer with its proof.
    let producer = s.app.visitor(COOPERATIVES_MEMBER, PASSWORD).await;
    let tifawin_id = payout(&s, tifawin).await.producer_id.get();
    let (status, html) = producer
        .page(&format!("/producer/{tifawin_id}/statement?lang=ar"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains(&format!("href=\"{proof}\"")), "{html}");
    assert!(html.contains("إثبات التحويل") && html.contains("VIR-118"));
    let res = producer.get(&proof).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().to_vec(), PDF);

    // Another producer's member, another partnership's coordinator: refused, to read or attach.
    let hassan = "hassan@example.org";
    s.app.approved_producer(&s.partnership, hassan).await;
    let other_producer = s.app.visitor(hassan, PASSWORD).await;
    assert_eq!(
        other_producer.get(&proof).await.status(),
        StatusCode::FORBIDDEN
    );
    s.app.other_partnership().await;
    let other = s.app.visitor(OTHER_COORDINATOR, PASSWORD).await;
    assert_eq!(other.get(&proof).await.status(), StatusCode::FORBIDDEN);
    let (status, _) = other.page(&page).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let res = send_proof_form(&other, "/account", &later, &[], Some(("x.pdf", PDF))).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        payout(&s, achbaro).await.proof_type.as_deref(),
        Some("image/png")
    );
}

async fn post_proof(s: &Scene, token: &str, payout: i64, bytes: &[u8]) -> reqwest::Response {
    s.app
        .client
        .post(s.app.url(&format!(
            "/api/v1/payouts/{payout}/proof?filename=virement%20118.pdf"
        )))
        .bearer_auth(token)
        .header(CONTENT_TYPE, "application/pdf")
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_api_attaches_the_proof_of_a_transfer_paid() {
    let s = scene(None).await;
    let (b, tifawin, _) = batch(&s).await;
    let token = s.partnership.coordinator_token.clone();
    // Not paid yet: nothing to prove.
    let res = post_proof(&s, &token, tifawin, PDF).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let res = s
        .app
        .post_json(
            &format!("/api/v1/payouts/{tifawin}/paid"),
            &json!({"bank_reference": "VIR-118",
                    "paid_on": s.app.clock_now().date_naive().to_string()}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Not a document: 422 on the field, nothing stored.
    let res = post_proof(&s, &token, tifawin, GIF).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["proof"].is_array(), "{problem}");
    assert_eq!(proofs_stored(&s).await, 0);
    // Above 10 MB: 413 before it is all read.
    let big = vec![b' '; 10 * 1024 * 1024 + 1];
    assert_eq!(
        post_proof(&s, &token, tifawin, &big).await.status(),
        StatusCode::PAYLOAD_TOO_LARGE
    );
    // Another partnership's coordinator: 403.
    s.app.other_partnership().await;
    let other = s.app.token(OTHER_COORDINATOR, PASSWORD).await;
    assert_eq!(
        post_proof(&s, &other, tifawin, PDF).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(payout(&s, tifawin).await.proof_key, None);
    // The treasurer: attached, shown in the batch, read back the same.
    let res = post_proof(&s, &token, tifawin, PDF).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    let shown = body["payouts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == tifawin)
        .unwrap()["has_proof"]
        .clone();
    assert_eq!(shown, json!(true));
    assert!(has_proof(&s, b).await.contains(&(tifawin, true)));
    let po = payout(&s, tifawin).await;
    assert_eq!(po.proof_name.as_deref(), Some("virement 118.pdf"));
    s.app.login(&s.partnership.coordinator, PASSWORD).await;
    let res = s
        .app
        .get(&format!("/payouts/{b}/transfers/{tifawin}/proof"))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.bytes().await.unwrap().to_vec(), PDF);
}
