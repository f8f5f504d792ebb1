//! JSON API for shipments: a partnership's list and a new one, one with its contents, its
//! purchase orders added and removed, the next step of its way.

use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use chrono::NaiveDate;
use entity::shipment::ShipmentStep;
use entity::{CampaignId, ProducerId, ShipmentId};
use serde::Serialize;
use utoipa::ToSchema;

use super::delay_rules::NewDelay;
use super::domain::Contents;
use super::input::{DelayForm, NewShipment, NewStep, OrderInput, ShipmentForm, StepForm};
use super::service::{self, Shipment, ShipmentPage};
use super::{delays, orders};
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;
use crate::web::i18n::Lang;
use crate::web::pagination::{ListPage, PageQuery};

#[derive(Serialize, ToSchema)]
pub struct ShipmentSummary {
    #[schema(value_type = i64)]
    pub id: ShipmentId,
    /// "SH-2026-0007".
    pub reference: String,
    /// The partnership's slug.
    pub partnership: String,
    pub origin: String,
    pub carrier: String,
    pub expected_on: Option<NaiveDate>,
    /// preparing, collected, export_cleared, in_transit, import_cleared, arrived or distributed.
    #[schema(value_type = String)]
    pub step: ShipmentStep,
    /// The step that can be recorded next (none once distributed).
    #[schema(value_type = Option<String>)]
    pub next_step: Option<ShipmentStep>,
    /// Purchase orders in it.
    pub orders: usize,
    pub created_at: String,
}

