//! JSON API for a shipment's papers: those required now with their status, and one recorded
//! as obtained.

use std::collections::HashMap;

use actix_web::{get, post, web};
use chrono::NaiveDate;
use entity::shipment_paper::{PaperKind, PaperStatus};
use entity::{ProducerId, ShipmentId, producer};
use serde::Serialize;
use utoipa::ToSchema;

use super::input::PaperForm;
use super::paper_rules::{Paper, WHOLE, kind_name, parse_kind};
use super::papers;
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;

#[derive(Serialize, ToSchema)]
pub struct PaperDto {
    /// commercial_invoice, packing_list, origin_declaration, eur1, health_certificate or
    /// phytosanitary_certificate.
    pub kind: &'static str,
    /// The exporter it is for (none: the whole shipment).
    pub producer_id: Option<i64>,
    pub producer: Option<String>,
    /// Needed by the contents now; false for a paper recorded earlier and no longer needed.
    pub required: bool,
    /// Printed by Passerelle from the contents (obtained as soon as generated).
    pub generated: bool,
    /// to_prepare or obtained.
    #[schema(value_type = String)]
    pub status: PaperStatus,
    pub reference: String,
    pub obtained_on: Option<NaiveDate>,
    pub has_file: bool,
    /// Its printable page, for the invoice and the packing list (`?lang=fr|en`).
    pub print_url: Option<String>,
    /// Its CSV download, for the invoice and the packing list (`?lang=fr|en`).
    pub csv_url: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PapersDto {
    pub items: Vec<PaperDto>,
    /// Whether no required paper is still to prepare (the export clearance may be recorded).
    pub ready_for_export: bool,
}

/// The papers as the API lists them.
pub fn dto(
    id: ShipmentId,
    papers: &[Paper],
    producers: &HashMap<ProducerId, producer::Model>,
) -> PapersDto {
    PapersDto {
        ready_for_export: !papers.iter().any(Paper::missing),
        items: papers
            .iter()
            .map(|p| {
                let pid = p.need.producer_id;
                let sheet = match p.need.kind {
                    PaperKind::CommercialInvoice => Some("invoice"),
                    PaperKind::PackingList => Some("packing-list"),
                    _ => None,
                };
                PaperDto {
                    kind: kind_name(p.need.kind),
                    producer_id: (pid != WHOLE).then_some(pid.get()),
                    producer: producers.get(&pid).map(|x| x.name.clone()),
                    required: p.required,
                    generated: p.generated,
                    status: p.status,
                    reference: p.reference.clone(),
                    obtained_on: p.obtained_on,
                    has_file: p.has_file,
                    print_url: sheet.map(|x| format!("/shipments/{id}/{x}")),
                    csv_url: sheet.map(|x| format!("/shipments/{id}/{x}.csv")),
                }
            })
            .collect(),
    }
}

/// The papers of a shipment (its partnership's coordinators): those its contents need now
/// (commercial invoice, packing list, each exporter's proof of origin and certificates), then
/// those recorded and no longer needed.
#[utoipa::path(
    params(("id" = i64, Path)),
    responses((status = 200, body = PapersDto), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[get("/shipments/{id}/papers")]
pub async fn list(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ShipmentId>,
) -> AppResult<web::Json<PapersDto>> {
    let (papers, producers) = papers::list(&st.db, &user.0, *id).await?;
    Ok(web::Json(dto(*id, &papers, &producers)))
}

/// Records a paper the shipment needs as obtained (`reference`, `obtained_on` not in the
/// future, `producer_id` when several exporters need this kind): 404 for an unknown kind, 409
/// when the shipment does not need it, 422 for bad input.
#[utoipa::path(
    params(("id" = i64, Path), ("kind" = String, Path)),
    request_body = PaperForm,
    responses((status = 200, body = PapersDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[post("/shipments/{id}/papers/{kind}")]
pub async fn record(
    st: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(ShipmentId, String)>,
    body: web::Json<PaperForm>,
) -> AppResult<web::Json<PapersDto>> {
    let (id, kind) = path.into_inner();
    let kind = parse_kind(&kind).ok_or(AppError::NotFound)?;
    let now = st.now();
    let rec = papers::Recording {
        kind,
        paper: body.parse(crate::clock::today(now)),
        scan: None,
    };
    papers::record(&st.db, &st.storage, &user.0, id, rec, now).await?;
    let (papers, producers) = papers::list(&st.db, &user.0, id).await?;
    Ok(web::Json(dto(id, &papers, &producers)))
}
