//! What the catalogue puts in a person's own page, read through the library as the personal
//! space reads it.

use passerelle::catalog::space::space_items;
use passerelle::security::AuthUser;
use passerelle::web::i18n::Lang;
use passerelle::web::space::{SpaceItem, SpaceKind};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{Value, json};

use crate::builders::{COOPERATIVES_MEMBER, OTHER_COORDINATOR, PASSWORD};
use crate::helpers::{ADMIN, ADMIN_PASSWORD, TestApp};

async fn user(app: &TestApp, email: &str, password: &str) -> AuthUser {
    passerelle::accounts::service::authenticate(&app.db, email, password)
        .await
        .unwrap()
}

async fn items(app: &TestApp, u: &AuthUser, lang: Lang) -> Vec<SpaceItem> {
    space_items(&app.db, u, app.clock_now(), lang)
        .await
        .unwrap()
}

fn lines<'a>(items: &'a [SpaceItem], href_start: &str) -> Vec<&'a SpaceItem> {
    items
        .iter()
        .filter(|i| i.href.starts_with(href_start))
        .collect()
}

#[tokio::test]
async fn a_producers_member_sees_their_producers_and_the_products_to_fix() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    app.cooperatives(&partnership).await;
    let member = user(&app, COOPERATIVES_MEMBER, PASSWORD).await;
    let all = items(&app, &member, Lang::Fr).await;
    assert!(all.iter().all(|i| i.area == "producers"));
    // The cooperatives' member is a member of two approved producers, without photos.
    let producers: Vec<&SpaceItem> = all
        .iter()
        .filter(|i| i.href.starts_with("/producer/") && !i.href.contains("/products/"))
        .collect();
    let mut names: Vec<&str> = producers.iter().map(|i| i.title.as_str()).collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Coopérative apicole Achbaro",
            "Coopérative féminine Tifawin"
        ]
    );
    for p in &producers {
        assert_eq!(p.kind, SpaceKind::Todo, "{}", p.title);
        assert_eq!(p.detail, "Approuvé\u{a0}; à compléter\u{a0}: une photo.");
    }
    // Their four products have no photo: each is a line leading to its form.
    let to_fix: Vec<&SpaceItem> = all.iter().filter(|i| i.href.ends_with("/edit")).collect();
    assert_eq!(to_fix.len(), 4);
    assert!(
        to_fix
            .iter()
            .all(|i| i.detail.starts_with("Sans photo") && i.kind == SpaceKind::Todo)
    );
    assert!(to_fix.iter().any(|i| i.title == "Amlou"));
    let ar = items(&app, &member, Lang::Ar).await;
    assert!(
        ar.iter().any(|i| i.title == "أملو"),
        "names in the reader's language"
    );

    // A photo for the amlou and for Tifawin: their lines go, the producer becomes done.
    let amlou = to_fix
        .iter()
        .find(|i| i.title == "Amlou")
        .unwrap()
        .href
        .clone();
    let pid: i64 = amlou.split('/').nth(4).unwrap().parse().unwrap();
    let producer_id: i64 = amlou.split('/').nth(2).unwrap().parse().unwrap();
    for (owner_type, owner_id, key) in [
        ("product", pid, "aaaaaaaaaaaaaaaaaaaaaaaa"),
        ("producer", producer_id, "bbbbbbbbbbbbbbbbbbbbbbbb"),
    ] {
        entity::photo::ActiveModel {
            owner_type: Set(owner_type.into()),
            owner_id: Set(owner_id),
            file_key: Set(key.into()),
            width: Set(10),
            height: Set(10),
            position: Set(0),
            created_at: Set(app.clock_now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
    }
    let after = items(&app, &member, Lang::Fr).await;
    assert_eq!(
        after.iter().filter(|i| i.href.ends_with("/edit")).count(),
        3
    );
    let tifawin = lines(&after, &format!("/producer/{producer_id}"))
        .into_iter()
        .find(|i| !i.href.contains("/products/"))
        .unwrap();
    assert_eq!(tifawin.kind, SpaceKind::Done);
    assert!(
        tifawin.detail.starts_with("Approuvé le "),
        "{}",
        tifawin.detail
    );
}

#[tokio::test]
async fn a_new_producer_waits_and_its_coordinators_see_it() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    app.other_partnership().await;
    let token = app.user_token("amina@example.org").await;
    let res = app
        .post_json(
            "/api/v1/producers",
            &json!({"name": "Coopérative Tagant", "partnership": "jette-sidi-bibi",
                    "territory": "sidi-bibi", "kind": "cooperative"}),
            Some(&token),
        )
        .await;
    let producer: Value = res.json().await.unwrap();
    let slug = producer["slug"].as_str().unwrap().to_owned();
    let amina = user(&app, "amina@example.org", "a long password").await;
    let mine = items(&app, &amina, Lang::Fr).await;
    assert_eq!(mine.len(), 1, "no product yet: only the producer");
    assert_eq!(mine[0].kind, SpaceKind::Todo);
    assert_eq!(
        mine[0].detail,
        "En attente d’approbation\u{a0}; il manque encore une présentation, un e-mail ou un téléphone de contact, le numéro ODCo, une photo, des produits au catalogue."
    );

    let coordinator = user(&app, &partnership.coordinator, PASSWORD).await;
    let theirs = items(&app, &coordinator, Lang::Fr).await;
    let waiting = lines(&theirs, &format!("/producers/{slug}"));
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].title, "Coopérative Tagant");
    assert!(waiting[0].detail.contains("Jette – Sidi Bibi"));
    assert!(waiting[0].detail.contains("une présentation"));
    let other = user(&app, OTHER_COORDINATOR, PASSWORD).await;
    assert!(lines(&items(&app, &other, Lang::Fr).await, "/producers/").is_empty());
    let admin = user(&app, ADMIN, ADMIN_PASSWORD).await;
    assert_eq!(
        lines(&items(&app, &admin, Lang::Fr).await, "/producers/").len(),
        1
    );
    // Once approved, it waits for nobody.
    entity::producer::Entity::update_many()
        .col_expr(
            entity::producer::Column::Status,
            sea_orm::sea_query::Expr::value(entity::producer::ProducerStatus::Approved),
        )
        .filter(entity::producer::Column::Slug.eq(slug.as_str()))
        .exec(&app.db)
        .await
        .unwrap();
    assert!(lines(&items(&app, &coordinator, Lang::Fr).await, "/producers/").is_empty());
}

