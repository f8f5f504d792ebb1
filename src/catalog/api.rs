//! JSON API: producers, products and the catalogue.

use entity::{ProducerId, ProductId};

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::input::{NewProducer, NewProduct, ProducerInput, ProductInput, Shares, SharesInput};
use super::service::{self, CatalogQuery, Review};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::media::PhotoOwner;
use crate::media::photos::MAX_BYTES as PHOTO_MAX_BYTES;
use crate::state::AppState;
use crate::web::auth::ApiUser;
use crate::web::i18n::Lang;
use crate::web::uploads::{self, UploadedFile};

pub use super::dto::{PartnershipRef, ProducerDto, ProducerRef, ProductDto, Ref};

/// Creates a producer profile (status pending); the caller becomes its `producer_member`.
#[utoipa::path(
    request_body = ProducerInput,
    responses((status = 201, body = ProducerDto), (status = 401, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "catalogue"
)]
#[post("/producers")]
pub async fn create_producer(
    st: web::Data<AppState>,
    user: ApiUser,
    body: web::Json<ProducerInput>,
) -> AppResult<HttpResponse> {
    let p = NewProducer::try_from(body.into_inner()).map_err(AppError::Validation)?;
    let full = service::create_producer(&st.db, &st.catalog, &user.0, p, st.now()).await?;
    Ok(HttpResponse::Created().json(ProducerDto::from(&full)))
}

/// Changes a producer's profile (its members).
#[utoipa::path(
    request_body = ProducerInput,
    responses((status = 200, body = ProducerDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "catalogue"
)]
#[put("/producers/{id}")]
pub async fn update_producer(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<ProducerInput>,
) -> AppResult<web::Json<ProducerDto>> {
    let p = NewProducer::try_from(body.into_inner()).map_err(AppError::Validation)?;
    let full = service::update_producer(&st.db, &st.catalog, &user.0, ProducerId(*id), p, st.now())
        .await?;
    Ok(web::Json((&full).into()))
}

