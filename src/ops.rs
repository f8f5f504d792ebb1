//! Operations endpoints: health, metrics, and the OpenAPI document.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use sha2::Digest as _;
use utoipa::ToSchema;

use crate::state::AppState;

#[derive(Serialize, ToSchema)]
pub struct Health {
    /// ok, or unavailable when a dependency is down.
    pub status: &'static str,
    pub database: &'static str,
}

/// Liveness and readiness: 200 when the database answers, 503 otherwise.
#[utoipa::path(
    responses((status = 200, body = Health), (status = 503, body = Health)),
    tag = "operations"
)]
#[get("/healthz")]
pub async fn healthz(st: web::Data<AppState>) -> HttpResponse {
    if crate::db::ping(&st.db).await {
        HttpResponse::Ok().json(Health {
            status: "ok",
            database: "ok",
        })
    } else {
        HttpResponse::ServiceUnavailable().json(Health {
            status: "unavailable",
            database: "unreachable",
        })
    }
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
