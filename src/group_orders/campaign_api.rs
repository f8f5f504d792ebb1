//! JSON API for campaigns and baskets: open, read, a member's lines and basket.

use crate::money::Cents;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use entity::{CampaignId, GroupId};
use serde::Serialize;
use utoipa::ToSchema;

use super::campaign_input::{CampaignInput, NewCampaign};
use super::close;
use super::domain::Lifecycle;
use super::domain::State;
use super::input::BasketInput;
use super::service::{self, Basket};
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;
use crate::web::i18n::Lang;

#[derive(Serialize, ToSchema)]
pub struct ProductFill {
    pub product_id: i64,
    pub producer_id: i64,
    pub name: String,
    pub unit: String,
    pub case_size: i32,
    #[schema(value_type = i64)]
    pub price_cents: Cents,
    pub vat_rate_bp: i32,
    /// Units asked by all members so far.
    pub asked_units: i64,
    pub full_cases: i64,
    /// Units in the case being filled, and how many would complete it.
    pub in_open_case: i64,
    pub to_complete: i64,
    pub completed_by_tolerance: bool,
    pub ordered_cases: i32,
    pub ordered_units: i32,
}

#[derive(Serialize, ToSchema)]
pub struct CampaignDto {
    pub id: i64,
    pub group_id: i64,
    pub title: String,
    /// draft, open, closed, confirmed, shipped, delivered, settled or cancelled.
    #[schema(value_type = String)]
    pub state: State,
    pub accepts_baskets: bool,
    pub opens_at: String,
    pub closes_at: String,
    pub delivery_on: String,
    #[schema(value_type = i64)]
    pub transport_cents: Cents,
    pub transport_split: String,
    #[schema(value_type = i64)]
    pub fee_cents: Cents,
    #[schema(value_type = Option<i64>)]
    pub min_total_cents: Option<Cents>,
    pub cancel_reason: Option<String>,
    pub products: Vec<ProductFill>,
    /// Goods asked so far (open) or allocated (closed), VAT included.
    #[schema(value_type = i64)]
    pub goods_cents: Cents,
    #[schema(value_type = i64)]
    pub total_cents: Cents,
}

pub(super) async fn campaign_dto(
    st: &AppState,
    c: &service::CampaignFull,
    lang: Lang,
) -> AppResult<CampaignDto> {
    let fills = service::fills(&st.db, c).await?;
    let closed = c.campaign.state.is_closed();
    let mut goods = Cents::ZERO;
    let products = c
        .products
        .iter()
        .map(|p| {
            let f = fills.get(&p.id).copied().unwrap_or(super::domain::fill(
                i64::from(p.case_size),
                0,
                0,
            ));
            if !closed {
                goods += f.quantity * p.price_cents;
            }
            ProductFill {
                product_id: p.product_id.get(),
                producer_id: p.producer_id.get(),
                name: p.name.pick(lang.code()).to_owned(),
                unit: p.unit_in(lang.code()).to_owned(),
                case_size: p.case_size,
                price_cents: p.price_cents,
                vat_rate_bp: p.vat_rate_bp,
                asked_units: f.quantity,
                full_cases: f.full_cases,
                in_open_case: f.in_open_case,
                to_complete: f.to_complete,
                completed_by_tolerance: f.completed_by_tolerance,
                ordered_cases: p.ordered_cases,
                ordered_units: p.ordered_units,
            }
        })
        .collect();
    let (goods, total) = if closed {
        let r = close::result(&st.db, c, None, lang).await?;
        (r.goods_cents, r.total_cents)
    } else {
        (
            goods,
            goods + c.campaign.transport_cents + c.campaign.fee_cents,
        )
    };
    Ok(CampaignDto {
        id: c.campaign.id.get(),
        group_id: c.campaign.group_id.get(),
        title: c.campaign.title.clone(),
        state: c.campaign.state,
        accepts_baskets: service::accepts_baskets(&c.campaign, st.now()),
        opens_at: c.campaign.opens_at.to_rfc3339(),
        closes_at: c.campaign.closes_at.to_rfc3339(),
        delivery_on: c.campaign.delivery_on.to_string(),
        transport_cents: c.campaign.transport_cents,
        transport_split: c.campaign.transport_split.clone(),
        fee_cents: c.campaign.fee_cents,
        min_total_cents: c.campaign.min_total_cents,
        cancel_reason: c.campaign.cancel_reason.clone(),
        products,
        goods_cents: goods,
        total_cents: total,
    })
}

/// Opens an order window for the group (coordinators).
#[utoipa::path(
    request_body = CampaignInput,
    responses((status = 201, body = CampaignDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "campaigns"
)]
#[post("/groups/{id}/campaigns")]
pub async fn create_campaign(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<CampaignInput>,
) -> AppResult<HttpResponse> {
    let now = st.now();
    let c = NewCampaign::parse(body.into_inner(), now).map_err(AppError::Validation)?;
    let c = service::create_campaign(&st.db, &st.mailer, &user.0, GroupId(*id), c, now).await?;
    let full = service::load(&st.db, c.id).await?;
    Ok(HttpResponse::Created().json(campaign_dto(&st, &full, Lang::from_request(&req)).await?))
}

/// The campaign: state, products with how full their cases are, totals.
#[utoipa::path(
    responses((status = 200, body = CampaignDto), (status = 401, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "campaigns"
)]
#[get("/campaigns/{id}")]
pub async fn get_campaign(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<web::Json<CampaignDto>> {
    let (c, _) = service::for_viewer(&st.db, Some(&user.0), CampaignId(*id)).await?;
    Ok(web::Json(
        campaign_dto(&st, &c, Lang::from_request(&req)).await?,
    ))
}

/// Sets the caller's quantity and tolerance of one product (quantity 0 removes the line);
/// 409 when the campaign is not open.
#[utoipa::path(
    request_body = BasketInput,
    responses((status = 200, body = Basket), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "campaigns"
)]
#[put("/campaigns/{id}/basket/{product_id}")]
pub async fn put_line(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    path: web::Path<(i64, i64)>,
    body: web::Json<BasketInput>,
) -> AppResult<web::Json<Basket>> {
    let (id, product_id) = path.into_inner();
    let id = CampaignId(id);
    let b = service::set_line(
        &st.db,
        &user.0,
        id,
        entity::ProductId(product_id),
        &body,
        Lang::from_request(&req),
        st.now(),
    )
    .await?;
    Ok(web::Json(b))
}

/// The caller's basket with line and total cents.
#[utoipa::path(
    responses((status = 200, body = Basket), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "campaigns"
)]
#[get("/campaigns/{id}/basket")]
pub async fn get_basket(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<web::Json<Basket>> {
    let (c, _) = service::for_viewer(&st.db, Some(&user.0), CampaignId(*id)).await?;
    Ok(web::Json(
        service::basket(&st.db, &c, user.0.id, Lang::from_request(&req)).await?,
    ))
}
