//! A producer's approved exporter authorisation (EU–Morocco / EU–Tunisia origin rules): with
//! it, the producer declares origin on the invoice at any value instead of an EUR.1. Set by the
//! coordinators of its partnership or by its own members: from a shipment's page and the API.

use actix_web::{HttpResponse, put, web};
use chrono::{DateTime, Utc};
use entity::{ProducerId, ShipmentId, producer};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, Set};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::security::{AuthUser, Role};
use crate::state::AppState;
use crate::web::auth::{ApiUser, SessionUser};
use crate::web::forms::{CsrfForm, line};
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;

use super::input::StepForm;

/// An approved exporter authorisation as typed: empty when the producer has none.
#[derive(Clone, Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ExporterForm {
    /// The authorisation number ("MA/001/2026"); empty or null: not an approved exporter.
    pub approved_exporter_number: Option<String>,
}

/// Records (or clears) the approved exporter authorisation of the producer `id` (its
/// partnership's coordinators and its members).
#[tracing::instrument(skip_all, fields(actor = actor.id, producer = %id))]
pub async fn set_approved(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ProducerId,
    form: &ExporterForm,
    now: DateTime<Utc>,
) -> AppResult<producer::Model> {
    let txn = crate::db::begin_write(db).await?;
    let p = producer::Entity::find_by_id(id).one_or_404(&txn).await?;
    if !(actor.handles_shipments_of(p.partnership_id) || actor.holds(Role::ProducerMember, id)) {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    let typed = form.approved_exporter_number.as_deref().unwrap_or("");
    let number = line(&mut errors, "approved_exporter_number", typed, 40, false);
    errors.into_result()?;
    let mut row = producer::ActiveModel::from(p);
    row.approved_exporter_number = Set((!number.is_empty()).then_some(number));
    row.updated_at = Set(now);
    let saved = row.update(&txn).await?;
    txn.commit().await?;
    Ok(saved)
}

#[derive(Serialize, ToSchema)]
pub struct ExporterDto {
    #[schema(value_type = i64)]
    pub id: ProducerId,
    pub name: String,
    pub approved_exporter: bool,
    pub approved_exporter_number: Option<String>,
}

/// Records or clears a producer's approved exporter authorisation (the coordinators of its
/// partnership and its members): an approved exporter declares origin on the invoice at any
/// value.
#[utoipa::path(
    params(("id" = i64, Path)),
    request_body = ExporterForm,
    responses((status = 200, body = ExporterDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[put("/producers/{id}/approved-exporter")]
pub async fn api_set(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ProducerId>,
    body: web::Json<ExporterForm>,
) -> AppResult<web::Json<ExporterDto>> {
    let p = set_approved(&st.db, &user.0, *id, &body, st.now()).await?;
    Ok(web::Json(ExporterDto {
        id: p.id,
        name: p.name,
        approved_exporter: p.approved_exporter_number.is_some(),
        approved_exporter_number: p.approved_exporter_number,
    }))
}

/// `POST /shipments/{id}/exporters/{producer}`: from the shipment's papers, back to them.
pub async fn page_set(
    page: Page,
    user: SessionUser,
    path: web::Path<(ShipmentId, ProducerId)>,
    CsrfForm(form): CsrfForm<ExporterForm>,
) -> AppResult<HttpResponse> {
    let (id, producer) = path.into_inner();
    let st = page.state();
    let result = set_approved(&st.db, &user.0, producer, &form, st.now()).await;
    match result.checked()? {
        Checked::Done(_) => {
            Ok(page.flash_redirect("success", "flash-saved", &format!("/shipments/{id}#papers")))
        }
        Checked::Invalid(e) => {
            let status = actix_web::http::StatusCode::UNPROCESSABLE_ENTITY;
            super::handlers::shipment_page(&page, &user, id, status, StepForm::default(), e).await
        }
    }
}
