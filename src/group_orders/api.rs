//! JSON API: groups, invitations, campaigns, baskets, close and what follows.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::campaign_input::{CampaignInput, NewCampaign};
use super::close::{self, CampaignResult, Ctx};
use super::groups::{self, Access, GroupFull};
use super::input::{BasketInput, GroupInput, InviteInput, NewGroup, UnitsInput};
use super::service::{self, Basket, state_of};
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;
use crate::web::i18n::Lang;

pub fn ctx(st: &AppState) -> Ctx<'_> {
    Ctx {
        mailer: Some(&st.mailer),
        card: st.stripe.is_some(),
        probe: None,
    }
}

#[derive(Serialize, ToSchema)]
pub struct PickupDto {
    pub id: i64,
    pub name: String,
    pub address: String,
    pub opening_hours: String,
}

#[derive(Serialize, ToSchema)]
pub struct GroupDto {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub partnership: String,
    pub territory: String,
    pub description: String,
    pub pickup_points: Vec<PickupDto>,
}

impl From<&GroupFull> for GroupDto {
    fn from(g: &GroupFull) -> Self {
        GroupDto {
            id: g.group.id,
            slug: g.group.slug.clone(),
            name: g.group.name.clone(),
            partnership: g.partnership.slug.clone(),
            territory: g.territory.slug.clone(),
            description: g.group.description.clone(),
            pickup_points: g
                .pickup_points
                .iter()
                .map(|p| PickupDto {
                    id: p.id,
                    name: p.name.clone(),
                    address: p.address.clone(),
                    opening_hours: p.opening_hours.clone(),
                })
                .collect(),
        }
    }
}

/// Creates a consumer group in the Belgian territory of a partnership; the caller coordinates it.
#[utoipa::path(
    request_body = GroupInput,
    responses((status = 201, body = GroupDto), (status = 401, body = Problem), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "groups"
)]
#[post("/groups")]
pub async fn create_group(
    st: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<GroupInput>,
) -> AppResult<HttpResponse> {
    let g = NewGroup::try_from(body.into_inner()).map_err(AppError::Validation)?;
    let g = groups::create_group(&st.db, &user.0, g, st.now()).await?;
    Ok(HttpResponse::Created().json(GroupDto::from(&g)))
}

/// A group: members and coordinators see it whole; others get 404 (the public card is on the
/// group's page).
#[utoipa::path(
    responses((status = 200, body = GroupDto), (status = 401, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "groups"
)]
#[get("/groups/{id}")]
pub async fn get_group(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<web::Json<GroupDto>> {
    let g = groups::find(&st.db, *id).await?;
    groups::require(Some(&user.0), &g.group, Access::Member)?;
    Ok(web::Json(GroupDto::from(&g)))
}

/// Invites someone by email to join the group (coordinators).
#[utoipa::path(
    request_body = InviteInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "groups"
)]
#[post("/groups/{id}/invitations")]
pub async fn invite(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<InviteInput>,
) -> AppResult<HttpResponse> {
    groups::invite(
        &st.db,
        &st.mailer,
        &user.0,
        *id,
        &body,
        Lang::from_request(&req),
        st.now(),
    )
    .await?;
    Ok(HttpResponse::Created().finish())
}

#[derive(Serialize, ToSchema)]
pub struct ProductFill {
    pub product_id: i64,
    pub producer_id: i64,
    pub name: String,
    pub unit: String,
    pub case_size: i32,
    pub price_cents: i64,
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
    pub state: String,
    pub accepts_baskets: bool,
    pub opens_at: String,
    pub closes_at: String,
    pub delivery_on: String,
    pub transport_cents: i64,
    pub transport_split: String,
    pub fee_cents: i64,
    pub min_total_cents: Option<i64>,
    pub cancel_reason: Option<String>,
    pub products: Vec<ProductFill>,
    /// Goods asked so far (open) or allocated (closed), VAT included.
    pub goods_cents: i64,
    pub total_cents: i64,
}

