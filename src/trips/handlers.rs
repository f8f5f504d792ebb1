//! HTML pages: the trips, a trip with its departures (price breakdown and cancellation tiers
//! before booking), booking and the waiting list, the traveller's booking page, and the hosts'
//! traveller lists (printable, CSV).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};

use super::booking;
use super::input::{BookingInput, NewBooking, TravellerInput};
use super::service::{self, TripFull, seats_left, today};
use super::views::*;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::money::percent;
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, Empty};
use crate::web::page::{Page, redirect};

fn date(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn departure_row(d: &entity::departure::Model, now: chrono::DateTime<chrono::Utc>) -> DepartureRow {
    DepartureRow {
        id: d.id,
        starts_on: date(d.starts_on),
        ends_on: date(d.ends_on),
        price_cents: d.price_cents,
        deposit_percent: percent(d.deposit_bp),
        community_percent: percent(d.community_share_bp),
        balance_due_on: d.balance_due_on.map(date),
        capacity: d.capacity,
        seats_left: seats_left(d),
        status: d.status.clone(),
        breakdown: service::breakdown(d),
        tiers: d
            .policy
            .0
            .iter()
            .map(|t| TierRow {
                from_days: t.from_days,
                keep_percent: percent(t.keep_bp),
            })
            .collect(),
        bookable: d.status != super::domain::DEPARTURE_CANCELLED && d.starts_on > today(now),
    }
}

pub async fn index(page: Page) -> AppResult<HttpResponse> {
    let st = page.state();
    let now = st.now();
    let lang = page.lang.code();
    let trips = service::all_trips(&st.db, now).await?;
    page.render(
        "trips/index.html.tera",
        &TripsView {
            trips: trips
                .iter()
                .map(|f| TripCard {
                    slug: f.trip.slug.clone(),
                    title: f.trip.title.pick(lang).to_owned(),
                    summary: f.trip.description.pick(lang).chars().take(220).collect(),
                    partnership: f.partnership.name.clone(),
                    territory: f.territory.name.clone(),
                    next_departure: f.departures.first().map(|d| date(d.starts_on)),
                    from_price_cents: f.departures.iter().map(|d| d.price_cents).min(),
                })
                .collect(),
        },
    )
}

async fn trip_view(
    page: &Page,
    f: &TripFull,
    form_for: Option<i64>,
    form: BookingForm,
    errors: FieldErrors,
) -> AppResult<TripView> {
    let photos = crate::catalog::service::photos_of(&page.state().db, "trip", f.trip.id)
        .await?
        .into_iter()
        .map(|p| p.file_key)
        .collect();
    let fund_projects = crate::fund::service::open_projects(&page.state().db, f.partnership.id)
        .await?
        .into_iter()
        .map(|p| FundChoice {
            id: p.id,
            title: p.title,
            territory: if p.territory_id == f.territory.id {
                f.territory.name.clone()
            } else {
                String::new()
            },
        })
        .collect();
    let lang = page.lang.code();
    let now = page.state().now();
    Ok(TripView {
        fund_projects,
        photos,
        slug: f.trip.slug.clone(),
        title: f.trip.title.pick(lang).to_owned(),
        description: f.trip.description.pick(lang).to_owned(),
        programme: f
            .trip
            .programme
            .0
            .iter()
            .map(|d| d.pick(lang).to_owned())
            .collect(),
        included: f.trip.included.pick(lang).to_owned(),
        not_included: f.trip.not_included.pick(lang).to_owned(),
        languages: f.trip.languages.0.clone(),
        accessibility: f.trip.accessibility.clone(),
        min_group: f.trip.min_group,
        max_group: f.trip.max_group,
        partnership: f.partnership.name.clone(),
        partnership_slug: f.partnership.slug.clone(),
        territory: f.territory.name.clone(),
        departures: f.departures.iter().map(|d| departure_row(d, now)).collect(),
        signed_in: page.user.is_some(),
        verified: page.user.as_ref().is_some_and(|u| u.email_verified),
        hosts: page
            .user
            .as_ref()
            .is_some_and(|u| service::runs(u, &f.trip)),
        form_for,
        form,
        errors: errors.messages(page.lang),
    })
}

pub async fn show(page: Page, slug: web::Path<String>) -> AppResult<HttpResponse> {
    let f = service::trip_by_slug(&page.state().db, &slug, page.state().now()).await?;
    let form = BookingForm {
        contact_email: page
            .user
            .as_ref()
            .map(|u| u.email.clone())
            .unwrap_or_default(),
        travellers: page
            .user
            .as_ref()
            .map(|u| u.display_name.clone())
            .unwrap_or_default(),
        ..Default::default()
    };
    page.render_form(
        StatusCode::OK,
        "trips/show.html.tera",
        &trip_view(&page, &f, None, form, FieldErrors::new()).await?,
    )
}

fn booking_input(form: &BookingForm) -> BookingInput {
    BookingInput {
        travellers: form
            .travellers
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|name| TravellerInput {
                name: name.to_owned(),
            })
            .collect(),
        contact_email: form.contact_email.clone(),
        contact_name: None,
        contact_phone: Some(form.contact_phone.clone()),
        dietary: Some(form.dietary.clone()),
        accessibility: Some(form.accessibility.clone()),
        fund_project_id: form.fund_project.trim().parse().ok(),
    }
}

