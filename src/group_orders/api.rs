//! JSON API for groups: create, read, invite, the account that receives transfers. Campaigns and
//! baskets: `campaign_api`; the close and what follows: `close_api`.

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use entity::GroupId;
use serde::Serialize;
use utoipa::ToSchema;

use super::close::Ctx;
use super::groups::{self, Access, GroupFull};
use super::input::{GroupInput, InviteInput, NewGroup};
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;
use crate::web::i18n::Lang;

pub fn ctx(st: &AppState) -> Ctx<'_> {
    Ctx {
        mailer: Some(&st.mailer),
        card: st.stripe.is_some(),
        probe: None,
        catalog: Some(&st.catalog),
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
            id: g.group.id.get(),
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
    let g = groups::find(&st.db, GroupId(*id)).await?;
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
        GroupId(*id),
        &body,
        Lang::from_request(&req),
        st.now(),
    )
    .await?;
    Ok(HttpResponse::Created().finish())
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
    groups::set_account(&st.db, &user.0, GroupId(*id), &body, st.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
