//! A shipment in a real browser, on a phone: the partnership's coordinator logs in, opens the
//! shipments from the partnership page, creates one, puts the two confirmed purchase orders in
//! it, records that the goods were collected (in French), reads it again in Dutch, and appoints
//! a logistics person; a household of the group sees on its campaign page where its goods are;
//! the logistics person records a delay on the phone, and the household's email and campaign
//! page give the new pickup date.

use fantoccini::Locator;

use passerelle::web::format;
use passerelle::web::i18n::Lang;

use crate::browser::{
    browser, click, fill, html_attr, log_in_with, log_out, overflows, path, set_date, wait_for,
    wait_for_text,
};
use crate::builders::{HOUSEHOLD, PASSWORD};
use crate::group_orders::scene;
use crate::shipment_delays::{day, delivery_on};
use crate::shipment_logistics::LOGISTICS;
use crate::shipments::{customs, goods_news, ordered_campaign};

#[tokio::test]
async fn a_coordinator_builds_a_shipment_on_a_phone_and_the_household_sees_where_its_goods_are() {
    let Some(b) = browser().await else { return };
    b.phone().await;
    let c = &b.client;
    let s = scene(None).await;
    let app = &s.app;
    let (campaign, _, _) = ordered_campaign(&s, HOUSEHOLD, true).await;
    customs(app).await;
    app.user_token(LOGISTICS).await;
    let slug = &s.partnership.slug;

    // From the partnership page to a new shipment.
    log_in_with(c, app, &s.partnership.coordinator, PASSWORD).await;
    c.goto(&app.url(&format!("/partnerships/{slug}")))
        .await
        .unwrap();
    click(c, &format!("a[href='/partnerships/{slug}/shipments']")).await;
    let form = format!("form[action='/partnerships/{slug}/shipments']");
    wait_for(c, &form).await;
    assert_eq!(html_attr(c, "lang").await.as_deref(), Some("fr"));
    fill(c, "origin", "Chtouka-Aït Baha").await;
    fill(c, "carrier", "Trans Souss").await;
    set_date(c, "expected_on", &day(app, 10).to_string()).await;
    click(c, &format!("{form} button[type='submit']")).await;
    wait_for(c, "#shipment-step").await;
    let page = path(c).await;
    assert!(page.starts_with("/shipments/"), "{page}");
    assert_eq!(app.count("shipments").await, 1);

    // The two confirmed purchase orders, one after the other.
    let add = "form[action$='/orders'] button[type='submit']";
    click(c, add).await;
    wait_for(c, "#shipment-totals").await;
    click(c, add).await;
    let totals = wait_for_text(c, "#shipment-totals", "32").await;
    assert_eq!(app.count("shipment_orders").await, 2);
    // 20 bottles and 12 pots, 3 cases, 18 kg net, 442,00 €.
    let totals = totals.replace(['\u{a0}', '\u{202f}'], " ");
    assert!(totals.contains("18,000 kg"), "{totals}");
    assert!(totals.contains("442,00 €"), "{totals}");
    assert!(!overflows(c).await, "the shipment page fits a phone");

    // The goods are collected today.
    let today = app.clock_now().date_naive().to_string();
    set_date(c, "on", &today).await;
    fill(c, "note", "Ramassage à la coopérative").await;
    click(c, "form[action$='/steps'] button[type='submit']").await;
    wait_for_text(c, "#shipment-step", "Collectée").await;
    let timeline = wait_for_text(c, "#shipment-timeline", "Ramassage à la coopérative").await;
    assert!(timeline.contains("Collectée"), "{timeline}");
    assert!(
        c.find(Locator::Css("form[action$='/remove']"))
            .await
            .is_err(),
        "orders can no longer be taken out once collected"
    );

    // The same page in Dutch.
    click(c, "a[hreflang='nl']").await;
    wait_for_text(c, "#shipment-step", "Opgehaald").await;
    assert_eq!(html_attr(c, "lang").await.as_deref(), Some("nl"));
    let heading = wait_for(c, "h1").await.text().await.unwrap();
    assert!(heading.starts_with("Zending SH-"), "{heading}");
    assert!(!overflows(c).await, "the Dutch page fits a phone too");
    let reference = heading
        .trim_start_matches("Zending ")
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_owned();

    // The coordinator appoints a logistics person by the email of their account.
    c.goto(&app.url(&format!("/partnerships/{slug}/shipments?lang=fr")))
        .await
        .unwrap();
    fill(c, "email", LOGISTICS).await;
    click(
        c,
        &format!("form[action='/partnerships/{slug}/logistics'] button[type='submit']"),
    )
    .await;
    wait_for_text(c, "#logistics-people", LOGISTICS).await;
    assert!(!overflows(c).await, "the shipments page fits a phone");

    // The household reads on its campaign page where its goods are.
    log_out(c).await;
    log_in_with(c, app, HOUSEHOLD, PASSWORD).await;
    c.goto(&app.url(&format!("/campaigns/{campaign}?lang=fr")))
        .await
        .unwrap();
    let where_ = wait_for_text(c, "#campaign-shipment", &reference).await;
    assert!(where_.contains("Collectée"), "{where_}");

    // The logistics person finds the shipment on their own page and records a four days' delay.
    log_out(c).await;
    log_in_with(c, app, LOGISTICS, PASSWORD).await;
    c.goto(&app.url("/me?lang=fr")).await.unwrap();
    click(c, &format!("a[href='{page}']")).await;
    wait_for(c, "#shipment-delay").await;
    click(c, "#shipment-delay summary").await;
    set_date(c, "expected_on", &day(app, 14).to_string()).await;
    fill(c, "delay_note", "Le camion attend au port de Tanger Med").await;
    click(c, "form[action$='/delay'] button[type='submit']").await;
    let timeline = wait_for_text(c, "#shipment-timeline", "Retardée au").await;
    assert!(timeline.contains("Tanger Med"), "{timeline}");
    assert!(!overflows(c).await, "the delayed shipment fits a phone");
    let moved = day(app, 16);
    assert_eq!(delivery_on(app, campaign).await, moved);

    // The household's email names the new date, and so does its campaign page.
    let mails = goods_news(app, "Retard").await;
    assert_eq!(mails.len(), 1);
    let new_date = format::date(Lang::Fr, moved);
    assert!(
        mails[0].body_text.contains(&new_date),
        "{}",
        mails[0].body_text
    );
    log_out(c).await;
    log_in_with(c, app, HOUSEHOLD, PASSWORD).await;
    c.goto(&app.url(&format!("/campaigns/{campaign}?lang=fr")))
        .await
        .unwrap();
    wait_for_text(c, "main", &new_date).await;
    b.close().await;
}
