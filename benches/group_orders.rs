//! Collective orders benchmark (issue 6), against the real server in this process:
//!  1. basket updates: 64 members changing their baskets at once through the API (p50/p99);
//!  2. closing a campaign of 500 members x 30 products: cases, fair allocation, bills, payment
//!     requests and result emails (with their QR codes) queued, in one transaction.
//!
//!   cargo bench --bench group_orders                       (SQLite in a temporary directory)
//!   PASSERELLE_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench group_orders
//!   cargo bench --bench group_orders -- <members> <products> <updates per member>

mod support;

use std::time::{Duration, Instant};

use chrono::Utc;
use passerelle::group_orders::close::{self, Ctx};
use passerelle::group_orders::domain::State;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = support::numbers();
    let members = args.first().copied().unwrap_or(500);
    let products = args.get(1).copied().unwrap_or(30);
    let updates = args.get(2).copied().unwrap_or(100);
    let dir = tempfile::tempdir()?;
    let bench_db = support::BenchDb::new(dir.path()).await?;
    let app = bench_db
        .app(
            dir.path(),
            &[
                ("PASSERELLE_LOAD_DEMO", "true"),
                ("PASSERELLE_LOGIN_RATE_IP", "1000000"),
                ("PASSERELLE_LOGIN_RATE_ACCOUNT", "1000000"),
            ],
        )
        .await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    let db = &state.db;
    let now = Utc::now();
    println!("database: {}", bench_db.kind());

    // The demo group of Jette - Sidi Bibi, one of its producers with `products` products.
    let group = support::demo_group(db).await?;
    let producer = entity::producer::Entity::find()
        .filter(entity::producer::Column::PartnershipId.eq(group.partnership_id))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("a demo producer"))?;
    let offered = support::products(db, &[producer.id], products).await?;

    // `members` households, verified, members of the group.
    let hash = passerelle::accounts::service::hash_password("bench password".into())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let households = support::households(db, members, &hash).await?;
    support::join_group(db, &households, &group).await?;

    // 1. Basket updates: 64 members at once.
    let open = support::campaign(db, &group, "Bench baskets", &offered, State::Open).await?;
    let client = {
        passerelle::security::install_crypto_provider();
        reqwest::Client::new()
    };
    let mut tokens = Vec::new();
    for u in households.iter().take(64) {
        let res: serde_json::Value = client
            .post(format!("{base}/api/v1/tokens"))
            .json(&json!({"email": u.email, "password": "bench password"}))
            .send()
            .await?
            .json()
            .await?;
        tokens.push(res["token"].as_str().unwrap_or_default().to_owned());
    }
    let cases: Vec<(i64, i32)> = offered.iter().map(|p| (p.id.get(), p.case_size)).collect();
    for pause_ms in [0u64, 100] {
        let load = Load {
            base: base.clone(),
            campaign: open.id,
            cases: cases.clone(),
            updates: if pause_ms == 0 { updates } else { updates / 2 },
            pause: Duration::from_millis(pause_ms),
        };
        load.run(&client, &tokens).await?;
    }

    // 2. The close of `members` x `products`.
    let big = support::campaign(db, &group, "Bench close", &offered, State::Open).await?;
    let cps = entity::campaign_product::Entity::find()
        .filter(entity::campaign_product::Column::CampaignId.eq(big.id))
        .all(db)
        .await?;
    let mut lines = Vec::with_capacity(members * products);
    for (m, u) in households.iter().enumerate() {
        for (k, cp) in cps.iter().enumerate() {
            let q = ((m * 3 + k * 5) % 7) as i32;
            let t = if q > 0 {
                ((m + k) % 3) as i32 % cp.case_size
            } else {
                0
            };
            if q == 0 {
                continue;
            }
            lines.push(entity::basket_line::ActiveModel {
                campaign_id: Set(big.id),
                campaign_product_id: Set(cp.id),
                user_id: Set(u.id),
                quantity: Set(q),
                tolerance: Set(t),
                allocated: Set(None),
                reason: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    let line_count = lines.len();
    for chunk in lines.chunks(1000) {
        entity::basket_line::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    let emails_before = entity::outbox_message::Entity::find().all(db).await?.len();
    let ctx = Ctx {
        mailer: Some(&state.mailer),
        card: false,
        probe: None,
        catalog: None,
    };
    let t0 = Instant::now();
    let result = close::close(db, &ctx, None, big.id, true, Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let took = t0.elapsed();
    let emails = entity::outbox_message::Entity::find().all(db).await?.len() - emails_before;
    let requests = result
        .members
        .iter()
        .filter(|m| m.payment_reference.is_some())
        .count();
    println!(
        "close: {} members x {} products ({line_count} basket lines) in {took:.2?}: {} shares, {requests} payment requests, {emails} emails queued, total {} cents",
        members,
        products,
        result.members.len(),
        result.total_cents.get()
    );
    let t1 = Instant::now();
    close::close(db, &ctx, None, big.id, true, Utc::now())
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "close again (idempotent, reads the result): {:.2?}",
        t1.elapsed()
    );
    Ok(())
}

/// 64 members updating their baskets at once: each sends `updates` changes, one after the other,
/// with `pause` between two (none: as fast as the server answers).
struct Load {
    base: String,
    campaign: entity::CampaignId,
    cases: Vec<(i64, i32)>,
    updates: usize,
    pause: Duration,
}

impl Load {
    async fn run(&self, client: &reqwest::Client, tokens: &[String]) -> anyhow::Result<()> {
        let started = Instant::now();
        let tasks: Vec<_> = tokens
            .iter()
            .cloned()
            .enumerate()
            .map(|(m, token)| {
                let client = client.clone();
                let url = format!("{}/api/v1/campaigns/{}/basket", self.base, self.campaign);
                let cases = self.cases.clone();
                let (updates, pause) = (self.updates, self.pause);
                tokio::spawn(async move {
                    let mut times = Vec::with_capacity(updates);
                    let mut failures = 0;
                    // Members do not all start in the same millisecond.
                    tokio::time::sleep(pause.mul_f64((m % 16) as f64 / 16.0)).await;
                    for k in 0..updates {
                        let (pid, size) = cases[(m * 7 + k * 13) % cases.len()];
                        let q = ((m + k) % 9) as i64;
                        let t = if q > 0 {
                            ((m + k) % 3) as i64 % i64::from(size)
                        } else {
                            0
                        };
                        let t0 = Instant::now();
                        let res = client
                            .put(format!("{url}/{pid}"))
                            .bearer_auth(&token)
                            .json(&json!({"quantity": q, "tolerance": t}))
                            .send()
                            .await;
                        times.push(t0.elapsed());
                        if !matches!(res, Ok(r) if r.status().is_success()) {
                            failures += 1;
                        }
                        if !pause.is_zero() {
                            tokio::time::sleep(pause).await;
                        }
                    }
                    (times, failures)
                })
            })
            .collect();
        let mut times = Vec::new();
        let mut failures = 0;
        for t in tasks {
            let (ts, f) = t.await?;
            times.extend(ts);
            failures += f;
        }
        let wall = started.elapsed();
        times.sort();
        let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
        println!(
            "basket updates, 64 members at once, {} between two of a member's changes: {} in {:.2?} ({:.0}/s), p50 {:.1?}, p99 {:.1?}, max {:.1?}, failures {failures}",
            if self.pause.is_zero() {
                "no pause".to_owned()
            } else {
                format!("{:?}", self.pause)
            },
            times.len(),
            wall,
            times.len() as f64 / wall.as_secs_f64(),
            pct(0.50),
            pct(0.99),
            times.last().copied().unwrap_or(Duration::ZERO),
        );
        Ok(())
    }
}