/// Approves a producer (a coordinator of its partnership, or an admin); its members are emailed.
/// 409 when it is already approved or its profile has no presentation or no contact yet.
#[utoipa::path(
    responses((status = 200, body = ProducerDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "catalogue"
)]
#[post("/producers/{id}/approve")]
pub async fn approve(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<web::Json<ProducerDto>> {
    let full = service::review_producer(
        &st.db,
        &st.mailer,
        &st.catalog,
        &user.0,
        *id,
        Review::Approve,
        st.now(),
    )
    .await?;
    Ok(web::Json((&full).into()))
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RejectInput {
    /// Why, for the producer (emailed to its members).
    pub note: String,
}

/// Rejects a producer (a coordinator of its partnership, or an admin) with a reason its members
/// are emailed; the reason is required.
#[utoipa::path(
    request_body = RejectInput,
    responses((status = 200, body = ProducerDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "catalogue"
)]
#[post("/producers/{id}/reject")]
pub async fn reject(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<RejectInput>,
) -> AppResult<web::Json<ProducerDto>> {
    let note = body.note.trim();
    if note.chars().count() > 2000 {
        return Err(AppError::Validation(FieldErrors::single(
            "note",
            crate::error::FieldError::new("length").with("max", 2000),
        )));
    }
    let full = service::review_producer(
        &st.db,
        &st.mailer,
        &st.catalog,
        &user.0,
        *id,
        Review::Reject(note.to_owned()),
        st.now(),
    )
    .await?;
    Ok(web::Json((&full).into()))
}

/// A rejected producer asks to be examined again (its members), once its profile has a
/// presentation and a contact; 409 otherwise.
#[utoipa::path(
    responses((status = 200, body = ProducerDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "catalogue"
)]
#[post("/producers/{id}/resubmit")]
pub async fn resubmit(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<web::Json<ProducerDto>> {
    let full =
        service::resubmit_producer(&st.db, &st.catalog, &user.0, ProducerId(*id), st.now()).await?;
    Ok(web::Json((&full).into()))
}

/// Adds a product to a producer (its members only).
#[utoipa::path(
    request_body = ProductInput,
    responses((status = 201, body = ProductDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "catalogue"
)]
#[post("/producers/{id}/products")]
pub async fn create_product(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<ProductInput>,
) -> AppResult<HttpResponse> {
    let p = NewProduct::parse(body.into_inner(), FieldErrors::new(), "price_cents")
        .map_err(AppError::Validation)?;
    let product = service::create_product(
        &st.db,
        &st.catalog,
        &user.0,
        ProducerId(*id),
        p,
        None,
        st.now(),
    )
    .await?;
    let page = service::product_page(&st.db, Some(&user.0), product.id).await?;
    Ok(HttpResponse::Created().json(ProductDto::new(&page.item, Lang::from_request(&req))))
}

/// Changes a product (members of its producer).
#[utoipa::path(
    request_body = ProductInput,
    responses((status = 200, body = ProductDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "catalogue"
)]
#[put("/products/{id}")]
pub async fn update_product(
    st: web::Data<AppState>,
    req: HttpRequest,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<ProductInput>,
) -> AppResult<web::Json<ProductDto>> {
    let p = NewProduct::parse(body.into_inner(), FieldErrors::new(), "price_cents")
        .map_err(AppError::Validation)?;
    service::update_product(&st.db, &st.catalog, &user.0, ProductId(*id), p, st.now()).await?;
    let page = service::product_page(&st.db, Some(&user.0), ProductId(*id)).await?;
    Ok(web::Json(ProductDto::new(
        &page.item,
        Lang::from_request(&req),
    )))
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ArchiveInput {
    /// true to take the product out of the catalogue, false to put it back.
    pub archived: bool,
}

/// Archives a product (it leaves the catalogue but stays in past orders), or restores it.
#[utoipa::path(
    request_body = ArchiveInput,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "catalogue"
)]
#[post("/products/{id}/archive")]
pub async fn archive_product(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<ArchiveInput>,
) -> AppResult<HttpResponse> {
    service::set_archived(
        &st.db,
        &st.catalog,
        &user.0,
        ProductId(*id),
        body.archived,
        st.now(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A page of the catalogue: the list envelope of every list (`items`, `page`, `per_page`,
/// `total`) and the cursors of the neighbouring pages.
#[derive(Serialize, ToSchema)]
pub struct ProductList {
    pub items: Vec<ProductDto>,
    pub page: u64,
    pub per_page: u64,
    /// Products matching, counted up to 1000: past it `total_exact` is false and `total` says
    /// only "more than 1000" (1001).
    pub total: u64,
    pub total_exact: bool,
    /// Pass as `after=` for the next page (null on the last): as fast as the first page.
    pub next: Option<String>,
    /// Pass as `before=` for the previous page (null on the first).
    pub prev: Option<String>,
}

/// The catalogue: approved producers' products, filtered, searched, sorted, paged. Page by
/// page with `next` / `prev` (cursors, constant cost); `page=N` also works but walks over the
/// N-1 pages before (in the sort order's index). 422 for a cursor that is not one of this sort
/// order's.
#[utoipa::path(
    params(CatalogQuery),
    responses((status = 200, body = ProductList), (status = 422, body = Problem)),
    tag = "catalogue"
)]
#[get("/products")]
pub async fn list_products(
    st: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<CatalogQuery>,
) -> AppResult<web::Json<ProductList>> {
    let results = service::search_cached(&st.db, &st.catalog, &q, true).await?;
    let lang = Lang::from_request(&req);
    Ok(web::Json(ProductList {
        items: results
            .items
            .iter()
            .map(|i| ProductDto::new(i, lang))
            .collect(),
        page: results.page,
        per_page: q.per_page(),
        total: results.total.n,
        total_exact: results.total.exact,
        next: results.next.as_ref().map(|c| c.encode()),
        prev: results.prev.as_ref().map(|c| c.encode()),
    }))
}

/// One product (archived ones only for its producer's members and coordinators).
#[utoipa::path(
    responses((status = 200, body = ProductDto), (status = 404, body = Problem)),
    tag = "catalogue"
)]
#[get("/products/{id}")]
pub async fn get_product(
    st: web::Data<AppState>,
    req: HttpRequest,
    id: web::Path<i64>,
) -> AppResult<web::Json<ProductDto>> {
    let viewer = crate::web::auth::optional_api_user(&req).await?;
    let page = service::product_page(&st.db, viewer.as_ref(), ProductId(*id)).await?;
    Ok(web::Json(ProductDto::new(
        &page.item,
        Lang::from_request(&req),
    )))
}

#[derive(Serialize, ToSchema)]
pub struct SharesDto {
    pub transport_bp: i32,
    pub costs_bp: i32,
    pub fund_bp: i32,
}

/// Sets how a partnership's prices split (its coordinators, or an admin): basis points of the
/// price without VAT for transport, group and platform costs, and the community fund.
#[utoipa::path(
    request_body = SharesInput,
    responses((status = 200, body = SharesDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "catalogue"
)]
#[put("/partnerships/{slug}/shares")]
pub async fn update_shares(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<SharesInput>,
) -> AppResult<web::Json<SharesDto>> {
    let shares = Shares::try_from(body.into_inner()).map_err(AppError::Validation)?;
    let p = service::update_shares(&st.db, &st.catalog, &user.0, &slug, shares, st.now()).await?;
    Ok(web::Json(SharesDto {
        transport_bp: p.transport_bp,
        costs_bp: p.costs_bp,
        fund_bp: p.fund_bp,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PhotoDto {
    pub id: i64,
    pub display: String,
    pub thumb: String,
}

/// Adds a photo to a product (members of its producer): the body is the image itself, sent as
/// image/jpeg, image/png or image/webp, at most 5 MB. It is decoded and re-encoded; a file that
/// is not really an image gets 422. The same picture sent again is not added twice: the answer is
/// then 200 with the photo already there.
#[utoipa::path(
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    responses((status = 201, body = PhotoDto), (status = 200, body = PhotoDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "catalogue"
)]
#[post("/products/{id}/photos")]
pub async fn add_product_photo(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    req: HttpRequest,
    body: web::Payload,
) -> AppResult<HttpResponse> {
    // The rights, the right to send photos and the room left, before the body is even read.
    service::admit_photo(&st.db, &user.0, PhotoOwner::Product(*id)).await?;
    let bytes = uploads::read_body(&req, body, PHOTO_MAX_BYTES).await?;
    let processed = st
        .photos
        .accept(&st.storage, UploadedFile::from_bytes(bytes))
        .await?;
    let added = service::add_photo(
        &st.db,
        &st.catalog,
        &user.0,
        PhotoOwner::Product(*id),
        &processed,
        st.now(),
    )
    .await?;
    let dto = PhotoDto {
        id: added.photo.id,
        display: format!("/photos/{}-display.jpg", added.photo.file_key),
        thumb: format!("/photos/{}-thumb.jpg", added.photo.file_key),
    };
    // The same picture sent again is kept once: 200 with the photo already there.
    Ok(if added.already {
        HttpResponse::Ok().json(dto)
    } else {
        HttpResponse::Created().json(dto)
    })
}
