//! The public dashboard pages and their CSV exports.

use actix_web::{HttpResponse, web};
use chrono::Datelike;
use serde::Deserialize;

use super::domain::parse_year;
use super::service::{self, Dashboard, Row};
use super::views::{ImpactView, Measure};
use crate::error::{AppError, AppResult};
use crate::web::csv::{decimal, heads, without_personal_data as response};
use crate::web::i18n::{Lang, translate};
use crate::web::page::Page;

/// `?year=YYYY`: the year shown month by month (this year when absent).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct YearQuery {
    /// Four digits, 2000 to 2100; this year when absent.
    pub year: Option<String>,
}

impl YearQuery {
    /// The year asked for, or 400 with what to fix.
    pub fn year(&self, now: chrono::DateTime<chrono::Utc>) -> AppResult<i32> {
        parse_year(self.year.as_deref(), now.year()).map_err(AppError::BadInput)
    }
}

pub async fn network(page: Page, q: web::Query<YearQuery>) -> AppResult<HttpResponse> {
    let now = page.state().now();
    let d = service::network(&page.state().db, q.year(now)?).await?;
    page.render(
        "impact/show.html.tera",
        &ImpactView::new(page.lang, &d, now.year()),
    )
}

pub async fn partnership(
    page: Page,
    slug: web::Path<String>,
    q: web::Query<YearQuery>,
) -> AppResult<HttpResponse> {
    let now = page.state().now();
    let d = service::partnership(&page.state().db, &slug, q.year(now)?).await?;
    page.render(
        "impact/show.html.tera",
        &ImpactView::new(page.lang, &d, now.year()),
    )
}

pub async fn network_csv(page: Page, q: web::Query<YearQuery>) -> AppResult<HttpResponse> {
    let d = service::network(&page.state().db, q.year(page.state().now())?).await?;
    csv(page.lang, &d)
}

pub async fn partnership_csv(
    page: Page,
    slug: web::Path<String>,
    q: web::Query<YearQuery>,
) -> AppResult<HttpResponse> {
    let d = service::partnership(&page.state().db, &slug, q.year(page.state().now())?).await?;
    csv(page.lang, &d)
}

/// One row per month of the year, then one per year (Belgian Excel: `;`, decimal commas).
fn csv(lang: Lang, d: &Dashboard) -> AppResult<HttpResponse> {
    let mut columns = vec!["impact-period", "impact-partnership"];
    let measure_keys: Vec<String> = Measure::ALL
        .iter()
        .map(|m| format!("impact-{}", m.key()))
        .collect();
    columns.extend(measure_keys.iter().map(String::as_str));
    let who = match &d.partnership {
        Some(p) => p.slug.clone(),
        None => translate(lang, "impact-csv-network", &[]),
    };
    let line = |r: &Row| {
        let mut cells = vec![r.period.clone(), who.clone()];
        cells.extend(Measure::ALL.iter().map(|m| {
            let v = m.of(&r.figures);
            if m.is_money() {
                decimal(crate::money::Cents(v))
            } else {
                v.to_string()
            }
        }));
        cells
    };
    let mut rows = vec![heads(lang, &columns)];
    rows.extend(d.months.iter().map(line));
    rows.extend(d.years.iter().map(line));
    let name = match &d.partnership {
        Some(p) => format!("impact-{}-{}.csv", p.slug, d.year),
        None => format!("impact-network-{}.csv", d.year),
    };
    response(&name, rows)
}
