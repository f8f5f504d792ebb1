//! The payer's pages: the payment page (bank transfer with the EPC QR code, card payment) and
//! the printable receipt of what was paid. A request is named in the URL by its reference or
//! its structured communication (`/pay/916815566569`).

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::actions::{self, Facts, Role};
use super::domain::{Ogm, format_iban};
use super::views::*;
use crate::error::{AppError, AppResult};
use crate::money::Cents;
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, Empty};
use crate::web::page::{Page, redirect};

pub use super::books_pages::AccountForm;

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

/// The structured communication of a request, written `+++…+++`.
pub(super) fn ogm_of(r: &entity::payment_request::Model) -> AppResult<Ogm> {
    Ogm::parse(&r.ogm)
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("bad ogm on {}", r.reference)))
}

pub async fn pay(
    page: Page,
    user: SessionUser,
    reference: web::Path<String>,
    q: web::Query<PayQuery>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let r = super::scope::request_for(&st.db, &user.0, &reference).await?;
    let ogm = ogm_of(&r)?;
    let figures = Figures::of(&r);
    // The QR code asks exactly what is left: a refund that lowered what is owed lowers it too.
    let qr = if figures.remaining_cents > Cents::ZERO {
        super::qr::epc_svg(
            r.creditor_name.clone(),
            r.creditor_iban.clone(),
            r.creditor_bic.clone(),
            figures.remaining_cents,
            ogm.clone(),
            page.t("pay-qr-label"),
        )
        .await
    } else {
        None
    };
    let facts = Facts {
        status: r.status,
        amount_cents: r.amount_cents,
        paid_cents: r.paid_cents,
        refunded_cents: r.refunded_cents,
        // Only the payer pays by card (a treasurer looking at the page cannot).
        card_available: st.stripe.is_some() && r.payer_user_id == Some(user.0.id),
    };
    page.render(
        "payments/pay.html.tera",
        &PayView {
            reference: r.reference.clone(),
            description: r.description.clone(),
            has_receipt: figures.held_cents > Cents::ZERO,
            figures,
            status: r.status,
            due_on: r.due_on,
            creditor_name: r.creditor_name.clone(),
            iban: format_iban(&r.creditor_iban),
            bic: r.creditor_bic.clone(),
            ogm: ogm.formatted(),
            qr_svg: qr,
            actions: actions::actions_for(&facts, Role::Payer),
            back_from_checkout: q.checkout.is_some(),
        },
    )
}

/// A printable receipt of a request that was paid (for its payer or its treasurers).
pub async fn receipt(
    page: Page,
    user: SessionUser,
    reference: web::Path<String>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let f = super::books::receipt(&st.db, &user.0, &reference).await?;
    let r = &f.request;
    page.render(
        "payments/receipt.html.tera",
        &ReceiptView {
            reference: r.reference.clone(),
            description: r.description.clone(),
            payer_name: r.payer_name.clone(),
            ogm: ogm_of(r)?.formatted(),
            creditor_name: r.creditor_name.clone(),
            iban: format_iban(&r.creditor_iban),
            figures: Figures::of(r),
            status: r.status,
            payments: f.payments.iter().map(PaymentRow::of).collect(),
            refunds: f.refunds.iter().map(RefundLine::of).collect(),
            issued_on: st
                .now()
                .with_timezone(&crate::web::format::DEFAULT_ZONE)
                .date_naive(),
        },
    )
}
