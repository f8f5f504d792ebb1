//! The dashboard's figures, aggregated in the database: a fixed number of grouped queries
//! (ledger, campaigns, households, stays, practice sheets, support requests) whatever the
//! number of rows; the rows never come into Rust, only their sums per partnership and month.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use entity::ledger_entry::LedgerKind;
use entity::partnership;
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait,
    QueryFilter, QueryOrder, QueryResult, Statement,
};

use super::domain::{Figures, months_of, year_of};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::money::Cents;

/// The campaign states that count as closed (an order that went ahead).
const CLOSED_STATES: &str = "'closed', 'confirmed', 'shipped', 'delivered', 'settled'";

/// One period's figures: `YYYY` or `YYYY-MM`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub period: String,
    pub figures: Figures,
}

/// Everything a dashboard shows.
#[derive(Clone, Debug)]
pub struct Dashboard {
    /// None for the whole network.
    pub partnership: Option<partnership::Model>,
    pub year: i32,
    /// The twelve months of `year`.
    pub months: Vec<Row>,
    /// Every year from the first with data to the last.
    pub years: Vec<Row>,
    /// Since the start.
    pub totals: Figures,
    /// The network's partnerships and their figures since the start (empty for a partnership).
    pub partnerships: Vec<(partnership::Model, Figures)>,
}

/// `YYYY-MM` of a timestamp (UTC) or date column, on either database. SQLite keeps timestamps
/// as text beginning with the UTC date; PostgreSQL as timestamptz.
fn month_sql(backend: DatabaseBackend, col: &str, is_date: bool) -> String {
    match (backend, is_date) {
        (DatabaseBackend::Postgres, false) => {
            format!("to_char({col} AT TIME ZONE 'UTC', 'YYYY-MM')")
        }
        (DatabaseBackend::Postgres, true) => format!("to_char({col}, 'YYYY-MM')"),
        _ => format!("substr({col}, 1, 7)"),
    }
}

fn year_sql(backend: DatabaseBackend, col: &str) -> String {
    match backend {
        DatabaseBackend::Postgres => format!("to_char({col} AT TIME ZONE 'UTC', 'YYYY')"),
        _ => format!("substr({col}, 1, 4)"),
    }
}

/// Additive figures per partnership and month, and distinct households per level.
#[derive(Default)]
struct Sums {
    /// (partnership id, month) -> figures; the network's sheets and requests under id 0.
    cells: HashMap<(i64, String), Figures>,
    /// month -> sheets and requests counted once for the network.
    network_practice: HashMap<String, (i64, i64)>,
    households_month: HashMap<String, i64>,
    households_year: HashMap<String, i64>,
    households_partnership: HashMap<entity::PartnershipId, i64>,
    households_total: i64,
    /// territory id -> (month, sheets, requests).
    by_territory: HashMap<i64, Vec<(String, i64, i64)>>,
}

fn get_i64(row: &QueryResult, col: &str) -> AppResult<i64> {
    row.try_get::<i64>("", col)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("impact query, column {col}: {e}")))
}

fn get_cents(row: &QueryResult, col: &str) -> AppResult<Cents> {
    row.try_get::<Cents>("", col)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("impact query, column {col}: {e}")))
}

fn get_str(row: &QueryResult, col: &str) -> AppResult<String> {
    row.try_get::<Option<String>>("", col)
        .map(Option::unwrap_or_default)
        .map_err(|e| AppError::Unexpected(anyhow::anyhow!("impact query, column {col}: {e}")))
}

async fn rows(db: &DatabaseConnection, sql: String) -> AppResult<Vec<QueryResult>> {
    let backend = db.get_database_backend();
    Ok(db
        .query_all_raw(Statement::from_string(backend, sql))
        .await?)
}

/// The whole network's dashboard for `year`.
pub async fn network(db: &DatabaseConnection, year: i32) -> AppResult<Dashboard> {
    let partnerships = partnership::Entity::find()
        .order_by_asc(partnership::Column::Name)
        .all(db)
        .await?;
    let sums = sums(db, None, year).await?;
    Ok(assemble(None, partnerships, sums, year))
}

/// One partnership's dashboard for `year`; 404 when the slug is unknown.
pub async fn partnership(db: &DatabaseConnection, slug: &str, year: i32) -> AppResult<Dashboard> {
    let p = partnership::Entity::find()
        .filter(partnership::Column::Slug.eq(slug))
        .one_or_404(db)
        .await?;
    let sums = sums(db, Some(&p), year).await?;
    Ok(assemble(Some(p), Vec::new(), sums, year))
}

