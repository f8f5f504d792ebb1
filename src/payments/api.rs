//! JSON API: payment requests, payments received, refunds, statements, ledger totals.

use crate::money::Cents;
use actix_web::{HttpResponse, get, post, put, web};
use entity::payment_request::RequestStatus;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::domain::{Ogm, epc_payload};
use super::scope::{Named, ScopeRef};
use super::service::{self, ImportReport};
use crate::error::{AppError, AppResult, FieldError, FieldErrors, Problem};
use crate::ledger::Totals;
use crate::state::AppState;
use crate::web::auth::ApiUser;

#[derive(Serialize, ToSchema)]
pub struct Creditor {
    pub name: String,
    pub iban: String,
    pub bic: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct PaymentRequestDto {
    pub reference: String,
    /// The Belgian structured communication, `+++xxx/xxxx/xxxxx+++`.
    pub ogm: String,
    pub description: String,
    #[schema(value_type = i64)]
    pub amount_cents: Cents,
    #[schema(value_type = i64)]
    pub paid_cents: Cents,
    #[schema(value_type = i64)]
    pub refunded_cents: Cents,
    /// What refunds took off what was asked (`amount_cents` is what is owed now).
    #[schema(value_type = i64)]
    pub waived_cents: Cents,
    /// What is left to pay.
    #[schema(value_type = i64)]
    pub remaining_cents: Cents,
    /// open, partly_paid, paid, overpaid, refunded or cancelled.
    #[schema(value_type = String)]
    pub status: RequestStatus,
    pub due_on: Option<chrono::NaiveDate>,
    pub creditor: Creditor,
    /// What the EPC QR code holds (EPC069-12) for the amount still owed.
    pub epc_qr_payload: Option<String>,
    /// A Stripe Checkout link, when card payment is set up.
    pub checkout_url: Option<String>,
}

impl From<&entity::payment_request::Model> for PaymentRequestDto {
    fn from(r: &entity::payment_request::Model) -> Self {
        let ogm = Ogm::parse(&r.ogm);
        let remaining = super::domain::remaining(r.amount_cents, r.paid_cents, r.refunded_cents);
        PaymentRequestDto {
            reference: r.reference.clone(),
            ogm: ogm.as_ref().map(Ogm::formatted).unwrap_or_default(),
            description: r.description.clone(),
            amount_cents: r.amount_cents,
            paid_cents: r.paid_cents,
            refunded_cents: r.refunded_cents,
            waived_cents: r.waived_cents,
            remaining_cents: if r.cancelled_at.is_some() {
                Cents::ZERO
            } else {
                remaining
            },
            status: r.status,
            due_on: r.due_on,
            creditor: Creditor {
                name: r.creditor_name.clone(),
                iban: r.creditor_iban.clone(),
                bic: r.creditor_bic.clone(),
            },
            epc_qr_payload: ogm
                .filter(|_| remaining > Cents::ZERO && r.cancelled_at.is_none())
                .map(|o| {
                    epc_payload(
                        &r.creditor_name,
                        &r.creditor_iban,
                        r.creditor_bic.as_deref(),
                        remaining,
                        &o,
                    )
                }),
            checkout_url: r.stripe_checkout_url.clone(),
        }
    }
}

/// A payment request, for its payer or its treasurers (404 for anyone else), by its reference
/// or its structured communication (`916815566569`, `916-8155-66569`...).
#[utoipa::path(
    responses((status = 200, body = PaymentRequestDto), (status = 401, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "payments"
)]
#[get("/payment-requests/{reference}")]
pub async fn get_request(
    st: web::Data<AppState>,
    user: ApiUser,
    reference: web::Path<String>,
) -> AppResult<web::Json<PaymentRequestDto>> {
    let r = service::request_for(&st.db, &user.0, &reference).await?;
    Ok(web::Json((&r).into()))
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PaymentInput {
    #[schema(value_type = i64)]
    pub amount_cents: Cents,
    /// The day the money arrived (YYYY-MM-DD).
    pub received_on: Option<chrono::NaiveDate>,
}

/// A treasurer records a transfer received for a request (partial payments add up; amounts that
/// do not match are recorded and flagged).
#[utoipa::path(
    request_body = PaymentInput,
    responses((status = 201, body = PaymentRequestDto), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "payments"
)]
#[post("/payment-requests/{reference}/payments")]
pub async fn record_payment(
    st: web::Data<AppState>,
    user: ApiUser,
    reference: web::Path<String>,
    body: web::Json<PaymentInput>,
) -> AppResult<HttpResponse> {
    let received_on = body.received_on.ok_or_else(|| {
        AppError::Validation(FieldErrors::single(
            "received_on",
            FieldError::new("required"),
        ))
    })?;
    let (_, r) = service::record_payment(
        &st.db,
        &user.0,
        Named::Path(&reference),
        body.amount_cents,
        received_on,
        st.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(PaymentRequestDto::from(&r)))
}

#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RefundInput {
    #[schema(value_type = i64)]
    pub amount_cents: Cents,
    pub reason: String,
    /// The payer still owes what is refunded; by default a refund lowers what is owed.
    pub still_owed: bool,
}

