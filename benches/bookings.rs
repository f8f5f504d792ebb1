//! Booking benchmark (issue 7): 500 concurrent attempts to book 1-3 places on a 20-place
//! departure, through the API of the real server in this process; on PostgreSQL through two
//! server instances sharing the database. Exactly the capacity must be held, every other
//! attempt a clean 409, no 5xx.
//!
//!   cargo bench --bench bookings                               (SQLite)
//!   PASSERELLE_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench bookings

mod support;

use std::collections::HashMap;
use std::time::Instant;

use chrono::Utc;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{Value, json};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let attempts: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(500);
    let dir = tempfile::tempdir()?;
    let bench_db = support::BenchDb::new(dir.path()).await?;
    // On PostgreSQL, two instances share the database.
    let instances = if bench_db.postgres.is_some() { 2 } else { 1 };
    let mut bases = Vec::new();
    let mut state = None;
    for _ in 0..instances {
        let app = bench_db
            .app(
                dir.path(),
                &[
                    ("PASSERELLE_LOAD_DEMO", "true"),
                    ("PASSERELLE_LOGIN_RATE_IP", "1000000"),
                    ("PASSERELLE_LOGIN_RATE_ACCOUNT", "1000000"),
                    // Its 50 travellers sign up from one address within a second.
                    ("PASSERELLE_SIGNUP_RATE_IP", "1000000"),
                ],
            )
            .await?;
        bases.push(format!("http://127.0.0.1:{}", app.port()));
        state.get_or_insert_with(|| app.state().clone());
        tokio::spawn(app.run_until_stopped());
    }
    let state = state.ok_or_else(|| anyhow::anyhow!("no instance"))?;
    let db = &state.db;
    println!("database: {}, {} instance(s)", bench_db.kind(), instances);
    let client = {
        passerelle::security::install_crypto_provider();
        reqwest::Client::new()
    };
    let base = &bases[0];
    let coordinator: Value = client
        .post(format!("{base}/api/v1/tokens"))
        .json(&json!({"email": "coordinator.jette-sidi-bibi@demo.passerelle.test", "password": "demo-passerelle"}))
        .send()
        .await?
        .json()
        .await?;
    let host = coordinator["token"].as_str().unwrap_or_default().to_owned();
    let trip: Value = client
        .post(format!("{base}/api/v1/trips"))
        .bearer_auth(&host)
        .json(&json!({"title": "Bench stay", "partnership": "jette-sidi-bibi", "territory": "sidi-bibi",
                      "description": "x", "min_group": 1, "max_group": 12}))
        .send()
        .await?
        .json()
        .await?;
    let start = (Utc::now() + chrono::Duration::days(90)).date_naive();
    let departure: Value = client
        .post(format!("{base}/api/v1/trips/{}/departures", trip["id"]))
        .bearer_auth(&host)
        .json(&json!({"starts_on": start.to_string(), "ends_on": (start + chrono::Duration::days(5)).to_string(),
                      "capacity": 20, "price_cents": 64000, "deposit_bp": 3000, "community_share_bp": 500}))
        .send()
        .await?
        .json()
        .await?;
    let departure_id = departure["id"].as_i64().unwrap_or_default();
    // 50 travellers with verified addresses.
    let mut tokens = Vec::new();
    for i in 0..50 {
        let email = format!("traveller{i}@bench.test");
        client
            .post(format!("{base}/api/v1/accounts"))
            .json(&json!({"email": email, "password": "bench password", "display_name": format!("T{i}")}))
            .send()
            .await?;
        let t: Value = client
            .post(format!("{base}/api/v1/tokens"))
            .json(&json!({"email": email, "password": "bench password"}))
            .send()
            .await?
            .json()
            .await?;
        tokens.push(t["token"].as_str().unwrap_or_default().to_owned());
    }
    entity::user::Entity::update_many()
        .col_expr(
            entity::user::Column::EmailVerifiedAt,
            sea_orm::sea_query::Expr::value(Some(Utc::now())),
        )
        .filter(entity::user::Column::Email.ends_with("@bench.test"))
        .exec(db)
        .await?;

    let started = Instant::now();
    let tasks: Vec<_> = (0..attempts)
        .map(|i| {
            let client = client.clone();
            let url = format!(
                "{}/api/v1/departures/{departure_id}/bookings",
                bases[i % bases.len()]
            );
            let token = tokens[i % tokens.len()].clone();
            let travellers: Vec<Value> = (0..(i % 3 + 1))
                .map(|k| json!({"name": format!("P{i}-{k}")}))
                .collect();
            tokio::spawn(async move {
                let t0 = Instant::now();
                let res = client
                    .post(url)
                    .bearer_auth(token)
                    .json(&json!({"travellers": travellers, "contact_email": "bench@bench.test"}))
                    .send()
                    .await;
                let status = res.as_ref().map(|r| r.status().as_u16()).unwrap_or(0);
                let seats = match res {
                    Ok(r) if status == 201 => r
                        .json::<Value>()
                        .await
                        .ok()
                        .and_then(|v| v["seats"].as_i64())
                        .unwrap_or(0),
                    _ => 0,
                };
                (status, seats, t0.elapsed())
            })
        })
        .collect();
    let mut by_status: HashMap<u16, usize> = HashMap::new();
    let mut held = 0;
    let mut times = Vec::new();
    for t in tasks {
        let (status, seats, took) = t.await?;
        *by_status.entry(status).or_default() += 1;
        held += seats;
        times.push(took);
    }
    let wall = started.elapsed();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    let stored: i64 = entity::booking::Entity::find()
        .filter(entity::booking::Column::DepartureId.eq(departure_id))
        .all(db)
        .await?
        .iter()
        .map(|b| i64::from(b.seats))
        .sum();
    let mut statuses: Vec<_> = by_status.into_iter().collect();
    statuses.sort();
    println!(
        "{attempts} concurrent attempts of 1-3 places on 20: {held} places held (rows: {stored}), statuses {statuses:?}, {:.2?} ({:.0} attempts/s), p50 {:.1?}, p99 {:.1?}",
        wall,
        attempts as f64 / wall.as_secs_f64(),
        pct(0.5),
        pct(0.99)
    );
    anyhow::ensure!(
        held == 20 && stored == 20,
        "exactly the capacity must be held"
    );
    anyhow::ensure!(
        statuses.iter().all(|(s, _)| *s == 201 || *s == 409),
        "only 201 and 409"
    );
    Ok(())
}