/// Runs the grouped queries (concurrently: they only read).
async fn sums(
    db: &DatabaseConnection,
    scope: Option<&partnership::Model>,
    year: i32,
) -> AppResult<Sums> {
    let b = db.get_database_backend();
    // Ids and the year are integers from the database or a parsed year, never request text.
    let (ledger_scope, campaign_scope, trip_scope, territory_scope) = match scope {
        Some(p) => (
            format!(" AND partnership_id = {}", p.id),
            format!(" AND c.partnership_id = {}", p.id),
            format!(" AND t.partnership_id = {}", p.id),
            format!(
                " WHERE territory_id IN ({}, {})",
                p.belgian_territory_id, p.partner_territory_id
            ),
        ),
        None => Default::default(),
    };
    // The ledger's sums by partnership, month and kind, kept by migration 12's trigger: the
    // producers' and the hosts' shares, the fund's shares and what it paid out.
    let [producer, hosts, fund, fund_out, paid] = [
        LedgerKind::Producer,
        LedgerKind::Other,
        LedgerKind::CommunityFund,
        LedgerKind::FundDisbursed,
        LedgerKind::ProducerPaid,
    ]
    .map(|k| k.to_value());
    let ledger = format!(
        "SELECT partnership_id AS pid, month AS period, \
           CAST(SUM(CASE WHEN kind = '{producer}' THEN amount_cents ELSE 0 END) AS BIGINT) AS producers, \
           CAST(SUM(CASE WHEN kind = '{hosts}' THEN amount_cents ELSE 0 END) AS BIGINT) AS hosts, \
           CAST(SUM(CASE WHEN kind = '{fund}' THEN amount_cents ELSE 0 END) AS BIGINT) AS fund_in, \
           CAST(SUM(CASE WHEN kind = '{fund_out}' THEN amount_cents ELSE 0 END) AS BIGINT) AS fund_out, \
           CAST(SUM(CASE WHEN kind = '{paid}' THEN amount_cents ELSE 0 END) AS BIGINT) AS producers_paid \
         FROM ledger_months \
         WHERE kind IN ('{producer}', '{hosts}', '{fund}', '{fund_out}', '{paid}'){ledger_scope} \
         GROUP BY 1, 2",
    );
    let closed =
        format!("c.state IN ({CLOSED_STATES}) AND c.closed_at IS NOT NULL{campaign_scope}");
    let cm = month_sql(b, "c.closed_at", false);
    let cy = year_sql(b, "c.closed_at");
    let campaigns = format!(
        "SELECT c.partnership_id AS pid, {cm} AS period, COUNT(*) AS n \
         FROM campaigns c WHERE {closed} GROUP BY 1, 2"
    );
    let shares = "FROM campaign_shares s JOIN campaigns c ON c.id = s.campaign_id";
    // Distinct households per month of the year, per year, per partnership and in all: four
    // small queries run side by side (each counts distinct pairs first, which both databases do
    // faster than COUNT(DISTINCT) per group).
    let zero = "CAST(0 AS BIGINT)";
    let households = [
        format!(
            "SELECT 'm' AS lvl, {zero} AS pid, k, COUNT(*) AS n FROM (SELECT DISTINCT {cm} AS k, \
             s.user_id {shares} WHERE {closed} AND {cm} >= '{year:04}-01' AND {cm} <= '{year:04}-12') x \
             GROUP BY k"
        ),
        format!(
            "SELECT 'y' AS lvl, {zero} AS pid, k, COUNT(*) AS n FROM (SELECT DISTINCT {cy} AS k, \
             s.user_id {shares} WHERE {closed}) x GROUP BY k"
        ),
        format!(
            "SELECT 'p' AS lvl, p AS pid, '' AS k, COUNT(*) AS n FROM (SELECT DISTINCT \
             c.partnership_id AS p, s.user_id {shares} WHERE {closed}) x GROUP BY p"
        ),
        format!(
            "SELECT 't' AS lvl, {zero} AS pid, '' AS k, COUNT(DISTINCT s.user_id) AS n {shares} \
             WHERE {closed}"
        ),
    ];
    let stays = format!(
        "SELECT t.partnership_id AS pid, {m} AS period, COUNT(DISTINCT d.id) AS stays, \
           CAST(SUM(b.seats) AS BIGINT) AS travellers \
         FROM bookings b JOIN departures d ON d.id = b.departure_id JOIN trips t ON t.id = d.trip_id \
         WHERE b.status = 'confirmed'{trip_scope} GROUP BY 1, 2",
        m = month_sql(b, "d.starts_on", true),
    );
    let per_territory = |table: &str| {
        format!(
            "SELECT territory_id AS tid, {m} AS period, COUNT(*) AS n FROM {table}{territory_scope} GROUP BY 1, 2",
            m = month_sql(b, "created_at", false),
        )
    };
    let [hm, hy, hp, ht] = households;
    let (ledger, campaigns, stays, sheets, requests, hm, hy, hp, ht) = tokio::try_join!(
        rows(db, ledger),
        rows(db, campaigns),
        rows(db, stays),
        rows(db, per_territory("practice_sheets")),
        rows(db, per_territory("support_requests")),
        rows(db, hm),
        rows(db, hy),
        rows(db, hp),
        rows(db, ht),
    )?;

    let mut s = Sums::default();
    for r in &ledger {
        let f = s
            .cells
            .entry((get_i64(r, "pid")?, get_str(r, "period")?))
            .or_default();
        f.add_ledger(
            get_cents(r, "producers")?,
            get_cents(r, "hosts")?,
            get_cents(r, "fund_in")?,
            get_cents(r, "fund_out")?,
        );
        f.add_producers_paid(get_cents(r, "producers_paid")?);
    }
    for r in &campaigns {
        s.cells
            .entry((get_i64(r, "pid")?, get_str(r, "period")?))
            .or_default()
            .campaigns += get_i64(r, "n")?;
    }
    for r in &stays {
        let f = s
            .cells
            .entry((get_i64(r, "pid")?, get_str(r, "period")?))
            .or_default();
        f.stays += get_i64(r, "stays")?;
        f.travellers += get_i64(r, "travellers")?;
    }
    for r in hm.iter().chain(&hy).chain(&hp).chain(&ht) {
        let n = get_i64(r, "n")?;
        match get_str(r, "lvl")?.as_str() {
            "m" => {
                s.households_month.insert(get_str(r, "k")?, n);
            }
            "y" => {
                s.households_year.insert(get_str(r, "k")?, n);
            }
            "p" => {
                s.households_partnership
                    .insert(entity::PartnershipId(get_i64(r, "pid")?), n);
            }
            _ => s.households_total = n,
        }
    }
    // Sheets and requests belong to territories: a partnership counts those of its two
    // territories; the network counts each once.
    let mut by_territory: HashMap<i64, Vec<(String, i64, i64)>> = HashMap::new();
    for (rs, is_sheet) in [(&sheets, true), (&requests, false)] {
        for r in rs {
            let (period, n) = (get_str(r, "period")?, get_i64(r, "n")?);
            let (sh, rq) = if is_sheet { (n, 0) } else { (0, n) };
            let e = s.network_practice.entry(period.clone()).or_default();
            e.0 += sh;
            e.1 += rq;
            by_territory
                .entry(get_i64(r, "tid")?)
                .or_default()
                .push((period, sh, rq));
        }
    }
    s.by_territory = by_territory;
    Ok(s)
}