async fn campaign_dto(
    st: &AppState,
    c: &service::CampaignFull,
    lang: Lang,
) -> AppResult<CampaignDto> {
    let fills = service::fills(&st.db, c).await?;
    let closed = state_of(&c.campaign).is_closed();
    let mut goods = 0;
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
                product_id: p.product_id,
                producer_id: p.producer_id,
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
        id: c.campaign.id,
        group_id: c.campaign.group_id,
        title: c.campaign.title.clone(),
        state: c.campaign.state.clone(),
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
    let c = service::create_campaign(&st.db, &st.mailer, &user.0, *id, c, now).await?;
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
    let (c, _) = service::for_viewer(&st.db, Some(&user.0), *id).await?;
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
    let b = service::set_line(
        &st.db,
        &user.0,
        id,
        product_id,
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
    let (c, _) = service::for_viewer(&st.db, Some(&user.0), *id).await?;
    Ok(web::Json(
        service::basket(&st.db, &c, user.0.id, Lang::from_request(&req)).await?,
    ))
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CloseInput {
    /// Needed to close before `closes_at`.
    pub confirm_early: bool,
}

/// Closes the campaign (group coordinators): cases, fair allocation, each member's share and
/// payment request. Closing again returns the same result.
#[utoipa::path(
    request_body = CloseInput,
    responses((status = 200, body = CampaignResult), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "campaigns"
)]
#[post("/campaigns/{id}/close")]
pub async fn close_campaign(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<i64>,
    body: Option<web::Json<CloseInput>>,
) -> AppResult<web::Json<CampaignResult>> {
    let early = body.map(|b| b.confirm_early).unwrap_or(false);
    let r = close::close(&st.db, &ctx(&st), Some(&user.0), *id, early, st.now())
        .await
        .map_err(|e| match e {
            AppError::Validation(e) => AppError::Validation(super::campaign_pages::local_times(
                e,
                Lang::from_request(&req),
            )),
            e => e,
        })?;
    Ok(web::Json(r))
}

/// The result of a closed campaign: everyone's for coordinators, the caller's own for members.
#[utoipa::path(
    responses((status = 200, body = CampaignResult), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "campaigns"
)]
#[get("/campaigns/{id}/result")]
pub async fn get_result(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<web::Json<CampaignResult>> {
    let (c, access) = service::for_viewer(&st.db, Some(&user.0), *id).await?;
    let lang = Lang::from_request(&req);
    let only = (access != Access::Coordinator).then_some(user.0.id);
    Ok(web::Json(close::result(&st.db, &c, only, lang).await?))
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CancelInput {
    pub reason: String,
}

/// Cancels the campaign before shipping (coordinators): nothing more is owed, members are told.
#[utoipa::path(
    request_body = CancelInput,
    responses((status = 200, body = CampaignDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "campaigns"
)]
#[post("/campaigns/{id}/cancel")]
pub async fn cancel(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<i64>,
    body: Option<web::Json<CancelInput>>,
) -> AppResult<web::Json<CampaignDto>> {
    let reason = body.map(|b| b.into_inner().reason).unwrap_or_default();
    close::cancel(&st.db, &ctx(&st), &user.0, *id, &reason, st.now()).await?;
    let c = service::load(&st.db, *id).await?;
    Ok(web::Json(
        campaign_dto(&st, &c, Lang::from_request(&req)).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Changed {
    /// Members whose allocation changed (and were told).
    pub members_changed: usize,
    pub state: String,
}

fn pairs(body: &UnitsInput) -> Vec<(i64, i64)> {
    body.lines.iter().map(|l| (l.product_id, l.units)).collect()
}

/// A producer confirms what it can supply of the order (units per product; others in full).
#[utoipa::path(
    request_body = UnitsInput,
    responses((status = 200, body = Changed), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "campaigns"
)]
#[post("/campaigns/{id}/producers/{producer_id}/confirm")]
pub async fn confirm(
    st: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(i64, i64)>,
    body: Option<web::Json<UnitsInput>>,
) -> AppResult<web::Json<Changed>> {
    let (id, producer_id) = path.into_inner();
    let lines = body.map(|b| pairs(&b)).unwrap_or_default();
    let n = close::confirm_supply(
        &st.db,
        &ctx(&st),
        &user.0,
        id,
        producer_id,
        &lines,
        st.now(),
    )
    .await?;
    let c = service::load(&st.db, id).await?;
    Ok(web::Json(Changed {
        members_changed: n,
        state: c.campaign.state,
    }))
}

/// The goods have left (coordinators or the campaign's producers).
#[utoipa::path(
    responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "campaigns"
)]
#[post("/campaigns/{id}/ship")]
pub async fn ship(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    close::mark_shipped(&st.db, &user.0, *id, st.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The goods arrived: units received in good condition per product (others in full).
#[utoipa::path(
    request_body = UnitsInput,
    responses((status = 200, body = Changed), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "campaigns"
)]
#[post("/campaigns/{id}/deliver")]
pub async fn deliver(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: Option<web::Json<UnitsInput>>,
) -> AppResult<web::Json<Changed>> {
    let lines = body.map(|b| pairs(&b)).unwrap_or_default();
    let n = close::record_delivery(&st.db, &ctx(&st), &user.0, *id, &lines, st.now()).await?;
    let c = service::load(&st.db, *id).await?;
    Ok(web::Json(Changed {
        members_changed: n,
        state: c.campaign.state,
    }))
}

/// Closes the books once every share is paid (coordinators).
#[utoipa::path(
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "campaigns"
)]
#[post("/campaigns/{id}/settle")]
pub async fn settle(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    close::settle(&st.db, &user.0, *id, st.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sets the account that receives the members' transfers (group coordinators).
#[utoipa::path(
    request_body = crate::payments::handlers::AccountForm,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "groups"
)]
#[put("/groups/{id}/account")]
pub async fn set_account(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<crate::payments::handlers::AccountForm>,
) -> AppResult<HttpResponse> {
    groups::set_account(&st.db, &user.0, *id, &body, st.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
