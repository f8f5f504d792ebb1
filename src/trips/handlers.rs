//! HTML pages: the trips, a trip with its departures (price breakdown and cancellation tiers
//! before booking, and the viewer's own bookings on them), booking and the waiting list, and
//! the hosts' departures. The booking page is in `bookings.rs`, traveller lists in `roster.rs`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::DepartureId;
use entity::departure::DepartureStatus;
use sea_orm::ActiveEnum;

use super::booking;
use super::input::{BookingInput, NewBooking, TravellerInput};
use super::service::{self, seats_left};
use super::views::*;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::web::auth::SessionUser;
use crate::web::forms::CsrfForm;
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

fn departure_row(
    d: &entity::departure::Model,
    today: chrono::NaiveDate,
    mine: &super::mine::TripPage,
) -> DepartureRow {
    DepartureRow {
        id: d.id,
        starts_on: d.starts_on,
        ends_on: d.ends_on,
        price_cents: d.price_cents,
        deposit_bp: d.deposit_bp,
        community_share_bp: d.community_share_bp,
        balance_due_on: d.balance_due_on,
        capacity: d.capacity,
        seats_left: seats_left(d),
        status: d.status,
        breakdown: service::breakdown(d),
        tiers: super::domain::spans(&d.policy)
            .into_iter()
            .map(|(span, keep_bp)| TierRow { span, keep_bp })
            .collect(),
        bookable: d.status != DepartureStatus::Cancelled && d.starts_on > today,
        mine: mine
            .bookings
            .iter()
            .filter(|b| b.departure_id == d.id)
            .map(|b| MyBooking {
                reference: b.reference.clone(),
                status: b.status.to_value(),
                seats: b.seats,
            })
            .collect(),
        waiting: mine
            .waiting
            .iter()
            .filter(|w| w.departure_id == d.id)
            .map(|w| MyWait {
                id: w.id,
                seats: w.seats,
            })
            .collect(),
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
                    next_departure: f.departures.first().map(|d| d.starts_on),
                    from_price_cents: f.departures.iter().map(|d| d.price_cents).min(),
                })
                .collect(),
        },
    )
}

fn trip_view(
    page: &Page,
    p: &super::mine::TripPage,
    form_for: Option<DepartureId>,
    form: BookingForm,
    errors: FieldErrors,
) -> TripView {
    let f = &p.full;
    let lang = page.lang.code();
    // The days of a trip are counted where it takes place, as its booking does.
    let today = service::today_in(Some(&f.territory.country), page.state().now());
    TripView {
        fund_projects: p
            .fund_projects
            .iter()
            .map(|fp| FundChoice {
                id: fp.id,
                title: fp.title.clone(),
                territory: if fp.territory_id == f.territory.id {
                    f.territory.name.clone()
                } else {
                    String::new()
                },
            })
            .collect(),
        photos: p.photos.iter().map(|ph| ph.file_key.clone()).collect(),
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
        languages: f
            .trip
            .languages
            .0
            .iter()
            .map(|code| Language {
                code: code.clone(),
                name: super::domain::language_name(code).to_owned(),
            })
            .collect(),
        accessibility: f.trip.accessibility.clone(),
        min_group: f.trip.min_group,
        max_group: f.trip.max_group,
        partnership: f.partnership.name.clone(),
        partnership_slug: f.partnership.slug.clone(),
        territory: f.territory.name.clone(),
        departures: f
            .departures
            .iter()
            .map(|d| departure_row(d, today, p))
            .collect(),
        signed_in: page.user.is_some(),
        verified: page.user.as_ref().is_some_and(|u| u.email_verified),
        hosts: page
            .user
            .as_ref()
            .is_some_and(|u| service::runs(u, &f.trip)),
        form_for,
        form,
        errors: errors.messages(page.lang),
        retention_days: page.state().config.retention.traveller_days,
    }
}

pub async fn show(page: Page, slug: web::Path<String>) -> AppResult<HttpResponse> {
    let st = page.state();
    let p = super::mine::trip_page(&st.db, page.user.as_ref(), &slug, st.now()).await?;
    // Only the contact address is filled in: the travellers are for the person to name (the
    // account's holder may book for others without travelling).
    let form = BookingForm {
        contact_email: page
            .user
            .as_ref()
            .map(|u| u.email.clone())
            .unwrap_or_default(),
        ..Default::default()
    };
    page.render_form(
        StatusCode::OK,
        "trips/show.html.tera",
        &trip_view(&page, &p, None, form, FieldErrors::new()),
    )
}

/// The form as the API's input; the account holder is the contact (travellers may be others).
fn booking_input(form: &BookingForm, contact: &str) -> BookingInput {
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
        contact_name: Some(contact.to_owned()),
        contact_phone: Some(form.contact_phone.clone()),
        dietary: Some(form.dietary.clone()),
        accessibility: Some(form.accessibility.clone()),
        fund_project_id: form.fund_project.trim().parse().ok(),
    }
}

async fn refill(
    page: &Page,
    departure_id: DepartureId,
    form: BookingForm,
    status: StatusCode,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (_, t) = service::departure_with_trip(&st.db, departure_id).await?;
    let p = super::mine::trip_page(&st.db, page.user.as_ref(), &t.slug, st.now()).await?;
    page.render_form(
        status,
        "trips/show.html.tera",
        &trip_view(page, &p, Some(departure_id), form, errors),
    )
}

/// Books from the trip page: travellers one per line.
pub async fn book(
    page: Page,
    user: SessionUser,
    id: web::Path<DepartureId>,
    CsrfForm(form): CsrfForm<BookingForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let hold = chrono::Duration::minutes(st.config.hold_minutes);
    let result = match NewBooking::parse(
        booking_input(&form, &user.0.display_name),
        super::input::MAX_TRAVELLERS,
    ) {
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
    id: web::Path<DepartureId>,
    CsrfForm(form): CsrfForm<BookingForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewBooking::parse(
        booking_input(&form, &user.0.display_name),
        super::input::MAX_TRAVELLERS,
    ) {
        Ok(b) => super::waitlist::join(&st.db, &user.0, *id, b, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(_) => {
            page.flash("success", "flash-waitlist-joined");
            let (_, t) = service::departure_with_trip(&st.db, *id).await?;
            Ok(redirect(&format!("/trips/{}", t.slug)))
        }
        Checked::Invalid(e) => refill(&page, *id, form, StatusCode::UNPROCESSABLE_ENTITY, e).await,
    }
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
                    starts_on: d.starts_on,
                    ends_on: d.ends_on,
                    capacity: d.capacity,
                    seats_taken: d.seats_taken,
                    status: d.status,
                })
                .collect(),
        },
    )
}
