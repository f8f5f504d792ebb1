//! Shipments benchmark (issue 17): the contents of a shipment carrying the purchase orders of
//! 20 confirmed campaigns of 500 members x 30 products (units, cases, net and gross weight,
//! declared value per producer and product), the papers they need, and a carrier's invoice
//! shared among the campaigns and their members, each computed from the database. Target:
//! under 1 s each.
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
    report("contents of the shipment", &mut times);

    // The papers the contents need (exporters, category rules, what was recorded), five times.
    let mut times: Vec<Duration> = Vec::new();
    let mut required = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let (papers, _) = passerelle::shipments::papers::papers_of(db, shipment.id, &d)
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        times.push(t.elapsed());
        required = papers.iter().filter(|p| p.required).count();
    }
    report(&format!("papers ({required} required)"), &mut times);

    // A carrier's invoice shared among the campaigns by gross weight, then each campaign's
    // share among its members by weight (their allocated lines read from the database), five
    // times: the computation of the cost shares, without writing the members' requests.
    let mut times: Vec<Duration> = Vec::new();
    let mut billed = 0;
    for _ in 0..5 {
        let t = Instant::now();
        billed = cost_shares(db, shipment.id).await?;
        times.push(t.elapsed());
    }
    report(
        &format!("cost shares ({billed} members' bills)"),
        &mut times,
    );
    bench_db.drop_after(db).await
}

/// Min, median and max of `times`, against the 1 s target.
fn report(what: &str, times: &mut [Duration]) {
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "{what}: min {:.1?}, median {:.1?}, max {:.1?} (target < 1 s: {})",
        times[0],
        median,
        times[times.len() - 1],
        if median < Duration::from_secs(1) {
            "ok"
        } else {
            "OVER"
        }
    );
}

/// 12,345.67 EUR of carrier invoice shared among the shipment's campaigns and their members;
/// returns the number of members' bills. The members' weights and values come from one
/// aggregate query over their allocated lines (the campaigns' rules split by either).
async fn cost_shares(
    db: &sea_orm::DatabaseConnection,
    id: entity::ShipmentId,
) -> anyhow::Result<usize> {
    use passerelle::group_orders::domain::{PricedLine, TransportSplit, bills};
    use passerelle::shipments::{contents, cost_rules};
    use sea_orm::{ConnectionTrait, Statement};
    use std::collections::BTreeMap;
    let err = |e: passerelle::error::AppError| anyhow::anyhow!("{e}");
    let amount = entity::Cents(1_234_567);
    let pairs = contents::pairs(db, id).await.map_err(err)?;
    let products = contents::order_products(db, &pairs).await.map_err(err)?;
    let lines = contents::lines(db, &products, "fr").await.map_err(err)?;
    let shares = cost_rules::shares(
        amount,
        entity::partnership::TransportBasis::Weight,
        &cost_rules::loads(&lines),
    );
    let ids: Vec<String> = shares.iter().map(|s| s.campaign_id.to_string()).collect();
    let sql = format!(
        "SELECT l.campaign_id, l.user_id, \
         CAST(SUM(COALESCE(l.allocated, 0) * p.weight_grams) AS BIGINT) AS grams, \
         CAST(SUM(COALESCE(l.allocated, 0) * p.price_cents) AS BIGINT) AS cents \
         FROM basket_lines l JOIN campaign_products p ON p.id = l.campaign_product_id \
         WHERE l.campaign_id IN ({}) GROUP BY l.campaign_id, l.user_id \
         ORDER BY l.campaign_id, l.user_id",
        ids.join(",")
    );
    let rows = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    let mut members: BTreeMap<i64, Vec<Vec<PricedLine>>> = BTreeMap::new();
    for r in rows {
        let campaign: i64 = r.try_get("", "campaign_id")?;
        let grams: i64 = r.try_get("", "grams")?;
        let cents: i64 = r.try_get("", "cents")?;
        members.entry(campaign).or_default().push(vec![PricedLine {
            units: 1,
            price_cents: entity::Cents(cents),
            vat_rate_bp: 0,
            weight_grams: grams,
        }]);
    }
    let mut count = 0;
    let mut total = entity::Cents::ZERO;
    for share in &shares {
        let lines = members.remove(&share.campaign_id.get()).unwrap_or_default();
        let b = bills(
            &lines,
            share.cents,
            TransportSplit::Weight,
            entity::Cents::ZERO,
        );
        count += b.len();
        total += b.iter().map(|b| b.transport_cents).sum::<entity::Cents>();
    }
    anyhow::ensure!(total == amount, "the members' shares add up to {total:?}");
    Ok(count)
}
