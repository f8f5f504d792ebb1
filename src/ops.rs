//! Operations endpoints: health, metrics, and the OpenAPI document.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use sha2::Digest as _;
use utoipa::ToSchema;

use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// ok; unavailable when a dependency is down; draining when the instance is stopping.
    pub status: &'static str,
    pub database: &'static str,
}

/// Liveness: 200 when the database answers, 503 otherwise (a proxy reads `/healthz/ready`,
/// which also answers 503 while the instance drains before stopping).
#[utoipa::path(
    responses((status = 200, body = Health), (status = 503, body = Health)),
    tag = "operations"
)]
#[get("/healthz")]
pub async fn healthz(st: web::Data<AppState>) -> HttpResponse {
    health(&st, false).await
}

/// The health answer: 503 when draining or when the database does not answer.
async fn health(st: &AppState, draining: bool) -> HttpResponse {
    let database = crate::db::ping(&st.db).await;
    let body = Health {
        status: match (draining, database) {
            (true, _) => "draining",
            (false, true) => "ok",
            (false, false) => "unavailable",
        },
        database: if database { "ok" } else { "unreachable" },
    };
    if database && !draining {
        HttpResponse::Ok().json(body)
    } else {
        HttpResponse::ServiceUnavailable()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .json(body)
    }
}

/// Readiness, for a proxy's health check: 200 when the instance takes requests; 503 while it
/// drains before stopping (it still serves then, but the proxy should send no more), or when
/// the database does not answer.
#[utoipa::path(
    responses((status = 200, body = Health), (status = 503, body = Health)),
    tag = "operations"
)]
#[get("/healthz/ready")]
pub async fn ready(
    st: web::Data<AppState>,
    lifecycle: web::Data<crate::shutdown::Lifecycle>,
) -> HttpResponse {
    health(&st, lifecycle.is_draining()).await
}

/// Prometheus metrics (text exposition format) on the public address: only for
/// `Authorization: Bearer <PASSERELLE_METRICS_TOKEN>`; without a token configured, not there.
pub async fn metrics(st: web::Data<AppState>, req: HttpRequest) -> HttpResponse {
    let Some(expected) = &st.config.metrics_token else {
        return HttpResponse::NotFound().finish();
    };
    let sent = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim());
    // Digests compared, so the time taken says nothing about the token.
    let digest = |t: &str| sha2::Sha256::digest(t.as_bytes());
    match sent {
        Some(token) if digest(token) == digest(expected.expose()) => metrics_page(&st),
        _ => HttpResponse::Unauthorized()
            .insert_header((header::WWW_AUTHENTICATE, "Bearer"))
            .finish(),
    }
}

/// Prometheus metrics on the separate local address (`PASSERELLE_METRICS_BIND`).
pub async fn local_metrics(st: web::Data<AppState>) -> HttpResponse {
    metrics_page(&st)
}

fn metrics_page(st: &AppState) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(st.metrics.render())
}

pub async fn openapi(st: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(st.openapi_json.as_str().to_owned())
}

pub async fn not_found() -> Result<HttpResponse, crate::error::AppError> {
    Err(crate::error::AppError::NotFound)
}
