//! Operations endpoints: health, metrics, and the OpenAPI document.

use actix_web::{HttpResponse, get, web};
use serde::Serialize;
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

/// Prometheus metrics (text exposition format).
pub async fn metrics(st: web::Data<AppState>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
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
