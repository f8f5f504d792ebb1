//! Pages: a payer's payment page (bank transfer with the EPC QR code), and the partnership's
//! books for its treasurers (record a transfer, import a statement, match, refund).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::domain::{Ogm, format_iban};
use super::service::{self, ImportReport};
use super::views::*;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, CsrfUpload, Empty};
use crate::web::page::{Page, redirect};

fn date(d: chrono::NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

#[derive(Deserialize)]
pub struct PayQuery {
    checkout: Option<String>,
}

/// Opens (or reopens) a Stripe Checkout session and sends the payer there.
pub async fn checkout(
    page: Page,
    user: SessionUser,
    reference: web::Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
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
    Ok(redirect(&url))
}

pub async fn pay(
    page: Page,
    user: SessionUser,
    reference: web::Path<String>,
    q: web::Query<PayQuery>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let r = service::request_for(&st.db, &user.0, &reference).await?;
    let ogm = Ogm::parse(&r.ogm)
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("bad ogm on {}", r.reference)))?;
    let remaining = (r.amount_cents - (r.paid_cents - r.refunded_cents)).max(0);
    let qr = (remaining > 0)
        .then(|| {
            super::qr::epc_code(
                &r.creditor_name,
                &r.creditor_iban,
                r.creditor_bic.as_deref(),
                remaining,
                &ogm,
            )
        })
        .flatten()
        .map(|code| super::qr::svg(&code, &page.t("pay-qr-label")));
    page.render(
        "payments/pay.html.tera",
        &PayView {
            reference: r.reference.clone(),
            description: r.description.clone(),
            amount_cents: r.amount_cents,
            paid_cents: r.paid_cents - r.refunded_cents,
            remaining_cents: remaining,
            status: r.status.clone(),
            due_on: r.due_on.map(date),
            creditor_name: r.creditor_name.clone(),
            iban: format_iban(&r.creditor_iban),
            bic: r.creditor_bic.clone(),
            ogm: ogm.formatted(),
            qr_svg: qr,
            stripe_enabled: st.stripe.is_some() && r.payer_user_id == Some(user.0.id),
            back_from_checkout: q.checkout.is_some(),
        },
    )
}

async fn books_page(
    page: &Page,
    user: &SessionUser,
    slug: &str,
    status: StatusCode,
    report: Option<ImportReport>,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let b = service::books(&page.state().db, &user.0, slug).await?;
    page.render_form(
        status,
        "payments/books.html.tera",
        &BooksView {
            partnership_name: b.partnership.name.clone(),
            partnership_slug: b.partnership.slug.clone(),
            account_name: b.partnership.account_name.clone().unwrap_or_default(),
            iban: b
                .partnership
                .iban
                .as_deref()
                .map(format_iban)
                .unwrap_or_default(),
            bic: b.partnership.bic.clone().unwrap_or_default(),
            requests: b
                .requests
                .iter()
                .map(|r| RequestRow {
                    reference: r.reference.clone(),
                    payer_name: r.payer_name.clone(),
                    payer_email: r.payer_email.clone(),
                    description: r.description.clone(),
                    ogm: Ogm::parse(&r.ogm)
                        .map(|o| o.formatted())
                        .unwrap_or_default(),
                    amount_cents: r.amount_cents,
                    paid_cents: r.paid_cents,
                    refunded_cents: r.refunded_cents,
                    status: r.status.clone(),
                })
                .collect(),
            unmatched: b
                .unmatched
                .iter()
                .map(|l| LineRow {
                    id: l.id,
                    booked_on: date(l.booked_on),
                    amount_cents: l.amount_cents,
                    communication: l.communication.clone(),
                    counterparty: l.counterparty.clone(),
                })
                .collect(),
            flagged: b
                .flagged
                .iter()
                .map(|p| FlagRow {
                    amount_cents: p.amount_cents,
                    received_on: date(p.received_on),
                    reason: p.flag_reason.clone().unwrap_or_default(),
                })
                .collect(),
            pending_refunds: b
                .pending_refunds
                .iter()
                .map(|f| RefundRow {
                    id: f.id,
                    amount_cents: f.amount_cents,
                    reason: f.reason.clone().unwrap_or_default(),
                })
                .collect(),
            totals: b.totals,
            report,
            errors: errors.messages(page.lang),
        },
    )
}

