//! A departure for its hosts: the traveller list (printable, CSV) and the departure's state
//! moved on from there: confirmed even short of the minimum group, or called off (everyone
//! paid back).

use actix_web::{HttpResponse, web};
use entity::DepartureId;
use entity::departure::DepartureStatus;
use sea_orm::ActiveEnum;

use super::departures;
use super::service;
use super::views::{RosterView, TravellerRow};
use crate::error::AppResult;
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, Empty};
use crate::web::i18n::Lang;
use crate::web::page::{Page, redirect};

/// The list's rows; where the retention job erased a booking's sensitive details after the
/// stay, its phone, dietary and accessibility cells say so (in `lang`) instead of being blank.
fn roster_rows(lines: &[service::RosterLine], lang: Lang) -> Vec<TravellerRow> {
    let erased = crate::web::i18n::translate(lang, "traveller-data-erased", &[]);
    let sensitive = |b: &entity::booking::Model, value: &Option<String>| match value {
        Some(v) if !v.is_empty() => v.clone(),
        _ if b.sensitive_erased_at.is_some() => erased.clone(),
        _ => String::new(),
    };
    lines
        .iter()
        .map(|l| TravellerRow {
            name: crate::web::format::shown_name(lang, &l.traveller).into_owned(),
            booking: l.booking.reference.clone(),
            status: l.booking.status.to_value(),
            contact_email: l.booking.contact_email.clone(),
            contact_phone: sensitive(&l.booking, &l.booking.contact_phone),
            dietary: sensitive(&l.booking, &l.booking.dietary),
            accessibility: sensitive(&l.booking, &l.booking.accessibility),
            paid_cents: l.paid_cents,
            total_cents: l.booking.total_cents,
        })
        .collect()
}

pub async fn roster(
    page: Page,
    user: SessionUser,
    id: web::Path<DepartureId>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let now = st.now();
    let (d, t, lines, today) = service::roster(&st.db, &user.0, *id, now).await?;
    // Each booking once (the list has a line per traveller).
    let mut bookings: Vec<entity::booking::Model> = Vec::new();
    for l in &lines {
        if !bookings.iter().any(|b| b.id == l.booking.id) {
            bookings.push(l.booking.clone());
        }
    }
    let confirmed = departures::confirmed_seats(&bookings);
    let closed = departures::closed_reason(&d, today);
    page.render(
        "trips/roster.html.tera",
        &RosterView {
            id: d.id,
            trip_title: t.title.pick(page.lang.code()).to_owned(),
            starts_on: d.starts_on,
            ends_on: d.ends_on,
            capacity: d.capacity,
            seats_taken: d.seats_taken,
            status: d.status,
            min_group: t.min_group,
            confirmed_seats: confirmed,
            can_confirm: closed.is_none() && d.status == DepartureStatus::Scheduled,
            can_cancel: closed.is_none(),
            closed_reason: closed
                .map(|code| crate::web::i18n::translate(page.lang, &format!("err-{code}"), &[])),
            travellers: roster_rows(&lines, page.lang),
        },
    )
}

/// The traveller list as CSV (UTF-8 with BOM, semicolons: Excel with Belgian settings).
pub async fn roster_csv(
    page: Page,
    user: SessionUser,
    id: web::Path<DepartureId>,
) -> AppResult<HttpResponse> {
    use crate::security::exports::{ExportKind, PersonalExport};
    use crate::web::csv::{decimal, heads, personal};
    let st = page.state();
    let (d, t, lines, _) = service::roster(&st.db, &user.0, *id, st.now()).await?;
    let mut rows = vec![heads(
        page.lang,
        &[
            "traveller",
            "booking",
            "status",
            "email",
            "phone",
            "dietary",
            "accessibility",
            "paid",
            "total",
        ],
    )];
    for r in roster_rows(&lines, page.lang) {
        rows.push(vec![
            r.name,
            r.booking,
            crate::web::i18n::translate(page.lang, &format!("booking-status-{}", r.status), &[]),
            r.contact_email,
            r.contact_phone,
            r.dietary,
            r.accessibility,
            decimal(r.paid_cents),
            decimal(r.total_cents),
        ]);
    }
    let what = PersonalExport {
        kind: ExportKind::TravellersCsv,
        partnership_id: Some(t.partnership_id),
        subject: format!(
            "departure {} ({} {})",
            d.id.get(),
            t.title.pick("fr"),
            d.starts_on
        ),
    };
    let name = format!("travellers-{}.csv", d.starts_on);
    personal(&st.db, &user.0, what, st.now(), &name, rows).await
}

/// The hosts commit to the departure.
pub async fn confirm(
    page: Page,
    user: SessionUser,
    id: web::Path<DepartureId>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    departures::confirm(&st.db, &user.0, *id, st.now()).await?;
    page.flash("success", "flash-departure-confirmed");
    Ok(redirect(&format!("/host/departures/{id}")))
}

/// The hosts call the departure off (a reason for the travellers).
pub async fn cancel(
    page: Page,
    user: SessionUser,
    id: web::Path<DepartureId>,
    CsrfForm(form): CsrfForm<super::bookings::CancelForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    departures::cancel(&st.db, &user.0, *id, &form.reason, st.now()).await?;
    page.flash("success", "flash-departure-cancelled");
    Ok(redirect(&format!("/host/departures/{id}")))
}