/// Records a refund to make by bank transfer (a treasurer).
#[utoipa::path(
    request_body = RefundInput,
    responses((status = 201), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "payments"
)]
#[post("/payment-requests/{reference}/refunds")]
pub async fn refund(
    st: web::Data<AppState>,
    user: ApiUser,
    reference: web::Path<String>,
    body: web::Json<RefundInput>,
) -> AppResult<HttpResponse> {
    let f = service::refund(
        &st.db,
        st.stripe.as_deref(),
        &user.0,
        Named::Path(&reference),
        service::RefundAsk {
            amount_cents: body.amount_cents,
            reason: &body.reason,
            still_owed: body.still_owed,
        },
        st.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({"id": f.id, "method": f.method, "status": f.status, "amount_cents": f.amount_cents})))
}

/// A treasurer cancels a request: nothing more is owed (money already received stays, to
/// refund); 409 when it is already paid, refunded or cancelled.
#[utoipa::path(
    responses((status = 200, body = PaymentRequestDto), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "payments"
)]
#[post("/payment-requests/{reference}/cancel")]
pub async fn cancel(
    st: web::Data<AppState>,
    user: ApiUser,
    reference: web::Path<String>,
) -> AppResult<web::Json<PaymentRequestDto>> {
    let r =
        service::cancel_by_treasurer(&st.db, &user.0, Named::Path(&reference), st.now()).await?;
    Ok(web::Json((&r).into()))
}

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct StatementQuery {
    /// A name for the import (the file's name).
    pub name: String,
}

/// Imports a bank statement (CSV body: date, amount, communication, counterparty) into a
/// partnership's books; a line imported before applies nothing twice.
#[utoipa::path(
    params(StatementQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "payments"
)]
#[post("/partnerships/{slug}/statements")]
pub async fn import_statement(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    q: web::Query<StatementQuery>,
    body: web::Bytes,
) -> AppResult<web::Json<ImportReport>> {
    import(&st, &user, ScopeRef::Partnership(&slug), &q, &body).await
}

/// Imports a statement of a group's own account (its coordinators, or the partnership's):
/// lines apply to the group's requests only; 409 when the group has no account of its own.
#[utoipa::path(
    params(StatementQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 200, body = ImportReport), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem)),
    security(("bearer" = [])),
    tag = "payments"
)]
#[post("/groups/{slug}/statements")]
pub async fn import_group_statement(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    q: web::Query<StatementQuery>,
    body: web::Bytes,
) -> AppResult<web::Json<ImportReport>> {
    import(&st, &user, ScopeRef::Group(&slug), &q, &body).await
}

