//! The checks of a healthy topology: a session that crosses instances, bookings that never
//! overbook through the proxy, a photo kept in the object store, a catalogue change heard by
//! the other instance, and the login limits that both instances count together.

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
    let client = logged_in_through_a(t, member).await;

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

/// A photo uploaded through A is kept in the object store: B and the proxy serve it.
pub async fn photo_uploaded_via_a_is_served_via_b_and_the_proxy(t: &Topology) {
    let producer = "producer.jette-sidi-bibi@demo.passerelle.test";
    let client = reqwest::Client::new();
    let token = api_token(&client, &t.a.url("/api/v1/tokens"), producer, PASSWORD).await;
    let product = first_product_of(t, producer).await;
    let res = client
        .post(t.a.url(&format!("/api/v1/products/{product}/photos")))
        .bearer_auth(&token)
        .header("content-type", "image/png")
        .body(png(400, 300))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED, "photo through A");
    let photo: Value = res.json().await.unwrap();
    let thumb = photo["thumb"].as_str().unwrap().to_owned();
    let from_a = client.get(t.a.url(&thumb)).send().await.unwrap();
    assert_eq!(from_a.status(), StatusCode::OK);
    let from_a = from_a.bytes().await.unwrap();
    for (via, url) in [("B", t.b.url(&thumb)), ("the proxy", t.proxy.url(&thumb))] {
        let res = client.get(&url).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{thumb} through {via}");
        assert_eq!(
            res.bytes().await.unwrap(),
            from_a,
            "the same photo through {via}"
        );
    }
    println!("photo: uploaded through A, served through B and the proxy ({thumb})");
}

/// A product renamed through A shows on B within a second, though B had the page cached.
pub async fn product_edited_via_a_shows_on_b_within_a_second(t: &Topology) {
    let producer = "producer.jette-sidi-bibi@demo.passerelle.test";
    let client = reqwest::Client::new();
    let token = api_token(&client, &t.a.url("/api/v1/tokens"), producer, PASSWORD).await;
    let product = first_product_of(t, producer).await;
    let page = format!("/products/{product}");
    // B caches the page (anonymous visitors see the cached copy).
    for _ in 0..2 {
        let res = client.get(t.b.url(&page)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{page} on B");
    }
    let name = format!("Huile renommée {}", Utc::now().timestamp_millis());
    let res = client
        .put(t.a.url(&format!("/api/v1/products/{product}")))
        .bearer_auth(&token)
        .json(
            &json!({"name": {"fr": name}, "description": {"fr": "Amandons torréfiés"},
                      "category": "oils", "unit": "250 ml", "case_size": 12, "weight_grams": 480,
                      "price_cents": 1490, "vat_rate_bp": 600, "stock": 100}),
        )
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_success(),
        "rename through A: {}",
        res.status()
    );
    let edited = std::time::Instant::now();
    loop {
        let html = client
            .get(t.b.url(&page))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        if html.contains(&name) {
            break;
        }
        assert!(
            edited.elapsed() < std::time::Duration::from_secs(1),
            "B still shows the old name a second after the edit through A"
        );
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    println!(
        "cache: renamed through A, shown on B after {:.0?}",
        edited.elapsed()
    );
}

/// The per-account login limit counts attempts made through either instance.
pub async fn login_limit_holds_across_both_instances(t: &Topology, per_account: usize) {
    let client = reqwest::Client::new();
    let email = "member3.jette-sidi-bibi@demo.passerelle.test";
    let attempt = |url: String| {
        let client = client.clone();
        async move {
            client
                .post(url)
                .json(&json!({"email": email, "password": "not the password"}))
                .send()
                .await
                .unwrap()
                .status()
        }
    };
    for i in 0..per_account {
        let via = if i % 2 == 0 { &t.a } else { &t.b };
        assert_eq!(
            attempt(via.url("/api/v1/tokens")).await,
            StatusCode::UNAUTHORIZED,
            "attempt {} through {}",
            i + 1,
            via.name
        );
    }
    for via in [&t.a, &t.b] {
        assert_eq!(
            attempt(via.url("/api/v1/tokens")).await,
            StatusCode::TOO_MANY_REQUESTS,
            "attempt past the limit of {per_account} through {}",
            via.name
        );
    }
    println!("login limit: {per_account} attempts spread over A and B, the next refused on both");
}

/// A session made through A works through B and ends for both when logged out through the proxy.
pub async fn session_crosses_instances_and_logs_out_through_the_proxy(t: &Topology) {
    let member = "member4.jette-sidi-bibi@demo.passerelle.test";
    let client = logged_in_through_a(t, member).await;
    let account = client.get(t.b.url("/account")).send().await.unwrap();
    assert_eq!(
        account.status(),
        StatusCode::OK,
        "the session made on A holds on B"
    );
    let html = account.text().await.unwrap();
    let res = client
        .post(t.proxy.url("/logout"))
        .form(&[("csrf_token", csrf_in(&html))])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "logout through the proxy"
    );
    for via in [&t.a, &t.b] {
        let res = client.get(via.url("/account")).send().await.unwrap();
        assert_eq!(
            res.status(),
            StatusCode::SEE_OTHER,
            "after the logout, {} sends to the login page",
            via.name
        );
    }
    println!("session: logged in through A, used through B, logged out through the proxy");
}

/// A browser (one cookie jar, as behind the proxy it is sent to either instance) signed in
/// through A's login form as `email`.
async fn logged_in_through_a(t: &Topology, email: &str) -> reqwest::Client {
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
            ("email", email),
            ("password", PASSWORD),
            ("next", "/account"),
            ("csrf_token", &token),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "{email} logs in through A"
    );
    client
}

/// The first product of the producer whose member is `email`.
async fn first_product_of(t: &Topology, email: &str) -> i64 {
    scalar(
        t,
        &format!(
            "SELECT p.id FROM products p JOIN role_assignments r ON r.scope_id = p.producer_id \
             AND r.scope_type = 'producer' AND r.role = 'producer_member' \
             JOIN users u ON u.id = r.user_id WHERE u.email = '{email}' ORDER BY p.id LIMIT 1"
        ),
    )
    .await
}

async fn api_token(client: &reqwest::Client, url: &str, email: &str, password: &str) -> String {
    let v: Value = client
        .post(url)
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["token"].as_str().expect("a token").to_owned()
}

/// A plain PNG of `w` x `h` pixels.
fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 256) as u8, (y % 256) as u8, 90])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}
