//! What a traveller finds again: their bookings and places on the waiting list shown on the
//! trip page ("you have booked"), their booking page with what it is waiting for, and its
//! calendar file. Each page is one service call with a fixed number of queries.

use chrono::{DateTime, NaiveDate, Utc};
use entity::DepartureId;
use entity::waitlist_entry;
use entity::{booking, departure, fund_project, payment_request, photo, traveller, trip};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::domain::{self};
use super::service::{TripFull, departure_with_trip, runs, trip_by_slug};
use crate::clock::today;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::money::Cents;
use crate::security::AuthUser;
use entity::booking::BookingStatus;
use entity::waitlist_entry::WaitlistStatus;

/// A trip's page: the trip, its photos, the fund projects a traveller may choose, and the
/// viewer's own bookings and waiting-list places on its coming departures.
pub struct TripPage {
    pub full: TripFull,
    pub photos: Vec<photo::Model>,
    pub fund_projects: Vec<fund_project::Model>,
    /// The viewer's held and confirmed bookings on these departures.
    pub bookings: Vec<booking::Model>,
    /// The viewer's places on these departures' waiting lists (waiting).
    pub waiting: Vec<waitlist_entry::Model>,
}

pub async fn trip_page(
    db: &DatabaseConnection,
    viewer: Option<&AuthUser>,
    slug: &str,
    now: DateTime<Utc>,
) -> AppResult<TripPage> {
    let full = trip_by_slug(db, slug, now).await?;
    let photos =
        crate::media::photo_rows::photos_of(db, crate::media::PhotoOwner::Trip(full.trip.id))
            .await?;
    let fund_projects = crate::fund::service::open_projects(db, full.partnership.id).await?;
    let ids: Vec<DepartureId> = full.departures.iter().map(|d| d.id).collect();
    let (bookings, waiting) = match viewer {
        Some(u) if !ids.is_empty() => {
            let bookings = booking::Entity::find()
                .filter(booking::Column::UserId.eq(u.id))
                .filter(booking::Column::DepartureId.is_in(ids.iter().copied()))
                .filter(
                    booking::Column::Status.is_in([BookingStatus::Held, BookingStatus::Confirmed]),
                )
                .order_by_asc(booking::Column::Id)
                .all(db)
                .await?;
            let waiting = waitlist_entry::Entity::find()
                .filter(waitlist_entry::Column::UserId.eq(u.id))
                .filter(waitlist_entry::Column::DepartureId.is_in(ids))
                .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Waiting))
                .order_by_asc(waitlist_entry::Column::Id)
                .all(db)
                .await?;
            (bookings, waiting)
        }
        _ => (Vec::new(), Vec::new()),
    };
    Ok(TripPage {
        full,
        photos,
        fund_projects,
        bookings,
        waiting,
    })
}

/// A booking page: the booking, its stay, its travellers and payment requests, as its traveller
/// or the trip's hosts may see it (404 for anyone else).
pub struct BookingPage {
    pub booking: booking::Model,
    pub departure: departure::Model,
    pub trip: trip::Model,
    pub travellers: Vec<String>,
    pub deposit: Option<payment_request::Model>,
    pub balance: Option<payment_request::Model>,
    /// The community fund project its share supports: (id, title).
    pub fund_project: Option<(i64, String)>,
    /// Whether the viewer is the traveller (else one of the trip's hosts or coordinators).
    pub own: bool,
    /// Whether it came from the waiting list (places offered when they freed up).
    pub from_waitlist: bool,
    pub today: NaiveDate,
}

impl BookingPage {
    /// What is left paid on its requests (paid less refunded).
    pub fn paid_cents(&self) -> Cents {
        [self.deposit.as_ref(), self.balance.as_ref()]
            .into_iter()
            .flatten()
            .map(|r| r.paid_cents - r.refunded_cents)
            .sum()
    }

    /// The balance still owed (none once paid, cancelled or when there is none).
    pub fn balance_owed(&self) -> Option<&payment_request::Model> {
        self.balance.as_ref().filter(|r| {
            r.cancelled_at.is_none() && r.paid_cents - r.refunded_cents < r.amount_cents
        })
    }

    /// Days from today to the start (negative once begun).
    pub fn days_before(&self) -> i64 {
        (self.departure.starts_on - self.today).num_days()
    }

    /// What cancelling today would give back to the traveller.
    pub fn refund_if_cancelled(&self, by_host: bool) -> Cents {
        domain::refund_on_cancel(
            self.booking.total_cents,
            self.paid_cents(),
            &self.departure.policy,
            self.days_before(),
            by_host,
        )
    }
}

/// The booking with this reference, for its traveller or the trip's hosts.
pub async fn booking_page(
    db: &DatabaseConnection,
    actor: &AuthUser,
    reference: &str,
    now: DateTime<Utc>,
) -> AppResult<BookingPage> {
    let b = booking::Entity::find()
        .filter(booking::Column::Reference.eq(reference))
        .one_or_404(db)
        .await?;
    let (d, t) = departure_with_trip(db, b.departure_id).await?;
    let own = b.user_id == actor.id;
    if !own && !runs(actor, &t) {
        return Err(AppError::NotFound);
    }
    let travellers = traveller::Entity::find()
        .filter(traveller::Column::BookingId.eq(b.id))
        .order_by_asc(traveller::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.name)
        .collect();
    let requests = payment_request::Entity::find()
        .filter(
            payment_request::Column::Id.is_in(
                [b.deposit_request_id, b.balance_request_id]
                    .into_iter()
                    .flatten(),
            ),
        )
        .all(db)
        .await?;
    let pick = |id: Option<entity::PaymentRequestId>| {
        id.and_then(|id| requests.iter().find(|r| r.id == id).cloned())
    };
    let fund_project = match b.fund_project_id {
        Some(id) => crate::fund::service::project_title(db, id).await?,
        None => None,
    };
    let from_waitlist = waitlist_entry::Entity::find()
        .filter(waitlist_entry::Column::BookingId.eq(b.id))
        .filter(waitlist_entry::Column::Status.eq(WaitlistStatus::Offered))
        .one(db)
        .await?
        .is_some();
    Ok(BookingPage {
        deposit: pick(b.deposit_request_id),
        balance: pick(b.balance_request_id),
        booking: b,
        departure: d,
        trip: t,
        travellers,
        fund_project,
        own,
        from_waitlist,
        today: today(now),
    })
}

/// The calendar file (RFC 5545) of a confirmed booking, for its traveller or the trip's hosts:
/// (file name, content).
pub async fn calendar(
    db: &DatabaseConnection,
    actor: &AuthUser,
    reference: &str,
    site: &str,
    lang: crate::web::i18n::Lang,
    now: DateTime<Utc>,
) -> AppResult<(String, String)> {
    let p = booking_page(db, actor, reference, now).await?;
    if p.booking.status != BookingStatus::Confirmed {
        return Err(AppError::conflict("booking-not-confirmed"));
    }
    let ics = super::notify::ics(&p.booking, &p.departure, &p.trip, lang, site);
    Ok((
        format!("{}-{}.ics", p.trip.slug, p.departure.starts_on),
        ics,
    ))
}