async fn import(
    st: &AppState,
    user: &ApiUser,
    books: ScopeRef<'_>,
    q: &StatementQuery,
    body: &[u8],
) -> AppResult<web::Json<ImportReport>> {
    let text = String::from_utf8(body.to_vec()).map_err(|_| {
        AppError::Validation(FieldErrors::single("body", FieldError::new("csv-encoding")))
    })?;
    let name = if q.name.trim().is_empty() {
        "api"
    } else {
        q.name.trim()
    };
    Ok(web::Json(
        service::import_statement(&st.db, &user.0, books, name, &text, st.now()).await?,
    ))
}

/// A partnership's ledger totals (its coordinators, or an admin).
#[utoipa::path(
    responses((status = 200, body = Totals), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "payments"
)]
#[get("/partnerships/{slug}/ledger")]
pub async fn ledger(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
) -> AppResult<web::Json<Totals>> {
    let b = service::books(&st.db, &user.0, ScopeRef::Partnership(&slug)).await?;
    Ok(web::Json(b.totals))
}

/// Sets the account that receives a partnership's transfers (its coordinators, or an admin).
#[utoipa::path(
    request_body = super::handlers::AccountForm,
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "payments"
)]
#[put("/partnerships/{slug}/account")]
pub async fn set_account(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<super::handlers::AccountForm>,
) -> AppResult<HttpResponse> {
    service::set_account(
        &st.db,
        &user.0,
        &slug,
        &body.account_name,
        &body.iban,
        &body.bic,
        st.now(),
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Serialize, ToSchema)]
pub struct CheckoutDto {
    pub checkout_url: String,
}

/// Opens a Stripe Checkout session (card or Bancontact) for what the caller still owes on a
/// request; 404 when Stripe is not configured or the request is not the caller's.
#[utoipa::path(
    responses((status = 201, body = CheckoutDto), (status = 404, body = Problem), (status = 409, body = Problem), (status = 503, body = Problem)),
    security(("bearer" = [])),
    tag = "payments"
)]
#[post("/payment-requests/{reference}/checkout")]
pub async fn checkout(
    st: web::Data<AppState>,
    user: ApiUser,
    reference: web::Path<String>,
) -> AppResult<HttpResponse> {
    let gateway = st.stripe.clone().ok_or(AppError::NotFound)?;
    let url = super::checkout::start_checkout(
        &st.db,
        &gateway,
        &st.mailer,
        &user.0,
        &reference,
        st.now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(CheckoutDto { checkout_url: url }))
}

/// Stripe events, verified with the `Stripe-Signature` header on the raw body (5 minutes of
/// tolerance); 400 on a bad signature or an unreadable event, and nothing changes. The same event
/// delivered again changes nothing. A payment of zero or less, or not in euros, is refused
/// (`outcome`: `refused_amount`, `refused_currency`), logged and never recorded; an amount other
/// than the one asked is recorded and flagged for the treasurer.
#[utoipa::path(
    request_body(content = String, content_type = "application/json"),
    responses((status = 200), (status = 400, body = Problem), (status = 404, body = Problem)),
    tag = "payments"
)]
#[post("/webhooks/stripe")]
pub async fn stripe_webhook(
    st: web::Data<AppState>,
    req: actix_web::HttpRequest,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let gateway = st.stripe.clone().ok_or(AppError::NotFound)?;
    let signature = req
        .headers()
        .get("stripe-signature")
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| AppError::BadRequest("the Stripe-Signature header is missing".into()))?;
    let body = std::str::from_utf8(&body)
        .map_err(|_| AppError::BadRequest("the body is not UTF-8".into()))?;
    let event = gateway
        .verify(body, signature, st.now())
        .map_err(|e| AppError::BadRequest(e.to_string()))?;
    let outcome = super::checkout::handle_event(&st.db, event, st.now()).await?;
    let (duplicate, what) = match outcome {
        super::checkout::Outcome::Duplicate => (true, "duplicate"),
        super::checkout::Outcome::Done(what) => (false, what),
    };
    Ok(HttpResponse::Ok()
        .json(serde_json::json!({"received": true, "duplicate": duplicate, "outcome": what})))
}
