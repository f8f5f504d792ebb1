//! Shipments: confirmed purchase orders gathered by the partnership's coordinator, their
//! contents to the gram and the cent, the timeline recorded in order (the campaigns become
//! shipped when the goods leave), and the bad inputs that change nothing.

use entity::campaign::CampaignState;
use reqwest::StatusCode;
use sea_orm::{ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};

use crate::builders::HOUSEHOLD;
use crate::group_orders::{Scene, close_early, member, open_campaign, put_line, scene};
use crate::helpers::TestApp;

pub(crate) const OIL: &str = "Huile d'argan alimentaire";
pub(crate) const HONEY: &str = "Miel d'euphorbe";

fn product<'a>(campaign: &'a Value, name: &str) -> &'a Value {
    campaign["products"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap_or_else(|| panic!("{name} in the campaign"))
}

/// A campaign of the scene's group where a household ordered 24 bottles of culinary argan oil
/// and 12 pots of honey; closed; unless `confirm` is false, the oil's producer confirmed 20
/// bottles only and the honey's producer all of it (the campaign is confirmed).
/// Returns the campaign's id, and the oil's and the honey's producer ids.
pub(crate) async fn ordered_campaign(s: &Scene, household: &str, confirm: bool) -> (i64, i64, i64) {
    let c = open_campaign(s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let token = member(s, household).await;
    let (oil, honey) = (product(&c, OIL), product(&c, HONEY));
    for (p, n) in [(oil, 24), (honey, 12)] {
        let res = put_line(&s.app, &token, id, p["product_id"].as_i64().unwrap(), n, 0).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    assert_eq!(close_early(s, id).await.status(), StatusCode::OK);
    let (tifawin, achbaro) = (
        oil["producer_id"].as_i64().unwrap(),
        honey["producer_id"].as_i64().unwrap(),
    );
    if confirm {
        for (pid, body) in [
            (
                tifawin,
                json!({"lines": [{"product_id": oil["product_id"], "units": 20}]}),
            ),
            (achbaro, json!({})),
        ] {
            let res = s
                .app
                .post_json(
                    &format!("/api/v1/campaigns/{id}/producers/{pid}/confirm"),
                    &body,
                    Some(&s.producer),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
        }
        assert_eq!(state(&s.app, id).await, CampaignState::Confirmed);
    }
    (id, tifawin, achbaro)
}

/// The campaign emails whose subject starts with `subject` in the outbox.
async fn goods_news(app: &TestApp, subject: &str) -> Vec<entity::outbox_message::Model> {
    use sea_orm::{ColumnTrait, QueryFilter};
    entity::outbox_message::Entity::find()
        .filter(entity::outbox_message::Column::Template.eq("campaign_news"))
        .filter(entity::outbox_message::Column::Subject.starts_with(subject))
        .all(&app.db)
        .await
        .unwrap()
}

pub(crate) async fn state(app: &TestApp, id: i64) -> CampaignState {
    entity::campaign::Entity::find_by_id(entity::CampaignId(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .state
}

/// Gives the oil a customs code and 600 g of packaging per case, the honey a customs code.
pub(crate) async fn customs(app: &TestApp) {
    for (name, hs, tare) in [(OIL, "1515900000", Some(600)), (HONEY, "040900", None)] {
        let p = entity::product::Entity::find()
            .all(&app.db)
            .await
            .unwrap()
            .into_iter()
            .find(|p| p.name.exact("fr") == name)
            .unwrap();
        entity::product::Entity::update(entity::product::ActiveModel {
            id: Set(p.id),
            hs_code: Set(Some(hs.into())),
            case_tare_grams: Set(tare),
            ..Default::default()
        })
        .exec(&app.db)
        .await
        .unwrap();
    }
}

/// A shipment of the scene's partnership, by its coordinator.
pub(crate) async fn new_shipment(s: &Scene) -> (i64, Value) {
    let body = json!({"origin": "Chtouka-Aït Baha", "carrier": "Trans Souss",
                      "expected_on": "2026-12-20"});
    new_shipment_in(
        s,
        &s.partnership.slug,
        &s.partnership.coordinator_token,
        body,
    )
    .await
}

/// A shipment of the partnership `slug`, made by `token`'s owner (201 expected).
async fn new_shipment_in(s: &Scene, slug: &str, token: &str, body: Value) -> (i64, Value) {
    let res = s
        .app
        .post_json(
            &format!("/api/v1/partnerships/{slug}/shipments"),
            &body,
            Some(token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    (body["id"].as_i64().unwrap(), body)
}

/// The shipment `id` as its partnership's coordinator reads it.
async fn shipment(s: &Scene, id: i64) -> (StatusCode, Value) {
    s.app
        .get_json(
            &format!("/api/v1/shipments/{id}"),
            Some(&s.partnership.coordinator_token),
        )
        .await
}

pub(crate) async fn add(
    s: &Scene,
    shipment: i64,
    campaign: i64,
    producer: i64,
) -> reqwest::Response {
    add_as(
        s,
        &s.partnership.coordinator_token,
        shipment,
        campaign,
        producer,
    )
    .await
}

async fn add_as(
    s: &Scene,
    token: &str,
    shipment: i64,
    campaign: i64,
    producer: i64,
) -> reqwest::Response {
    s.app
        .post_json(
            &format!("/api/v1/shipments/{shipment}/orders"),
            &json!({"campaign_id": campaign, "producer_id": producer}),
            Some(token),
        )
        .await
}

pub(crate) async fn step(s: &Scene, shipment: i64, step: &str, on: &str) -> reqwest::Response {
    s.app
        .post_json(
            &format!("/api/v1/shipments/{shipment}/steps"),
            &json!({"step": step, "on": on, "note": ""}),
            Some(&s.partnership.coordinator_token),
        )
        .await
}

#[tokio::test]
async fn confirmed_orders_travel_in_a_shipment_from_preparing_to_distributed() {
    let s = scene(None).await;
    let (campaign, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    customs(&s.app).await;
    let (id, created) = new_shipment(&s).await;
    assert_eq!(created["step"], "preparing");
    assert_eq!(created["next_step"], "collected");
    assert!(
        created["reference"].as_str().unwrap().starts_with("SH-"),
        "{created}"
    );
    for producer in [tifawin, achbaro] {
        assert_eq!(
            add(&s, id, campaign, producer).await.status(),
            StatusCode::OK
        );
    }
    let (status, body) = shipment(&s, id).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["purchase_orders"].as_array().unwrap().len(), 2);
    let c = &body["contents"];
    let of = |producer: i64| {
        c["producers"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["producer_id"] == producer)
            .unwrap()
            .clone()
    };
    // 20 bottles confirmed of 24 ordered: 2 cases (one begun), 480 g each, 600 g per case.
    let oil = &of(tifawin)["products"][0];
    assert_eq!(oil["hs_code"], "1515900000");
    assert_eq!(
        (
            &oil["units"],
            &oil["cases"],
            &oil["net_grams"],
            &oil["gross_grams"],
            &oil["value_cents"]
        ),
        (
            &json!(20),
            &json!(2),
            &json!(9600),
            &json!(10800),
            &json!(29800)
        )
    );
    let honey = &of(achbaro)["totals"];
    assert_eq!(
        (
            &honey["units"],
            &honey["cases"],
            &honey["net_grams"],
            &honey["gross_grams"],
            &honey["value_cents"]
        ),
        (
            &json!(12),
            &json!(1),
            &json!(8400),
            &json!(8400),
            &json!(14400)
        )
    );
    let t = &c["totals"];
    assert_eq!(
        (
            &t["units"],
            &t["cases"],
            &t["net_grams"],
            &t["gross_grams"],
            &t["value_cents"]
        ),
        (
            &json!(32),
            &json!(3),
            &json!(18000),
            &json!(19200),
            &json!(44200)
        )
    );

    // The honey leaves with its health certificate.
    let res = s
        .app
        .post_json(
            &format!("/api/v1/shipments/{id}/papers/health_certificate"),
            &json!({"reference": "ONSSA-118",
                    "obtained_on": s.app.clock_now().date_naive().to_string()}),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    // The steps in order; the campaign becomes shipped when the goods leave.
    for (name, on) in [
        ("collected", "2026-12-08"),
        ("export_cleared", "2026-12-09"),
        ("in_transit", "2026-12-09"),
    ] {
        assert_eq!(
            step(&s, id, name, on).await.status(),
            StatusCode::OK,
            "{name}"
        );
    }
    assert_eq!(state(&s.app, campaign).await, CampaignState::Shipped);
    // The household who ordered is told the goods left, in its language, with the page's link.
    let left = goods_news(&s.app, "En route").await;
    assert_eq!(left.len(), 1, "one email to the one household who ordered");
    assert_eq!(left[0].to_email, HOUSEHOLD);
    assert!(
        left[0].body_text.contains("ont quitté le Maroc"),
        "{}",
        left[0].body_text
    );
    assert!(
        left[0]
            .body_text
            .contains(&format!("/campaigns/{campaign}?lang=fr")),
        "{}",
        left[0].body_text
    );
    // The household sees where its goods are on the campaign page.
    s.app.login(HOUSEHOLD, crate::builders::PASSWORD).await;
    let (_, html) = s.app.page(&format!("/campaigns/{campaign}")).await;
    let reference = created["reference"].as_str().unwrap();
    let line = html
        .split("id=\"campaign-shipment\"")
        .nth(1)
        .expect("the shipment on the campaign page");
    let line = line.split("</p>").next().unwrap();
    assert!(
        line.contains("En route") && line.contains(reference),
        "{line}"
    );
    assert!(line.contains("20 décembre 2026"), "{line}");
    for (name, on) in [
        ("import_cleared", "2026-12-14"),
        ("arrived", "2026-12-15"),
        ("distributed", "2026-12-16"),
    ] {
        assert_eq!(
            step(&s, id, name, on).await.status(),
            StatusCode::OK,
            "{name}"
        );
    }
    let arrived = goods_news(&s.app, "Arrivée").await;
    assert_eq!(arrived.len(), 1, "told once that the goods arrived");
    assert!(arrived[0].body_text.contains("sont arrivés en Belgique"));
    assert_eq!(goods_news(&s.app, "En route").await.len(), 1, "not again");
    let (_, body) = shipment(&s, id).await;
    assert_eq!(body["step"], "distributed");
    assert_eq!(body["next_step"], Value::Null);
    assert_eq!(body["timeline"].as_array().unwrap().len(), 6);
    // Nothing after the last step.
    let res = step(&s, id, "distributed", "2026-12-17").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(s.app.count("shipment_events").await, 6);
}

#[tokio::test]
async fn a_purchase_order_travels_in_one_shipment_and_steps_go_in_order() {
    let s = scene(None).await;
    let (campaign, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    let (first, created) = new_shipment(&s).await;
    let (second, _) = new_shipment(&s).await;
    // An empty shipment cannot be collected.
    let res = step(&s, first, "collected", "2026-12-08").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        add(&s, first, campaign, tifawin).await.status(),
        StatusCode::OK
    );
    // The same purchase order in another shipment: 409 naming the first, nothing changed.
    let res = add(&s, second, campaign, tifawin).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let problem: Value = res.json().await.unwrap();
    let reference = created["reference"].as_str().unwrap();
    assert!(
        problem["detail"].as_str().unwrap().contains(reference),
        "{problem}"
    );
    assert_eq!(s.app.count("shipment_orders").await, 1);

    // A step skipped or repeated: 422, nothing changed.
    let res = step(&s, first, "in_transit", "2026-12-08").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["step"].is_array(), "{problem}");
    assert_eq!(s.app.count("shipment_events").await, 0);
    assert_eq!(
        step(&s, first, "collected", "2026-12-10").await.status(),
        StatusCode::OK
    );
    let res = step(&s, first, "collected", "2026-12-11").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    // A step dated before the previous one.
    let res = step(&s, first, "export_cleared", "2026-12-09").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["on"].is_array(), "{problem}");
    // An unknown step, a bad date.
    let res = step(&s, first, "teleported", "soon").await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(s.app.count("shipment_events").await, 1);
    let (_, body) = shipment(&s, first).await;
    assert_eq!(body["step"], "collected");
    // Once collected, its orders no longer change.
    let res = s
        .app
        .delete(
            &format!("/api/v1/shipments/{first}/orders/{campaign}/{tifawin}"),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    assert_eq!(s.app.count("shipment_orders").await, 1);
    // Someone who coordinates both partnerships (an admin) may ship this partnership's order
    // in the other partnership's shipment.
    let other = s.app.other_partnership().await;
    let admin = s.app.admin_token().await;
    let (shared, _) =
        new_shipment_in(&s, &other.slug, &admin, json!({"origin": "Rif et Souss"})).await;
    let res = add_as(&s, &admin, shared, campaign, achbaro).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["contents"]["totals"]["units"], 12);
}

#[tokio::test]
async fn only_confirmed_orders_of_coordinated_partnerships_go_into_a_shipment() {
    let s = scene(None).await;
    let (campaign, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, false).await;
    let (id, _) = new_shipment(&s).await;
    // Closed, not confirmed by the producers yet.
    let res = add(&s, id, campaign, tifawin).await;
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let problem: Value = res.json().await.unwrap();
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("Commande de décembre"),
        "{problem}"
    );
    // A producer with nothing in the campaign.
    let res = add(&s, id, campaign, tifawin + achbaro + 1000).await;
    assert!(res.status().is_client_error());
    assert_eq!(s.app.count("shipment_orders").await, 0);

    // Another partnership's coordinator and the group's coordinator may not see nor act.
    let other = s.app.other_partnership().await;
    for token in [&other.coordinator_token, &s.coordinator] {
        let (status, _) = s
            .app
            .get_json(&format!("/api/v1/shipments/{id}"), Some(token))
            .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        let res = s
            .app
            .post_json(
                &format!("/api/v1/partnerships/{}/shipments", s.partnership.slug),
                &json!({"origin": "Chtouka"}),
                Some(token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
        let res = s
            .app
            .post_json(
                &format!("/api/v1/shipments/{id}/steps"),
                &json!({"step": "collected", "on": "2026-12-08"}),
                Some(token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    // The other partnership's own shipment cannot take this partnership's orders.
    let token = &other.coordinator_token;
    let (theirs, _) = new_shipment_in(&s, &other.slug, token, json!({"origin": "Rif"})).await;
    let res = add_as(&s, token, theirs, campaign, tifawin).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Bad input is described per field.
    let res = s
        .app
        .post_json(
            &format!("/api/v1/partnerships/{}/shipments", s.partnership.slug),
            &json!({"origin": "", "expected_on": "next week"}),
            Some(&s.partnership.coordinator_token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["origin"].is_array() && problem["errors"]["expected_on"].is_array());
    assert_eq!(s.app.count("shipments").await, 2);
}

#[tokio::test]
async fn the_shipments_list_and_a_shipment_run_the_same_queries_for_one_order_and_for_many() {
    let mut counts = Vec::new();
    for n in [1usize, 3] {
        let s = scene(None).await;
        let (id, _) = new_shipment(&s).await;
        for i in 0..n {
            let (campaign, tifawin, achbaro) =
                ordered_campaign(&s, &format!("household{i}@example.org"), true).await;
            for p in [tifawin, achbaro] {
                assert_eq!(add(&s, id, campaign, p).await.status(), StatusCode::OK);
            }
            new_shipment(&s).await;
        }
        let queries = || s.app.state.metrics.db_queries.get();
        let token = &s.partnership.coordinator_token;
        let before = queries();
        let (status, list) = s
            .app
            .get_json(
                &format!("/api/v1/partnerships/{}/shipments", s.partnership.slug),
                Some(token),
            )
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(list["total"], n as i64 + 1);
        let listed = queries() - before;
        let before = queries();
        let (status, one) = s
            .app
            .get_json(&format!("/api/v1/shipments/{id}"), Some(token))
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(one["purchase_orders"].as_array().unwrap().len(), 2 * n);
        let shown = queries() - before;
        s.app
            .login(&s.partnership.coordinator, crate::builders::PASSWORD)
            .await;
        let mut pages = Vec::new();
        for path in [
            format!("/partnerships/{}/shipments", s.partnership.slug),
            format!("/shipments/{id}"),
        ] {
            let before = queries();
            assert_eq!(s.app.page(&path).await.0, StatusCode::OK);
            pages.push(queries() - before);
        }
        counts.push((listed, shown, pages));
    }
    assert_eq!(counts[0], counts[1], "queries do not grow with the orders");
}

#[tokio::test]
async fn producers_give_their_products_a_customs_code_and_a_case_tare() {
    let p = crate::builders::producer_app().await;
    let app = &p.app;
    let body = json!({"name": {"fr": "Miel de thym"}, "category": "honey", "unit": "pot de 250 g",
                      "case_size": 12, "weight_grams": 380, "price_cents": 900, "vat_rate_bp": 600,
                      "hs_code": "0409.00", "case_tare_grams": 350});
    let path = format!("/api/v1/producers/{}/products", p.producer);
    let res = app.post_json(&path, &body, Some(&p.token)).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_eq!(
        (&created["hs_code"], &created["case_tare_grams"]),
        (&json!("040900"), &json!(350))
    );
    let bad = crate::builders::merged(body, json!({"hs_code": "04-09", "case_tare_grams": -3}));
    let res = app.post_json(&path, &bad, Some(&p.token)).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(problem["errors"]["hs_code"].is_array(), "{problem}");
    assert!(problem["errors"]["case_tare_grams"].is_array(), "{problem}");

    // The form shows them and keeps what was typed when it is wrong.
    let edit = format!("/producer/{}/products/{}/edit", p.producer, created["id"]);
    let (_, html) = app.page(&edit).await;
    assert!(html.contains("value=\"040900\"") && html.contains("value=\"350\""));
    let (_, html) = app.page(&format!("{edit}?lang=ar")).await;
    assert!(html.contains("الرمز الجمركي"));
    let mut fields = vec![
        ("name_fr", "Miel de thym"),
        ("category", "honey"),
        ("unit_fr", "pot de 250 g"),
        ("price", "9,00"),
        ("vat_rate_bp", "600"),
        ("case_size", "12"),
        ("min_cases", "1"),
        ("weight_grams", "380"),
        ("case_tare_grams", "400"),
        ("hs_code", "12ab"),
    ];
    let res = app.submit(&edit, &edit, &fields).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("value=\"12ab\""), "the typed code is kept");
    let stored =
        entity::product::Entity::find_by_id(entity::ProductId(created["id"].as_i64().unwrap()))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
    assert_eq!(stored.hs_code.as_deref(), Some("040900"), "nothing changed");
    fields.retain(|(k, _)| *k != "hs_code");
    fields.push(("hs_code", "1515 90"));
    let res = app.submit(&edit, &edit, &fields).await;
    assert!(
        res.status().is_redirection() || res.status().is_success(),
        "{}",
        res.status()
    );
    let stored = entity::product::Entity::find_by_id(stored.id)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (stored.hs_code.as_deref(), stored.case_tare_grams),
        (Some("151590"), Some(400))
    );
}

#[tokio::test]
async fn a_coordinator_builds_a_shipment_on_its_pages() {
    let s = scene(None).await;
    let (campaign, tifawin, achbaro) = ordered_campaign(&s, HOUSEHOLD, true).await;
    let app = &s.app;
    app.login(&s.partnership.coordinator, crate::builders::PASSWORD)
        .await;
    let slug = &s.partnership.slug;
    let (_, html) = app.page(&format!("/partnerships/{slug}")).await;
    assert!(html.contains(&format!("/partnerships/{slug}/shipments")));
    let list = format!("/partnerships/{slug}/shipments");
    let (status, html) = app.page(&list).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Aucune expédition"));
    // The coordinator's own page says two confirmed orders wait, and leads here.
    let (_, me) = app.page("/me").await;
    assert!(
        me.contains("2 bons de commande confirmés attendent une expédition"),
        "{me}"
    );
    assert!(me.contains(&format!("href=\"{list}\"")));
    // A shipment without its origin: the form again with the message.
    let res = app
        .submit(&list, &list, &[("origin", ""), ("carrier", "Trans Souss")])
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().await.unwrap().contains("value=\"Trans Souss\""));
    let res = app
        .submit(
            &list,
            &list,
            &[
                ("origin", "Chtouka-Aït Baha"),
                ("expected_on", "2026-12-20"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let page = crate::helpers::location(&res);
    let (_, html) = app.page(&page).await;
    // Nothing yet; the two waiting orders are offered, the next step waits for them.
    assert!(html.contains("Aucun bon de commande dans cette expédition"));
    assert!(html.contains(&format!("value=\"{campaign}-{tifawin}\"")));
    assert!(html.contains("action-reason"));
    for producer in [tifawin, achbaro] {
        let res = app
            .submit(
                &page,
                &format!("{page}/orders"),
                &[("order", &format!("{campaign}-{producer}"))],
            )
            .await;
        assert_eq!(res.status(), StatusCode::SEE_OTHER);
    }
    // One taken out while the shipment is prepared, and put back.
    let remove = format!("{page}/orders/{campaign}/{achbaro}/remove");
    let (_, html) = app.page(&page).await;
    assert!(html.contains(&remove));
    let res = app.submit(&page, &remove, &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("shipment_orders").await, 1);
    let res = app
        .submit(
            &page,
            &format!("{page}/orders"),
            &[("order", &format!("{campaign}-{achbaro}"))],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, html) = app.page(&page).await;
    assert!(
        html.contains("Aucun bon de commande confirmé n"),
        "none left waiting"
    );
    // 20 + 12 units, 3 cases, 18 kg net, 442,00 €.
    let totals = html.split("id=\"shipment-totals\"").nth(1).unwrap();
    let totals = totals.split("</tr>").next().unwrap();
    assert!(
        totals.contains(">32<") && totals.contains(">3<"),
        "{totals}"
    );
    assert!(totals.contains("18,000 kg"), "{totals}");
    assert!(totals.contains("442,00"), "{totals}");
    let (_, me) = app.page("/me").await;
    assert!(!me.contains("attendent une expédition"));
    assert!(me.contains("Étape suivante : Collectée"), "{me}");
    // A step dated before the previous one: the page again with the message.
    let steps = format!("{page}/steps");
    let res = app
        .submit(
            &page,
            &steps,
            &[("step", "collected"), ("on", "2026-12-08")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = app
        .submit(
            &page,
            &steps,
            &[
                ("step", "export_cleared"),
                ("on", "2026-12-07"),
                ("note", "Agadir"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("antérieure"), "the reason is shown");
    let (_, html) = app.page(&format!("{page}?lang=ar")).await;
    assert!(html.contains("جُمعت") && html.contains("الوزن الإجمالي"));
    // Once collected, orders can no longer be removed: no button.
    assert!(!html.contains("/remove"));
    // A household of the group may not see it.
    let household = app.visitor(HOUSEHOLD, crate::builders::PASSWORD).await;
    assert_eq!(household.page(&page).await.0, StatusCode::FORBIDDEN);
    assert_eq!(household.page(&list).await.0, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn two_coordinators_adding_the_same_order_at_once_put_it_in_one_shipment() {
    let s = scene(None).await;
    let (campaign, tifawin, _) = ordered_campaign(&s, HOUSEHOLD, true).await;
    let mut ids = Vec::new();
    for _ in 0..4 {
        ids.push(new_shipment(&s).await.0);
    }
    let answers =
        futures_util::future::join_all(ids.iter().map(|id| add(&s, *id, campaign, tifawin))).await;
    let mut statuses: Vec<StatusCode> = answers.iter().map(|r| r.status()).collect();
    statuses.sort();
    assert_eq!(
        statuses,
        [
            StatusCode::OK,
            StatusCode::CONFLICT,
            StatusCode::CONFLICT,
            StatusCode::CONFLICT
        ]
    );
    assert_eq!(s.app.count("shipment_orders").await, 1);
    // Two steps recorded at once: one is, the other is told.
    let holder = entity::shipment_order::Entity::find()
        .one(&s.app.db)
        .await
        .unwrap()
        .unwrap()
        .shipment_id
        .get();
    let answers = futures_util::future::join_all(
        [holder, holder].map(|id| step(&s, id, "collected", "2026-12-08")),
    )
    .await;
    let ok = answers
        .iter()
        .filter(|r| r.status() == StatusCode::OK)
        .count();
    assert_eq!(ok, 1);
    assert_eq!(s.app.count("shipment_events").await, 1);
}
