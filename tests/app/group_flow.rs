//! Collective orders that never get stuck: every state of a campaign and of a purchase order
//! offers its responsible person a way on (or the reason why not yet), producers allotted
//! nothing are not waited for, stock is shown and respected, early closes say when they really
//! closed, producers hear of their orders, and emailed links lead through the login page.

use chrono::Duration;
use entity::campaign::CampaignState;
use entity::payment_request::RequestStatus;
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::{COOPERATIVES_MEMBER, GROUP_COORDINATOR, HOUSEHOLD, PASSWORD};
use crate::group_orders::{
    JETTE, Scene, cased, close_early, member, open_campaign, put_line, scene,
};
use crate::helpers::{DEMO_PASSWORD, TestApp, Visitor, location};

/// A form of a page: where it goes, and whether its submit button can be pressed.
#[derive(Debug)]
pub struct PageForm {
    pub action: String,
    pub enabled: bool,
}

/// The forms of a page with a submit button (disabled buttons say so).
pub fn forms(html: &str) -> Vec<PageForm> {
    let mut out = Vec::new();
    for part in html.split("<form ").skip(1) {
        let body = part.split("</form>").next().unwrap_or("");
        let action = body
            .split("action=\"")
            .nth(1)
            .and_then(|s| s.split('"').next())
            .unwrap_or("")
            .to_owned();
        let buttons: Vec<&str> = body
            .split("<button ")
            .skip(1)
            .map(|b| b.split('>').next().unwrap_or(""))
            .filter(|b| b.contains("type=\"submit\""))
            .collect();
        if buttons.is_empty() {
            continue;
        }
        out.push(PageForm {
            action,
            enabled: buttons.iter().any(|b| !b.contains("disabled")),
        });
    }
    out
}

/// Fails unless the page offers an enabled action under `prefix` (other than `except`), or a
/// disabled one together with its reason.
pub fn assert_offers(html: &str, prefix: &str, except: &[&str], what: &str) {
    let actions: Vec<PageForm> = forms(html)
        .into_iter()
        .filter(|f| f.action.starts_with(prefix) && !except.iter().any(|e| f.action.ends_with(e)))
        .collect();
    let enabled = actions.iter().any(|f| f.enabled);
    let explained = actions.iter().any(|f| !f.enabled) && html.contains("action-reason");
    assert!(
        enabled || explained,
        "{what}: no action offered ({actions:?})"
    );
}

/// Fails if the page offers an enabled action under `prefix`.
pub fn assert_no_action(html: &str, prefix: &str, except: &[&str], what: &str) {
    let enabled: Vec<PageForm> = forms(html)
        .into_iter()
        .filter(|f| f.action.starts_with(prefix) && !except.iter().any(|e| f.action.ends_with(e)))
        .filter(|f| f.enabled)
        .collect();
    assert!(enabled.is_empty(), "{what}: {enabled:?}");
}

/// A page's text with the apostrophes the templates escape written back.
pub fn plain(html: &str) -> String {
    html.replace("&#x27;", "'").replace("&#39;", "'")
}

/// The path of the first link to `prefix` in a text.
pub fn link_path(text: &str, prefix: &str) -> String {
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("no link to {prefix} in {text}"));
    text[start..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_owned()
}

/// The latest email of `template` to `to` in the outbox.
pub async fn outbox(app: &TestApp, to: &str, template: &str) -> entity::outbox_message::Model {
    use sea_orm::QueryOrder;
    entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::ToEmail.eq(to))
        .filter(entity::outbox_message::Column::Template.eq(template))
        .order_by_desc(entity::outbox_message::Column::Id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("a {template} email to {to}"))
}

async fn producer_ids_by_name(app: &TestApp) -> (i64, i64) {
    let all = entity::producer::Entity::find().all(&app.db).await.unwrap();
    let id = |name: &str| all.iter().find(|p| p.name.contains(name)).unwrap().id.get();
    (id("Tifawin"), id("Achbaro"))
}

async fn campaign_state(app: &TestApp, id: entity::CampaignId) -> CampaignState {
    entity::campaign::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .state
}

