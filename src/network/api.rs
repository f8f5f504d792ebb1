//! JSON API: practice sheets, expertise, support requests and their threads.

use actix_web::{HttpResponse, get, post, put, web};
use sea_orm::ActiveEnum;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::input::{ExpertiseInput, NewRequest, NewSheet, RequestInput, SheetInput};
use super::service::{self, LibraryQuery};
use super::{support, support_thread};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;

#[derive(Serialize, ToSchema)]
pub struct SheetDto {
    pub slug: String,
    pub title: std::collections::BTreeMap<String, String>,
    pub summary: std::collections::BTreeMap<String, String>,
    pub pillar: String,
    pub topics: Vec<String>,
    pub territory: String,
    pub country: String,
    pub languages: Vec<String>,
}

fn sheet_dto(s: &entity::practice_sheet::Model, t: &entity::territory::Model) -> SheetDto {
    SheetDto {
        slug: s.slug.clone(),
        title: s.title.0.clone(),
        summary: s.summary.0.clone(),
        pillar: s.pillar.clone(),
        topics: s.topics.0.clone(),
        territory: t.slug.clone(),
        country: t.country.clone(),
        languages: s.languages.0.clone(),
    }
}

/// Publishes a practice sheet for a territory (its coordinators).
#[utoipa::path(
    request_body = SheetInput,
    responses((status = 201, body = SheetDto), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "network"
)]
#[post("/practices")]
pub async fn publish(
    st: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<SheetInput>,
) -> AppResult<HttpResponse> {
    let s = NewSheet::try_from(body.into_inner()).map_err(AppError::Validation)?;
    let s = service::publish_sheet(&st.db, &user.0, s, st.now()).await?;
    let (s, t) = service::sheet(&st.db, &s.slug).await?;
    Ok(HttpResponse::Created().json(sheet_dto(&s, &t)))
}

#[derive(Serialize, ToSchema)]
pub struct SheetList {
    pub items: Vec<SheetDto>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

/// The library: full text, topic, pillar, country, territory (public).
#[utoipa::path(params(LibraryQuery), responses((status = 200, body = SheetList)), tag = "network")]
#[get("/practices")]
pub async fn library(
    st: web::Data<AppState>,
    q: web::Query<LibraryQuery>,
) -> AppResult<web::Json<SheetList>> {
    let (rows, total, page, per_page) = service::library(&st.db, &q).await?;
    Ok(web::Json(SheetList {
        items: rows.iter().map(|(s, t)| sheet_dto(s, t)).collect(),
        page,
        per_page,
        total,
    }))
}

/// Declares the topics a territory can help others with (its coordinators).
#[utoipa::path(
    request_body = ExpertiseInput,
    responses((status = 200, body = ExpertiseInput), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "network"
)]
#[put("/territories/{slug}/expertise")]
pub async fn expertise(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<ExpertiseInput>,
) -> AppResult<web::Json<ExpertiseInput>> {
    let topics = body.parse().map_err(AppError::Validation)?;
    let topics = service::declare_expertise(&st.db, &user.0, &slug, topics, st.now()).await?;
    Ok(web::Json(ExpertiseInput { topics }))
}

#[derive(Serialize, ToSchema)]
pub struct RecipientDto {
    pub territory: String,
    /// partner or expertise.
    pub reason: String,
    /// Someone at this territory has an account on Passerelle now (its coordinators were, or
    /// will be, able to read the request).
    pub reachable: bool,
    /// Nobody there had an account when the request was posted: the network's administrators
    /// were emailed instead, to pass it on.
    pub relayed: bool,
}

/// The practice sheet a request was resolved with.
#[derive(Serialize, ToSchema)]
pub struct SheetRefDto {
    pub slug: String,
    /// The title in each language it was written in.
    pub title: std::collections::BTreeMap<String, String>,
    /// The sheet's page, on this site.
    pub url: String,
}

