//! The checks of a healthy topology: a session that crosses instances, bookings that never
//! overbook through the proxy, and the room left for the checks that the object store, the
//! cache invalidation and the shared login limits make possible.

use std::collections::HashMap;

use chrono::Utc;
use reqwest::StatusCode;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

use crate::Topology;
use crate::load::PASSWORD;

/// The first number a query returns.
pub async fn scalar(t: &Topology, sql: &str) -> i64 {
    let row =
        t.db.query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
            .await
            .unwrap()
            .unwrap_or_else(|| panic!("no row: {sql}"));
    row.try_get_by_index::<i64>(0)
        .or_else(|_| row.try_get_by_index::<i32>(0).map(i64::from))
        .unwrap()
}

fn csrf_in(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let start = html.find(marker).expect("a form with a CSRF token") + marker.len();
    let end = html[start..].find('"').unwrap();
    html[start..start + end].to_owned()
}

pub async fn member_logs_in_through_a_and_saves_a_basket_through_b(t: &Topology) {
    let member = "member2.jette-sidi-bibi@demo.passerelle.test";
    // One cookie jar for both: the browser behind the proxy is sent to either.
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let login = client.get(t.a.url("/login")).send().await.unwrap();
    let token = csrf_in(&login.text().await.unwrap());
    let res = client
        .post(t.a.url("/login"))
        .form(&[
            ("email", member),
            ("password", PASSWORD),
            ("next", "/account"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "login through A");

    let campaign = scalar(
        t,
        "SELECT c.id FROM campaigns c JOIN partnerships p ON p.id = c.partnership_id \
         WHERE p.slug = 'jette-sidi-bibi' AND c.state = 'open' ORDER BY c.id LIMIT 1",
    )
    .await;
    let page = client
        .get(t.b.url(&format!("/campaigns/{campaign}")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK, "the campaign page through B");
    let html = page.text().await.unwrap();
    let product: i64 = html
        .split("name=\"quantity[")
        .nth(1)
        .and_then(|s| s.split(']').next())
        .and_then(|s| s.parse().ok())
        .expect("B shows the member the basket form: the session made on A holds on B");
    let case_size = scalar(
        t,
        &format!(
            "SELECT case_size FROM campaign_products WHERE campaign_id = {campaign} AND product_id = {product}"
        ),
    )
    .await;
    let quantity = (case_size * 2).to_string();
    let res = client
        .post(t.b.url(&format!("/campaigns/{campaign}/basket")))
        .form(&[
            (format!("quantity[{product}]"), quantity.clone()),
            (format!("tolerance[{product}]"), "0".to_owned()),
            ("csrf_token".to_owned(), csrf_in(&html)),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "basket saved through B"
    );
    let stored = scalar(
        t,
        &format!(
            "SELECT l.quantity FROM basket_lines l JOIN users u ON u.id = l.user_id \
             JOIN campaign_products cp ON cp.id = l.campaign_product_id \
             WHERE u.email = '{member}' AND l.campaign_id = {campaign} AND cp.product_id = {product}"
        ),
    )
    .await;
    assert_eq!(
        stored.to_string(),
        quantity,
        "the basket line in the database"
    );
    println!("basket: logged in through A, saved {quantity} units through B");
}

pub async fn concurrent_bookings_through_the_proxy_hold_exactly_the_places(t: &Topology) {
    let client = reqwest::Client::new();
    let base = t.proxy.url("/api/v1");
    let token = |email: String, password: String| {
        let client = client.clone();
        let base = base.clone();
        async move {
            let v: Value = client
                .post(format!("{base}/tokens"))
                .json(&json!({"email": email, "password": password}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            v["token"].as_str().expect("a token").to_owned()
        }
    };
    let host = token(
        "coordinator.jette-sidi-bibi@demo.passerelle.test".into(),
        PASSWORD.into(),
    )
    .await;
    let trip: Value = client
        .post(format!("{base}/trips"))
        .bearer_auth(&host)
        .json(&json!({"title": "Topology stay", "partnership": "jette-sidi-bibi", "territory": "sidi-bibi",
                      "description": "x", "min_group": 1, "max_group": 12}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let start = (Utc::now() + chrono::Duration::days(90)).date_naive();
    let departure: Value = client
        .post(format!("{base}/trips/{}/departures", trip["id"]))
        .bearer_auth(&host)
        .json(&json!({"starts_on": start.to_string(), "ends_on": (start + chrono::Duration::days(5)).to_string(),
                      "capacity": 20, "price_cents": 64000, "deposit_bp": 3000, "community_share_bp": 500}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let departure = departure["id"].as_i64().expect("a departure");
    let mut tokens = Vec::new();
    for i in 0..20 {
        let email = format!("traveller{i}@topology.test");
        let res = client
            .post(format!("{base}/accounts"))
            .json(&json!({"email": email, "password": "topology password", "display_name": format!("T{i}")}))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::ACCEPTED,
            "sign-up through the proxy"
        );
    }
    t.db.execute_unprepared(
        "UPDATE users SET email_verified_at = now() WHERE email LIKE '%@topology.test'",
    )
    .await
    .unwrap();
    for i in 0..20 {
        tokens.push(
            token(
                format!("traveller{i}@topology.test"),
                "topology password".into(),
            )
            .await,
        );
    }
    let tasks: Vec<_> = (0..200)
        .map(|i| {
            let client = client.clone();
            let url = format!("{base}/departures/{departure}/bookings");
            let token = tokens[i % tokens.len()].clone();
            tokio::spawn(async move {
                client
                    .post(url)
                    .bearer_auth(token)
                    .json(&json!({"travellers": [{"name": format!("P{i}")}], "contact_email": "t@topology.test"}))
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let mut statuses: HashMap<u16, usize> = HashMap::new();
    for task in tasks {
        *statuses.entry(task.await.unwrap()).or_default() += 1;
    }
    let rows = scalar(
        t,
        &format!("SELECT COUNT(*) FROM bookings WHERE departure_id = {departure}"),
    )
    .await;
    let seats = scalar(
        t,
        &format!(
            "SELECT COALESCE(SUM(seats), 0)::bigint FROM bookings WHERE departure_id = {departure}"
        ),
    )
    .await;
    println!("bookings: 200 attempts for 20 places through the proxy: {statuses:?}, {rows} rows");
    assert_eq!(
        (rows, seats),
        (20, 20),
        "exactly the 20 places are booked (rows, seats); statuses {statuses:?}"
    );
    assert_eq!(
        statuses.get(&201),
        Some(&20),
        "20 bookings acknowledged: {statuses:?}"
    );
    assert!(
        statuses.keys().all(|s| *s == 201 || *s == 409),
        "every other attempt is a clean 409: {statuses:?}"
    );
}

// ----- Room for the checks the colleagues' work on issue 18 makes possible. Each says it was
// ----- not made, until its feature lands and the check is written here.

/// Object store (PASSERELLE_STORAGE_URL=s3://...): a photo uploaded through A is served
/// through B and through the proxy. Not checked yet: files are still on each instance's disk.
pub async fn photo_uploaded_via_a_is_served_via_b_and_the_proxy(_t: &Topology) {
    println!("NOT CHECKED: photo via A served via B and the proxy (waits for the object store)");
}

/// LISTEN/NOTIFY cache invalidation: a product edited through A shows on B within one second.
/// Not checked yet: B's cache keeps the old page for its time to live.
pub async fn product_edited_via_a_shows_on_b_within_a_second(_t: &Topology) {
    println!("NOT CHECKED: product edited via A shows on B within 1 s (waits for LISTEN/NOTIFY)");
}

/// Login limits in the database: the per-account limit holds across both instances.
/// Not checked yet: each instance counts on its own (and the topology sets the limits high).
pub async fn login_limit_holds_across_both_instances(_t: &Topology) {
    println!("NOT CHECKED: login limit across both instances (waits for shared limits)");
}
