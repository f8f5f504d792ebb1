//! One request for its treasurer (`/payments/requests/<reference or communication>`): its
//! figures, what came in and went back, and the actions of its state (record a transfer,
//! refund, cancel), each possible or shown disabled with the reason.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::actions::{self, Facts, Role};
use super::domain::format_iban;
use super::handlers::ogm_of;
use super::input::{on_field, today, typed_amount, typed_day};
use super::scope::{Named, Scope};
use super::service;
use super::views::*;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, Empty};
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

fn page_path(reference: &str) -> String {
    format!("/payments/requests/{reference}")
}

async fn render(
    page: &Page,
    user: &SessionUser,
    key: &str,
    status: StatusCode,
    forms: RequestForms,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let f = super::books::request_file(&st.db, &user.0, key).await?;
    let r = &f.request;
    let facts = Facts {
        status: r.status,
        amount_cents: r.amount_cents,
        paid_cents: r.paid_cents,
        refunded_cents: r.refunded_cents,
        card_available: st.stripe.is_some(),
    };
    let books_name = match &f.books {
        Scope::Partnership(p) => p.name.clone(),
        Scope::Group { group, .. } => group.name.clone(),
    };
    page.render_form(
        status,
        "payments/request.html.tera",
        &RequestView {
            reference: r.reference.clone(),
            payer_name: r.payer_name.clone(),
            payer_email: r.payer_email.clone(),
            description: r.description.clone(),
            ogm: ogm_of(r)?.formatted(),
            status: r.status,
            due_on: r.due_on,
            created_at: r.created_at,
            creditor_name: r.creditor_name.clone(),
            iban: format_iban(&r.creditor_iban),
            figures: Figures::of(r),
            payments: f.payments.iter().map(PaymentRow::of).collect(),
            refunds: f.refunds.iter().map(RefundLine::of).collect(),
            actions: actions::actions_for(&facts, Role::Treasurer),
            books_path: f.books.path(),
            books_name,
            forms,
            errors: errors.messages(page.lang),
        },
    )
}

fn fresh(page: &Page) -> RequestForms {
    RequestForms {
        received_on: today(page),
        ..Default::default()
    }
}

pub async fn show(
    page: Page,
    user: SessionUser,
    key: web::Path<String>,
) -> AppResult<HttpResponse> {
    let forms = fresh(&page);
    render(
        &page,
        &user,
        &key,
        StatusCode::OK,
        forms,
        FieldErrors::new(),
    )
    .await
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RecordForm {
    pub amount: String,
    pub received_on: String,
}

pub async fn record(
    page: Page,
    user: SessionUser,
    key: web::Path<String>,
    CsrfForm(form): CsrfForm<RecordForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let mut errors = FieldErrors::new();
    let amount = typed_amount(&form.amount);
    if amount.is_none() {
        errors.add("amount", FieldError::new("euros"));
    }
    let received_on = typed_day(&form.received_on);
    if received_on.is_none() {
        errors.add("received_on", FieldError::new("date"));
    }
    let result = match (amount, received_on) {
        (Some(a), Some(d)) => {
            service::record_payment(&st.db, &user.0, Named::Path(&key), a, d, st.now())
                .await
                .map(|(_, r)| r)
        }
        _ => Err(AppError::Validation(errors)),
    };
    match result.checked()? {
        Checked::Done(r) => Ok(page.flash_redirect(
            "success",
            "flash-payment-recorded",
            &page_path(&r.reference),
        )),
        Checked::Invalid(e) => {
            let forms = RequestForms {
                amount: form.amount,
                received_on: form.received_on,
                ..Default::default()
            };
            render(
                &page,
                &user,
                &key,
                StatusCode::UNPROCESSABLE_ENTITY,
                forms,
                e,
            )
            .await
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct RefundForm {
    pub refund_amount: String,
    pub refund_reason: String,
    pub still_owed: Option<String>,
}

pub async fn refund(
    page: Page,
    user: SessionUser,
    key: web::Path<String>,
    CsrfForm(form): CsrfForm<RefundForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match typed_amount(&form.refund_amount) {
        Some(a) => service::refund(
            &st.db,
            st.stripe.as_deref(),
            &user.0,
            Named::Path(&key),
            service::RefundAsk {
                amount_cents: a,
                reason: &form.refund_reason,
                still_owed: form.still_owed.is_some(),
            },
            st.now(),
        )
        .await
        .map(|_| ()),
        None => Err(AppError::Validation(FieldErrors::single(
            "refund_amount",
            FieldError::new("euros"),
        ))),
    };
    match result.checked()? {
        Checked::Done(()) => {
            Ok(page.flash_redirect("success", "flash-refund-recorded", &page_path(&key)))
        }
        Checked::Invalid(e) => {
            let forms = RequestForms {
                still_owed: form.still_owed.is_some(),
                refund_amount: form.refund_amount,
                refund_reason: form.refund_reason,
                ..fresh(&page)
            };
            render(
                &page,
                &user,
                &key,
                StatusCode::UNPROCESSABLE_ENTITY,
                forms,
                on_field(e, "amount", "refund_amount"),
            )
            .await
        }
    }
}

pub async fn cancel(
    page: Page,
    user: SessionUser,
    key: web::Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let r = service::cancel_by_treasurer(&st.db, &user.0, Named::Path(&key), st.now()).await?;
    page.flash("success", "flash-request-cancelled");
    Ok(redirect(&page_path(&r.reference)))
}

pub async fn refund_done(
    page: Page,
    user: SessionUser,
    path: web::Path<(String, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (key, id) = path.into_inner();
    service::refund_done(&st.db, &user.0, id, st.now()).await?;
    page.flash("success", "flash-refund-done");
    Ok(redirect(&page_path(&key)))
}
