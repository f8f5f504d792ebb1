//! JSON API: territories, partnerships, coordinators and networks.

use crate::money::Cents;
use std::collections::{BTreeMap, HashMap};

use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use chrono::Datelike;
use entity::territory::TerritoryKind;
use serde::Serialize;
use utoipa::ToSchema;

use super::domain::{Pillar, pillars_of};
use super::input::{AppointInput, MembershipInput, NewTerritory, TerritoryInput};
use super::partnership_input::{NewPartnership, PartnershipInput, PresentationInput};
use super::service::{self, NetworkFull, PartnershipFull};
use super::{editing, roles};
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;
use crate::web::pagination::{ListPage, PageQuery};

#[derive(Serialize, ToSchema)]
pub struct TerritoryDto {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub country: String,
    pub region: String,
    /// municipality, province, platform or organisation.
    #[schema(value_type = String)]
    pub kind: TerritoryKind,
    pub coresponsibility: bool,
    pub website: Option<String>,
    /// Per language.
    pub description: BTreeMap<String, String>,
}

impl From<&entity::territory::Model> for TerritoryDto {
    fn from(t: &entity::territory::Model) -> Self {
        TerritoryDto {
            id: t.id,
            slug: t.slug.clone(),
            name: t.name.clone(),
            country: t.country.clone(),
            region: t.region.clone(),
            kind: t.kind,
            coresponsibility: t.coresponsibility,
            website: t.website.clone(),
            description: t.description.0.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct TerritorySummary {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub country: String,
}

impl From<&entity::territory::Model> for TerritorySummary {
    fn from(t: &entity::territory::Model) -> Self {
        TerritorySummary {
            id: t.id,
            slug: t.slug.clone(),
            name: t.name.clone(),
            country: t.country.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct PartnershipDto {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub belgian_territory: TerritorySummary,
    pub partner_territory: TerritorySummary,
    /// Year the partnership was signed.
    pub since: i32,
    pub pillars: Vec<Pillar>,
    pub illustrative: bool,
    #[schema(value_type = i64)]
    pub community_fund_cents: Cents,
    pub description: BTreeMap<String, String>,
    pub belgian_offers: BTreeMap<String, String>,
    pub partner_offers: BTreeMap<String, String>,
    /// The data controller (municipality or association); empty until named.
    pub controller_name: String,
    /// How to reach the controller (email or postal address).
    pub controller_contact: String,
}

impl PartnershipDto {
    fn new(f: &PartnershipFull, funds: &HashMap<entity::PartnershipId, Cents>) -> Self {
        let p = &f.partnership;
        PartnershipDto {
            id: p.id.get(),
            slug: p.slug.clone(),
            name: p.name.clone(),
            belgian_territory: (&f.belgian).into(),
            partner_territory: (&f.partner).into(),
            since: p.since_year,
            pillars: pillars_of(p),
            illustrative: p.illustrative,
            community_fund_cents: funds.get(&p.id).copied().unwrap_or_default(),
            description: p.description.0.clone(),
            belgian_offers: p.belgian_offers.0.clone(),
            partner_offers: p.partner_offers.0.clone(),
            controller_name: p.controller_name.clone(),
            controller_contact: p.controller_contact.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct MemberDto {
    pub territory: TerritorySummary,
    pub joined: Option<i32>,
}

#[derive(Serialize, ToSchema)]
pub struct NetworkDto {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub founded: Option<i32>,
    pub members: Vec<MemberDto>,
}

impl From<&NetworkFull> for NetworkDto {
    fn from(n: &NetworkFull) -> Self {
        NetworkDto {
            id: n.network.id,
            slug: n.network.slug.clone(),
            name: n.network.name.clone(),
            founded: n.network.founded_year,
            members: n
                .members
                .iter()
                .map(|(m, t)| MemberDto {
                    territory: t.into(),
                    joined: m.joined_year,
                })
                .collect(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct InvitedDto {
    /// The address an invitation was sent to.
    pub invited: String,
}

#[derive(Serialize, ToSchema)]
pub struct CoordinatorDto {
    pub id: i64,
    pub email: String,
    pub display_name: String,
}

/// Territories by name.
#[utoipa::path(
    params(PageQuery),
    responses((status = 200, body = ListPage<TerritoryDto>)),
    tag = "territories"
)]
#[get("/territories")]
pub async fn list_territories(
    st: web::Data<AppState>,
    q: web::Query<PageQuery>,
) -> AppResult<web::Json<ListPage<TerritoryDto>>> {
    let (items, total) = service::list_territories(&st.db, &q).await?;
    Ok(web::Json(ListPage::new(
        items.iter().map(TerritoryDto::from).collect(),
        &q,
        total,
    )))
}

#[utoipa::path(
    responses((status = 200, body = TerritoryDto), (status = 404, body = Problem)),
    tag = "territories"
)]
#[get("/territories/{slug}")]
pub async fn get_territory(
    st: web::Data<AppState>,
    slug: web::Path<String>,
) -> AppResult<web::Json<TerritoryDto>> {
    let t = service::territory_by_slug(&st.db, &slug).await?;
    Ok(web::Json((&t).into()))
}

/// Adds a territory (admin).
#[utoipa::path(
    request_body = TerritoryInput,
    responses((status = 201, body = TerritoryDto), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "territories"
)]
#[post("/territories")]
pub async fn create_territory(
    st: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<TerritoryInput>,
) -> AppResult<HttpResponse> {
    if !user.0.is_admin() {
        return Err(AppError::Forbidden);
    }
    let t = NewTerritory::try_from(body.into_inner()).map_err(AppError::Validation)?;
    let t = editing::create_territory(&st.db, &user.0, t, st.now()).await?;
    // The catalogue's filters name territories and partnerships.
    st.catalog.invalidate();
    Ok(HttpResponse::Created().json(TerritoryDto::from(&t)))
}

/// Changes a territory (admin).
#[utoipa::path(
    request_body = TerritoryInput,
    responses((status = 200, body = TerritoryDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "territories"
)]
#[put("/territories/{slug}")]
pub async fn update_territory(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<TerritoryInput>,
) -> AppResult<web::Json<TerritoryDto>> {
    if !user.0.is_admin() {
        return Err(AppError::Forbidden);
    }
    let t = NewTerritory::try_from(body.into_inner()).map_err(AppError::Validation)?;
    let t = editing::update_territory(&st.db, &user.0, &slug, t, st.now()).await?;
    // The catalogue's filters name territories and partnerships.
    st.catalog.invalidate();
    Ok(web::Json((&t).into()))
}

/// Partnerships, oldest first.
#[utoipa::path(
    params(PageQuery),
    responses((status = 200, body = ListPage<PartnershipDto>)),
    tag = "partnerships"
)]
#[get("/partnerships")]
pub async fn list_partnerships(
    st: web::Data<AppState>,
    q: web::Query<PageQuery>,
) -> AppResult<web::Json<ListPage<PartnershipDto>>> {
    let (items, total) = service::list_partnerships(&st.db, &q).await?;
    let ids: Vec<entity::PartnershipId> = items.iter().map(|p| p.partnership.id).collect();
    let funds = service::community_funds(&st.db, &ids).await?;
    Ok(web::Json(ListPage::new(
        items
            .iter()
            .map(|p| PartnershipDto::new(p, &funds))
            .collect(),
        &q,
        total,
    )))
}

#[utoipa::path(
    responses((status = 200, body = PartnershipDto), (status = 404, body = Problem)),
    tag = "partnerships"
)]
#[get("/partnerships/{slug}")]
pub async fn get_partnership(
    st: web::Data<AppState>,
    slug: web::Path<String>,
) -> AppResult<web::Json<PartnershipDto>> {
    let page = service::partnership_page(&st.db, &slug).await?;
    Ok(web::Json(PartnershipDto::new(&page.full, &page.funds)))
}

/// Pairs a Belgian territory with a partner territory (admin).
#[utoipa::path(
    request_body = PartnershipInput,
    responses((status = 201, body = PartnershipDto), (status = 403, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "partnerships"
)]
#[post("/partnerships")]
pub async fn create_partnership(
    st: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<PartnershipInput>,
) -> AppResult<HttpResponse> {
    if !user.0.is_admin() {
        return Err(AppError::Forbidden);
    }
    let now = st.now();
    let p = NewPartnership::parse(body.into_inner(), now.year()).map_err(AppError::Validation)?;
    let full = editing::create_partnership(&st.db, &user.0, p, now).await?;
    // The catalogue's filters name territories and partnerships.
    st.catalog.invalidate();
    Ok(HttpResponse::Created().json(PartnershipDto::new(&full, &HashMap::new())))
}

/// Changes a partnership (admin).
#[utoipa::path(
    request_body = PartnershipInput,
    responses((status = 200, body = PartnershipDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "partnerships"
)]
#[put("/partnerships/{slug}")]
pub async fn update_partnership(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<PartnershipInput>,
) -> AppResult<web::Json<PartnershipDto>> {
    if !user.0.is_admin() {
        return Err(AppError::Forbidden);
    }
    let now = st.now();
    let p = NewPartnership::parse(body.into_inner(), now.year()).map_err(AppError::Validation)?;
    let full = editing::update_partnership(&st.db, &user.0, &slug, p, now).await?;
    // The catalogue's filters name territories and partnerships.
    st.catalog.invalidate();
    let funds = service::community_funds(&st.db, &[full.partnership.id]).await?;
    Ok(web::Json(PartnershipDto::new(&full, &funds)))
}

/// Changes how a partnership presents itself (its coordinators, or an admin).
#[utoipa::path(
    request_body = PresentationInput,
    responses((status = 200, body = PartnershipDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "partnerships"
)]
#[put("/partnerships/{slug}/presentation")]
pub async fn update_presentation(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<PresentationInput>,
) -> AppResult<web::Json<PartnershipDto>> {
    let p = super::partnership_input::Presentation::try_from(body.into_inner())
        .map_err(AppError::Validation)?;
    let full = editing::update_presentation(&st.db, &user.0, &slug, p, st.now()).await?;
    let funds = service::community_funds(&st.db, &[full.partnership.id]).await?;
    Ok(web::Json(PartnershipDto::new(&full, &funds)))
}

/// Appoints the account with this email as a coordinator of the partnership (201), or emails
/// an invitation when no account has this address yet (202) (admin).
#[utoipa::path(
    request_body = AppointInput,
    responses(
        (status = 201, body = CoordinatorDto, description = "appointed"),
        (status = 202, body = InvitedDto, description = "invited by email"),
        (status = 403, body = Problem),
        (status = 404, body = Problem),
        (status = 422, body = Problem)
    ),
    security(("bearer" = [])),
    tag = "partnerships"
)]
#[post("/partnerships/{slug}/coordinators")]
pub async fn appoint_coordinator(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<AppointInput>,
) -> AppResult<HttpResponse> {
    if !user.0.is_admin() {
        return Err(AppError::Forbidden);
    }
    let email = body.parse().map_err(AppError::Validation)?;
    let lang = crate::web::i18n::Lang::from_request(&req);
    match roles::appoint_coordinator(&st.db, &st.mailer, &user.0, &slug, &email, lang, st.now())
        .await?
    {
        roles::Appointment::Appointed(u) => Ok(HttpResponse::Created().json(CoordinatorDto {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
        })),
        roles::Appointment::Invited(email) => {
            Ok(HttpResponse::Accepted().json(InvitedDto { invited: email }))
        }
    }
}

/// Ends a coordinator's appointment (admin).
#[utoipa::path(
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "partnerships"
)]
#[delete("/partnerships/{slug}/coordinators/{user_id}")]
pub async fn remove_coordinator(
    st: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, i64)>,
) -> AppResult<HttpResponse> {
    let (slug, user_id) = path.into_inner();
    roles::remove_coordinator(&st.db, &user.0, &slug, user_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Networks of territories (TOGETHER ...) and their members.
#[utoipa::path(responses((status = 200, body = Vec<NetworkDto>)), tag = "networks")]
#[get("/networks")]
pub async fn list_networks(st: web::Data<AppState>) -> AppResult<web::Json<Vec<NetworkDto>>> {
    let all = service::all_networks(&st.db).await?;
    Ok(web::Json(all.iter().map(NetworkDto::from).collect()))
}

/// Adds a territory to a network (admin).
#[utoipa::path(
    request_body = MembershipInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "networks"
)]
#[post("/networks/{slug}/members")]
pub async fn add_member(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<MembershipInput>,
) -> AppResult<HttpResponse> {
    roles::add_member(&st.db, &user.0, &slug, &body, st.now()).await?;
    Ok(HttpResponse::Created().finish())
}

/// Removes a territory from a network (admin).
#[utoipa::path(
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "networks"
)]
#[delete("/networks/{slug}/members/{territory}")]
pub async fn remove_member(
    st: web::Data<AppState>,
    user: ApiUser,
    path: web::Path<(String, String)>,
) -> AppResult<HttpResponse> {
    let (network, territory) = path.into_inner();
    roles::remove_member(&st.db, &user.0, &network, &territory).await?;
    Ok(HttpResponse::NoContent().finish())
}
