//! JSON API for the close of a campaign and what follows: result, cancel, the producer's
//! confirmation, shipping, delivery, settlement.

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use entity::CampaignId;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::close::{self, CampaignResult};
use super::domain::State;
use super::groups::Access;
use super::input::UnitsInput;
use super::service;
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;
use crate::web::i18n::Lang;

use super::api::ctx;
use super::campaign_api::{CampaignDto, campaign_dto};

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
    let r = close::close(
        &st.db,
        &ctx(&st),
        Some(&user.0),
        CampaignId(*id),
        early,
        st.now(),
    )
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
    let (c, access) = service::for_viewer(&st.db, Some(&user.0), CampaignId(*id)).await?;
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
    close::cancel(
        &st.db,
        &ctx(&st),
        &user.0,
        CampaignId(*id),
        &reason,
        st.now(),
    )
    .await?;
    let c = service::load(&st.db, CampaignId(*id)).await?;
    Ok(web::Json(
        campaign_dto(&st, &c, Lang::from_request(&req)).await?,
    ))
}

#[derive(Serialize, ToSchema)]
pub struct Changed {
    /// Members whose allocation changed (and were told).
    pub members_changed: usize,
    #[schema(value_type = String)]
    pub state: State,
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
    let id = CampaignId(id);
    let lines = body.map(|b| pairs(&b)).unwrap_or_default();
    let n = close::confirm_supply(
        &st.db,
        &ctx(&st),
        &user.0,
        id,
        entity::ProducerId(producer_id),
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
    close::mark_shipped(&st.db, &user.0, CampaignId(*id), st.now()).await?;
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
    let n = close::record_delivery(
        &st.db,
        &ctx(&st),
        &user.0,
        CampaignId(*id),
        &lines,
        st.now(),
    )
    .await?;
    let c = service::load(&st.db, CampaignId(*id)).await?;
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
    close::settle(&st.db, &user.0, CampaignId(*id), st.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
