//! Impact dashboard benchmark (issue 9): five years of a 50-partnership network (200,000 ledger
//! entries, with campaigns and shares, departures and bookings, practice sheets and support
//! requests in proportion), bulk-inserted, then `/impact` and one partnership's page fetched
//! over HTTP from the real server in this process: cold (first fetch of each URL) and warm
//! (the same URL again), median and p95. The goal is under 200 ms on both databases.
//!
//!   cargo bench --bench impact                               (SQLite in a temporary directory)
//!   PASSERELLE_BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres cargo bench --bench impact
//!   cargo bench --bench impact -- <partnerships> <ledger entries>

mod support;

use passerelle::money::Cents;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use entity::campaign::CampaignState;
use entity::departure::DepartureStatus;
use entity::ledger_entry::LedgerKind;
use entity::trip::TripStatus;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryOrder, Set,
    TransactionTrait,
};

const YEARS: [i32; 5] = [2022, 2023, 2024, 2025, 2026];
const KINDS: [LedgerKind; 8] = [
    LedgerKind::Received,
    LedgerKind::Producer,
    LedgerKind::Transport,
    LedgerKind::Costs,
    LedgerKind::CommunityFund,
    LedgerKind::Vat,
    LedgerKind::Other,
    LedgerKind::FundDisbursed,
];

/// A small deterministic generator (no allocation, same data on both databases).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n.max(1)
    }
}

fn month_time(month_index: usize, rng: &mut Lcg) -> DateTime<Utc> {
    let y = YEARS[month_index / 12];
    let m = (month_index % 12) as u32 + 1;
    Utc.with_ymd_and_hms(
        y,
        m,
        rng.next(28) as u32 + 1,
        rng.next(24) as u32,
        rng.next(60) as u32,
        0,
    )
    .single()
    .unwrap_or_else(Utc::now)
}

async fn insert_chunks<A, E>(
    db: &impl ConnectionTrait,
    rows: Vec<A>,
    chunk: usize,
) -> anyhow::Result<()>
where
    A: ActiveModelTrait<Entity = E> + Send + Clone,
    E: EntityTrait,
{
    for c in rows.chunks(chunk) {
        E::insert_many(c.to_vec())
            .exec_without_returning(db)
            .await?;
    }
    Ok(())
}

