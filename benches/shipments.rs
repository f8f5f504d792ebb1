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

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use passerelle::config::Config;
use passerelle::money::Cents;
use passerelle::startup::Application;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let campaigns = args.first().copied().unwrap_or(20);
    let members = args.get(1).copied().unwrap_or(500);
    let products = args.get(2).copied().unwrap_or(30);
    let dir = tempfile::tempdir()?;
    let database_url = match std::env::var("PASSERELLE_BENCH_POSTGRES") {
        Ok(server) if !server.is_empty() => {
            let name = format!("passerelle_bench_{}", rand::random_range(0..u32::MAX));
            let admin = sea_orm::Database::connect(server.as_str()).await?;
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await?;
            let mut url = url::Url::parse(&server)?;
            url.set_path(&name);
            url.to_string()
        }
        _ => format!("sqlite://{}/bench.db?mode=rwc", dir.path().display()),
    };
    let vars: HashMap<&str, String> = [
        ("PASSERELLE_DATA_DIR", dir.path().display().to_string()),
        ("DATABASE_URL", database_url.clone()),
        ("PASSERELLE_BIND", "127.0.0.1:0".into()),
        ("PASSERELLE_LOAD_DEMO", "true".into()),
        ("PASSERELLE_RUN_WORKER", "false".into()),
    ]
    .into_iter()
    .collect();
    let config = Config::from_lookup(|k| vars.get(k).cloned().or_else(|| std::env::var(k).ok()))
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let app = Application::build(config, Arc::new(passerelle::clock::SystemClock)).await?;
    let state = app.state().clone();
    let db = &state.db;
    let now = Utc::now();
    println!(
        "database: {}",
        if database_url.starts_with("postgres") {
            "PostgreSQL"
        } else {
            "SQLite"
        }
    );

    // The demo group of Jette - Sidi Bibi and its partnership's producers, with `products`
    // products shared between them.
    let group = entity::consumer_group::Entity::find()
        .filter(entity::consumer_group::Column::Slug.eq("gac-jette"))
        .one(db)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the demo group"))?;
    let producers = entity::producer::Entity::find()
        .filter(entity::producer::Column::PartnershipId.eq(group.partnership_id))
        .all(db)
        .await?;
    if producers.is_empty() {
        anyhow::bail!("no demo producer in the group's partnership");
    }
    let mut rows = Vec::new();
    for i in 0..products {
        let name: entity::I18nText = [("fr", format!("Produit {i}"))].into_iter().collect();
        rows.push(entity::product::ActiveModel {
            producer_id: Set(producers[i % producers.len()].id),
            name: Set(name),
            description: Set(entity::I18nText::default()),
            sort_name: Set(format!("produit {i:03}")),
            category: Set("oils".into()),
            unit: Set("250 ml".into()),
            case_size: Set([6, 12, 4, 10][i % 4]),
            min_cases: Set(1),
            weight_grams: Set(250 + (i as i32 % 5) * 100),
            price_cents: Set(Cents(450 + (i as i64 * 137) % 2000)),
            vat_rate_bp: Set(if i % 5 == 0 { 2100 } else { 600 }),
            stock: Set(None),
            hs_code: Set(Some(format!("1515{:02}", i % 100))),
            case_tare_grams: Set(Some(300 + (i as i32 % 3) * 100)),
            search_text: Set(format!("produit {i}")),
            archived_at: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    entity::product::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    let offered = entity::product::Entity::find()
        .filter(entity::product::Column::SearchText.starts_with("produit "))
        .all(db)
        .await?;

    // `members` households (no password: they never sign in here).
    let users: Vec<entity::user::ActiveModel> = (0..members)
        .map(|i| entity::user::ActiveModel {
            email: Set(format!("household{i}@bench.test")),
            display_name: Set(format!("Ménage {i}")),
            password_hash: Set(String::new()),
            locale: Set("fr".into()),
            email_verified_at: Set(Some(now)),
            session_epoch: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    for chunk in users.chunks(500) {
        entity::user::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    let households = entity::user::Entity::find()
        .filter(entity::user::Column::Email.ends_with("@bench.test"))
        .all(db)
        .await?;

    // `campaigns` confirmed campaigns: members' lines, whole cases ordered, all confirmed.
    let t0 = Instant::now();
    let mut orders = Vec::new();
    let mut basket_lines = 0;
    for n in 0..campaigns {
        let c = campaign(db, &group, &format!("Bench shipment {n}"), &offered).await?;
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
    Ok(())
}

async fn campaign(
    db: &sea_orm::DatabaseConnection,
    group: &entity::consumer_group::Model,
    title: &str,
    offered: &[entity::product::Model],
) -> anyhow::Result<entity::campaign::Model> {
    let now = Utc::now();
    let new = passerelle::group_orders::campaign_input::NewCampaign {
        title: title.into(),
        producer_ids: Vec::new(),
        opens_at: now - chrono::Duration::days(3),
        closes_at: now - chrono::Duration::days(1),
        delivery_on: (now + chrono::Duration::days(10)).date_naive(),
        transport_cents: Cents(45_000),
        transport_split: passerelle::group_orders::domain::TransportSplit::Weight,
        fee_cents: Cents(5_000),
        min_total_cents: None,
        pickup_point_id: None,
        note: None,
    };
    let c = passerelle::group_orders::service::campaign_row(
        group,
        new,
        passerelle::group_orders::domain::State::Closed,
        None,
        now,
    )
    .insert(db)
    .await?;
    passerelle::group_orders::service::offer_products(db, c.id, offered)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(c)
}