async fn refill(
    page: &Page,
    departure_id: i64,
    form: BookingForm,
    status: StatusCode,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (_, t) = service::departure_with_trip(&st.db, departure_id).await?;
    let f = service::trip_by_slug(&st.db, &t.slug, st.now()).await?;
    page.render_form(
        status,
        "trips/show.html.tera",
        &trip_view(page, &f, Some(departure_id), form, errors).await?,
    )
}

/// Books from the trip page: travellers one per line.
pub async fn book(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<BookingForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let hold = chrono::Duration::minutes(st.config.hold_minutes);
    let result = match NewBooking::parse(booking_input(&form), super::input::MAX_TRAVELLERS) {
        Ok(b) => booking::book(&st.db, &st.mailer, &user.0, *id, b, hold, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(b) => {
            page.flash("success", "flash-places-held");
            Ok(redirect(&format!("/bookings/{}", b.booking.reference)))
        }
        Err(AppError::Validation(e)) => {
            refill(&page, *id, form, StatusCode::UNPROCESSABLE_ENTITY, e).await
        }
        Err(AppError::NotEnoughPlaces { seats_left }) => {
            let e = FieldErrors::single(
                "travellers",
                crate::error::FieldError::new("not-enough-places").with("n", seats_left),
            );
            refill(&page, *id, form, StatusCode::CONFLICT, e).await
        }
        Err(e) => Err(e),
    }
}

/// Joins the waiting list from the trip page.
pub async fn wait(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<BookingForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewBooking::parse(booking_input(&form), super::input::MAX_TRAVELLERS) {
        Ok(b) => super::waitlist::join(&st.db, &user.0, *id, b, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(_) => {
            page.flash("success", "flash-waitlist-joined");
            let (_, t) = service::departure_with_trip(&st.db, *id).await?;
            Ok(redirect(&format!("/trips/{}", t.slug)))
        }
        Err(AppError::Validation(e)) => {
            refill(&page, *id, form, StatusCode::UNPROCESSABLE_ENTITY, e).await
        }
        Err(e) => Err(e),
    }
}

pub async fn show_booking(
    page: Page,
    user: SessionUser,
    reference: web::Path<String>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (b, travellers, deposit) = booking::booking_for(&st.db, &user.0, &reference).await?;
    let (d, t) = service::departure_with_trip(&st.db, b.departure_id).await?;
    let balance = match b.balance_request_id {
        Some(id) => crate::payments::service::request_by_id(&st.db, id).await?,
        None => None,
    };
    let paid: i64 = [deposit.as_ref(), balance.as_ref()]
        .into_iter()
        .flatten()
        .map(|r| r.paid_cents - r.refunded_cents)
        .sum();
    let days_before = (d.starts_on - today(st.now())).num_days();
    let active = b.status == super::domain::HELD || b.status == super::domain::CONFIRMED;
    let fund_project = match b.fund_project_id {
        Some(id) => crate::fund::service::project_title(&st.db, id).await?,
        None => None,
    };
    page.render_form(
        StatusCode::OK,
        "trips/booking.html.tera",
        &BookingView {
            reference: b.reference.clone(),
            status: b.status.clone(),
            trip_title: t.title.pick(page.lang.code()).to_owned(),
            trip_slug: t.slug.clone(),
            starts_on: date(d.starts_on),
            ends_on: date(d.ends_on),
            seats: b.seats,
            travellers: travellers.into_iter().map(|t| t.name).collect(),
            expires_at: crate::group_orders::service::local_time(b.expires_at),
            total_cents: b.total_cents,
            deposit_cents: b.deposit_cents,
            deposit_reference: deposit.as_ref().map(|r| r.reference.clone()),
            deposit_status: deposit.as_ref().map(|r| r.status.clone()),
            balance_reference: balance.as_ref().map(|r| r.reference.clone()),
            balance_status: balance.as_ref().map(|r| r.status.clone()),
            balance_due_on: d.balance_due_on.map(date),
            refund_cents: b.refund_cents,
            refund_if_cancelled: super::domain::refund_on_cancel(
                b.total_cents,
                paid,
                &d.policy,
                days_before,
                false,
            ),
            can_cancel: active && b.user_id == user.0.id,
            fund_project,
        },
    )
}

pub async fn cancel(
    page: Page,
    user: SessionUser,
    reference: web::Path<String>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let hold = chrono::Duration::minutes(st.config.hold_minutes);
    booking::cancel(&st.db, &st.mailer, hold, &user.0, &reference, "", st.now()).await?;
    page.flash("success", "flash-booking-cancelled");
    Ok(redirect(&format!("/bookings/{reference}")))
}

pub async fn host(page: Page, user: SessionUser) -> AppResult<HttpResponse> {
    let rows = service::hosted_departures(&page.state().db, &user.0).await?;
    page.render(
        "trips/host.html.tera",
        &HostView {
            departures: rows
                .iter()
                .map(|(d, t)| HostDeparture {
                    id: d.id,
                    trip_id: t.id,
                    trip_title: t.title.pick(page.lang.code()).to_owned(),
                    starts_on: date(d.starts_on),
                    ends_on: date(d.ends_on),
                    capacity: d.capacity,
                    seats_taken: d.seats_taken,
                    status: d.status.clone(),
                })
                .collect(),
        },
    )
}

fn roster_rows(lines: &[service::RosterLine]) -> Vec<TravellerRow> {
    lines
        .iter()
        .map(|l| TravellerRow {
            name: l.traveller.clone(),
            booking: l.booking.reference.clone(),
            status: l.booking.status.clone(),
            contact_email: l.booking.contact_email.clone(),
            contact_phone: l.booking.contact_phone.clone().unwrap_or_default(),
            dietary: l.booking.dietary.clone().unwrap_or_default(),
            accessibility: l.booking.accessibility.clone().unwrap_or_default(),
            paid_cents: l.paid_cents,
            total_cents: l.booking.total_cents,
        })
        .collect()
}

pub async fn roster(page: Page, user: SessionUser, id: web::Path<i64>) -> AppResult<HttpResponse> {
    let (d, t, lines) = service::roster(&page.state().db, &user.0, *id).await?;
    page.render(
        "trips/roster.html.tera",
        &RosterView {
            id: d.id,
            trip_title: t.title.pick(page.lang.code()).to_owned(),
            starts_on: date(d.starts_on),
            ends_on: date(d.ends_on),
            capacity: d.capacity,
            seats_taken: d.seats_taken,
            travellers: roster_rows(&lines),
        },
    )
}

/// The traveller list as CSV (UTF-8 with BOM, semicolons: Excel with Belgian settings).
pub async fn roster_csv(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    use crate::web::csv::{decimal, heads, response};
    let (d, _, lines) = service::roster(&page.state().db, &user.0, *id).await?;
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
    for r in roster_rows(&lines) {
        rows.push(vec![
            r.name,
            r.booking,
            r.status,
            r.contact_email,
            r.contact_phone,
            r.dietary,
            r.accessibility,
            decimal(r.paid_cents),
            decimal(r.total_cents),
        ]);
    }
    response(&format!("travellers-{}.csv", d.starts_on), rows)
}
