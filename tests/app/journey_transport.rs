//! The real transport cost in a real browser, on a phone: the partnership's coordinator records
//! the carrier's invoice on a collected shipment (a mistyped amount first, in French), reads the
//! shares in English; the household follows the link of the email explaining its new bill and
//! reads on its campaign page, in Dutch, what the transport really cost.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::browser::{
    browser, click, fill, html_attr, log_in_with, log_out, overflows, set_date, wait_for,
    wait_for_text,
};
use crate::builders::{HOUSEHOLD, PASSWORD};
use crate::group_orders::scene;
use crate::shipments::ordered_campaign;
use crate::transport_costs::collected;

#[tokio::test]
async fn a_coordinator_records_the_carriers_invoice_on_a_phone_and_the_household_reads_its_share() {
    let Some(b) = browser().await else { return };
    b.phone().await;
    let c = &b.client;
    let s = scene(None).await;
    let app = &s.app;
    let (campaign, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    let id = collected(&s, &[(campaign, tifawin), (campaign, achbaro)]).await;
    let today = app.clock_now().date_naive().to_string();

    log_in_with(c, app, &s.partnership.coordinator, PASSWORD).await;
    c.goto(&app.url(&format!("/shipments/{id}?lang=fr")))
        .await
        .unwrap();
    let form = "form[action$='/carrier-invoice']";
    wait_for(c, form).await;
    fill(c, "invoice_reference", "TS-2026-0412").await;
    set_date(c, "invoiced_on", &today).await;
    fill(c, "amount", "douze euros").await;
    click(c, &format!("{form} button[type='submit']")).await;
    let error = wait_for(c, "#amount-error").await.text().await.unwrap();
    assert!(!error.is_empty());
    assert_eq!(app.count("carrier_invoices").await, 0);
    // What was typed is still there: only the amount is typed again.
    let kept = c
        .find(fantoccini::Locator::Id("invoice_reference"))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap();
    assert_eq!(kept.as_deref(), Some("TS-2026-0412"));
    fill(c, "amount", "12,34").await;
    click(c, &format!("{form} button[type='submit']")).await;
    let table = wait_for_text(c, "#transport-shares", "12,34").await;
    assert!(table.contains("Les membres paient le coût réel"), "{table}");
    assert_eq!(app.count("carrier_invoices").await, 1);
    assert!(!overflows(c).await, "the shares fit a phone");

    // The same in English.
    click(c, "a[hreflang='en']").await;
    let table = wait_for_text(c, "#transport-shares", "The members pay the real cost").await;
    assert!(
        table.contains("10.00") || table.contains("10,00"),
        "{table}"
    );
    assert_eq!(html_attr(c, "lang").await.as_deref(), Some("en"));
    assert!(!overflows(c).await);
    log_out(c).await;

    // The household's email explains the new bill and links to the campaign.
    let mail = entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Template.eq("campaign_result"))
        .filter(entity::outbox_message::Column::ToEmail.eq(HOUSEHOLD))
        .order_by_desc(entity::outbox_message::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .expect("the result email after the invoice");
    assert!(
        mail.body_text.contains("au lieu des 10,00"),
        "{}",
        mail.body_text
    );
    let link = mail
        .body_text
        .split_whitespace()
        .find(|w| w.contains(&format!("/campaigns/{campaign}")))
        .expect("a link to the campaign")
        .to_owned();
    c.goto(&link).await.unwrap();
    wait_for(c, "form[action='/login']").await;
    fill(c, "email", HOUSEHOLD).await;
    fill(c, "password", PASSWORD).await;
    click(c, "form[action='/login'] button[type='submit']").await;
    let real = wait_for_text(c, "#campaign-real-transport", "12,34").await;
    assert!(real.contains("10,00"), "{real}");
    click(c, "a[hreflang='nl']").await;
    let real = wait_for_text(c, "#campaign-real-transport", "werkelijke kosten").await;
    assert!(real.contains("12,34"), "{real}");
    assert!(!overflows(c).await);
    b.close().await;
}
