//! The weeks of collective orders in a real browser, through the pages only, from the emailed
//! link or the login to the end state: a household (phone, French and Dutch), a group coordinator (French
//! then Dutch) with the partnership's treasurer, and a producer (phone, Arabic).

use entity::campaign::CampaignState;
use fantoccini::{Client, Locator};
use passerelle::money::Cents;
use passerelle::web::i18n::Lang;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::browser::{browser, click, fill, html_attr, log_in, path, text, wait_for};
use crate::group_flow::{link_path, outbox};
use crate::group_orders::{JETTE, cased, close_early, demo_scene, member, open_campaign, put_line};
use crate::helpers::{DEMO_PASSWORD, TestApp};

/// Spaces as the browser may return them (no-break, narrow no-break) made plain.
fn spaces(s: &str) -> String {
    s.replace(['\u{a0}', '\u{202f}'], " ")
}

/// Waits until the campaign's (or purchase order's) state badge reads `label`.
async fn wait_state(c: &Client, id: &str, label: &str) {
    c.wait()
        .for_element(Locator::XPath(&format!(
            "//span[@id='{id}' and normalize-space(text())=\"{label}\"]"
        )))
        .await
        .unwrap_or_else(|e| panic!("waiting for {id} = {label}: {e}"));
}

/// Logs in on the login page the browser was sent to (a link followed while logged out).
async fn log_in_here(c: &Client, email: &str) {
    wait_for(c, "form[action='/login']").await;
    fill(c, "email", email).await;
    fill(c, "password", DEMO_PASSWORD).await;
    click(c, "form[action='/login'] button[type='submit']").await;
}

async fn log_out(c: &Client) {
    click(c, "form[action='/logout'] button[type='submit']").await;
    wait_for(c, "nav a[href='/login']").await;
}

async fn producers(app: &TestApp) -> (i64, i64) {
    let all = entity::producer::Entity::find().all(&app.db).await.unwrap();
    let id = |name: &str| all.iter().find(|p| p.name.contains(name)).unwrap().id.get();
    (id("Tifawin"), id("Achbaro"))
}

fn of_producer(c: &Value, producer: i64) -> Vec<Value> {
    cased(c, 1)
        .into_iter()
        .filter(|p| p["producer_id"] == producer)
        .collect()
}

#[tokio::test]
async fn a_household_orders_from_the_opening_email_and_pays_from_the_result_email() {
    household_week("fr").await;
}

#[tokio::test]
async fn a_dutch_speaking_household_orders_and_pays_in_dutch() {
    household_week("nl").await;
}

