//! JSON API: what a partnership owes its producers, payout batches and transfers recorded paid
//! (its treasurers), and a producer's statement (its members, coordinators, admins).

use actix_web::{HttpRequest, HttpResponse, get, post, web};
use entity::{PayoutBatchId, PayoutId, ProducerId};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use super::domain;
use super::input::{BatchInput, NewBatch, Paid, PaidForm};
use super::owed::Account;
use super::proofs;
use super::service::{self, BatchFull, OwedRow};
use super::statement::{self, StatementMonth};
use crate::error::{AppError, AppResult, Problem};
use crate::money::Cents;
use crate::state::AppState;
use crate::web::auth::ApiUser;
use crate::web::uploads;

/// What a producer earned, was paid and is still owed.
#[derive(Serialize, ToSchema)]
pub struct SumsDto {
    /// The producer share of goods delivered and paid, from the ledger.
    #[schema(value_type = i64)]
    pub earned_cents: Cents,
    #[schema(value_type = i64)]
    pub paid_cents: Cents,
    #[schema(value_type = i64)]
    pub owed_cents: Cents,
}

impl From<&Account> for SumsDto {
    fn from(a: &Account) -> SumsDto {
        SumsDto {
            earned_cents: a.earned_cents,
            paid_cents: a.paid_cents,
            owed_cents: a.owed_cents(),
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct OwedDto {
    pub producer_id: i64,
    pub name: String,
    #[serde(flatten)]
    pub sums: SumsDto,
}

fn owed_dto(r: &OwedRow) -> OwedDto {
    OwedDto {
        producer_id: r.producer.id.get(),
        name: r.producer.name.clone(),
        sums: (&r.account).into(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct OwedListDto {
    pub partnership: String,
    pub items: Vec<OwedDto>,
}

/// What the partnership owes each of its producers (its treasurers).
#[utoipa::path(
    responses((status = 200, body = OwedListDto), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "payouts"
)]
#[get("/partnerships/{slug}/payouts/owed")]
pub async fn owed(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
) -> AppResult<web::Json<OwedListDto>> {
    let page = service::payouts_page(&st.db, &user.0, &slug).await?;
    Ok(web::Json(OwedListDto {
        partnership: page.partnership.slug.clone(),
        items: page.owed.iter().map(owed_dto).collect(),
    }))
}

#[derive(Serialize, ToSchema)]
pub struct PayoutDto {
    pub id: i64,
    pub producer_id: i64,
    pub producer: String,
    #[schema(value_type = i64)]
    pub amount_cents: Cents,
    /// The same in dirham centimes at the batch's rate (information only).
    pub amount_mad_centimes: Option<i64>,
    /// planned or paid.
    pub status: String,
    pub bank_reference: Option<String>,
    pub paid_on: Option<chrono::NaiveDate>,
    /// Whether the bank's confirmation of the transfer is attached.
    pub has_proof: bool,
}

#[derive(Serialize, ToSchema)]
pub struct BatchDto {
    pub id: i64,
    pub partnership: String,
    pub note: String,
    /// Dirhams for one euro ("10,8500"), information only.
    pub mad_rate: Option<String>,
    pub rate_on: Option<chrono::NaiveDate>,
    #[schema(value_type = i64)]
    pub total_cents: Cents,
    pub payouts: Vec<PayoutDto>,
}

fn batch_dto(b: &BatchFull) -> BatchDto {
    BatchDto {
        id: b.batch.id.get(),
        partnership: b.partnership.slug.clone(),
        note: b.batch.note.clone(),
        mad_rate: b.batch.mad_rate_e4.map(domain::rate_text),
        rate_on: b.batch.rate_on,
        total_cents: b.total_cents(),
        payouts: b
            .payouts
            .iter()
            .map(|(po, pr)| PayoutDto {
                id: po.id.get(),
                producer_id: pr.id.get(),
                producer: pr.name.clone(),
                amount_cents: po.amount_cents,
                amount_mad_centimes: b
                    .batch
                    .mad_rate_e4
                    .map(|r| domain::in_dirhams(po.amount_cents, r)),
                status: sea_orm::ActiveEnum::to_value(&po.status),
                bank_reference: po.bank_reference.clone(),
                paid_on: po.paid_on,
                has_proof: po.proof_key.is_some(),
            })
            .collect(),
    }
}

/// Prepares a payout batch: an amount for each producer, each no more than what it is owed.
#[utoipa::path(
    request_body = BatchInput,
    responses((status = 201, body = BatchDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "payouts"
)]
#[post("/partnerships/{slug}/payout-batches")]
pub async fn create_batch(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<BatchInput>,
) -> AppResult<HttpResponse> {
    let b = NewBatch::try_from(&body.into_inner()).map_err(AppError::Validation)?;
    let id = service::prepare_batch(&st.db, &user.0, &slug, b, st.now()).await?;
    let full = service::batch(&st.db, &user.0, id).await?;
    Ok(HttpResponse::Created().json(batch_dto(&full)))
}

/// A payout batch with its transfers.
#[utoipa::path(
    responses((status = 200, body = BatchDto), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "payouts"
)]
#[get("/payout-batches/{id}")]
pub async fn get_batch(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<web::Json<BatchDto>> {
    let full = service::batch(&st.db, &user.0, PayoutBatchId(*id)).await?;
    Ok(web::Json(batch_dto(&full)))
}

/// Records a transfer paid with the bank's reference and day: 422 when it is more than what
/// the producer is owed now, 409 when it was already recorded.
#[utoipa::path(
    request_body = PaidForm,
    responses((status = 200, body = BatchDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "payouts"
)]
#[post("/payouts/{id}/paid")]
pub async fn record_paid(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    body: web::Json<PaidForm>,
) -> AppResult<web::Json<BatchDto>> {
    let now = st.now();
    let paid = Paid::parse(&body, crate::clock::today(now)).map_err(AppError::Validation)?;
    let po = service::record_paid(
        &st.db,
        Some(&st.mailer),
        &user.0,
        PayoutId(*id),
        paid,
        None,
        now,
    )
    .await?;
    let full = service::batch(&st.db, &user.0, po.batch_id).await?;
    Ok(web::Json(batch_dto(&full)))
}

#[derive(Deserialize, IntoParams)]
pub struct ProofQuery {
    /// The file's name, kept to download it under ("proof.pdf" when left out).
    pub filename: Option<String>,
}

/// Attaches the proof of a transfer recorded paid: the body is the bank's confirmation itself
/// (a PDF, PNG or JPEG file, whatever content type it is sent with), at most 10 MB; what it is
/// is read from its bytes. 409 while the transfer is not recorded paid, 413 above 10 MB,
/// 422 for a file that is not a PDF, PNG or JPEG (field `proof`). A proof attached before is
/// replaced.
#[utoipa::path(
    params(("id" = i64, Path), ProofQuery),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    responses((status = 200, body = BatchDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 413, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "payouts"
)]
#[post("/payouts/{id}/proof")]
pub async fn attach_proof(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
    query: web::Query<ProofQuery>,
    req: HttpRequest,
    body: web::Payload,
) -> AppResult<web::Json<BatchDto>> {
    let id = PayoutId(*id);
    // The treasurer's rights before the body is even read.
    proofs::treasurers_payout(&st.db, &user.0, id).await?;
    let bytes = uploads::read_body(&req, body, proofs::PROOF_MAX_BYTES).await?;
    let proof = proofs::Proof {
        bytes,
        filename: query.into_inner().filename,
    };
    let po = proofs::attach(&st.db, &st.storage, &user.0, id, proof).await?;
    let full = service::batch(&st.db, &user.0, po.batch_id).await?;
    Ok(web::Json(batch_dto(&full)))
}

#[derive(Serialize, ToSchema)]
pub struct StatementDto {
    pub producer_id: i64,
    pub producer: String,
    #[serde(flatten)]
    pub sums: SumsDto,
    /// Oldest first.
    pub months: Vec<StatementMonth>,
}

/// A producer's statement by month: orders, units delivered, owed, paid and the balance (its
/// members, its partnership's coordinators, admins; 404 for others).
#[utoipa::path(
    responses((status = 200, body = StatementDto), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "payouts"
)]
#[get("/producers/{id}/statement")]
pub async fn producer_statement(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<i64>,
) -> AppResult<web::Json<StatementDto>> {
    let s = statement::statement(&st.db, &user.0, ProducerId(*id)).await?;
    Ok(web::Json(StatementDto {
        producer_id: s.producer.id.get(),
        producer: s.producer.name.clone(),
        sums: (&s.account).into(),
        months: s.months,
    }))
}