async fn pay_everything(s: &Scene, id: i64) {
    let app = &s.app;
    let shares = entity::campaign_share::Entity::find()
        .filter(entity::campaign_share::Column::CampaignId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    for sh in shares {
        let Some(rid) = sh.payment_request_id else {
            continue;
        };
        let r = entity::payment_request::Entity::find_by_id(rid)
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        if r.status != RequestStatus::Open {
            continue;
        }
        let res = app
            .post_json(
                &format!("/api/v1/payment-requests/{}/payments", r.reference),
                &json!({"amount_cents": r.amount_cents, "received_on": app.clock_now().date_naive().to_string()}),
                Some(&s.coordinator),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
}

#[tokio::test]
async fn every_state_of_a_campaign_and_of_its_purchase_orders_offers_a_way_on() {
    let s = scene(None).await;
    let app = &s.app;
    let (tifawin, achbaro) = producer_ids_by_name(app).await;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let page = format!("/campaigns/{id}");
    let prefix = format!("/campaigns/{id}/");
    let coordinator = app.visitor(GROUP_COORDINATOR, PASSWORD).await;
    let producer = app.visitor(COOPERATIVES_MEMBER, PASSWORD).await;
    let check = |v: &Visitor<'_>, path: String, prefix: String, what: &'static str| {
        let v = v.client.clone();
        let url = app.url(&path);
        async move {
            let res = v.get(url).send().await.unwrap();
            assert_eq!(res.status(), StatusCode::OK, "{what}");
            let html = res.text().await.unwrap();
            assert_offers(&html, &prefix, &["/basket"], what);
            html
        }
    };
    check(&coordinator, page.clone(), prefix.clone(), "open").await;

    // A full case of one product of each producer, and one unit of another that will not make
    // a case (0 units at the close).
    let amina = member(&s, "amina@example.org").await;
    let products: Vec<Value> = cased(&c, 1);
    let of = |producer: i64| -> Vec<&Value> {
        products
            .iter()
            .filter(|p| p["producer_id"] == producer)
            .collect()
    };
    let (t1, t2, a1) = (of(tifawin)[0], of(tifawin)[1], of(achbaro)[0]);
    for (p, q) in [
        (t1, t1["case_size"].as_i64().unwrap()),
        (t2, 1),
        (a1, a1["case_size"].as_i64().unwrap()),
    ] {
        let res = put_line(app, &amina, id, p["product_id"].as_i64().unwrap(), q, 0).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = coordinator
        .submit(
            &page,
            &format!("/campaigns/{id}/close"),
            &[("confirm_early", "on")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        campaign_state(app, entity::CampaignId(id)).await,
        CampaignState::Closed
    );

    // Closed: the coordinators wait for two producers (said on the page) and may cancel.
    let html = check(&coordinator, page.clone(), prefix.clone(), "closed").await;
    assert!(
        plain(&html).contains("2 producteurs n'ont pas encore confirmé leur commande"),
        "{html}"
    );
    let t_order = format!("/producer/{tifawin}/orders/{id}");
    let a_order = format!("/producer/{achbaro}/orders/{id}");
    let html = check(&producer, t_order.clone(), t_order.clone(), "to confirm").await;
    assert!(html.contains("id=\"order-state\">À confirmer"), "{html}");

    // Tifawin lowers its case by one and confirms: it sees what it confirmed, may still change
    // it, and waits for Achbaro before shipping.
    let size = t1["case_size"].as_i64().unwrap();
    let field = format!("units[{}]", t1["product_id"]);
    let res = producer
        .submit(
            &t_order,
            &format!("{t_order}/confirm"),
            &[(&field, &(size - 1).to_string())],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let html = check(&producer, t_order.clone(), t_order.clone(), "waiting").await;
    assert!(html.contains("id=\"order-lines\""), "the confirmed result");
    assert!(
        html.contains(&format!(
            "data-product=\"{}\">{}</td>",
            t1["product_id"],
            size - 1
        )),
        "{html}"
    );
    assert!(
        html.contains("<details class=\"action\" data-act=\"change_confirmation\">"),
        "the form is folded away"
    );
    assert!(
        html.contains("class=\"hint action-reason\""),
        "why shipping waits"
    );
    assert_eq!(
        campaign_state(app, entity::CampaignId(id)).await,
        CampaignState::Closed
    );

    // Achbaro confirms: confirmed; both producers and the coordinators may ship.
    let res = producer
        .submit(&a_order, &format!("{a_order}/confirm"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        campaign_state(app, entity::CampaignId(id)).await,
        CampaignState::Confirmed
    );
    check(&coordinator, page.clone(), prefix.clone(), "confirmed").await;
    let html = check(&producer, a_order.clone(), a_order.clone(), "to ship").await;
    assert!(
        forms(&html)
            .iter()
            .any(|f| f.action.ends_with("/ship") && f.enabled)
    );

    // Shipped by a producer: nothing left to the producer, the coordinators record the delivery.
    let res = producer
        .submit(&a_order, &format!("{a_order}/ship"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        campaign_state(app, entity::CampaignId(id)).await,
        CampaignState::Shipped
    );
    let (_, html) = producer.page(&a_order).await;
    assert_no_action(&html, &a_order, &[], "shipped is the group's turn");
    let html = check(&coordinator, page.clone(), prefix.clone(), "shipped").await;
    assert!(html.contains(&format!("action=\"/campaigns/{id}/deliver\"")));

    // Delivered: settling is shown disabled with how many shares are not paid yet.
    let res = coordinator
        .submit(&page, &format!("/campaigns/{id}/deliver"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        campaign_state(app, entity::CampaignId(id)).await,
        CampaignState::Delivered
    );
    let html = check(&coordinator, page.clone(), prefix.clone(), "delivered").await;
    assert!(
        plain(&html).contains("Une part n'est pas encore réglée"),
        "{html}"
    );
    let (_, en) = coordinator.page(&format!("{page}?lang=en")).await;
    assert!(
        en.contains("disabled aria-describedby=\"reason-settle\""),
        "{en}"
    );

    pay_everything(&s, id).await;
    let html = check(&coordinator, page.clone(), prefix.clone(), "paid").await;
    assert!(
        forms(&html)
            .iter()
            .any(|f| f.action.ends_with("/settle") && f.enabled)
    );
    let res = coordinator
        .submit(&page, &format!("/campaigns/{id}/settle"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        campaign_state(app, entity::CampaignId(id)).await,
        CampaignState::Settled
    );
    // Final states offer nothing more.
    let (_, html) = coordinator.page(&page).await;
    assert_no_action(&html, &prefix, &["/basket", "/collected"], "settled");
}

#[tokio::test]
async fn a_producer_allotted_nothing_is_not_waited_for() {
    let s = scene(None).await;
    let app = &s.app;
    let (tifawin, achbaro) = producer_ids_by_name(app).await;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let amina = member(&s, "amina@example.org").await;
    let products = cased(&c, 1);
    let t = products
        .iter()
        .find(|p| p["producer_id"] == tifawin)
        .unwrap();
    let a = products
        .iter()
        .find(|p| p["producer_id"] == achbaro)
        .unwrap();
    put_line(
        app,
        &amina,
        id,
        t["product_id"].as_i64().unwrap(),
        t["case_size"].as_i64().unwrap(),
        0,
    )
    .await;
    // One jar of honey: the case is not completed, Achbaro gets nothing.
    put_line(app, &amina, id, a["product_id"].as_i64().unwrap(), 1, 0).await;
    let res = close_early(&s, id).await;
    assert_eq!(res.status(), StatusCode::OK);
    let producer = app.visitor(COOPERATIVES_MEMBER, PASSWORD).await;
    // Achbaro has no purchase order: nothing listed, nothing to confirm.
    let (_, list) = producer.page(&format!("/producer/{achbaro}/orders")).await;
    assert!(!list.contains(&format!("/orders/{id}\"")), "{list}");
    let (status, _) = producer
        .page(&format!("/producer/{achbaro}/orders/{id}"))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let token = s.producer.clone();
    let res = app
        .post_json(
            &format!("/api/v1/campaigns/{id}/producers/{achbaro}/confirm"),
            &json!({}),
            Some(&token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    // The coordinators wait for one producer only.
    let coordinator = app.visitor(GROUP_COORDINATOR, PASSWORD).await;
    let (_, html) = coordinator.page(&format!("/campaigns/{id}")).await;
    assert!(html.contains("id=\"waiting-producers\""), "{html}");
    assert!(
        html.contains("Tifawin")
            && !html
                .split("id=\"waiting-producers\"")
                .nth(1)
                .unwrap()
                .split("</p>")
                .next()
                .unwrap()
                .contains("Achbaro")
    );
    // Tifawin confirms: the campaign moves on.
    let order = format!("/producer/{tifawin}/orders/{id}");
    let res = producer
        .submit(&order, &format!("{order}/confirm"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        campaign_state(app, entity::CampaignId(id)).await,
        CampaignState::Confirmed
    );
}

#[tokio::test]
async fn a_close_with_nothing_ordered_cancels_rather_than_waits() {
    let s = scene(None).await;
    let app = &s.app;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let amina = member(&s, "amina@example.org").await;
    let p = &cased(&c, 1)[0];
    put_line(app, &amina, id, p["product_id"].as_i64().unwrap(), 1, 0).await;
    let res = close_early(&s, id).await;
    let r: Value = res.json().await.unwrap();
    assert_eq!(r["state"], "cancelled");
    assert_eq!(
        app.count(&format!("campaign_shares WHERE campaign_id = {id}"))
            .await,
        0
    );
    let mail = outbox_of(app, "amina@example.org", "campaign_news").await;
    assert!(mail.subject.contains("Aucun carton"), "{}", mail.subject);
}

async fn outbox_of(app: &TestApp, to: &str, template: &str) -> entity::outbox_message::Model {
    outbox(app, to, template).await
}

#[tokio::test]
async fn the_demo_autumn_order_waits_only_for_the_producer_with_an_order() {
    let app = TestApp::spawn_demo().await;
    let (tifawin, achbaro) = producer_ids_by_name(&app).await;
    let group = entity::consumer_group::Entity::find()
        .filter(entity::consumer_group::Column::Slug.eq("gac-jette"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let autumn = entity::campaign::Entity::find()
        .filter(entity::campaign::Column::GroupId.eq(group.id))
        .filter(entity::campaign::Column::Title.eq("Commande d'automne"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(autumn.state, CampaignState::Closed);
    let cps = entity::campaign_product::Entity::find()
        .filter(entity::campaign_product::Column::CampaignId.eq(autumn.id))
        .all(&app.db)
        .await
        .unwrap();
    let ordered = |pid: i64| {
        cps.iter()
            .filter(|p| p.producer_id.get() == pid)
            .map(|p| p.ordered_units)
            .sum::<i32>()
    };
    assert!(ordered(tifawin) > 0, "Tifawin has a purchase order");
    assert_eq!(ordered(achbaro), 0, "the demo's shape: Achbaro got nothing");
    let coordinator = app
        .visitor(
            &format!("group.{JETTE}@demo.passerelle.test"),
            DEMO_PASSWORD,
        )
        .await;
    let page = format!("/campaigns/{}", autumn.id);
    let (_, html) = coordinator.page(&page).await;
    assert_offers(
        &html,
        &format!("{page}/"),
        &["/basket"],
        "the demo's closed order",
    );
    let producer = app
        .visitor(
            &format!("producer.{JETTE}@demo.passerelle.test"),
            DEMO_PASSWORD,
        )
        .await;
    let order = format!("/producer/{tifawin}/orders/{}", autumn.id);
    let res = producer
        .submit(&order, &format!("{order}/confirm"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        campaign_state(&app, autumn.id).await,
        CampaignState::Confirmed
    );
    let (_, html) = coordinator.page(&page).await;
    assert!(
        forms(&html)
            .iter()
            .any(|f| f.action.ends_with("/ship") && f.enabled)
    );
}

#[tokio::test]
async fn the_campaign_page_shows_the_stock_and_refuses_what_it_cannot_serve() {
    let s = scene(None).await;
    let app = &s.app;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let products = cased(&c, 1);
    let (p, q) = (&products[0], &products[1]);
    let (pid, qid) = (
        p["product_id"].as_i64().unwrap(),
        q["product_id"].as_i64().unwrap(),
    );
    let size = p["case_size"].as_i64().unwrap();
    let set_stock = |product: i64, stock: Option<i32>| {
        let db = app.db.clone();
        async move {
            entity::product::Entity::update_many()
                .col_expr(
                    entity::product::Column::Stock,
                    sea_orm::sea_query::Expr::value(stock),
                )
                .filter(entity::product::Column::Id.eq(product))
                .exec(&db)
                .await
                .unwrap();
        }
    };
    // Two cases and a bit of the first product; none of the second.
    set_stock(pid, Some((2 * size + 3) as i32)).await;
    set_stock(qid, Some(0)).await;
    member(&s, HOUSEHOLD).await;
    let member = app.visitor(HOUSEHOLD, PASSWORD).await;
    let page = format!("/campaigns/{id}");
    let (_, html) = member.page(&page).await;
    let offer = |html: &str, id: i64| {
        html.split(&format!("id=\"product-{id}\""))
            .nth(1)
            .unwrap()
            .split("</li>")
            .next()
            .unwrap()
            .to_owned()
    };
    assert!(
        offer(&html, qid).contains("Épuisé"),
        "{}",
        offer(&html, qid)
    );
    assert!(
        offer(&html, pid).contains(&format!("plus que {} disponibles", 2 * size)),
        "{}",
        offer(&html, pid)
    );
    // Another member takes a case.
    let amina = member_token(&s).await;
    assert_eq!(
        put_line(app, &amina, id, pid, size, 0).await.status(),
        StatusCode::OK
    );
    // More than the case left, with a valid line beside it: nothing is saved, what was typed
    // comes back with a message at the line. Typed in Arabic-Indic digits.
    let (qf, pf) = (format!("quantity[{qid}]"), format!("quantity[{pid}]"));
    let too_many = (size + 1).to_string();
    let res = member
        .submit(
            &page,
            &format!("/campaigns/{id}/basket"),
            &[(&pf, &too_many), (&qf, "٢")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(
        plain(&offer(&html, pid)).contains(&format!("Il n'en reste que {size} unités")),
        "{}",
        offer(&html, pid)
    );
    assert!(
        offer(&html, qid).contains("Épuisé"),
        "{}",
        offer(&html, qid)
    );
    assert!(
        offer(&html, pid).contains(&format!("value=\"{too_many}\"")),
        "what was typed is kept"
    );
    assert!(html.contains("id=\"basket-errors\""));
    let mine = entity::basket_line::Entity::find()
        .filter(entity::basket_line::Column::CampaignId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(
        mine.len(),
        1,
        "only Amina's line: nothing of this form was saved"
    );
    // What can be served is saved, and said beside the form.
    let res = member
        .submit(
            &page,
            &format!("/campaigns/{id}/basket"),
            &[(&pf, &size.to_string()), (&qf, "٠")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("/campaigns/{id}#basket-bar"));
    let (_, html) = member.page(&page).await;
    assert!(html.contains("id=\"basket-saved\""));
    assert!(offer(&html, pid).contains("Épuisé"), "both cases are taken");
    // The API refuses with 409 and says why.
    let res = put_line(app, &amina, id, qid, 1, 0).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let problem: Value = res.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap_or("")
            .contains("Sold out"),
        "{problem}"
    );
    // Lowering is always possible.
    assert_eq!(
        put_line(app, &amina, id, pid, size - 1, 0).await.status(),
        StatusCode::OK
    );
}

async fn member_token(s: &Scene) -> String {
    member(s, "amina@example.org").await
}

#[tokio::test]
async fn an_early_close_shows_when_it_really_closed() {
    let s = scene(None).await;
    let app = &s.app;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let amina = member(&s, "amina@example.org").await;
    let p = &cased(&c, 1)[0];
    put_line(
        app,
        &amina,
        id,
        p["product_id"].as_i64().unwrap(),
        p["case_size"].as_i64().unwrap(),
        0,
    )
    .await;
    app.advance(Duration::hours(3));
    let closed_at = app.clock_now();
    close_early(&s, id).await;
    let scheduled = entity::campaign::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .closes_at;
    let coordinator = app.visitor(GROUP_COORDINATOR, PASSWORD).await;
    for lang in [
        passerelle::web::i18n::Lang::Fr,
        passerelle::web::i18n::Lang::Nl,
    ] {
        let (_, html) = coordinator
            .page(&format!("/campaigns/{id}?lang={}", lang.code()))
            .await;
        let real = passerelle::web::format::datetime(lang, closed_at);
        let planned = passerelle::web::format::datetime(lang, scheduled);
        let meta = html
            .split("id=\"closed-at\">")
            .nth(1)
            .unwrap()
            .split("</span>")
            .next()
            .unwrap();
        assert!(meta.contains(&real), "{meta} / {real}");
        assert!(
            !html.contains(&planned),
            "the scheduled time is not shown as the close"
        );
    }
}

#[tokio::test]
async fn producers_are_emailed_their_purchase_order_and_see_what_they_confirmed() {
    let s = scene(None).await;
    let app = &s.app;
    let (tifawin, _) = producer_ids_by_name(app).await;
    // The producer reads Arabic.
    entity::user::Entity::update_many()
        .col_expr(
            entity::user::Column::Locale,
            sea_orm::sea_query::Expr::value("ar"),
        )
        .filter(entity::user::Column::Email.eq(COOPERATIVES_MEMBER))
        .exec(&app.db)
        .await
        .unwrap();
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let amina = member(&s, "amina@example.org").await;
    let t = cased(&c, 1)
        .into_iter()
        .find(|p| p["producer_id"] == tifawin)
        .unwrap();
    let (pid, size) = (
        t["product_id"].as_i64().unwrap(),
        t["case_size"].as_i64().unwrap(),
    );
    put_line(app, &amina, id, pid, 2 * size, 0).await;
    close_early(&s, id).await;
    let mail = outbox(app, COOPERATIVES_MEMBER, "purchase_order").await;
    assert!(
        mail.subject.contains("سند طلبية"),
        "in Arabic: {}",
        mail.subject
    );
    assert!(
        mail.body_text.contains("كرتونتان"),
        "two cases, said the Arabic way: {}",
        mail.body_text
    );
    let link = link_path(&mail.body_text, &format!("/producer/{tifawin}/orders/{id}"));
    assert_eq!(link, format!("/producer/{tifawin}/orders/{id}?lang=ar"));
    // The link, logged out: to the login page, and back.
    let anon = TestApp::new_client();
    let res = anon.get(app.url(&link)).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let login = location(&res);
    assert!(login.starts_with("/login?next="), "{login}");
    let producer = app.visitor(COOPERATIVES_MEMBER, PASSWORD).await;
    let field = format!("units[{pid}]");
    let lowered = (2 * size - 3).to_string();
    let order = format!("/producer/{tifawin}/orders/{id}");
    let res = producer
        .submit(&link, &format!("{order}/confirm"), &[(&field, &lowered)])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = producer.page(&link).await;
    assert!(
        html.contains(&format!("data-product=\"{pid}\">{lowered}</td>")),
        "{html}"
    );
    assert!(
        !html.contains(&format!("value=\"{}\"", 2 * size)),
        "no form with the original quantity"
    );
}

#[tokio::test]
async fn links_in_campaign_emails_lead_a_logged_out_member_through_the_login_page() {
    let s = scene(None).await;
    let app = &s.app;
    let email = HOUSEHOLD;
    let token = member(&s, email).await;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let p = &cased(&c, 1)[0];
    let res = put_line(
        app,
        &token,
        id,
        p["product_id"].as_i64().unwrap(),
        p["case_size"].as_i64().unwrap(),
        0,
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = close_early(&s, id).await;
    assert_eq!(res.status(), StatusCode::OK);
    // The opening email, then the result email.
    for template in ["campaign_news", "campaign_result"] {
        let mail = outbox(app, email, template).await;
        let link = link_path(&mail.body_text, "/campaigns/");
        assert_eq!(link, format!("/campaigns/{id}?lang=fr"));
        let browser = TestApp::new_client();
        let res = browser.get(app.url(&link)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER, "{template}");
        let login = location(&res);
        assert_eq!(
            login,
            format!("/login?next=%2Fcampaigns%2F{id}%3Flang%3Dfr")
        );
        let (status, form) = {
            let r = browser.get(app.url(&login)).send().await.unwrap();
            (r.status(), r.text().await.unwrap())
        };
        assert_eq!(status, StatusCode::OK);
        let token = crate::helpers::csrf_in(&form).unwrap();
        let next = form
            .split("name=\"next\" value=\"")
            .nth(1)
            .and_then(|v| v.split('"').next())
            .unwrap()
            .to_owned();
        let res = browser
            .post(app.url("/login"))
            .form(&[
                ("email", email),
                ("password", PASSWORD),
                ("next", &next),
                ("csrf_token", &token),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
        assert_eq!(location(&res), link, "back to the page of the email");
        let res = browser.get(app.url(&link)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
}
