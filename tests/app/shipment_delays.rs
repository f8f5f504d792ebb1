//! A shipment running late: the new expected arrival moves the pickup date of the campaigns in
//! it (each by as many days, or to the one date given), the households who ordered are emailed
//! both dates and the note in their language, the delay stays in the shipment's history; bad
//! dates are refused per field with nothing changed, and an arrived shipment has no delay left.
//! And the export clearance refused while papers are missing names them.

use chrono::{Duration, NaiveDate};
use passerelle::web::format;
use passerelle::web::i18n::Lang;
use reqwest::StatusCode;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

use crate::builders::{HOUSEHOLD, PASSWORD};
use crate::group_orders::{Scene, scene};
use crate::helpers::TestApp;
use crate::shipments::{add, customs, goods_news, new_shipment_in, ordered_campaign, step};

/// A Dutch-speaking household of the group.
pub(crate) const HUISHOUDEN: &str = "huishouden@example.org";

/// The campaign `id`'s pickup date.
pub(crate) async fn delivery_on(app: &TestApp, id: i64) -> NaiveDate {
    entity::campaign::Entity::find_by_id(entity::CampaignId(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .delivery_on
}

async fn set_delivery_on(app: &TestApp, id: i64, on: NaiveDate) {
    entity::campaign::Entity::update(entity::campaign::ActiveModel {
        id: Set(entity::CampaignId(id)),
        delivery_on: Set(on),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .unwrap();
}

/// The account `email` reads Passerelle in `locale`.
pub(crate) async fn speaks(app: &TestApp, email: &str, locale: &str) {
    let u = entity::user::Entity::find()
        .filter(entity::user::Column::Email.eq(email))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    entity::user::Entity::update(entity::user::ActiveModel {
        id: Set(u.id),
        locale: Set(locale.into()),
        ..Default::default()
    })
    .exec(&app.db)
    .await
    .unwrap();
}

pub(crate) fn day(app: &TestApp, days: i64) -> NaiveDate {
    (app.clock_now() + Duration::days(days)).date_naive()
}

/// A shipment expected in ten days carrying both purchase orders of these campaigns, collected
/// today. Returns its id.
pub(crate) async fn collected_shipment(s: &Scene, campaigns: &[(i64, i64, i64)]) -> i64 {
    let expected = day(&s.app, 10).to_string();
    let body = json!({"origin": "Chtouka-Aït Baha", "expected_on": expected});
    let token = &s.partnership.coordinator_token;
    let (id, _) = new_shipment_in(s, &s.partnership.slug, token, body).await;
    for (campaign, tifawin, achbaro) in campaigns {
        for producer in [tifawin, achbaro] {
            let res = add(s, id, *campaign, *producer).await;
            assert_eq!(res.status(), StatusCode::OK);
        }
    }
    let today = day(&s.app, 0).to_string();
    assert_eq!(
        step(s, id, "collected", &today).await.status(),
        StatusCode::OK
    );
    id
}

pub(crate) async fn delay(app: &TestApp, token: &str, id: i64, body: Value) -> reqwest::Response {
    app.post_json(&format!("/api/v1/shipments/{id}/delay"), &body, Some(token))
        .await
}

/// A delay refused with `status`: its problem document.
async fn refused(app: &TestApp, token: &str, id: i64, body: Value, status: StatusCode) -> Value {
    let res = delay(app, token, id, body.clone()).await;
    assert_eq!(res.status(), status, "{body}");
    res.json().await.unwrap()
}

/// The coordinator records these steps of the shipment `id`, each `days` from today.
async fn steps(s: &Scene, id: i64, steps: &[(&str, i64)]) {
    for (name, days) in steps {
        let res = step(s, id, name, &day(&s.app, *days).to_string()).await;
        assert_eq!(res.status(), StatusCode::OK, "{name}");
    }
}

async fn shipment_row(app: &TestApp, id: i64) -> entity::shipment::Model {
    entity::shipment::Entity::find_by_id(entity::ShipmentId(id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
}

#[tokio::test]
async fn a_delay_moves_the_pickup_dates_and_tells_the_households_in_their_language() {
    let s = scene(None).await;
    let app = &s.app;
    let first = ordered_campaign(&s, HOUSEHOLD, true).await;
    let second = ordered_campaign(&s, HUISHOUDEN, true).await;
    speaks(app, HUISHOUDEN, "nl").await;
    // The second campaign's pickup was planned two days later than the first's.
    let (one_before, two_before) = (day(app, 12), day(app, 14));
    set_delivery_on(app, second.0, two_before).await;
    assert_eq!(delivery_on(app, first.0).await, one_before);
    let id = collected_shipment(&s, &[first, second]).await;
    let token = &s.partnership.coordinator_token;

    // Four days late: each campaign's pickup moves by four days.
    let note = "Grève au port de Tanger Med";
    let res = delay(
        app,
        token,
        id,
        json!({"expected_on": day(app, 14).to_string(), "note": note}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["expected_on"], day(app, 14).to_string());
    let delays = body["delays"].as_array().unwrap();
    assert_eq!(delays.len(), 1, "{body}");
    assert_eq!(
        (
            &delays[0]["previous_on"],
            &delays[0]["days"],
            &delays[0]["note"]
        ),
        (&json!(day(app, 10).to_string()), &json!(4), &json!(note))
    );
    assert!(delays[0]["recorded_by"].is_string(), "{body}");
    let (one_after, two_after) = (day(app, 16), day(app, 18));
    assert_eq!(delivery_on(app, first.0).await, one_after);
    assert_eq!(delivery_on(app, second.0).await, two_after);

    // Each household who ordered is told, in its language, both dates and the note.
    let fr = goods_news(app, "Retard").await;
    assert_eq!(fr.len(), 1, "one email to the French household");
    assert_eq!(fr[0].to_email, HOUSEHOLD);
    let text = &fr[0].body_text;
    for needle in [
        "ont du retard".to_owned(),
        format::date(Lang::Fr, one_before),
        format::date(Lang::Fr, one_after),
        note.to_owned(),
        format!("/campaigns/{}?lang=fr", first.0),
    ] {
        assert!(text.contains(&needle), "{needle} in {text}");
    }
    assert!(!text.contains("Unknown localization key"), "{text}");
    let nl = goods_news(app, "Vertraging").await;
    assert_eq!(nl.len(), 1, "one email to the Dutch household");
    assert_eq!(nl[0].to_email, HUISHOUDEN);
    let text = &nl[0].body_text;
    for needle in [
        "zijn vertraagd".to_owned(),
        format::date(Lang::Nl, two_before),
        format::date(Lang::Nl, two_after),
        note.to_owned(),
    ] {
        assert!(text.contains(&needle), "{needle} in {text}");
    }
    let html = &nl[0].body_html;
    assert!(html.contains(&format::date(Lang::Nl, two_after)), "{html}");

    // The household's campaign page shows the new date; the shipment's history the delay.
    let household = app.visitor(HOUSEHOLD, PASSWORD).await;
    let (_, page) = household.page(&format!("/campaigns/{}", first.0)).await;
    assert!(
        page.contains(&format::date(Lang::Fr, one_after)),
        "the new pickup date on the campaign page"
    );
    app.login(&s.partnership.coordinator, PASSWORD).await;
    let (_, page) = app.page(&format!("/shipments/{id}")).await;
    let timeline = page.split("id=\"shipment-timeline\"").nth(1).unwrap();
    let timeline = timeline.split("</ol>").next().unwrap();
    assert!(
        timeline.contains(&format!(
            "Retardée au {}",
            format::date(Lang::Fr, day(app, 14))
        )) && timeline.contains(note),
        "{timeline}"
    );

    // One date for every campaign this time, two more days late.
    let pickup = day(app, 20);
    let res = delay(
        app,
        token,
        id,
        json!({"expected_on": day(app, 16).to_string(), "pickup_on": pickup.to_string()}),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(delivery_on(app, first.0).await, pickup);
    assert_eq!(delivery_on(app, second.0).await, pickup);
    assert_eq!(goods_news(app, "Retard").await.len(), 2);
    assert_eq!(app.count("shipment_delays").await, 2);
}

#[tokio::test]
async fn bad_delays_are_refused_per_field_and_change_nothing() {
    let s = scene(None).await;
    let app = &s.app;
    let campaign = ordered_campaign(&s, HOUSEHOLD, true).await;
    customs(app).await;
    let id = collected_shipment(&s, &[campaign]).await;
    let token = &s.partnership.coordinator_token;
    let (expected, pickup) = (day(app, 10), delivery_on(app, campaign.0).await);
    for (body, field) in [
        // In the past.
        (
            json!({"expected_on": day(app, -1).to_string()}),
            "expected_on",
        ),
        // Not after the arrival expected so far.
        (json!({"expected_on": expected.to_string()}), "expected_on"),
        (
            json!({"expected_on": day(app, 9).to_string()}),
            "expected_on",
        ),
        // A pickup before the arrival.
        (
            json!({"expected_on": day(app, 15).to_string(), "pickup_on": day(app, 14).to_string()}),
            "pickup_on",
        ),
        // Malformed, missing.
        (json!({"expected_on": "next week"}), "expected_on"),
        (
            json!({"expected_on": day(app, 15).to_string(), "pickup_on": "15/12"}),
            "pickup_on",
        ),
        (json!({"note": "Retard"}), "expected_on"),
    ] {
        let problem = refused(
            app,
            token,
            id,
            body.clone(),
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
        let messages = problem["errors"][field].as_array();
        assert!(
            messages.is_some_and(|m| !m[0].as_str().unwrap_or_default().is_empty()),
            "{body}: {problem}"
        );
    }
    // Nothing changed: no delay, the same dates, no email.
    assert_eq!(app.count("shipment_delays").await, 0);
    assert_eq!(shipment_row(app, id).await.expected_on, Some(expected));
    assert_eq!(delivery_on(app, campaign.0).await, pickup);
    assert!(goods_news(app, "Retard").await.is_empty());

    // The page keeps what was typed and says what to fix.
    app.login(&s.partnership.coordinator, PASSWORD).await;
    let page = format!("/shipments/{id}");
    let (_, html) = app.page(&page).await;
    assert!(html.contains(&format!("action=\"/shipments/{id}/delay\"")));
    let res = app
        .submit(
            &page,
            &format!("{page}/delay"),
            &[
                ("expected_on", &day(app, 15).to_string()),
                ("pickup_on", &day(app, 14).to_string()),
                ("delay_note", "Camion en panne"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text().await.unwrap();
    assert!(html.contains("ne peut pas précéder"), "the reason");
    assert!(html.contains("Camion en panne"), "the note typed is kept");
    assert!(html.contains("id=\"shipment-delay\" open"), "the form open");
    assert_eq!(app.count("shipment_delays").await, 0);

    // A step recorded later than the arrival asked for: not before the last step.
    let res = app
        .post_json(
            &format!("/api/v1/shipments/{id}/papers/health_certificate"),
            &json!({"reference": "ONSSA-118", "obtained_on": day(app, 0).to_string()}),
            Some(token),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    steps(&s, id, &[("export_cleared", 12), ("in_transit", 13)]).await;
    let body = json!({"expected_on": day(app, 11).to_string()});
    let problem = refused(app, token, id, body, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(problem["errors"]["expected_on"].is_array(), "{problem}");
    // Once arrived, there is no delay left to report.
    steps(&s, id, &[("import_cleared", 14), ("arrived", 15)]).await;
    let body = json!({"expected_on": day(app, 30).to_string()});
    let problem = refused(app, token, id, body, StatusCode::CONFLICT).await;
    assert!(
        problem["detail"].as_str().unwrap().contains("arrived"),
        "{problem}"
    );
    assert_eq!(app.count("shipment_delays").await, 0);
    // From arrived on, the page sends to each campaign's page to record the delivery.
    let (_, html) = app.page(&page).await;
    assert!(!html.contains(&format!("action=\"/shipments/{id}/delay\"")));
    let delivery = html.split("id=\"shipment-delivery\"").nth(1).unwrap();
    assert!(
        delivery.contains(&format!("href=\"/campaigns/{}\"", campaign.0)),
        "{delivery}"
    );
}

#[tokio::test]
async fn the_export_clearance_refused_names_the_papers_missing() {
    let s = scene(None).await;
    let campaign = ordered_campaign(&s, HOUSEHOLD, true).await;
    customs(&s.app).await;
    let id = collected_shipment(&s, &[campaign]).await;
    let res = step(&s, id, "export_cleared", &day(&s.app, 1).to_string()).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    // The honey's health certificate, by the honey's cooperative.
    let named = "health_certificate (Coopérative apicole Achbaro)";
    assert!(
        problem["detail"].as_str().unwrap().contains(named),
        "{problem}"
    );
    assert!(
        problem["errors"]["step"][0]
            .as_str()
            .unwrap()
            .contains(named),
        "{problem}"
    );
    assert_eq!(s.app.count("shipment_events").await, 1);
}
