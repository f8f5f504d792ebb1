//! What collective orders put on a person's own page (`group_orders::space::space_items`), for a
//! household, a group coordinator and a producer's member, in a fixed number of queries.

use chrono::Duration;
use passerelle::group_orders::space::space_items;
use passerelle::security::AuthUser;
use passerelle::web::i18n::Lang;
use passerelle::web::space::{SpaceItem, SpaceKind};
use reqwest::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::json;

use crate::builders::{COOPERATIVES_MEMBER, GROUP_COORDINATOR, HOUSEHOLD, PASSWORD};
use crate::group_orders::{JETTE, Scene, close_early, member, open_campaign, scene};
use crate::helpers::{DEMO_PASSWORD, TestApp};

async fn who(app: &TestApp, email: &str) -> AuthUser {
    who_with(app, email, DEMO_PASSWORD).await
}

async fn who_with(app: &TestApp, email: &str, password: &str) -> AuthUser {
    passerelle::accounts::service::authenticate(&app.db, email, password)
        .await
        .expect("an account")
}

async fn campaign_id(app: &TestApp, title: &str) -> entity::CampaignId {
    let g = entity::consumer_group::Entity::find()
        .filter(entity::consumer_group::Column::Slug.eq("gac-jette"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    entity::campaign::Entity::find()
        .filter(entity::campaign::Column::GroupId.eq(g.id))
        .filter(entity::campaign::Column::Title.eq(title))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

fn find<'a>(items: &'a [SpaceItem], href: &str) -> &'a SpaceItem {
    items
        .iter()
        .find(|i| i.href == href)
        .unwrap_or_else(|| panic!("{href} in {items:#?}"))
}

/// The items and the number of statements they took.
async fn items_of(app: &TestApp, u: &AuthUser, lang: Lang) -> (Vec<SpaceItem>, u64) {
    let before = app.state.metrics.db_queries.get();
    let items = space_items(&app.db, u, app.clock_now(), lang)
        .await
        .expect("space items");
    (items, app.state.metrics.db_queries.get() - before)
}

#[tokio::test]
async fn each_role_finds_its_orders_to_do_and_done() {
    let app = TestApp::spawn_demo().await;
    let winter = campaign_id(&app, "Commande d'hiver").await;
    let autumn = campaign_id(&app, "Commande d'automne").await;

    // A household: the basket to fill before the close, and last season's result to pay.
    let member = who(&app, &format!("member1.{JETTE}@demo.passerelle.test")).await;
    let (items, _) = items_of(&app, &member, Lang::Fr).await;
    let basket = find(&items, &format!("/campaigns/{winter}#basket"));
    assert_eq!(basket.kind, SpaceKind::Todo);
    assert_eq!(basket.title, "Commande d'hiver — GAC Jette");
    assert!(
        basket.detail.starts_with("Votre panier"),
        "{}",
        basket.detail
    );
    assert!(basket.detail.contains("2 produits"), "{}", basket.detail);
    let closes = entity::campaign::Entity::find_by_id(winter)
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .closes_at;
    assert!(
        basket
            .detail
            .contains(&passerelle::web::format::datetime(Lang::Fr, closes)),
        "{}",
        basket.detail
    );
    assert_eq!(basket.when, Some(closes));
    let past = find(&items, &format!("/campaigns/{autumn}"));
    assert_eq!(past.kind, SpaceKind::Done);
    assert!(past.detail.contains("À payer"), "{}", past.detail);
    assert!(past.detail.contains('€'), "{}", past.detail);
    let (label, pay) = past.extra.clone().expect("a link to pay");
    assert_eq!(label, "Payer");
    assert!(pay.starts_with("/pay/"), "{pay}");
    // The same, in Dutch.
    let (nl, _) = items_of(&app, &member, Lang::Nl).await;
    assert!(
        find(&nl, &format!("/campaigns/{winter}#basket"))
            .detail
            .starts_with("Uw mandje: 2 producten"),
        "{nl:#?}"
    );

    // The group's coordinator: the open window and the closed order waiting for its producer.
    let coordinator = who(&app, &format!("group.{JETTE}@demo.passerelle.test")).await;
    let (items, _) = items_of(&app, &coordinator, Lang::Fr).await;
    let todo: Vec<&SpaceItem> = items
        .iter()
        .filter(|i| i.kind == SpaceKind::Todo && i.href == format!("/campaigns/{autumn}"))
        .collect();
    assert_eq!(todo.len(), 1, "{items:#?}");
    assert_eq!(todo[0].detail, "En attente d'un producteur");
    assert!(
        find(&items, &format!("/campaigns/{winter}"))
            .detail
            .starts_with("Ouverte"),
    );
    let group = find(&items, "/groups/gac-jette");
    assert_eq!(group.kind, SpaceKind::Done);
    assert!(group.detail.contains("4 commandes"), "{}", group.detail);

    // The producer's member: the autumn purchase order of Tifawin to confirm, in Arabic.
    let producer = who(&app, &format!("producer.{JETTE}@demo.passerelle.test")).await;
    let (items, _) = items_of(&app, &producer, Lang::Ar).await;
    let po = items
        .iter()
        .find(|i| i.href.ends_with(&format!("/orders/{autumn}")))
        .unwrap_or_else(|| panic!("{items:#?}"));
    assert_eq!(po.kind, SpaceKind::Todo);
    assert!(po.detail.starts_with("سند طلبية للتأكيد"), "{}", po.detail);
    assert!(
        po.detail.contains("كرتونة واحدة"),
        "one case: {}",
        po.detail
    );
    // The link leads to the page where it happens.
    let v = app
        .visitor(
            &format!("producer.{JETTE}@demo.passerelle.test"),
            DEMO_PASSWORD,
        )
        .await;
    let (status, _) = v.page(&po.href).await;
    assert_eq!(status, StatusCode::OK);
    // Someone with no role has nothing here.
    let traveller = who(&app, "traveller@demo.passerelle.test").await;
    assert!(items_of(&app, &traveller, Lang::Fr).await.0.is_empty());
}

/// A window `title` in which `token` orders a case of everything, closed at once if `close`.
async fn order(s: &Scene, token: &str, title: &str, close: bool) {
    let app = &s.app;
    let c = open_campaign(s, json!({ "title": title })).await;
    let id = c["id"].as_i64().unwrap();
    for p in c["products"].as_array().unwrap() {
        let res = app
            .put_json(
                &format!("/api/v1/campaigns/{id}/basket/{}", p["product_id"]),
                &json!({"quantity": p["case_size"], "tolerance": 0}),
                Some(token),
            )
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    if close {
        let res = close_early(s, id).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
}

#[tokio::test]
async fn the_space_takes_the_same_number_of_queries_with_more_orders() {
    let s = scene(None).await;
    let app = &s.app;
    let token = member(&s, HOUSEHOLD).await;
    // One closed order and one open, as the demo's group has.
    order(&s, &token, "Commande d'automne", true).await;
    order(&s, &token, "Commande d'hiver", false).await;
    let coordinator = who_with(app, GROUP_COORDINATOR, PASSWORD).await;
    let member = who_with(app, HOUSEHOLD, PASSWORD).await;
    let producer = who_with(app, COOPERATIVES_MEMBER, PASSWORD).await;
    let mut before = Vec::new();
    for u in [&coordinator, &member, &producer] {
        before.push(items_of(app, u, Lang::Fr).await);
    }
    // Five more windows in which the household orders a case of everything; three closed at
    // once.
    for i in 0..5 {
        order(&s, &token, &format!("Commande {i}"), i < 3).await;
    }
    app.advance(Duration::minutes(1));
    for (u, (items, queries)) in [&coordinator, &member, &producer].into_iter().zip(before) {
        let (more, after) = items_of(app, u, Lang::Fr).await;
        assert!(more.len() > items.len(), "{}: more to show", u.email);
        assert_eq!(after, queries, "{}: the same number of queries", u.email);
    }
}
