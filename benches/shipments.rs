//! Shipments benchmark (issue 17): the contents of a shipment carrying the purchase orders of
//! 20 confirmed campaigns of 500 members x 30 products (units, cases, net and gross weight,
//! declared value per producer and product), computed from the database. Target: under 1 s.
//!
//!   cargo bench --bench shipments                       (SQLite in a temporary directory)
//!   PASSERELLE_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench shipments
//!   cargo bench --bench shipments -- <campaigns> <members> <products>
//!
//! The rows are written directly (campaigns, their products, members' basket lines, the
//! shipment and its purchase orders); the contents read only the orders' campaign products,
//! the basket lines are there so the tables have the size they would have.

mod support;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::Utc;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = support::numbers();
    let campaigns = args.first().copied().unwrap_or(20);
    let members = args.get(1).copied().unwrap_or(500);
    let products = args.get(2).copied().unwrap_or(30);
    let dir = tempfile::tempdir()?;
    let bench_db = support::BenchDb::new(dir.path()).await?;
    let app = bench_db
        .app(dir.path(), &[("PASSERELLE_LOAD_DEMO", "true")])
        .await?;
    let state = app.state().clone();
    let db = &state.db;
    let now = Utc::now();
    println!("database: {}", bench_db.kind());

    // The demo group of Jette - Sidi Bibi and its partnership's producers, with `products`
    // products shared between them.
    let group = support::demo_group(db).await?;
    let producers = entity::producer::Entity::find()
        .filter(entity::producer::Column::PartnershipId.eq(group.partnership_id))
        .all(db)
        .await?;
    if producers.is_empty() {
        anyhow::bail!("no demo producer in the group's partnership");
    }
    let ids: Vec<entity::ProducerId> = producers.iter().map(|p| p.id).collect();
    let offered = support::products(db, &ids, products).await?;

    // `members` households (no password: they never sign in here).
    let households = support::households(db, members, "").await?;

    // `campaigns` confirmed campaigns: members' lines, whole cases ordered, all confirmed.
    let t0 = Instant::now();
    let mut orders = Vec::new();
    let mut basket_lines = 0;
    for n in 0..campaigns {
        let c = support::campaign(
            db,
            &group,
            &format!("Bench shipment {n}"),
            &offered,
            passerelle::group_orders::domain::State::Closed,
        )
        .await?;
        let cps = entity::campaign_product::Entity::find()
            .filter(entity::campaign_product::Column::CampaignId.eq(c.id))
            .all(db)
            .await?;
        let mut lines = Vec::new();
        let mut asked: HashMap<i64, i32> = HashMap::new();
        for (m, u) in households.iter().enumerate() {
            for (k, cp) in cps.iter().enumerate() {
                let q = ((m * 3 + k * 5 + n) % 7) as i32;
                if q == 0 {
                    continue;
                }
                *asked.entry(cp.id).or_default() += q;
                lines.push(entity::basket_line::ActiveModel {
                    campaign_id: Set(c.id),
                    campaign_product_id: Set(cp.id),
                    user_id: Set(u.id),
                    quantity: Set(q),
                    tolerance: Set(0),
                    allocated: Set(Some(q)),
                    reason: Set(None),
                    created_at: Set(now),
                    updated_at: Set(now),
                    ..Default::default()
                });
            }
        }
        basket_lines += lines.len();
        for chunk in lines.chunks(1000) {
            entity::basket_line::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(db)
                .await?;
        }
        for cp in &cps {
            let units = asked.get(&cp.id).copied().unwrap_or(0);
            let cases = units / cp.case_size.max(1);
            entity::campaign_product::Entity::update_many()
                .col_expr(
                    entity::campaign_product::Column::OrderedCases,
                    Expr::value(cases),
                )
                .col_expr(
                    entity::campaign_product::Column::OrderedUnits,
                    Expr::value(cases * cp.case_size),
                )
                .col_expr(
                    entity::campaign_product::Column::ConfirmedUnits,
                    Expr::value(cases * cp.case_size - (cp.id % 3) as i32),
                )
                .filter(entity::campaign_product::Column::Id.eq(cp.id))
                .exec(db)
                .await?;
        }
        entity::campaign::Entity::update_many()
            .col_expr(
                entity::campaign::Column::State,
                Expr::value(entity::campaign::CampaignState::Confirmed),
            )
            .filter(entity::campaign::Column::Id.eq(c.id))
            .exec(db)
            .await?;
        for p in &producers {
            orders.push((c.id, p.id));
        }
    }
    let shipment = entity::shipment::ActiveModel {
        partnership_id: Set(group.partnership_id),
        origin: Set("Chtouka-Aït Baha".into()),
        carrier: Set("Bench".into()),
        expected_on: Set(None),
        step: Set(entity::shipment::ShipmentStep::Preparing),
        created_by: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let rows: Vec<entity::shipment_order::ActiveModel> = orders
        .iter()
        .map(|(c, p)| entity::shipment_order::ActiveModel {
            shipment_id: Set(shipment.id),
            campaign_id: Set(*c),
            producer_id: Set(*p),
            added_by: Set(None),
            created_at: Set(now),
            ..Default::default()
        })
        .collect();
    entity::shipment_order::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    println!(
        "built {campaigns} campaigns x {members} members x {products} products \
         ({basket_lines} basket lines, {} purchase orders) in {:.1?}",
        orders.len(),
        t0.elapsed()
    );

    // The contents, five times.
    let mut times: Vec<Duration> = Vec::new();
    let mut detail = None;
    for _ in 0..5 {
        let t = Instant::now();
        let d = passerelle::shipments::contents::detail(db, shipment.id, "fr")
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        times.push(t.elapsed());
        detail = Some(d);
    }
    times.sort();
    let d = detail.ok_or_else(|| anyhow::anyhow!("no run"))?;
    let t = d.contents.totals;
    println!(
        "contents: {} purchase orders, {} producers, {} units, {} cases, net {} g, gross {} g, value {}",
        d.orders.len(),
        d.contents.producers.len(),
        t.units,
        t.cases,
        t.net_grams,
        t.gross_grams,
        t.value_cents
    );
    let median = times[times.len() / 2];
    println!(
        "contents of the shipment: min {:.1?}, median {:.1?}, max {:.1?} (target < 1 s: {})",
        times[0],
        median,
        times[times.len() - 1],
        if median < Duration::from_secs(1) {
            "ok"
        } else {
            "OVER"
        }
    );
    bench_db.drop_after(db).await
}