/// Generates the network; returns the slug of one partnership and the counts.
async fn generate(
    db: &DatabaseConnection,
    partnerships: usize,
    entries: usize,
) -> anyhow::Result<(String, Vec<(&'static str, usize)>)> {
    let now = Utc::now();
    let mut rng = Lcg(9);
    let txn = db.begin().await?;
    // Territories and partnerships, one by one (150 rows).
    let mut pids = Vec::new();
    let mut territory_ids = Vec::new();
    for i in 0..partnerships {
        let mut ids = [0i64; 2];
        for (k, country) in ["BE", "MA"].into_iter().enumerate() {
            ids[k] = entity::territory::ActiveModel {
                slug: Set(format!("bench-{country}-{i}").to_lowercase()),
                name: Set(format!("Bench {country} {i}")),
                country: Set(country.into()),
                region: Set("Bench".into()),
                kind: Set(entity::territory::TerritoryKind::Municipality),
                coresponsibility: Set(true),
                description: Set(Default::default()),
                website: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(&txn)
            .await?
            .id;
        }
        let p = entity::partnership::ActiveModel {
            slug: Set(format!("bench-partnership-{i}")),
            name: Set(format!("Bench partnership {i:02}")),
            belgian_territory_id: Set(ids[0]),
            partner_territory_id: Set(ids[1]),
            since_year: Set(2010),
            pillar_practices: Set(true),
            pillar_tourism: Set(true),
            pillar_trade: Set(true),
            illustrative: Set(false),
            description: Set(Default::default()),
            belgian_offers: Set(Default::default()),
            partner_offers: Set(Default::default()),
            transport_bp: Set(1000),
            costs_bp: Set(500),
            fund_bp: Set(300),
            iban: Set(None),
            bic: Set(None),
            account_name: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        pids.push(p.id);
        territory_ids.push(ids);
    }
    let months = YEARS.len() * 12;

    // The ledger: `entries` rows over partnerships, months and kinds.
    let mut rows = Vec::with_capacity(entries);
    for n in 0..entries {
        let p = pids[n % pids.len()];
        let kind = KINDS[rng.next(KINDS.len() as u64) as usize];
        let amount = Cents(rng.next(40_000) as i64 + 100);
        rows.push(entity::ledger_entry::ActiveModel {
            partnership_id: Set(p),
            payment_request_id: Set(None),
            kind: Set(kind),
            amount_cents: Set(if kind == LedgerKind::FundDisbursed {
                -amount
            } else {
                amount
            }),
            method: Set("bank".into()),
            memo: Set(String::new()),
            created_at: Set(month_time(rng.next(months as u64) as usize, &mut rng)),
            ..Default::default()
        });
    }
    insert_chunks(&txn, rows, 2000).await?;

    // Households: 40 per partnership.
    let per_partnership = 40;
    let mut users = Vec::new();
    for i in 0..partnerships * per_partnership {
        users.push(entity::user::ActiveModel {
            email: Set(format!("household{i}@bench.test")),
            password_hash: Set("x".into()),
            display_name: Set(format!("Household {i}")),
            locale: Set("fr".into()),
            email_verified_at: Set(Some(now)),
            session_epoch: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    insert_chunks(&txn, users, 1000).await?;
    let user_ids: Vec<i64> = entity::user::Entity::find()
        .order_by_asc(entity::user::Column::Id)
        .all(&txn)
        .await?
        .into_iter()
        .map(|u| u.id)
        .collect();

    // One group per partnership, one campaign a month, 10-25 households each.
    let mut groups = Vec::new();
    for (i, p) in pids.iter().enumerate() {
        groups.push(entity::consumer_group::ActiveModel {
            slug: Set(format!("bench-group-{i}")),
            name: Set(format!("Bench group {i}")),
            partnership_id: Set(*p),
            territory_id: Set(territory_ids[i][0]),
            description: Set(String::new()),
            iban: Set(None),
            bic: Set(None),
            account_name: Set(None),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    insert_chunks(&txn, groups, 500).await?;
    let group_ids: HashMap<entity::PartnershipId, entity::GroupId> =
        entity::consumer_group::Entity::find()
            .all(&txn)
            .await?
            .into_iter()
            .map(|g| (g.partnership_id, g.id))
            .collect();
    let mut campaigns = Vec::new();
    for p in &pids {
        for m in 0..months {
            let closed = month_time(m, &mut rng);
            let state = [
                CampaignState::Closed,
                CampaignState::Settled,
                CampaignState::Delivered,
                CampaignState::Cancelled,
            ][rng.next(4) as usize];
            campaigns.push(entity::campaign::ActiveModel {
                group_id: Set(group_ids[p]),
                partnership_id: Set(*p),
                title: Set(format!("Order {m}")),
                state: Set(state),
                opens_at: Set(closed),
                closes_at: Set(closed),
                delivery_on: Set(closed.date_naive()),
                pickup_point_id: Set(None),
                transport_cents: Set(Cents::ZERO),
                transport_split: Set("value".into()),
                fee_cents: Set(Cents::ZERO),
                min_total_cents: Set(None),
                revision: Set(1),
                note: Set(None),
                reminded_at: Set(None),
                closed_at: Set(Some(closed)),
                confirmed_at: Set(None),
                shipped_at: Set(None),
                delivered_at: Set(None),
                settled_at: Set(None),
                cancelled_at: Set(None),
                cancel_reason: Set(None),
                created_by: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    let n_campaigns = campaigns.len();
    insert_chunks(&txn, campaigns, 500).await?;
    let campaign_rows: Vec<(entity::CampaignId, entity::PartnershipId)> =
        entity::campaign::Entity::find()
            .all(&txn)
            .await?
            .into_iter()
            .map(|c| (c.id, c.partnership_id))
            .collect();
    let index_of: HashMap<entity::PartnershipId, usize> =
        pids.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let mut shares = Vec::new();
    for (cid, p) in &campaign_rows {
        let first = index_of[p] * per_partnership;
        let members = 10 + rng.next(16) as usize;
        let offset = rng.next(per_partnership as u64) as usize;
        for k in 0..members {
            let u = user_ids[first + (offset + k) % per_partnership];
            shares.push(entity::campaign_share::ActiveModel {
                campaign_id: Set(*cid),
                user_id: Set(u),
                goods_cents: Set(Cents(2500)),
                vat_cents: Set(Cents(150)),
                vat_detail: Set(Default::default()),
                transport_cents: Set(Cents(100)),
                fee_cents: Set(Cents::ZERO),
                total_cents: Set(Cents(2600)),
                payment_request_id: Set(None),
                revision: Set(1),
                collected_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    let n_shares = shares.len();
    insert_chunks(&txn, shares, 1000).await?;

    // One trip per partnership, a departure a month, three bookings each.
    let mut trips = Vec::new();
    for (i, p) in pids.iter().enumerate() {
        trips.push(entity::trip::ActiveModel {
            slug: Set(format!("bench-trip-{i}")),
            partnership_id: Set(*p),
            territory_id: Set(territory_ids[i][1]),
            title: Set(Default::default()),
            description: Set(Default::default()),
            programme: Set(Default::default()),
            included: Set(Default::default()),
            not_included: Set(Default::default()),
            pre_departure: Set(Default::default()),
            languages: Set(Default::default()),
            accessibility: Set(String::new()),
            min_group: Set(2),
            max_group: Set(12),
            status: Set(TripStatus::Published),
            created_by: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        });
    }
    insert_chunks(&txn, trips, 500).await?;
    let trip_ids: Vec<entity::TripId> = entity::trip::Entity::find()
        .order_by_asc(entity::trip::Column::Id)
        .all(&txn)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    let mut departures = Vec::new();
    for t in &trip_ids {
        for m in 0..months {
            let starts: NaiveDate = month_time(m, &mut rng).date_naive();
            departures.push(entity::departure::ActiveModel {
                trip_id: Set(*t),
                starts_on: Set(starts),
                ends_on: Set(starts + chrono::Duration::days(6)),
                capacity: Set(12),
                seats_taken: Set(0),
                price_cents: Set(Cents(64_000)),
                deposit_bp: Set(3000),
                community_share_bp: Set(500),
                transport_cents: Set(Cents::ZERO),
                organisation_bp: Set(800),
                balance_due_on: Set(None),
                policy: Set(Default::default()),
                status: Set(DepartureStatus::Scheduled),
                confirmed_at: Set(None),
                cancelled_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    let n_departures = departures.len();
    insert_chunks(&txn, departures, 1000).await?;
    let departure_ids: Vec<entity::DepartureId> = entity::departure::Entity::find()
        .all(&txn)
        .await?
        .into_iter()
        .map(|d| d.id)
        .collect();
    let mut bookings = Vec::new();
    for d in &departure_ids {
        for k in 0..3 {
            bookings.push(entity::booking::ActiveModel {
                reference: Set(format!("BENCH-{d}-{k}")),
                departure_id: Set(*d),
                user_id: Set(user_ids[rng.next(user_ids.len() as u64) as usize]),
                seats: Set(rng.next(4) as i32 + 1),
                status: Set({
                    use entity::booking::BookingStatus::{Cancelled, Confirmed};
                    [Confirmed, Confirmed, Cancelled][k]
                }),
                expires_at: Set(now),
                contact_name: Set("Bench".into()),
                contact_email: Set("bench@bench.test".into()),
                contact_phone: Set(None),
                dietary: Set(None),
                accessibility: Set(None),
                total_cents: Set(Cents(64_000)),
                deposit_cents: Set(Cents(19_200)),
                deposit_request_id: Set(None),
                balance_request_id: Set(None),
                refund_cents: Set(Cents::ZERO),
                confirmed_at: Set(None),
                cancelled_at: Set(None),
                cancel_reason: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            });
        }
    }
    let n_bookings = bookings.len();
    insert_chunks(&txn, bookings, 1000).await?;

    // Practice sheets and support requests: about one per territory every three months.
    let all_territories: Vec<i64> = territory_ids.iter().flatten().copied().collect();
    let mut sheets = Vec::new();
    let mut requests = Vec::new();
    for (i, t) in all_territories.iter().enumerate() {
        for m in (0..months).step_by(3) {
            let at = month_time(m, &mut rng);
            sheets.push(entity::practice_sheet::ActiveModel {
                slug: Set(format!("bench-sheet-{i}-{m}")),
                territory_id: Set(*t),
                pillar: Set("practices".into()),
                topics: Set(Default::default()),
                title: Set(Default::default()),
                summary: Set(Default::default()),
                method: Set(Default::default()),
                results: Set(Default::default()),
                contacts: Set(String::new()),
                languages: Set(Default::default()),
                search_text: Set(String::new()),
                created_by: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            });
            requests.push(entity::support_request::ActiveModel {
                territory_id: Set(*t),
                topic: Set("waste".into()),
                title: Set("Bench".into()),
                need: Set("Bench".into()),
                deadline: Set(None),
                status: Set(entity::support_request::SupportStatus::Open),
                practice_sheet_id: Set(None),
                created_by: Set(None),
                resolved_at: Set(None),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            });
        }
    }
    let (n_sheets, n_requests) = (sheets.len(), requests.len());
    insert_chunks(&txn, sheets, 1000).await?;
    insert_chunks(&txn, requests, 1000).await?;
    txn.commit().await?;
    // Fresh statistics, as autovacuum / a periodic ANALYZE would have on a live database.
    match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => {
            db.execute_unprepared("VACUUM ANALYZE").await?;
        }
        _ => {
            db.execute_unprepared("ANALYZE").await?;
        }
    }
    Ok((
        "bench-partnership-7".into(),
        vec![
            ("partnerships", partnerships),
            ("ledger entries", entries),
            ("campaigns", n_campaigns),
            ("campaign shares", n_shares),
            ("departures", n_departures),
            ("bookings", n_bookings),
            ("practice sheets", n_sheets),
            ("support requests", n_requests),
        ],
    ))
}

async fn fetch(client: &reqwest::Client, url: &str) -> anyhow::Result<Duration> {
    let t0 = Instant::now();
    let res = client.get(url).send().await?;
    let status = res.status();
    let body = res.text().await?;
    let took = t0.elapsed();
    anyhow::ensure!(status.is_success(), "{url}: {status}");
    anyhow::ensure!(body.contains("<svg"), "{url}: no chart");
    Ok(took)
}

fn summary(mut times: Vec<Duration>) -> String {
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p).ceil() as usize).clamp(1, times.len()) - 1];
    format!(
        "median {:>6.1} ms, p95 {:>6.1} ms ({} fetches)",
        pct(0.5).as_secs_f64() * 1000.0,
        pct(0.95).as_secs_f64() * 1000.0,
        times.len()
    )
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = support::numbers();
    let partnerships = args.first().copied().unwrap_or(50);
    let entries = args.get(1).copied().unwrap_or(200_000);
    let dir = tempfile::tempdir()?;
    // PASSERELLE_BENCH_DATA_DIR keeps the SQLite database afterwards (to study its queries).
    let data_dir = std::env::var("PASSERELLE_BENCH_DATA_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|_| dir.path().to_path_buf());
    // On PostgreSQL: a fresh database, dropped at the end.
    let bench_db = support::BenchDb::new(&data_dir).await?;
    let app = bench_db
        .app(&data_dir, &[("PASSERELLE_LOAD_DEMO", "false")])
        .await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    tokio::spawn(app.run_until_stopped());
    println!("database: {}", bench_db.kind());
    let t0 = Instant::now();
    let (slug, counts) = generate(&state.db, partnerships, entries).await?;
    println!("generated in {:.1?}: {counts:?}", t0.elapsed());

    let client = {
        passerelle::security::install_crypto_provider();
        reqwest::Client::new()
    };
    let pages = [
        ("/impact (network)", "/impact".to_owned()),
        ("partnership page", format!("/partnerships/{slug}/impact")),
    ];
    for (name, path) in &pages {
        // Cold: the first fetch of each URL (each year, and the default).
        let mut cold = Vec::new();
        for q in ["", "?year=2022", "?year=2023", "?year=2024", "?year=2025"] {
            cold.push(fetch(&client, &format!("{base}{path}{q}")).await?);
        }
        // Warm: the same URL again and again.
        let mut warm = Vec::new();
        for _ in 0..30 {
            warm.push(fetch(&client, &format!("{base}{path}")).await?);
        }
        println!("{name:<20} cold: {}", summary(cold));
        println!("{name:<20} warm: {}", summary(warm));
    }
    let before = state.metrics.db_queries.get();
    fetch(&client, &format!("{base}/impact")).await?;
    println!(
        "queries for /impact: {}",
        state.metrics.db_queries.get() - before
    );
    bench_db.drop_after(&state.db).await
}