#[derive(Serialize, ToSchema)]
pub struct MessageDto {
    pub territory_id: i64,
    pub body: String,
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct RequestDto {
    pub id: i64,
    pub territory: String,
    pub topic: String,
    pub title: String,
    pub need: String,
    pub deadline: Option<String>,
    /// open, resolved or withdrawn.
    pub status: String,
    pub recipients: Vec<RecipientDto>,
    /// The practice sheet that came out of it (resolved requests).
    pub practice_sheet: Option<SheetRefDto>,
    /// Only for the territories involved and admins.
    pub messages: Option<Vec<MessageDto>>,
}

fn request_dto(f: &support_thread::RequestFull) -> RequestDto {
    RequestDto {
        id: f.request.id,
        territory: f.territory.slug.clone(),
        topic: f.request.topic.clone(),
        title: f.request.title.clone(),
        need: f.request.need.clone(),
        deadline: f.request.deadline.map(|d| d.to_string()),
        status: f.request.status.to_value(),
        recipients: f
            .recipients
            .iter()
            .map(|(r, t)| RecipientDto {
                territory: t.slug.clone(),
                reason: r.reason.as_str().to_owned(),
                reachable: f.reachable.contains(&t.id),
                relayed: r.relayed,
            })
            .collect(),
        practice_sheet: f.sheet.as_ref().map(|s| SheetRefDto {
            slug: s.slug.clone(),
            title: s.title.0.clone(),
            url: format!("/practices/{}", s.slug),
        }),
        messages: f.messages.as_ref().map(|ms| {
            ms.iter()
                .map(|m| MessageDto {
                    territory_id: m.territory_id,
                    body: m.body.clone(),
                    created_at: m.created_at.to_rfc3339(),
                })
                .collect()
        }),
    }
}

/// Posts a support request for a territory: its partners and the network territories that
/// declared the topic receive it (their coordinators are emailed).
#[utoipa::path(
    request_body = RequestInput,
    responses((status = 201, body = RequestDto), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "network"
)]
#[post("/support-requests")]
pub async fn create_request(
    st: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<RequestInput>,
) -> AppResult<HttpResponse> {
    let now = st.now();
    let r = NewRequest::parse(body.into_inner(), now.date_naive()).map_err(AppError::Validation)?;
    let posted = support::create_request(&st.db, &st.mailer, &user.0, r, now).await?;
    let full = support_thread::request_full(&st.db, Some(&user.0), posted.request.id).await?;
    Ok(HttpResponse::Created().json(request_dto(&full)))
}