/// Folds the sums into the dashboard's months, years, totals and partnership rows.
fn assemble(
    scope: Option<partnership::Model>,
    partnerships: Vec<partnership::Model>,
    s: Sums,
    year: i32,
) -> Dashboard {
    // Per partnership: its own cells, plus the sheets and requests of its territories.
    let mut by_partnership: HashMap<entity::PartnershipId, Figures> = HashMap::new();
    let mut by_month: BTreeMap<String, Figures> = BTreeMap::new();
    for ((pid, period), f) in &s.cells {
        by_partnership
            .entry(entity::PartnershipId(*pid))
            .or_default()
            .add(f);
        by_month.entry(period.clone()).or_default().add(f);
    }
    let territories_of = |p: &partnership::Model| {
        let mut t = vec![p.belgian_territory_id];
        if p.partner_territory_id != p.belgian_territory_id {
            t.push(p.partner_territory_id);
        }
        t
    };
    for p in &partnerships {
        let f = by_partnership.entry(p.id).or_default();
        for t in territories_of(p) {
            for (_, sheets, requests) in s.by_territory.get(&t).into_iter().flatten() {
                f.practice_sheets += sheets;
                f.support_requests += requests;
            }
        }
        f.households = s.households_partnership.get(&p.id).copied().unwrap_or(0);
    }
    // Practice figures of the page's scope: the query was already limited to the
    // partnership's territories, and the network counts each sheet once.
    for (period, (sheets, requests)) in &s.network_practice {
        let f = by_month.entry(period.clone()).or_default();
        f.practice_sheets += sheets;
        f.support_requests += requests;
    }
    let months = months_of(year)
        .into_iter()
        .map(|m| {
            let mut figures = by_month.get(&m).copied().unwrap_or_default();
            figures.households = s.households_month.get(&m).copied().unwrap_or(0);
            Row { period: m, figures }
        })
        .collect();
    let mut by_year: BTreeMap<i32, Figures> = BTreeMap::new();
    let mut totals = Figures::default();
    for (period, f) in &by_month {
        if let Some(y) = year_of(period) {
            by_year.entry(y).or_default().add(f);
        }
        totals.add(f);
    }
    let with_data: BTreeSet<i32> = by_year
        .iter()
        .filter(|(_, f)| **f != Figures::default())
        .map(|(y, _)| *y)
        .chain(s.households_year.keys().filter_map(|k| year_of(k)))
        .collect();
    let years = match (with_data.first(), with_data.last()) {
        (Some(first), Some(last)) => (*first..=*last)
            .map(|y| {
                let mut figures = by_year.get(&y).copied().unwrap_or_default();
                figures.households = s
                    .households_year
                    .get(&format!("{y:04}"))
                    .copied()
                    .unwrap_or(0);
                Row {
                    period: format!("{y:04}"),
                    figures,
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    totals.households = s.households_total;
    let partnerships = partnerships
        .into_iter()
        .map(|p| {
            let f = by_partnership.get(&p.id).copied().unwrap_or_default();
            (p, f)
        })
        .collect();
    Dashboard {
        partnership: scope,
        year,
        months,
        years,
        totals,
        partnerships,
    }
}
