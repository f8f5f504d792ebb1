//! JSON API: producers, products and the catalogue.

use crate::money::Cents;
use entity::{ProducerId, ProductId};
use std::collections::BTreeMap;

use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use entity::producer::{ProducerKind, ProducerStatus};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::domain::PriceBreakdown;
use super::input::{NewProducer, NewProduct, ProducerInput, ProductInput, Shares, SharesInput};
use super::service::{self, CatalogItem, CatalogQuery, ProducerFull, Review};
use crate::error::{AppError, AppResult, FieldErrors, Problem};
use crate::media::PhotoOwner;
use crate::media::photos::MAX_BYTES as PHOTO_MAX_BYTES;
use crate::state::AppState;
use crate::web::auth::ApiUser;
use crate::web::i18n::Lang;
use crate::web::pagination::ListPage;
use crate::web::uploads::{self, UploadedFile};

#[derive(Serialize, ToSchema)]
pub struct Ref {
    pub id: i64,
    pub slug: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProducerDto {
    pub id: i64,
    pub slug: String,
    pub name: String,
    /// cooperative, association or family_business.
    #[schema(value_type = String)]
    pub kind: ProducerKind,
    /// pending, approved or rejected.
    #[schema(value_type = String)]
    pub status: ProducerStatus,
    pub review_note: Option<String>,
    pub partnership: Ref,
    pub territory: Ref,
    pub description: BTreeMap<String, String>,
    pub odco_number: Option<String>,
    pub women_led: bool,
    pub labels: Vec<String>,
}

impl From<&ProducerFull> for ProducerDto {
    fn from(f: &ProducerFull) -> Self {
        let p = &f.producer;
        ProducerDto {
            id: p.id.get(),
            slug: p.slug.clone(),
            name: p.name.clone(),
            kind: p.kind,
            status: p.status,
            review_note: p.review_note.clone(),
            partnership: Ref {
                id: f.partnership.id.get(),
                slug: f.partnership.slug.clone(),
                name: f.partnership.name.clone(),
            },
            territory: Ref {
                id: f.territory.id,
                slug: f.territory.slug.clone(),
                name: f.territory.name.clone(),
            },
            description: p.description.0.clone(),
            odco_number: p.odco_number.clone(),
            women_led: p.women_led,
            labels: p.labels.0.clone(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct ProducerRef {
    pub id: i64,
    pub slug: String,
    pub name: String,
    pub women_led: bool,
    pub labels: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PartnershipRef {
    pub slug: String,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct ProductDto {
    pub id: i64,
    /// In the language asked for (`?lang=` or Accept-Language), else French.
    pub name: String,
    pub description: String,
    pub name_i18n: BTreeMap<String, String>,
    pub description_i18n: BTreeMap<String, String>,
    pub category: String,
    /// What one unit is, in the language asked for, else French.
    pub unit: String,
    /// What one unit is, per language written.
    pub unit_i18n: BTreeMap<String, String>,
    pub case_size: i32,
    pub min_cases: i32,
    pub weight_grams: i32,
    /// Consumer price of one unit, VAT included.
    #[schema(value_type = i64)]
    pub price_cents: Cents,
    pub vat_rate_bp: i32,
    /// null: made to order.
    pub stock: Option<i32>,
    /// Customs code (HS), 6 to 10 digits; null: not given.
    pub hs_code: Option<String>,
    /// Packaging weight of one case in grams; null: not given.
    pub case_tare_grams: Option<i32>,
    pub archived: bool,
    pub producer: ProducerRef,
    pub partnership: PartnershipRef,
    pub price_breakdown: PriceBreakdown,
    /// URL of the first photo's thumbnail, if any.
    pub photo: Option<String>,
}

impl ProductDto {
    pub fn new(i: &CatalogItem, lang: Lang) -> Self {
        let p = &i.product;
        ProductDto {
            id: p.id.get(),
            name: p.name.pick(lang.code()).to_owned(),
            description: p.description.pick(lang.code()).to_owned(),
            name_i18n: p.name.0.clone(),
            description_i18n: p.description.0.clone(),
            category: p.category.clone(),
            unit: p.unit_in(lang.code()).to_owned(),
            unit_i18n: if p.unit_i18n.is_empty() {
                [("fr".to_owned(), p.unit.clone())].into()
            } else {
                p.unit_i18n.0.clone()
            },
            case_size: p.case_size,
            min_cases: p.min_cases,
            weight_grams: p.weight_grams,
            price_cents: p.price_cents,
            vat_rate_bp: p.vat_rate_bp,
            stock: p.stock,
            hs_code: p.hs_code.clone(),
            case_tare_grams: p.case_tare_grams,
            archived: p.archived_at.is_some(),
            producer: ProducerRef {
                id: i.producer.id.get(),
                slug: i.producer.slug.clone(),
                name: i.producer.name.clone(),
                women_led: i.producer.women_led,
                labels: i.producer.labels.0.clone(),
            },
            partnership: PartnershipRef {
                slug: i.partnership.slug.clone(),
                name: i.partnership.name.clone(),
            },
            price_breakdown: i.breakdown(),
            photo: i.photo.as_ref().map(|k| format!("/photos/{k}-thumb.jpg")),
        }
    }
}

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

/// The catalogue: approved producers' products, filtered, searched, sorted, paged.
#[utoipa::path(
    params(CatalogQuery),
    responses((status = 200, body = ListPage<ProductDto>)),
    tag = "catalogue"
)]
#[get("/products")]
pub async fn list_products(
    st: web::Data<AppState>,
    req: HttpRequest,
    q: web::Query<CatalogQuery>,
) -> AppResult<web::Json<ListPage<ProductDto>>> {
    let results = service::search_cached(&st.db, &st.catalog, &q).await?;
    let lang = Lang::from_request(&req);
    Ok(web::Json(ListPage {
        items: results.0.iter().map(|i| ProductDto::new(i, lang)).collect(),
        page: q.page(),
        per_page: q.per_page(),
        total: results.1,
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
        .accept(&st.config.data_dir, UploadedFile::from_bytes(bytes))
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