/// A support request: visible to the network; its thread only to those involved and admins.
#[utoipa::path(responses((status = 200, body = RequestDto), (status = 404, body = Problem)), security(("bearer" = [])), tag = "network")]
#[get("/support-requests/{id}")]
pub async fn get_request(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<web::Json<RequestDto>> {
    let full = support_thread::request_full(&st.db, Some(&user.0), *id).await?;
    Ok(web::Json(request_dto(&full)))
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct MessageInput {
    pub body: String,
}

/// Answers in the thread (coordinators of a territory involved); 409 once it is closed.
#[utoipa::path(
    request_body = MessageInput,
    responses((status = 201), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "network"
)]
#[post("/support-requests/{id}/messages")]
pub async fn reply(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<MessageInput>,
) -> AppResult<HttpResponse> {
    support_thread::reply(&st.db, &user.0, *id, &body.body, st.now()).await?;
    Ok(HttpResponse::Created().finish())
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ResolveInput {
    /// The practice sheet that came out of the request, if any.
    pub practice_sheet: Option<String>,
}

/// The requester marks the request resolved; 409 when it is no longer open.
#[utoipa::path(
    request_body = ResolveInput,
    responses((status = 200, body = RequestDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "network"
)]
#[post("/support-requests/{id}/resolve")]
pub async fn resolve(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: Option<web::Json<ResolveInput>>,
) -> AppResult<web::Json<RequestDto>> {
    let sheet = body.and_then(|b| b.into_inner().practice_sheet);
    support_thread::resolve(&st.db, &user.0, *id, sheet.as_deref(), st.now()).await?;
    let full = support_thread::request_full(&st.db, Some(&user.0), *id).await?;
    Ok(web::Json(request_dto(&full)))
}

/// The requester withdraws the request: nobody needs to answer it any more.
#[utoipa::path(
    responses((status = 200, body = RequestDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "network"
)]
#[post("/support-requests/{id}/withdraw")]
pub async fn withdraw(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<web::Json<RequestDto>> {
    support_thread::withdraw(&st.db, &user.0, *id, st.now()).await?;
    let full = support_thread::request_full(&st.db, Some(&user.0), *id).await?;
    Ok(web::Json(request_dto(&full)))
}

#[derive(Serialize, ToSchema)]
pub struct TrainingDto {
    pub id: i64,
    pub title: String,
    pub starts_at: String,
    pub ends_at: String,
    pub place: String,
    pub online_url: Option<String>,
    pub capacity: i32,
    pub seats_left: i32,
    pub audience: Vec<String>,
}

fn training_dto(t: &entity::training::Model) -> TrainingDto {
    TrainingDto {
        id: t.id,
        title: t.title.clone(),
        starts_at: t.starts_at.to_rfc3339(),
        ends_at: t.ends_at.to_rfc3339(),
        place: t.place.clone(),
        online_url: t.online_url.clone(),
        capacity: t.capacity,
        seats_left: (t.capacity - t.seats_taken).max(0),
        audience: t.audience.0.clone(),
    }
}

/// Publishes a training or meeting (the organising territory's coordinators).
#[utoipa::path(
    request_body = super::trainings::TrainingInput,
    responses((status = 201, body = TrainingDto), (status = 403, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "network"
)]
#[post("/trainings")]
pub async fn publish_training(
    st: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<super::trainings::TrainingInput>,
) -> AppResult<HttpResponse> {
    let t = super::trainings::publish(&st.db, &user.0, body.into_inner(), st.now()).await?;
    Ok(HttpResponse::Created().json(training_dto(&t)))
}

/// A training with its places left (public).
#[utoipa::path(responses((status = 200, body = TrainingDto), (status = 404, body = Problem)), tag = "network")]
#[get("/trainings/{id}")]
pub async fn get_training(
    st: web::Data<AppState>,
    id: web::Path<i64>,
) -> AppResult<web::Json<TrainingDto>> {
    use sea_orm::EntityTrait;
    let t = entity::training::Entity::find_by_id(*id)
        .one_or_404(&st.db)
        .await?;
    Ok(web::Json(training_dto(&t)))
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RegistrationInput {
    /// The slug of the territory registering.
    pub territory: String,
    pub participants: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct RegistrationDto {
    pub id: i64,
    /// registered, waiting or cancelled.
    pub status: String,
    pub seats: i32,
}

/// Registers a territory's participants (its coordinators): registered while places last, else
/// on the waiting list.
#[utoipa::path(
    request_body = RegistrationInput,
    responses((status = 201, body = RegistrationDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "network"
)]
#[post("/trainings/{id}/registrations")]
pub async fn register(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<RegistrationInput>,
) -> AppResult<HttpResponse> {
    let r = super::trainings::register(
        &st.db,
        &st.mailer,
        &user.0,
        *id,
        &body.territory,
        &body.participants,
        st.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(RegistrationDto {
        id: r.id,
        status: r.status.to_value(),
        seats: r.seats,
    }))
}

/// Cancels a registration (its territory's coordinators, or the training's publisher who declines
/// it); waiting registrations that fit take the places.
#[utoipa::path(responses((status = 204), (status = 404, body = Problem), (status = 409, body = Problem)), security(("bearer" = [])), tag = "network")]
#[post("/training-registrations/{id}/cancel")]
pub async fn cancel_registration(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    super::registrations::cancel(&st.db, &st.mailer, &user.0, *id, st.now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The training's publisher admits a waiting registration, adding the places it needs.
#[utoipa::path(responses((status = 200, body = RegistrationDto), (status = 404, body = Problem), (status = 409, body = Problem)), security(("bearer" = [])), tag = "network")]
#[post("/training-registrations/{id}/admit")]
pub async fn admit_registration(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<web::Json<RegistrationDto>> {
    let r = super::registrations::admit(&st.db, &st.mailer, &user.0, *id, st.now()).await?;
    Ok(web::Json(RegistrationDto {
        id: r.id,
        status: r.status.to_value(),
        seats: r.seats,
    }))
}

/// Records a well-being criterion defined by the territory's citizens (its coordinators).
#[utoipa::path(
    request_body = super::spiral::CriterionInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "network"
)]
#[post("/territories/{slug}/spiral/criteria")]
pub async fn add_criterion(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<super::spiral::CriterionInput>,
) -> AppResult<HttpResponse> {
    let c = super::spiral::add_criterion(&st.db, &user.0, &slug, &body, st.now()).await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "id": c.id })))
}

/// Links a campaign, stay or practice sheet to a criterion it serves.
#[utoipa::path(
    request_body = super::spiral::LinkInput,
    responses((status = 201), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "network"
)]
#[post("/spiral/criteria/{id}/links")]
pub async fn link_criterion(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<super::spiral::LinkInput>,
) -> AppResult<HttpResponse> {
    super::spiral::link(&st.db, &user.0, *id, &body).await?;
    Ok(HttpResponse::Created().finish())
}

/// The SPIRAL view of a territory (public).
#[utoipa::path(responses((status = 200, body = Vec<super::spiral::CriterionView>), (status = 404, body = Problem)), tag = "network")]
#[get("/territories/{slug}/spiral")]
pub async fn spiral_view(
    st: web::Data<AppState>,
    slug: web::Path<String>,
) -> AppResult<web::Json<Vec<super::spiral::CriterionView>>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let t = entity::territory::Entity::find()
        .filter(entity::territory::Column::Slug.eq(slug.as_str()))
        .one_or_404(&st.db)
        .await?;
    Ok(web::Json(super::spiral::view(&st.db, t.id, "fr").await?))
}
