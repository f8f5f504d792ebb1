//! JSON for the websites of municipalities and the network: the dashboard's figures, readable
//! from any origin (`Access-Control-Allow-Origin: *`).

use actix_web::http::header;
use actix_web::{HttpResponse, ResponseError, get, web};
use serde::Serialize;
use utoipa::ToSchema;

use super::domain::Figures;
use super::handlers::YearQuery;
use super::service::{self, Dashboard, Row};
use crate::error::{AppResult, Problem};
use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct PartnershipRef {
    pub slug: String,
    pub name: String,
}

/// One period's figures: `period` is `YYYY` or `YYYY-MM`.
#[derive(Serialize, ToSchema)]
pub struct PeriodFigures {
    pub period: String,
    #[serde(flatten)]
    pub figures: Figures,
}

#[derive(Serialize, ToSchema)]
pub struct PartnershipFigures {
    pub slug: String,
    pub name: String,
    /// Since the start.
    #[serde(flatten)]
    pub figures: Figures,
}

/// A dashboard: `totals` since the start, `years` from the first with data to the last,
/// `months` the twelve months of `year` (UTC).
#[derive(Serialize, ToSchema)]
pub struct ImpactDto {
    /// None for the whole network.
    pub partnership: Option<PartnershipRef>,
    pub year: i32,
    pub totals: Figures,
    pub years: Vec<PeriodFigures>,
    pub months: Vec<PeriodFigures>,
    /// The network's partnerships (network only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub partnerships: Option<Vec<PartnershipFigures>>,
}

fn periods(rows: &[Row]) -> Vec<PeriodFigures> {
    rows.iter()
        .map(|r| PeriodFigures {
            period: r.period.clone(),
            figures: r.figures,
        })
        .collect()
}

fn dto(d: Dashboard) -> ImpactDto {
    ImpactDto {
        partnership: d.partnership.as_ref().map(|p| PartnershipRef {
            slug: p.slug.clone(),
            name: p.name.clone(),
        }),
        year: d.year,
        totals: d.totals,
        years: periods(&d.years),
        months: periods(&d.months),
        partnerships: d.partnership.is_none().then(|| {
            d.partnerships
                .iter()
                .map(|(p, f)| PartnershipFigures {
                    slug: p.slug.clone(),
                    name: p.name.clone(),
                    figures: *f,
                })
                .collect()
        }),
    }
}

/// Any origin may read the figures, errors included (a town's website fetches them).
fn open_to_all(result: AppResult<ImpactDto>) -> HttpResponse {
    let mut res = match result {
        Ok(body) => {
            let mut r = HttpResponse::Ok().json(body);
            r.headers_mut().insert(
                header::CACHE_CONTROL,
                header::HeaderValue::from_static("public, max-age=60"),
            );
            r
        }
        Err(e) => e.error_response(),
    };
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::HeaderValue::from_static("*"),
    );
    res
}

/// The whole network's impact (public).
#[utoipa::path(
    params(YearQuery),
    responses((status = 200, body = ImpactDto), (status = 400, body = Problem)),
    tag = "impact"
)]
#[get("/impact")]
pub async fn network(st: web::Data<AppState>, q: web::Query<YearQuery>) -> HttpResponse {
    let result = async {
        let year = q.year(st.now())?;
        Ok(dto(service::network(&st.db, year).await?))
    }
    .await;
    open_to_all(result)
}

/// One partnership's impact (public).
#[utoipa::path(
    params(("slug" = String, Path, description = "The partnership's slug"), YearQuery),
    responses((status = 200, body = ImpactDto), (status = 400, body = Problem), (status = 404, body = Problem)),
    tag = "impact"
)]
#[get("/partnerships/{slug}/impact")]
pub async fn partnership(
    st: web::Data<AppState>,
    slug: web::Path<String>,
    q: web::Query<YearQuery>,
) -> HttpResponse {
    let result = async {
        let year = q.year(st.now())?;
        Ok(dto(service::partnership(&st.db, &slug, year).await?))
    }
    .await;
    open_to_all(result)
}
