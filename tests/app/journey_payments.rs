//! The treasurers' week in a real browser, through the pages only: the partnership's treasurer
//! finds a member's share by the communication written on the bank statement, records a part,
//! then the rest, refunds a part, and the member's payment page agrees (amount left, QR code);
//! a group's coordinator imports the statement of the group's own account.

use entity::payment_request::RequestStatus;
use fantoccini::Locator;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::browser::{browser, click, fill, log_in, path, text, wait_for};
use crate::helpers::TestApp;
use crate::payment_pages::{JETTE_GROUP, JETTE_TREASURER, row};
use passerelle::payments::domain::Ogm;

/// An open share of GAC Jette's closed campaign (the demo bills its members).
async fn open_share(app: &TestApp) -> entity::payment_request::Model {
    let gac = entity::consumer_group::Entity::find()
        .filter(entity::consumer_group::Column::Slug.eq("gac-jette"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    entity::payment_request::Entity::find()
        .filter(entity::payment_request::Column::GroupId.eq(gac.id))
        .filter(entity::payment_request::Column::Status.eq(RequestStatus::Open))
        .filter(entity::payment_request::Column::AmountCents.gte(1000))
        .order_by_asc(entity::payment_request::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("an open share of GAC Jette")
}

fn euros(cents: i64) -> String {
    format!("{},{:02}", cents / 100, cents % 100)
}

/// Finds the request from the books page by typing the communication as written.
async fn find_by_communication(c: &fantoccini::Client, written: &str) {
    fill(c, "communication", written).await;
    click(c, "button[data-action='find']").await;
    wait_for(c, "#request-status").await;
}

/// The text of an element as a person reads it (no-break spaces as spaces).
async fn shown(c: &fantoccini::Client, css: &str) -> String {
    text(c, css).await.replace(['\u{a0}', '\u{202f}'], " ")
}

fn money(cents: i64) -> String {
    format!("{} €", euros(cents))
}

async fn log_out(c: &fantoccini::Client) {
    click(c, "form[action='/logout'] button").await;
    wait_for(c, "a[href='/login']").await;
}

async fn treasurer_journey(lang: &str, still_owed: bool) {
    let Some(b) = browser().await else { return };
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    let r = open_share(&app).await;
    let ogm = Ogm::parse(&r.ogm).unwrap();
    let part = 500;
    let refund = 200;

    log_in(c, &app, JETTE_TREASURER).await;
    c.goto(&app.url("/partnerships/jette-sidi-bibi"))
        .await
        .unwrap();
    if lang != "fr" {
        click(c, &format!("a[hreflang='{lang}']")).await;
        wait_for(c, &format!("html[lang='{lang}']")).await;
    }
    click(c, "a[href='/partnerships/jette-sidi-bibi/payments']").await;
    wait_for(c, "#communication").await;

    // The statement says +++xxx/xxxx/xxxxx+++: typed as it is.
    find_by_communication(c, &ogm.formatted()).await;
    assert_eq!(path(c).await, format!("/payments/requests/{}", r.reference));
    fill(c, "amount", &euros(part)).await;
    click(c, "button[data-action='record_transfer']").await;
    wait_for(c, ".flash-success").await;
    assert_eq!(
        shown(c, "#request-remaining").await,
        money(r.amount_cents.get() - part)
    );

    // The rest, found by the bare digits of another statement line.
    click(c, "nav.breadcrumb a").await;
    wait_for(c, "#communication").await;
    find_by_communication(c, ogm.digits()).await;
    fill(c, "amount", &euros(r.amount_cents.get() - part)).await;
    click(c, "button[data-action='record_transfer']").await;
    wait_for(c, ".flash-success").await;
    assert_eq!(row(&app, r.id).await.status, RequestStatus::Paid);
    assert_eq!(shown(c, "#request-remaining").await, money(0));

    // A part refunded (a product missing); in one language the member still owes it.
    fill(c, "refund_amount", &euros(refund)).await;
    fill(c, "refund_reason", "produit manquant").await;
    if still_owed {
        click(c, "#still_owed").await;
    }
    click(c, "button[data-action='refund']").await;
    wait_for(c, "#refunds-title").await;
    let now = row(&app, r.id).await;
    let left = if still_owed { refund } else { 0 };
    assert_eq!(
        (
            (now.paid_cents - now.refunded_cents).get(),
            (now.amount_cents - (now.paid_cents - now.refunded_cents)).get()
        ),
        (r.amount_cents.get() - refund, left)
    );
    assert_eq!(shown(c, "#request-remaining").await, money(left));
    log_out(c).await;

    // The member's payment page says what is left, and its QR code asks exactly that.
    log_in(c, &app, &r.payer_email).await;
    c.goto(&app.url(&format!("/pay/{}", r.reference)))
        .await
        .unwrap();
    wait_for(c, "#pay-status").await;
    let page = c.source().await.unwrap();
    if still_owed {
        assert_eq!(shown(c, "#pay-remaining").await, money(left));
        let qr = crate::payments::decode_svg_qr(&page);
        assert!(
            qr.contains(&format!("\nEUR{}.{:02}\n", left / 100, left % 100)),
            "{qr}"
        );
        assert!(qr.ends_with(ogm.digits()));
    } else {
        assert!(
            c.find(Locator::Css("#pay-remaining")).await.is_err(),
            "nothing left to pay"
        );
        assert!(!page.contains("<svg"), "no QR code asking the refund again");
        assert_eq!(
            shown(c, "#pay-owed").await,
            money(r.amount_cents.get() - refund)
        );
    }
    click(c, "a[data-action='receipt']").await;
    wait_for(c, "#receipt-paid").await;
    assert_eq!(
        shown(c, "#receipt-paid").await,
        money(r.amount_cents.get() - refund)
    );
    b.close().await;
}

#[tokio::test]
async fn the_treasurer_records_a_members_transfers_and_a_refund_in_french() {
    treasurer_journey("fr", false).await;
}

#[tokio::test]
async fn the_treasurer_records_a_members_transfers_and_a_refund_in_dutch() {
    treasurer_journey("nl", true).await;
}

#[tokio::test]
async fn a_group_treasurer_imports_the_statement_of_the_groups_own_account() {
    let Some(b) = browser().await else { return };
    let app = TestApp::spawn_demo().await;
    let c = &b.client;
    let r = open_share(&app).await;
    let ogm = Ogm::parse(&r.ogm).unwrap();

    log_in(c, &app, JETTE_GROUP).await;
    c.goto(&app.url("/groups/gac-jette")).await.unwrap();
    wait_for(c, "a[href='/groups/gac-jette/payments']").await;
    // The group's own account, given on the group's page.
    click(c, "details summary").await;
    fill(c, "account_name", "GAC Jette asbl").await;
    fill(c, "iban", "BE68 5390 0754 7034").await;
    click(
        c,
        "form[action='/groups/gac-jette/account'] button[type='submit']",
    )
    .await;
    wait_for(c, ".flash-success").await;
    click(c, "a[href='/groups/gac-jette/payments']").await;
    wait_for(c, "#statement").await;

    let csv = b.temp_path("extrait-gac.csv");
    std::fs::write(
        &csv,
        format!(
            "Date;Montant;Communication;Contrepartie\n\
             02/12/2026;{};{};{}\n\
             03/12/2026;9,99;virement sans communication;Inconnu\n",
            euros(r.amount_cents.get()),
            ogm.formatted(),
            r.payer_name
        ),
    )
    .unwrap();
    c.find(Locator::Id("statement"))
        .await
        .unwrap()
        .send_keys(&csv.display().to_string())
        .await
        .unwrap();
    click(c, "button[data-action='import']").await;
    wait_for(c, "#import-report").await;
    let report = text(c, "#import-report").await;
    assert!(
        report.contains("1 paiement appliqué") && report.contains("1 ligne à rapprocher"),
        "{report}"
    );
    assert_eq!(row(&app, r.id).await.status, RequestStatus::Paid);
    // The line without communication waits, with its "match by hand" form.
    assert!(text(c, "#unmatched-title").await.contains("rapprocher"));
    assert!(
        c.find(Locator::Css("button[data-action='match']"))
            .await
            .is_ok()
    );
    b.close().await;
}
