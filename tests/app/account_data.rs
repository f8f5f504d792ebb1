//! A person downloads everything kept about them: as a page in their language, as a JSON file,
//! and through the API. Every kind of record is in it, and nothing of anyone else.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{DEMO_PASSWORD, TestApp};
use crate::personal::{
    DEMO_TRAVELLER, Marks, demo_with_history, give_everything_else, hand_past_stay, sign_up,
    user_id,
};

/// Every address and name of the other accounts.
async fn others(app: &TestApp, me: i64) -> Vec<String> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    entity::user::Entity::find()
        .filter(entity::user::Column::Id.ne(me))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .flat_map(|u| [u.email, u.display_name])
        .collect()
}

fn len(v: &Value, key: &str) -> usize {
    v[key].as_array().map_or(0, Vec::len)
}

#[tokio::test]
async fn export_holds_every_kind_of_record_and_nobody_elses() {
    let app = demo_with_history().await;
    let m = Marks::new("ex41");
    let (me, token) = sign_up(&app, &m).await;
    let reference = hand_past_stay(&app, me, &m).await;
    give_everything_else(&app, me, &m).await;
    // A second person with records of every kind, whose data must not show.
    let other = Marks::new("ot52");
    app.verified_token(&other.email).await;
    let other_id = user_id(&app, &other.email).await;
    hand_past_stay(&app, other_id, &other).await;
    app.login(&m.email, "a long password").await;

    let (status, data) = app.get_json("/api/v1/me/export", Some(&token)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(data["account"]["email"], m.email.as_str());
    assert_eq!(data["account"]["display_name"], m.name.as_str());
    for kind in [
        "roles",
        "baskets",
        "payment_requests",
        "bookings",
        "waitlist",
        "messages",
        "practice_sheets",
        "api_tokens",
        "sessions",
    ] {
        assert!(len(&data, kind) > 0, "the export has {kind}: {data:#}");
    }
    let booking = &data["bookings"][0];
    assert_eq!(booking["reference"], reference.as_str());
    assert_eq!(booking["dietary"], m.dietary.as_str());
    assert_eq!(booking["contact_phone"], m.phone.as_str());
    assert!(
        booking["travellers"]
            .as_array()
            .unwrap()
            .iter()
            .all(|t| t == m.companion.as_str())
    );
    let paid = data["payment_requests"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["payments"].as_array().is_some_and(|p| !p.is_empty()))
        .count();
    assert_eq!(
        paid,
        len(&data, "payment_requests"),
        "each request shows its payments"
    );
    assert!(data["baskets"][0]["share"]["total_cents"].as_i64().unwrap() > 0);
    assert!(!data.to_string().contains("token_hash"));

    let text = data.to_string();
    let leaked: Vec<String> = others(&app, me)
        .await
        .into_iter()
        .filter(|o| text.contains(o.as_str()))
        .collect();
    assert!(leaked.is_empty(), "other people in the export: {leaked:?}");
    for mark in other.all() {
        assert!(
            !text.contains(mark),
            "{mark} of the other person in the export"
        );
    }

    // The file: the same document, as an attachment.
    let res = app.get("/account/data.json").await;
    assert_eq!(res.status(), StatusCode::OK);
    let disposition = res.headers()["content-disposition"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(disposition.starts_with("attachment; filename=\"passerelle-data-"));
    let file: Value = res.json().await.unwrap();
    assert_eq!(file["bookings"], data["bookings"]);
    // The page, in the person's language.
    let (status, html) = app.page("/account/data").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Réservations et voyageurs"), "{html}");
    assert!(html.contains(&m.dietary) && html.contains(&reference));
    let (_, account) = app.page("/account").await;
    assert!(
        account.contains("href=\"/account/data\"") && account.contains("Télécharger mes données")
    );
}

#[tokio::test]
async fn export_costs_the_same_queries_whatever_the_history() {
    let app = demo_with_history().await;
    let newcomer = app.verified_token("newcomer@example.org").await;
    let traveller = app.token(DEMO_TRAVELLER, DEMO_PASSWORD).await;
    let queries = || app.state.metrics.db_queries.get();
    let mut cost = Vec::new();
    for token in [&newcomer, &traveller] {
        let before = queries();
        let (status, data) = app.get_json("/api/v1/me/export", Some(token)).await;
        assert_eq!(status, StatusCode::OK);
        cost.push((queries() - before, len(&data, "bookings")));
    }
    assert!(cost[1].1 > 4, "the demo traveller has a history: {cost:?}");
    assert_eq!(
        cost[0].0, cost[1].0,
        "queries (newcomer, traveller): {cost:?}"
    );
}

#[tokio::test]
async fn export_needs_a_token_and_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let (status, _) = app.get_json("/api/v1/me/export", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (_, spec) = app.get_json("/api/v1/openapi.json", None).await;
    assert!(spec["paths"]["/api/v1/me/export"]["get"].is_object());
    assert!(spec["paths"]["/api/v1/me/close"]["post"].is_object());
    let (status, _) = app.page("/account/data").await;
    assert_eq!(status, StatusCode::SEE_OTHER);
}

/// Read from the live schema: a table added later that names accounts and that the export
/// does not read fails here.
#[tokio::test]
async fn export_knows_every_table_that_names_an_account() {
    use crate::retention_schema::{listed, naming_accounts};
    use passerelle::accounts::data_export::{EXPORTED, RECORDED};
    let app = TestApp::spawn().await;
    let unknown: Vec<(String, String)> = naming_accounts(&app)
        .await
        .into_iter()
        .filter(|p| !listed(EXPORTED, p) && !listed(RECORDED, p))
        .collect();
    assert!(
        unknown.is_empty(),
        "tables naming accounts that the export of a person's data does not read: {unknown:?}"
    );
}
