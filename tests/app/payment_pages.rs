//! The treasurers' pages: finding a request by its communication however it is written,
//! recording and refunding from the page it is on, a group's own books, and refusals in the
//! page's language.
use entity::payment_request::Purpose;
use entity::payment_request::RequestStatus;
use entity::statement_line::LineStatus;
use passerelle::money::Cents;

use chrono::{NaiveDate, Utc};
use passerelle::payments::domain::{Allocation, Ogm};
use passerelle::payments::service::{NewRequest, create_request};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::builders::PASSWORD;
use crate::helpers::{DEMO_PASSWORD, TestApp, location};

pub const JETTE_TREASURER: &str = "coordinator.jette-sidi-bibi@demo.passerelle.test";
/// The treasurer of [`TestApp::partnership`]: its coordinator.
pub const TREASURER: &str = crate::builders::COORDINATOR;
pub const JETTE_GROUP: &str = "group.jette-sidi-bibi@demo.passerelle.test";

pub async fn partnership(app: &TestApp, slug: &str) -> entity::partnership::Model {
    entity::partnership::Entity::find()
        .filter(entity::partnership::Column::Slug.eq(slug))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// A request of `amount` cents of the Jette partnership for `payer_email` (an account).
pub async fn owed(
    app: &TestApp,
    payer_email: &str,
    amount: i64,
    description: &str,
) -> entity::payment_request::Model {
    let p = partnership(app, "jette-sidi-bibi").await;
    let payer = passerelle::accounts::service::find_by_email(&app.db, payer_email)
        .await
        .unwrap()
        .unwrap();
    create_request(
        &app.db,
        NewRequest {
            partnership_id: p.id,
            payer_user_id: Some(payer.id),
            payer_email: payer.email.clone(),
            payer_name: payer.display_name.clone(),
            purpose_type: Purpose::CampaignShare,
            group_id: None,
            purpose_id: 1,
            description: description.into(),
            amount_cents: Cents(amount),
            allocation: Allocation {
                producer_cents: Cents(amount * 3 / 4),
                community_fund_cents: Cents(amount - amount * 3 / 4),
                ..Default::default()
            },
            due_on: NaiveDate::from_ymd_opt(2026, 12, 15),
            fund_project_id: None,
        },
        Utc::now(),
    )
    .await
    .unwrap()
}

pub async fn row(app: &TestApp, id: entity::PaymentRequestId) -> entity::payment_request::Model {
    entity::payment_request::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

/// The search of some books for a communication as typed.
pub fn find_url(books: &str, typed: &str) -> String {
    let q: String = url::form_urlencoded::Serializer::new(String::new())
        .append_pair("communication", typed)
        .finish();
    format!("{books}/find?{q}")
}

/// The ways people write a structured communication (statements, emails, by hand).
fn writings(ogm: &Ogm) -> Vec<String> {
    let d = ogm.digits();
    let arabic: String = ogm
        .formatted()
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(n) => char::from_u32(0x0660 + n).unwrap(),
            None => c,
        })
        .collect();
    vec![
        ogm.formatted(),
        format!("***{}/{}/{}***", &d[..3], &d[3..7], &d[7..]),
        format!("{}/{}/{}", &d[..3], &d[3..7], &d[7..]),
        d.to_owned(),
        format!(" {} {} {} ", &d[..3], &d[3..7], &d[7..]),
        arabic,
    ]
}