#[tokio::test]
async fn the_space_runs_the_same_queries_for_four_products_and_for_sixty() {
    let app = TestApp::spawn().await;
    let partnership = app.partnership().await;
    app.cooperatives(&partnership).await;
    let member = user(&app, COOPERATIVES_MEMBER, PASSWORD).await;
    let admin = user(&app, ADMIN, ADMIN_PASSWORD).await;
    let queries = || app.state.metrics.db_queries.get();
    let measure = |u: AuthUser| {
        let app = &app;
        async move {
            let before = app.state.metrics.db_queries.get();
            let found = items(app, &u, Lang::Fr).await;
            (app.state.metrics.db_queries.get() - before, found.len())
        }
    };
    let (small, small_lines) = measure(member.clone()).await;
    let (admin_small, _) = measure(admin.clone()).await;
    let producer_id = member.grants[0].scope_id;
    let template = entity::product::Entity::find()
        .filter(entity::product::Column::ProducerId.eq(producer_id))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let start = queries();
    for i in 0..56 {
        let mut copy: entity::product::ActiveModel = template.clone().into();
        copy.id = sea_orm::ActiveValue::NotSet;
        copy.sort_name = Set(format!("copie {i:02}"));
        copy.insert(&app.db).await.unwrap();
    }
    assert!(
        queries() > start,
        "the counter counts this connection's statements"
    );
    for i in 0..5 {
        let token = app.user_token(&format!("p{i}@example.org")).await;
        app.post_json(
            "/api/v1/producers",
            &json!({"name": format!("Coopérative {i}"), "partnership": "jette-sidi-bibi",
                    "territory": "sidi-bibi", "kind": "cooperative"}),
            Some(&token),
        )
        .await;
    }
    let (large, large_lines) = measure(member).await;
    let (admin_large, admin_lines) = measure(admin).await;
    assert_eq!(large_lines, small_lines + 56);
    assert_eq!(admin_lines, 5);
    assert_eq!(
        small, large,
        "the same queries whatever the number of products"
    );
    assert!(large <= 6, "{large}");
    // Nothing waiting: one query; some: one more for their partnerships' names.
    assert_eq!((admin_small, admin_large), (1, 2));
}
