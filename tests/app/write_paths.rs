//! The write paths under load: a basket line set in a fixed, small number of statements whatever
//! the basket's size, never more than the stock when members ask at once, and a booking for a
//! full departure refused without waiting for the write lock.

use reqwest::StatusCode;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, Statement, TransactionTrait,
};
use serde_json::{Value, json};

use crate::group_orders::{cased, member, open_campaign, put_line, scene};
use crate::trips::{book, held_seats};

#[tokio::test]
async fn a_basket_line_is_set_in_four_statements_whatever_the_baskets_size() {
    let s = scene(None).await;
    let app = &s.app;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let products: Vec<Value> = c["products"].as_array().unwrap().clone();
    assert!(products.len() >= 4, "enough products to grow a basket");
    let pid = |p: &Value| p["product_id"].as_i64().unwrap();
    let amina = member(&s, "amina@example.org").await;
    let queries = || app.state.metrics.db_queries.get();
    // The token's first use is recorded once; then an update is counted alone.
    put_line(app, &amina, id, pid(&products[0]), 1, 0).await;
    let measure = |product: i64, quantity: i64| {
        let amina = amina.clone();
        async move {
            let before = queries();
            let res = put_line(app, &amina, id, product, quantity, 0).await;
            assert_eq!(res.status(), StatusCode::OK);
            let basket: Value = res.json().await.unwrap();
            (queries() - before, basket)
        }
    };
    let (small, basket) = measure(pid(&products[0]), 2).await;
    assert_eq!(basket["items"].as_array().unwrap().len(), 1);
    assert_eq!(
        basket["total_cents"].as_i64().unwrap(),
        2 * products[0]["price_cents"].as_i64().unwrap()
    );
    for p in &products[1..] {
        put_line(app, &amina, id, pid(p), 1, 0).await;
    }
    let (large, basket) = measure(pid(&products[0]), 3).await;
    let items = basket["items"].as_array().unwrap();
    assert_eq!(items.len(), products.len());
    let expected: i64 = products
        .iter()
        .map(|p| {
            p["price_cents"].as_i64().unwrap() * if pid(p) == pid(&products[0]) { 3 } else { 1 }
        })
        .sum();
    assert_eq!(basket["total_cents"].as_i64().unwrap(), expected);
    let (removed, basket) = measure(pid(&products[1]), 0).await;
    assert_eq!(
        basket["items"].as_array().unwrap().len(),
        products.len() - 1
    );
    assert!(
        small <= 4,
        "{small} statements for a line of a one-line basket"
    );
    assert_eq!(small, large, "statements do not grow with the basket");
    assert!(removed <= 4, "{removed} statements to remove a line");
    if app.db.get_database_backend() == DbBackend::Sqlite {
        // The token, then the write and the basket's read sent together.
        assert_eq!(
            (small, removed),
            (2, 2),
            "round trips to SQLite for a line set and removed"
        );
    }
    let lines = entity::basket_line::Entity::find()
        .filter(entity::basket_line::Column::CampaignId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(lines.len(), products.len() - 1);
}

#[tokio::test]
async fn members_asking_at_once_never_get_more_than_the_stock_can_serve() {
    let s = scene(None).await;
    let app = &s.app;
    let c = open_campaign(&s, json!({})).await;
    let id = c["id"].as_i64().unwrap();
    let p = &cased(&c, 1)[0];
    let (pid, size) = (
        p["product_id"].as_i64().unwrap(),
        p["case_size"].as_i64().unwrap(),
    );
    // Three whole cases and a bit.
    entity::product::Entity::update_many()
        .col_expr(
            entity::product::Column::Stock,
            sea_orm::sea_query::Expr::value(Some((3 * size + 1) as i32)),
        )
        .filter(entity::product::Column::Id.eq(pid))
        .exec(&app.db)
        .await
        .unwrap();
    let mut tokens = Vec::new();
    for i in 0..8 {
        tokens.push(member(&s, &format!("household{i}@example.org")).await);
    }
    let answers = futures_util::future::join_all(
        tokens
            .iter()
            .map(|t| async move { put_line(app, t, id, pid, size, 0).await.status() }),
    )
    .await;
    let ok = answers.iter().filter(|s| **s == StatusCode::OK).count();
    let refused = answers
        .iter()
        .filter(|s| **s == StatusCode::CONFLICT)
        .count();
    assert_eq!((ok, refused), (3, 5), "{answers:?}");
    let asked: i64 = entity::basket_line::Entity::find()
        .filter(entity::basket_line::Column::CampaignId.eq(id))
        .all(&app.db)
        .await
        .unwrap()
        .iter()
        .map(|l| i64::from(l.quantity))
        .sum();
    assert_eq!(asked, 3 * size);
}

#[tokio::test]
async fn a_booking_for_a_full_departure_is_refused_while_another_writer_holds_the_lock() {
    let app = crate::helpers::TestApp::spawn().await;
    let host = app.partnership().await.coordinator_token;
    let (_, d) = app.summer_stay_in_morocco(&host, "Dix places").await;
    let id = d["id"].as_i64().unwrap();
    let first = app.verified_token("first@example.org").await;
    let party: Vec<String> = (0..10).map(|i| format!("P{i}")).collect();
    let party: Vec<&str> = party.iter().map(String::as_str).collect();
    assert_eq!(
        book(&app, &first, id, &party).await.status(),
        StatusCode::CREATED
    );
    let late = app.verified_token("late@example.org").await;
    // The token's first use is recorded (a write) before the lock is taken.
    let (status, _) = app.get_json("/api/v1/me", Some(&late)).await;
    assert_eq!(status, StatusCode::OK);
    // Another connection writes to the departure and keeps its transaction open: on SQLite it
    // holds the database's write lock, on PostgreSQL the departure's row.
    let other = passerelle::db::connect_url(&app.config.database_url, 1)
        .await
        .unwrap();
    let backend = other.get_database_backend();
    let holder = if backend == DbBackend::Sqlite {
        other
            .begin_with_options(sea_orm::TransactionOptions {
                sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
                ..Default::default()
            })
            .await
            .unwrap()
    } else {
        other.begin().await.unwrap()
    };
    let touch = passerelle::db::numbered(
        backend,
        "UPDATE departures SET updated_at = updated_at WHERE id = ?",
    );
    holder
        .execute_raw(Statement::from_sql_and_values(backend, touch, [id.into()]))
        .await
        .unwrap();
    // A safety net only: without the early refusal the request waits for the holder.
    let res = tokio::time::timeout(
        std::time::Duration::from_secs(30),
        book(&app, &late, id, &["P"]),
    )
    .await
    .expect("the refusal does not wait for the write lock");
    let status = res.status();
    let problem: Value = res.json().await.unwrap();
    holder.rollback().await.unwrap();
    assert_eq!(status, StatusCode::CONFLICT, "{problem}");
    assert_eq!(problem["seats_left"], 0);
    assert_eq!(held_seats(&app, id).await, 10);
}