fn summary(s: &Shipment, partnership: &str, orders: usize) -> ShipmentSummary {
    ShipmentSummary {
        id: s.row.id,
        reference: s.reference.clone(),
        partnership: partnership.to_owned(),
        origin: s.row.origin.clone(),
        carrier: s.row.carrier.clone(),
        expected_on: s.row.expected_on,
        step: s.row.step,
        next_step: s.next_step(),
        orders,
        created_at: s.row.created_at.to_rfc3339(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct OrderDto {
    #[schema(value_type = i64)]
    pub campaign_id: CampaignId,
    pub campaign: String,
    #[schema(value_type = i64)]
    pub producer_id: ProducerId,
    pub producer: String,
    /// Confirmed units (else ordered) of all its products.
    pub units: i64,
}

#[derive(Serialize, ToSchema)]
pub struct EventDto {
    #[schema(value_type = String)]
    pub step: ShipmentStep,
    pub on: NaiveDate,
    pub note: String,
}

/// A delay in the shipment's history.
#[derive(Serialize, ToSchema)]
pub struct DelayDto {
    /// The expected arrival before it (none when there was none).
    pub previous_on: Option<NaiveDate>,
    /// The new expected arrival.
    pub expected_on: NaiveDate,
    /// The one pickup date given to every campaign; none: each moved by `days`.
    pub pickup_on: Option<NaiveDate>,
    pub days: i32,
    pub note: String,
    /// Who recorded it.
    pub recorded_by: Option<String>,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ShipmentDto {
    #[serde(flatten)]
    pub shipment: ShipmentSummary,
    pub purchase_orders: Vec<OrderDto>,
    /// Per producer and product: units, cases, net and gross grams, declared value; totals.
    pub contents: Contents,
    pub timeline: Vec<EventDto>,
    /// The delays recorded, oldest first.
    pub delays: Vec<DelayDto>,
}

fn dto(p: ShipmentPage) -> ShipmentDto {
    let orders = p.detail.orders.len();
    ShipmentDto {
        shipment: summary(&p.shipment, &p.partnership.slug, orders),
        purchase_orders: p
            .detail
            .orders
            .iter()
            .map(|o| OrderDto {
                campaign_id: o.campaign.id,
                campaign: o.campaign.title.clone(),
                producer_id: o.producer_id,
                producer: o.producer_name.clone(),
                units: o.units,
            })
            .collect(),
        contents: p.detail.contents,
        timeline: p
            .events
            .iter()
            .map(|e| EventDto {
                step: e.step,
                on: e.happened_on,
                note: e.note.clone(),
            })
            .collect(),
        delays: p
            .delays
            .iter()
            .map(|d| DelayDto {
                previous_on: d.previous_on,
                expected_on: d.expected_on,
                pickup_on: d.pickup_on,
                days: d.days,
                note: d.note.clone(),
                recorded_by: d.recorded_by.and_then(|u| p.recorders.get(&u).cloned()),
                created_at: d.created_at.to_rfc3339(),
            })
            .collect(),
    }
}

async fn answer(
    st: &AppState,
    req: &HttpRequest,
    user: &ApiUser,
    id: ShipmentId,
) -> AppResult<ShipmentDto> {
    let lang = Lang::from_request(req);
    Ok(dto(service::show(&st.db, &user.0, id, lang.code()).await?))
}

/// The shipments of a partnership, newest first (its coordinators).
#[utoipa::path(
    params(("slug" = String, Path), PageQuery),
    responses((status = 200, body = ListPage<ShipmentSummary>), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[get("/partnerships/{slug}/shipments")]
pub async fn list(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    q: web::Query<PageQuery>,
) -> AppResult<web::Json<ListPage<ShipmentSummary>>> {
    let l = service::list(&st.db, &user.0, &slug).await?;
    let total = l.shipments.len() as u64;
    let items = l
        .shipments
        .iter()
        .skip(q.offset() as usize)
        .take(q.per_page() as usize)
        .map(|(s, n)| summary(s, &l.partnership.slug, *n))
        .collect();
    Ok(web::Json(ListPage::new(items, &q, total)))
}

/// Creates a shipment in the partnership (its coordinators), at the step "preparing".
#[utoipa::path(
    params(("slug" = String, Path)),
    request_body = ShipmentForm,
    responses((status = 201, body = ShipmentDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[post("/partnerships/{slug}/shipments")]
pub async fn create(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<ShipmentForm>,
) -> AppResult<HttpResponse> {
    let s = NewShipment::try_from(&body.into_inner()).map_err(AppError::Validation)?;
    let created = service::create(&st.db, &user.0, &slug, s, st.now()).await?;
    let body = answer(&st, &req, &user, created.row.id).await?;
    Ok(HttpResponse::Created().json(body))
}

/// A shipment with its purchase orders, contents and timeline (its partnership's coordinators).
#[utoipa::path(
    params(("id" = i64, Path)),
    responses((status = 200, body = ShipmentDto), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[get("/shipments/{id}")]
pub async fn show(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<ShipmentId>,
) -> AppResult<web::Json<ShipmentDto>> {
    Ok(web::Json(answer(&st, &req, &user, *id).await?))
}

/// Puts a confirmed purchase order (one campaign, one producer) into the shipment while it is
/// prepared; 409 when the order is already in a shipment (named) or the campaign is not confirmed.
#[utoipa::path(
    params(("id" = i64, Path)),
    request_body = OrderInput,
    responses((status = 200, body = ShipmentDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[post("/shipments/{id}/orders")]
pub async fn add_order(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<ShipmentId>,
    body: web::Json<OrderInput>,
) -> AppResult<web::Json<ShipmentDto>> {
    let o = body.into_inner();
    orders::add_order(&st.db, &user.0, *id, o.campaign_id, o.producer_id, st.now()).await?;
    Ok(web::Json(answer(&st, &req, &user, *id).await?))
}

/// Takes a purchase order out of the shipment while it is prepared.
#[utoipa::path(
    params(("id" = i64, Path), ("campaign_id" = i64, Path), ("producer_id" = i64, Path)),
    responses((status = 200, body = ShipmentDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[delete("/shipments/{id}/orders/{campaign_id}/{producer_id}")]
pub async fn remove_order(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    path: web::Path<(ShipmentId, CampaignId, ProducerId)>,
) -> AppResult<web::Json<ShipmentDto>> {
    let (id, campaign, producer) = path.into_inner();
    orders::remove_order(&st.db, &user.0, id, campaign, producer).await?;
    Ok(web::Json(answer(&st, &req, &user, id).await?))
}

/// Records the next step of the shipment's way (`step`, `on` as `YYYY-MM-DD`, `note`): only
/// the next step, never dated before the previous one (422, nothing changed). In transit, its
/// confirmed campaigns become shipped.
#[utoipa::path(
    params(("id" = i64, Path)),
    request_body = StepForm,
    responses((status = 200, body = ShipmentDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[post("/shipments/{id}/steps")]
pub async fn record_step(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<ShipmentId>,
    body: web::Json<StepForm>,
) -> AppResult<web::Json<ShipmentDto>> {
    let step = NewStep::try_from(&body.into_inner()).map_err(AppError::Validation)?;
    service::record_step(&st.db, Some(&st.mailer), &user.0, *id, step, st.now()).await?;
    Ok(web::Json(answer(&st, &req, &user, *id).await?))
}

/// Records that the shipment is late (`expected_on`, `pickup_on` optional, as `YYYY-MM-DD`, and
/// `note`): the new arrival after the old one, not in the past nor before the last step; the
/// pickup date not before the arrival (422 with the fields, nothing changed); 409 once the
/// goods arrived. Each campaign in it gets the pickup date given, or its own moved by as many
/// days as the arrival; its households who ordered are emailed the old and the new date.
#[utoipa::path(
    params(("id" = i64, Path)),
    request_body = DelayForm,
    responses((status = 200, body = ShipmentDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[post("/shipments/{id}/delay")]
pub async fn delay(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<ShipmentId>,
    body: web::Json<DelayForm>,
) -> AppResult<web::Json<ShipmentDto>> {
    let d = NewDelay::try_from(&body.into_inner()).map_err(AppError::Validation)?;
    delays::delay(&st.db, Some(&st.mailer), &user.0, *id, d, st.now()).await?;
    Ok(web::Json(answer(&st, &req, &user, *id).await?))
}