#[tokio::test]
async fn a_treasurer_finds_and_records_a_transfer_by_its_communication_however_written() {
    let app = TestApp::spawn().await;
    app.partnership().await;
    app.user_token("amina@example.org").await;
    let r = owed(&app, "amina@example.org", 4000, "Commande de décembre").await;
    let ogm = Ogm::parse(&r.ogm).unwrap();
    app.login(TREASURER, PASSWORD).await;
    let books = "/partnerships/jette-sidi-bibi/payments";
    for written in writings(&ogm) {
        let res = app.get(&find_url(books, &written)).await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{written}");
        assert_eq!(
            location(&res),
            format!("/payments/requests/{}", r.reference),
            "{written}"
        );
    }
    // The request's page opens by its communication in the URL too.
    for path in [
        format!(
            "/payments/requests/{}",
            ogm.formatted().replace('/', "%2F").replace('+', "%2B")
        ),
        format!("/payments/requests/{}", ogm.digits()),
        format!("/payments/requests/{}", r.reference),
        format!(
            "/payments/requests/{}-{}-{}",
            &ogm.digits()[..3],
            &ogm.digits()[3..7],
            &ogm.digits()[7..]
        ),
    ] {
        let (status, page) = app.page(&path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(page.contains(&ogm.formatted()), "{path}");
    }

    // Recorded from the books page by the communication as written on the statement.
    let res = app
        .submit(
            books,
            &format!("{books}/record"),
            &[
                ("reference", &format!("+++{}+++", &writings(&ogm)[2])),
                ("amount", "15,00"),
                ("received_on", "2026-12-02"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), books, "back to the page the form is on");
    let now = row(&app, r.id).await;
    assert_eq!(
        (now.paid_cents.get(), now.status),
        (1500, RequestStatus::PartlyPaid)
    );
    // And from the request's page, with bare digits in its URL.
    let page = format!("/payments/requests/{}", ogm.digits());
    let res = app
        .submit(
            &page,
            &format!("{page}/record"),
            &[("amount", "25,00"), ("received_on", "03/12/2026")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        location(&res),
        format!("/payments/requests/{}", r.reference)
    );
    let now = row(&app, r.id).await;
    assert_eq!(
        (now.paid_cents.get(), now.status),
        (4000, RequestStatus::Paid)
    );

    // A communication nobody was given, or one that fails its check digits: a message on the
    // field, the form kept, never a "page not found".
    let unknown = Ogm::from_base(1_234_567_890).unwrap().formatted();
    let res = app.get(&find_url(books, &unknown)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("id=\"communication-error\""), "{body}");
    assert!(body.contains("vérifiez-la sur le relevé"), "{body}");
    assert!(
        body.contains(&format!("value=\"{unknown}\"")),
        "the form keeps it"
    );
    let mut wrong_check = ogm.digits().to_owned();
    let last = wrong_check.pop().unwrap();
    wrong_check.push(if last == '0' { '1' } else { '0' });
    let res = app
        .submit(
            books,
            &format!("{books}/record"),
            &[
                ("reference", &wrong_check),
                ("amount", "1,00"),
                ("received_on", "2026-12-02"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("id=\"reference-error\""), "{body}");
    assert!(body.contains("ne passe pas le contrôle"), "{body}");
    assert!(body.contains(&format!("value=\"{wrong_check}\"")));

    // The payer opens their page by the communication too; the API reads it as well.
    let payer = app.visitor("amina@example.org", "a long password").await;
    let (status, _) = payer.page(&format!("/pay/{}", ogm.digits())).await;
    assert_eq!(status, StatusCode::OK);
    let treasurer = app.token(TREASURER, PASSWORD).await;
    let (status, dto) = app
        .get_json(
            &format!("/api/v1/payment-requests/{}", ogm.digits()),
            Some(&treasurer),
        )
        .await;
    assert_eq!(
        (status, dto["reference"].as_str()),
        (StatusCode::OK, Some(r.reference.as_str()))
    );
}

#[tokio::test]
async fn an_amount_typed_in_arabic_indic_digits_is_recorded() {
    let app = TestApp::spawn().await;
    app.partnership().await;
    app.user_token("karim@example.org").await;
    let r = owed(&app, "karim@example.org", 1000, "Miel").await;
    app.login(TREASURER, PASSWORD).await;
    let page = format!("/payments/requests/{}?lang=ar", r.reference);
    let (status, html) = app.page(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("dir=\"rtl\""));
    let res = app
        .submit(
            &page,
            &format!("/payments/requests/{}/record", r.reference),
            &[("amount", "٤٫٥٠"), ("received_on", "2026-12-02")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let now = row(&app, r.id).await;
    assert_eq!(
        (now.paid_cents.get(), now.status),
        (450, RequestStatus::PartlyPaid)
    );
    // Names typed by people are isolated on Arabic pages.
    let (_, html) = app.page(&page).await;
    assert!(html.contains("<bdi>karim</bdi>"), "{html}");
}

#[tokio::test]
async fn a_refund_lowers_what_is_owed_unless_the_treasurer_says_the_member_still_owes_it() {
    let app = TestApp::spawn().await;
    app.partnership().await;
    app.user_token("noor@example.org").await;
    let a = owed(&app, "noor@example.org", 3000, "Huile d'argan").await;
    let b = owed(&app, "noor@example.org", 3000, "Amlou").await;
    app.login(TREASURER, PASSWORD).await;
    for r in [&a, &b] {
        let page = format!("/payments/requests/{}", r.reference);
        let res = app
            .submit(
                &page,
                &format!("{page}/record"),
                &[("amount", "30,00"), ("received_on", "2026-12-02")],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    // A bottle broken: 8,00 € back, owed 22,00 €, nothing to pay again.
    let page = format!("/payments/requests/{}", a.reference);
    let res = app
        .submit(
            &page,
            &format!("{page}/refund"),
            &[
                ("refund_amount", "8,00"),
                ("refund_reason", "bouteille cassée"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), page);
    let now = row(&app, a.id).await;
    assert_eq!(
        (
            now.status,
            now.amount_cents.get(),
            now.waived_cents.get(),
            now.refunded_cents.get()
        ),
        (RequestStatus::Paid, 2200, 800, 800)
    );
    // Refunded by mistake from the books page: the member still owes it.
    let books = "/partnerships/jette-sidi-bibi/payments";
    let res = app
        .submit(
            books,
            &format!("{books}/refund"),
            &[
                ("refund_reference", &Ogm::parse(&b.ogm).unwrap().formatted()),
                ("refund_amount", "5,00"),
                ("refund_reason", "erreur"),
                ("still_owed", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), books);
    let now = row(&app, b.id).await;
    assert_eq!(
        (now.status, now.amount_cents.get(), now.waived_cents.get()),
        (RequestStatus::PartlyPaid, 3000, 0)
    );
    // A refund above what the request holds is a message on the field, the form kept.
    let res = app
        .submit(
            books,
            &format!("{books}/refund"),
            &[
                ("refund_reference", &b.reference),
                ("refund_amount", "99,00"),
                ("refund_reason", "trop"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = res.text().await.unwrap();
    assert!(body.contains("id=\"refund_amount-error\""), "{body}");
    assert!(body.contains("value=\"99,00\""));

    // The payer's pages agree: nothing asked on the first; 5,00 € and a QR code of 5,00 € on
    // the second.
    let payer = app.visitor("noor@example.org", "a long password").await;
    let (_, pay_a) = payer.page(&format!("/pay/{}", a.reference)).await;
    assert!(pay_a.contains("Rien à payer"), "{pay_a}");
    assert!(!pay_a.contains("<svg"), "no QR code for nothing");
    assert!(pay_a.contains("22,00"));
    let (_, pay_b) = payer.page(&format!("/pay/{}", b.reference)).await;
    assert!(pay_b.contains("id=\"pay-remaining\">5,00"), "{pay_b}");
    let qr = crate::payments::decode_svg_qr(&pay_b);
    assert!(qr.contains("\nEUR5.00\n"), "{qr}");
    // Their receipt shows what was paid, when and to whom.
    let (status, receipt) = payer.page(&format!("/pay/{}/receipt", a.reference)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        receipt.contains("22,00") && receipt.contains("2 décembre 2026"),
        "{receipt}"
    );
    assert!(receipt.contains(&Ogm::parse(&a.ogm).unwrap().formatted()));
}

#[tokio::test]
async fn a_refusal_leads_back_to_the_page_in_its_language() {
    let app = TestApp::spawn().await;
    app.partnership().await;
    app.user_token("salma@example.org").await;
    let r = owed(&app, "salma@example.org", 2000, "Dattes").await;
    app.login(TREASURER, PASSWORD).await;
    let page = format!("/payments/requests/{}", r.reference);
    let res = app.submit(&page, &format!("{page}/cancel"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(row(&app, r.id).await.status, RequestStatus::Cancelled);
    // Cancelling again is refused: back on the page with the reason, in French then Arabic.
    for (lang, words) in [
        ("fr", "ne peut plus être annulée"),
        ("ar", "لم يعد من الممكن إلغاؤه"),
    ] {
        let from = format!("{page}?lang={lang}");
        let token = app.csrf(&from).await;
        let res = app
            .client
            .post(app.url(&format!("{page}/cancel")))
            .header("referer", app.url(&from))
            .form(&[("csrf_token", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{lang}");
        assert_eq!(location(&res), from, "{lang}: back where the person was");
        let (_, back) = app.page(&from).await;
        assert!(back.contains(words), "{lang}: {back}");
    }
}

/// A group with its own account: its coordinators keep its books (import, record, refund,
/// cancel), for its requests only.
#[tokio::test]
async fn a_group_with_its_own_account_keeps_its_own_books() {
    let app = TestApp::spawn_demo().await;
    let gac = entity::consumer_group::Entity::find()
        .filter(entity::consumer_group::Column::Slug.eq("gac-jette"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let ours: Vec<entity::payment_request::Model> = entity::payment_request::Entity::find()
        .filter(entity::payment_request::Column::GroupId.eq(gac.id))
        .filter(entity::payment_request::Column::Status.eq(RequestStatus::Open))
        .all(&app.db)
        .await
        .unwrap();
    assert!(
        ours.len() >= 2,
        "the demo's closed campaign bills GAC Jette's members"
    );
    app.user_token("outside@example.org").await;
    let theirs = owed(&app, "outside@example.org", 1500, "Hors groupe").await;
    let coordinator = app.visitor(JETTE_GROUP, DEMO_PASSWORD).await;
    // The group page leads to the group's books.
    let (_, group_page) = coordinator.page("/groups/gac-jette").await;
    assert!(group_page.contains("href=\"/groups/gac-jette/payments\""));
    // Without its own account, the import is shown disabled with the reason.
    let (status, books) = coordinator.page("/groups/gac-jette/payments").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        books.contains("data-action=\"import\" data-blocked=\"true\""),
        "{books}"
    );
    let res = coordinator
        .submit(
            "/groups/gac-jette",
            "/groups/gac-jette/account",
            &[
                ("account_name", "GAC Jette asbl"),
                ("iban", "BE68 5390 0754 7034"),
                ("bic", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // A statement of the group's account: the group's shares apply, another request of the
    // partnership does not (it waits to be matched by hand), and only once.
    let ogm = |r: &entity::payment_request::Model| Ogm::parse(&r.ogm).unwrap().formatted();
    let csv = format!(
        "Date;Montant;Communication;Contrepartie\n\
         01/12/2026;{},{:02};{};Membre 1\n\
         01/12/2026;5,00;{};Membre 2\n\
         02/12/2026;15,00;{};Quelqu'un\n",
        ours[0].amount_cents.get() / 100,
        ours[0].amount_cents.get() % 100,
        ogm(&ours[0]),
        ogm(&ours[1]).replace('+', "*"),
        ogm(&theirs),
    );
    let upload = |csv: String| async {
        let (_, books) = coordinator.page("/groups/gac-jette/payments").await;
        let token = crate::helpers::csrf_in(&books).unwrap();
        let form = reqwest::multipart::Form::new()
            .text("csrf_token", token)
            .part(
                "statement",
                reqwest::multipart::Part::bytes(csv.into_bytes())
                    .file_name("gac-decembre.csv")
                    .mime_str("text/csv")
                    .unwrap(),
            );
        coordinator
            .client
            .post(app.url("/groups/gac-jette/payments/import"))
            .multipart(form)
            .send()
            .await
            .unwrap()
    };
    let res = upload(csv.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let report = res.text().await.unwrap();
    assert!(
        report.contains("2 paiements appliqués") && report.contains("1 ligne à rapprocher"),
        "{report}"
    );
    let again = upload(csv).await.text().await.unwrap();
    assert!(again.contains("3 déjà importées"), "{again}");
    assert_eq!(row(&app, ours[0].id).await.status, RequestStatus::Paid);
    assert_eq!(row(&app, ours[1].id).await.paid_cents.get(), 500);
    assert_eq!(
        row(&app, theirs.id).await.paid_cents.get(),
        0,
        "not the group's"
    );
    // The unmatched line is the group's to match, to its own requests only.
    let line = entity::statement_line::Entity::find()
        .filter(entity::statement_line::Column::GroupId.eq(gac.id))
        .filter(entity::statement_line::Column::Status.eq(LineStatus::Unmatched))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let res = coordinator
        .submit(
            "/groups/gac-jette/payments",
            &format!("/groups/gac-jette/payments/lines/{}/match", line.id),
            &[("target", &theirs.reference)],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "not one of the group's"
    );
    let res = coordinator
        .submit(
            "/groups/gac-jette/payments",
            &format!("/groups/gac-jette/payments/lines/{}/match", line.id),
            &[("target", &ogm(&ours[1]))],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(row(&app, ours[1].id).await.paid_cents, Cents(2000));
    // The partnership's books do not list the group's account's lines.
    let treasurer = app.visitor(JETTE_TREASURER, DEMO_PASSWORD).await;
    let (_, p_books) = treasurer
        .page("/partnerships/jette-sidi-bibi/payments")
        .await;
    assert!(!p_books.contains(&format!("lines/{}/match", line.id)));

    // Refund and cancel on the group's requests; never on another request, nor other books.
    let page = format!("/payments/requests/{}", ours[0].reference);
    let res = coordinator
        .submit(
            &page,
            &format!("{page}/refund"),
            &[("refund_amount", "1,00")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let outside = format!("/payments/requests/{}", theirs.reference);
    assert_eq!(
        coordinator.get(&outside).await.status(),
        StatusCode::FORBIDDEN
    );
    let res = coordinator
        .submit(&page, &format!("{outside}/cancel"), &[])
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "a request outside the group"
    );
    assert_eq!(row(&app, theirs.id).await.status, RequestStatus::Open);
    let res = coordinator
        .submit(
            "/groups/gac-jette/payments",
            "/groups/gac-jette/payments/record",
            &[
                ("reference", &theirs.reference),
                ("amount", "1,00"),
                ("received_on", "2026-12-02"),
            ],
        )
        .await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "typed: a field message"
    );
    for path in [
        "/partnerships/jette-sidi-bibi/payments",
        "/groups/gas-josaphat/payments",
    ] {
        assert_eq!(
            coordinator.get(path).await.status(),
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    let token = app.token(JETTE_GROUP, DEMO_PASSWORD).await;
    let res = app
        .client
        .post(app.url("/api/v1/groups/gas-josaphat/statements"))
        .bearer_auth(&token)
        .body("2026-12-01,5.00,x,y\n")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .post_json(
            &format!("/api/v1/payment-requests/{}/cancel", theirs.reference),
            &json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