/// A household's order, from the opening email to the payment page, on a phone, for an account
/// whose language is `lang`: the emails, the login and the pages speak it.
async fn household_week(lang: &str) {
    let Some(b) = browser().await else { return };
    b.phone().await;
    let s = demo_scene().await;
    let app = &s.app;
    let email = format!("member1.{JETTE}@demo.passerelle.test");
    entity::user::Entity::update_many()
        .col_expr(
            entity::user::Column::Locale,
            sea_orm::sea_query::Expr::value(lang),
        )
        .filter(entity::user::Column::Email.eq(email.as_str()))
        .exec(&app.db)
        .await
        .unwrap();
    let campaign = open_campaign(&s, json!({"title": "Commande de Noël"})).await;
    let id = campaign["id"].as_i64().unwrap();
    let c = &b.client;

    // The opening email's link, logged out: the login page, then the campaign.
    let mail = outbox(app, &email, "campaign_news").await;
    let link = link_path(&mail.body_text, "/campaigns/");
    c.goto(&app.url(&link)).await.unwrap();
    assert_eq!(
        html_attr(c, "lang").await.as_deref(),
        Some(lang),
        "the login page"
    );
    log_in_here(c, &email).await;
    wait_for(c, "form#basket").await;
    assert_eq!(path(c).await, format!("/campaigns/{id}"));
    assert_eq!(
        html_attr(c, "lang").await.as_deref(),
        Some(lang),
        "the campaign"
    );

    // Two products filled in the one form; one button saves the basket.
    let products = cased(&campaign, 1);
    let (p1, p2) = (&products[0], &products[1]);
    let mut expected = 0;
    for (p, q) in [(p1, p1["case_size"].as_i64().unwrap()), (p2, 2)] {
        fill(c, &format!("quantity-{}", p["product_id"]), &q.to_string()).await;
        expected += q * p["price_cents"].as_i64().unwrap();
    }
    // The running total follows what is typed, before saving.
    let running = spaces(&text(c, "#basket-amount").await);
    assert_eq!(running, spaces(&Cents(expected).euros()), "while typing");
    click(c, "#basket-bar button[type='submit']").await;
    wait_for(c, "#basket-saved").await;
    let total = spaces(&text(c, "#basket-total").await);
    assert!(
        total.contains(&spaces(&Cents(expected).euros())),
        "the running total: {total}"
    );

    // The close (the coordinators'), then the result email's link: the result and the payment.
    let res = close_early(&s, id).await;
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    let mail = outbox(app, &email, "campaign_result").await;
    let link = link_path(&mail.body_text, "/campaigns/");
    c.goto(&app.url(&link)).await.unwrap();
    let shown = spaces(&wait_for(c, "#result-total").await.text().await.unwrap());
    let user = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(email.as_str()))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let share = entity::campaign_share::Entity::find()
        .filter(entity::campaign_share::Column::CampaignId.eq(id))
        .filter(entity::campaign_share::Column::UserId.eq(user.id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(shown, spaces(&share.total_cents.euros()));
    click(c, "a.button[href^='/pay/']").await;
    wait_for(c, "code.ogm").await;
    assert!(path(c).await.starts_with("/pay/"));
    let amount = spaces(&text(c, "dd.figure").await);
    assert_eq!(amount, spaces(&share.total_cents.euros()));
    assert_eq!(
        html_attr(c, "lang").await.as_deref(),
        Some(lang),
        "the payment page"
    );
    b.close().await;
}

#[tokio::test]
async fn a_group_coordinator_runs_an_order_to_settled() {
    let Some(b) = browser().await else { return };
    let s = demo_scene().await;
    let app = &s.app;
    let (tifawin, achbaro) = producers(app).await;
    let c = &b.client;
    let coordinator = format!("group.{JETTE}@demo.passerelle.test");

    // French: open the window with both producers of the partnership.
    log_in(c, app, &coordinator).await;
    c.goto(&app.url("/groups/gac-jette")).await.unwrap();
    click(c, "a[href='/groups/gac-jette/campaigns/new']").await;
    let title = wait_for(c, "#title").await;
    let suggested = title.prop("value").await.unwrap().unwrap_or_default();
    assert!(suggested.starts_with("Commande d"), "{suggested}");
    assert!(!suggested.contains("de octobre") && !suggested.contains("de avril"));
    fill(c, "title", "Commande de Noël").await;
    click(c, &format!("#producer-{tifawin}")).await;
    click(c, &format!("#producer-{achbaro}")).await;
    click(c, "form[action$='/campaigns/new'] button[type='submit']").await;
    wait_for(c, "#campaign-state").await;
    let id: i64 = path(c)
        .await
        .trim_start_matches("/campaigns/")
        .parse()
        .unwrap();

    // Households order: a case of argan oil, and one jar of honey that will not make a case.
    let campaign: Value = app
        .get_json(&format!("/api/v1/campaigns/{id}"), Some(&s.coordinator))
        .await
        .1;
    let argan = &of_producer(&campaign, tifawin)[0];
    let honey = &of_producer(&campaign, achbaro)[0];
    let amina = member(&s, "amina@example.org").await;
    let luc = member(&s, "luc@example.org").await;
    let size = argan["case_size"].as_i64().unwrap();
    let argan_id = argan["product_id"].as_i64().unwrap();
    put_line(app, &amina, id, argan_id, size - 2, 0).await;
    put_line(app, &luc, id, argan_id, 2, 0).await;
    put_line(app, &luc, id, honey["product_id"].as_i64().unwrap(), 1, 0).await;

    // Closed early: the page says when it really closed, and waits only for Tifawin.
    c.refresh().await.unwrap();
    click(c, "#confirm_early").await;
    click(c, "form[data-act='close'] button[type='submit']").await;
    wait_state(c, "campaign-state", "Clôturée").await;
    let closed = spaces(&text(c, "#closed-at").await);
    assert!(
        closed.contains(&spaces(&passerelle::web::format::datetime(
            Lang::Fr,
            app.clock_now()
        ))),
        "{closed}"
    );
    let waiting = text(c, "#waiting-producers").await;
    assert!(
        waiting.contains("Tifawin") && !waiting.contains("Achbaro"),
        "{waiting}"
    );
    let ordered = text(c, "#ordered-products").await;
    assert!(ordered.contains("carton incomplet"), "{ordered}");

    // The producer confirms in full (its own page, another journey).
    let producer = app
        .token(
            &format!("producer.{JETTE}@demo.passerelle.test"),
            DEMO_PASSWORD,
        )
        .await;
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/producers/{tifawin}/confirm"),
            &json!({}),
            Some(&producer),
        )
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::OK);

    // In Dutch: ship, record the delivery; settling waits for the shares.
    c.refresh().await.unwrap();
    click(c, "a[hreflang='nl']").await;
    wait_state(c, "campaign-state", "Bevestigd door de producenten").await;
    assert_eq!(html_attr(c, "lang").await.as_deref(), Some("nl"));
    click(c, "form[data-act='ship'] button[type='submit']").await;
    wait_state(c, "campaign-state", "Verzonden").await;
    click(c, "form[data-act='deliver'] button[type='submit']").await;
    wait_state(c, "campaign-state", "Geleverd").await;
    let settle = c
        .find(Locator::Css("form[data-act='settle'] button"))
        .await
        .unwrap();
    assert!(settle.attr("disabled").await.unwrap().is_some(), "not yet");
    let why = text(c, "#reason-settle").await;
    assert!(why.contains("2 aandelen zijn nog niet vereffend"), "{why}");

    // The partnership's treasurer records the two transfers on the payments page.
    log_out(c).await;
    log_in(c, app, &format!("coordinator.{JETTE}@demo.passerelle.test")).await;
    let shares = entity::campaign_share::Entity::find()
        .filter(entity::campaign_share::Column::CampaignId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(shares.len(), 2);
    for sh in &shares {
        let r = entity::payment_request::Entity::find_by_id(sh.payment_request_id.unwrap())
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        c.goto(&app.url(&format!("/partnerships/{JETTE}/payments")))
            .await
            .unwrap();
        wait_for(c, "#reference").await;
        fill(c, "reference", &r.reference).await;
        fill(
            c,
            "amount",
            &spaces(&r.amount_cents.euros()).replace(" €", ""),
        )
        .await;
        let today = app.clock_now().date_naive().to_string();
        c.execute(
            "document.getElementById('received_on').value = arguments[0];",
            vec![json!(today)],
        )
        .await
        .unwrap();
        click(c, "form[action$='/payments/record'] button[type='submit']").await;
        wait_for(c, ".flash-success").await;
    }

    // Back as the group's coordinator: settled.
    log_out(c).await;
    log_in(c, app, &coordinator).await;
    c.goto(&app.url(&format!("/campaigns/{id}"))).await.unwrap();
    let settle = wait_for(c, "form[data-act='settle'] button").await;
    assert!(
        settle.attr("disabled").await.unwrap().is_none(),
        "now possible"
    );
    settle.click().await.unwrap();
    wait_state(c, "campaign-state", "Afgerekend").await;
    let state = entity::campaign::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .state;
    assert_eq!(state, CampaignState::Settled);
    b.close().await;
}

