//! The booking page (for its traveller, and for the trip's hosts): what the booking waits for
//! and the way to move it on (pay the deposit or the balance, cancel with the refund previewed,
//! or, for a host, cancel with everything paid going back), its calendar file, and leaving a
//! waiting list.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use sea_orm::ActiveEnum;
use serde::Deserialize;

use super::views::{BalanceDue, BookingView};
use crate::error::AppResult;
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, Empty};
use crate::web::page::{Page, redirect};
use entity::booking::BookingStatus;

pub async fn show(
    page: Page,
    user: SessionUser,
    reference: web::Path<String>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let p = super::mine::booking_page(&st.db, &user.0, &reference, st.now()).await?;
    let b = &p.booking;
    let active = b.status == BookingStatus::Held || b.status == BookingStatus::Confirmed;
    let started = p.days_before() < 0;
    let view = BookingView {
        reference: b.reference.clone(),
        status: b.status.to_value(),
        trip_title: p.trip.title.pick(page.lang.code()).to_owned(),
        trip_slug: p.trip.slug.clone(),
        starts_on: p.departure.starts_on,
        ends_on: p.departure.ends_on,
        seats: b.seats,
        travellers: p.travellers.clone(),
        expires_at: b.expires_at,
        total_cents: b.total_cents,
        deposit_cents: b.deposit_cents,
        paid_cents: p.paid_cents(),
        deposit_reference: p
            .deposit
            .as_ref()
            .filter(|r| b.status == BookingStatus::Held && r.cancelled_at.is_none())
            .map(|r| r.reference.clone()),
        balance: p
            .balance_owed()
            .filter(|_| b.status == BookingStatus::Confirmed)
            .map(|r| BalanceDue {
                reference: r.reference.clone(),
                amount_cents: r.amount_cents - (r.paid_cents - r.refunded_cents),
                due_on: r.due_on,
            }),
        refund_cents: b.refund_cents,
        cancel_reason: b.cancel_reason.clone(),
        own: p.own,
        active,
        started,
        refund_if_cancelled: p.refund_if_cancelled(!p.own),
        days_before: p.days_before(),
        calendar: b.status == BookingStatus::Confirmed,
        from_waitlist: p.from_waitlist,
        fund_project: p.fund_project.clone(),
    };
    page.render_form(StatusCode::OK, "trips/booking.html.tera", &view)
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct CancelForm {
    /// Why a host cancels (told to the traveller).
    pub reason: String,
}

/// Cancels from the booking page: the traveller (refund by tier) or a host (all paid back).
pub async fn cancel(
    page: Page,
    user: SessionUser,
    reference: web::Path<String>,
    CsrfForm(form): CsrfForm<CancelForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let hold = chrono::Duration::minutes(st.config.hold_minutes);
    super::booking::cancel(
        &st.db,
        &st.mailer,
        hold,
        &user.0,
        &reference,
        &form.reason,
        st.now(),
    )
    .await?;
    page.flash("success", "flash-booking-cancelled");
    Ok(redirect(&format!("/bookings/{reference}")))
}

/// `GET /bookings/{reference}/calendar.ics`: the stay as a calendar event (RFC 5545).
pub async fn calendar(
    page: Page,
    user: SessionUser,
    reference: web::Path<String>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let site = st.mailer.link("");
    let (name, ics) = super::mine::calendar(
        &st.db,
        &user.0,
        &reference,
        site.trim_end_matches('/'),
        page.lang,
        st.now(),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/calendar; charset=utf-8"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .insert_header((header::CACHE_CONTROL, "private, no-store"))
        .body(ics))
}

/// Leaves a departure's waiting list, back to the trip page.
pub async fn leave_waitlist(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let slug = super::waitlist::leave_from_page(&st.db, &user.0, *id, st.now()).await?;
    page.flash("success", "flash-waitlist-left");
    Ok(redirect(&format!("/trips/{slug}")))
}