pub async fn books(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    books_page(
        &page,
        &user,
        &slug,
        StatusCode::OK,
        None,
        FieldErrors::new(),
    )
    .await
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RecordForm {
    pub reference: String,
    pub amount: String,
    pub received_on: String,
}

pub async fn record(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<RecordForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let mut errors = FieldErrors::new();
    let amount = crate::catalog::input::parse_euros(&form.amount);
    if amount.is_none() {
        errors.add("amount", FieldError::new("euros"));
    }
    let received_on = chrono::NaiveDate::parse_from_str(form.received_on.trim(), "%Y-%m-%d").ok();
    if received_on.is_none() {
        errors.add("received_on", FieldError::new("date"));
    }
    let result = match (amount, received_on) {
        (Some(a), Some(d)) if errors.is_empty() => {
            service::record_payment(&st.db, &user.0, form.reference.trim(), a, d, st.now())
                .await
                .map(|_| ())
        }
        _ => Err(AppError::Validation(errors)),
    };
    match result {
        Ok(()) => {
            page.flash("success", "flash-payment-recorded");
            Ok(redirect(&format!("/partnerships/{slug}/payments")))
        }
        Err(AppError::Validation(e)) => {
            books_page(
                &page,
                &user,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                e,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn import(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    upload: CsrfUpload,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let Ok(text) = String::from_utf8(upload.file) else {
        let e = FieldErrors::single("statement", FieldError::new("csv-encoding"));
        return books_page(
            &page,
            &user,
            &slug,
            StatusCode::UNPROCESSABLE_ENTITY,
            None,
            e,
        )
        .await;
    };
    let report =
        service::import_statement(&st.db, &user.0, &slug, "upload", &text, st.now()).await?;
    books_page(
        &page,
        &user,
        &slug,
        StatusCode::OK,
        Some(report),
        FieldErrors::new(),
    )
    .await
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct MatchForm {
    pub target: String,
}

pub async fn match_line(
    page: Page,
    user: SessionUser,
    path: web::Path<(String, i64)>,
    CsrfForm(form): CsrfForm<MatchForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (slug, line_id) = path.into_inner();
    match service::match_line(&st.db, &user.0, line_id, &form.target, st.now()).await {
        Ok(_) => {
            page.flash("success", "flash-payment-recorded");
            Ok(redirect(&format!("/partnerships/{slug}/payments")))
        }
        Err(AppError::Validation(e)) => {
            books_page(
                &page,
                &user,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                e,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RefundForm {
    pub reference: String,
    pub amount: String,
    pub reason: String,
}

pub async fn refund(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<RefundForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match crate::catalog::input::parse_euros(&form.amount) {
        Some(a) => service::refund(
            &st.db,
            st.stripe.as_deref(),
            &user.0,
            form.reference.trim(),
            a,
            &form.reason,
            st.now(),
        )
        .await
        .map(|_| ()),
        None => Err(AppError::Validation(FieldErrors::single(
            "refund_amount",
            FieldError::new("euros"),
        ))),
    };
    match result {
        Ok(()) => {
            page.flash("success", "flash-refund-recorded");
            Ok(redirect(&format!("/partnerships/{slug}/payments")))
        }
        Err(AppError::Validation(e)) => {
            books_page(
                &page,
                &user,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                e,
            )
            .await
        }
        Err(e) => Err(e),
    }
}

pub async fn refund_done(
    page: Page,
    user: SessionUser,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (slug, id) = path.into_inner();
    service::refund_done(&st.db, &user.0, id, st.now()).await?;
    page.flash("success", "flash-refund-done");
    Ok(redirect(&format!("/partnerships/{slug}/payments")))
}

#[derive(Clone, Debug, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AccountForm {
    pub account_name: String,
    pub iban: String,
    pub bic: String,
}

pub async fn account(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<AccountForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    match service::set_account(
        &st.db,
        &user.0,
        &slug,
        &form.account_name,
        &form.iban,
        &form.bic,
        st.now(),
    )
    .await
    {
        Ok(_) => {
            page.flash("success", "flash-saved");
            Ok(redirect(&format!("/partnerships/{slug}/payments")))
        }
        Err(AppError::Validation(e)) => {
            books_page(
                &page,
                &user,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                None,
                e,
            )
            .await
        }
        Err(e) => Err(e),
    }
}