#[tokio::test]
async fn a_producer_confirms_a_lowered_order_from_the_email_in_arabic() {
    let Some(b) = browser().await else { return };
    b.phone().await;
    let s = demo_scene().await;
    let app = &s.app;
    let (tifawin, _) = producers(app).await;
    let email = format!("producer.{JETTE}@demo.passerelle.test");
    entity::user::Entity::update_many()
        .col_expr(
            entity::user::Column::Locale,
            sea_orm::sea_query::Expr::value("ar"),
        )
        .filter(entity::user::Column::Email.eq(email.as_str()))
        .exec(&app.db)
        .await
        .unwrap();
    let campaign = open_campaign(&s, json!({})).await;
    let id = campaign["id"].as_i64().unwrap();
    let argan = &of_producer(&campaign, tifawin)[0];
    let (pid, size) = (
        argan["product_id"].as_i64().unwrap(),
        argan["case_size"].as_i64().unwrap(),
    );
    let amina = member(&s, "amina@example.org").await;
    put_line(app, &amina, id, pid, 2 * size, 0).await;
    let res = close_early(&s, id).await;
    assert_eq!(res.status(), reqwest::StatusCode::OK);

    // The purchase order's email, in Arabic; its link opens the login page in Arabic.
    let mail = outbox(app, &email, "purchase_order").await;
    let link = link_path(&mail.body_text, "/producer/");
    let c = &b.client;
    c.goto(&app.url(&link)).await.unwrap();
    wait_for(c, "form[action='/login']").await;
    assert_eq!(html_attr(c, "dir").await.as_deref(), Some("rtl"));
    log_in_here(c, &email).await;
    wait_state(c, "order-state", "للتأكيد").await;
    // Product names and units are isolated from the Arabic text around them.
    let name = c
        .find(Locator::Css("form[data-act='confirm'] .offer-name bdi"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(!name.is_empty());

    // Lower the quantity and confirm: the confirmed result is shown, not the form again.
    let lowered = (2 * size - 5).to_string();
    fill(c, &format!("units-{pid}"), &lowered).await;
    click(c, "form[data-act='confirm'] button[type='submit']").await;
    wait_state(c, "order-state", "للشحن").await;
    let cell = text(c, &format!("td.confirmed-units[data-product='{pid}']")).await;
    assert_eq!(cell, lowered);
    assert!(
        c.find(Locator::Css(&format!("input#units-{pid}")))
            .await
            .is_err(),
        "no form with the original quantity"
    );
    let cp = entity::campaign_product::Entity::find()
        .filter(entity::campaign_product::Column::CampaignId.eq(id))
        .filter(entity::campaign_product::Column::ProductId.eq(pid))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(cp.confirmed_units, Some(2 * size as i32 - 5));
    b.close().await;
}
