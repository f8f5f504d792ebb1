//! Bookings: places held by one conditional update (never more than capacity, on SQLite and on
//! PostgreSQL, whatever the number of instances), paid by a deposit that confirms them, released
//! when the hold expires, refunded by the policy's tier when cancelled; a payment arriving after
//! its places went to someone else is refunded by itself.

use chrono::{DateTime, Duration, Utc};
use entity::BookingId;
use entity::DepartureId;
use entity::departure::DepartureStatus;
use entity::{booking, departure, payment_request, traveller};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

use super::domain::{self, BALANCE, DEPOSIT};
use super::input::NewBooking;
use super::notify::{self, Kind};
use super::service::{breakdown, departure_with_trip, runs, seats_left, trip_today};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::jobs::service::schedule;
use crate::mail::outbox::Mailer;
use crate::money::Cents;
use crate::payments::domain::Allocation;
use crate::payments::service::{self as payments, NewRequest};
use crate::security::AuthUser;
use entity::booking::BookingStatus;

pub const JOB_EXPIRE: &str = "booking_expire";
pub const JOB_REFUND: &str = "booking_refund";
pub(super) use super::cancel::schedule_refund;
pub use super::cancel::{Cancelled, cancel, run_refund};
pub use super::departures::{JOB_CHECK, check_departure, schedule_check};

/// How a booking's money divides (hosts, transport, organisation, community fund).
pub(crate) fn allocation(d: &departure::Model, seats: i64) -> Allocation {
    let b = breakdown(d);
    Allocation {
        producer_cents: Cents::ZERO,
        transport_cents: b.transport_cents * seats,
        costs_cents: b.organisation_cents * seats,
        community_fund_cents: b.community_fund_cents * seats,
        vat_cents: Cents::ZERO,
        other_cents: b.hosts_cents * seats,
    }
}

/// A booking with the request it waits on.
pub struct Booked {
    pub booking: booking::Model,
    pub request: payment_request::Model,
    pub travellers: Vec<String>,
}

/// Takes `seats` places with one conditional update: true when they were free.
pub(super) async fn take_seats(
    conn: &impl ConnectionTrait,
    departure_id: DepartureId,
    seats: i32,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let res = departure::Entity::update_many()
        .col_expr(
            departure::Column::SeatsTaken,
            Expr::col(departure::Column::SeatsTaken).add(seats),
        )
        .col_expr(departure::Column::UpdatedAt, Expr::value(now))
        .filter(departure::Column::Id.eq(departure_id))
        .filter(departure::Column::Status.ne(DepartureStatus::Cancelled))
        .filter(
            Expr::col(departure::Column::SeatsTaken)
                .add(seats)
                .lte(Expr::col(departure::Column::Capacity)),
        )
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

pub(super) async fn release_seats(
    conn: &impl ConnectionTrait,
    departure_id: DepartureId,
    seats: i32,
    now: DateTime<Utc>,
) -> AppResult<()> {
    departure::Entity::update_many()
        .col_expr(
            departure::Column::SeatsTaken,
            Expr::col(departure::Column::SeatsTaken).sub(seats),
        )
        .col_expr(departure::Column::UpdatedAt, Expr::value(now))
        .filter(departure::Column::Id.eq(departure_id))
        .filter(departure::Column::SeatsTaken.gte(seats))
        .exec(conn)
        .await?;
    Ok(())
}

/// Holds places for the caller's travellers until `now + hold` and asks the deposit (or the
/// whole price when the balance is already due). 409 with the places left when they are not.
#[tracing::instrument(level = "debug", skip_all, fields(actor = actor.id, departure = departure_id.get()))]
pub async fn book(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &AuthUser,
    departure_id: DepartureId,
    b: NewBooking,
    hold: Duration,
    now: DateTime<Utc>,
) -> AppResult<Booked> {
    let (d, t) = departure_with_trip(db, departure_id).await?;
    let today = trip_today(db, &t, now).await?;
    check_party(actor, &d, &t, b.travellers.len() as i64, today)?;
    // Places are only taken under the write lock, but a departure already too full for the party
    // (as last committed: places freed meanwhile are the same race as arriving a moment earlier)
    // is refused at once, so refusals do not queue behind the writers.
    if seats_left(&d) < b.travellers.len() as i64 {
        return Err(AppError::NotEnoughPlaces {
            seats_left: seats_left(&d),
        });
    }
    let txn = crate::db::begin_write(db).await?;
    let booked = match hold_places(
        &txn,
        Some(mailer),
        (actor.id, actor.locale),
        &d,
        &t,
        b,
        hold,
        now,
    )
    .await?
    {
        Some(booked) => booked,
        None => {
            let current = departure::Entity::find_by_id(d.id).one_or_404(&txn).await?;
            return Err(AppError::NotEnoughPlaces {
                seats_left: seats_left(&current),
            });
        }
    };
    txn.commit().await?;
    Ok(booked)
}

/// What every booking and every place on the waiting list needs: a verified address, a party
/// the departure can take, a departure still to come.
pub(super) fn check_party(
    actor: &AuthUser,
    d: &departure::Model,
    t: &entity::trip::Model,
    seats: i64,
    today: chrono::NaiveDate,
) -> AppResult<()> {
    if !actor.email_verified {
        return Err(AppError::conflict("email-unverified"));
    }
    let most = i64::from(Ord::min(t.max_group, d.capacity));
    if seats > most {
        return Err(AppError::Validation(FieldErrors::single(
            "travellers",
            FieldError::new("range").with("min", 1).with("max", most),
        )));
    }
    if d.status == DepartureStatus::Cancelled {
        return Err(AppError::conflict("departure-cancelled"));
    }
    if d.starts_on <= today {
        return Err(AppError::conflict("departure-started"));
    }
    Ok(())
}

/// The deposit and balance requests of a booking, and what is left paid on them.
pub(super) async fn requests_of(
    conn: &impl ConnectionTrait,
    b: &booking::Model,
) -> AppResult<(Vec<payment_request::Model>, Cents)> {
    let requests = payment_request::Entity::find()
        .filter(
            payment_request::Column::Id.is_in(
                [b.deposit_request_id, b.balance_request_id]
                    .into_iter()
                    .flatten(),
            ),
        )
        .all(conn)
        .await?;
    let paid = requests
        .iter()
        .map(|r| r.paid_cents - r.refunded_cents)
        .sum();
    Ok((requests, paid))
}

/// Takes the places and writes the hold: the booking, its travellers, the deposit request (the
/// whole price when the balance is already due), the expiry job and the payment email, in the
/// caller's transaction. None when the places are no longer free.
#[expect(clippy::too_many_arguments, reason = "a hold needs each of these")]
pub(crate) async fn hold_places(
    conn: &impl ConnectionTrait,
    mailer: Option<&Mailer>,
    (user_id, lang): (i64, crate::web::i18n::Lang),
    d: &departure::Model,
    t: &entity::trip::Model,
    b: NewBooking,
    hold: Duration,
    now: DateTime<Utc>,
) -> AppResult<Option<Booked>> {
    crate::fund::service::check_choice(conn, t.partnership_id, b.fund_project).await?;
    let seats = b.travellers.len() as i64;
    if !take_seats(conn, d.id, seats as i32, now).await? {
        return Ok(None);
    }
    let total = d.price_cents * seats;
    let today = trip_today(conn, t, now).await?;
    let balance_due = d.balance_due_on.is_none_or(|due| due <= today);
    let deposit = domain::deposit(total, d.deposit_bp, balance_due);
    let expires_at = now + hold;
    let model = booking::ActiveModel {
        reference: Set(crate::security::random_token(12)),
        departure_id: Set(d.id),
        user_id: Set(user_id),
        seats: Set(seats as i32),
        status: Set(BookingStatus::Held),
        expires_at: Set(expires_at),
        contact_name: Set(b.contact_name.clone()),
        contact_email: Set(b.contact_email.clone()),
        contact_phone: Set(b.contact_phone.clone()),
        dietary: Set(b.dietary.clone()),
        accessibility: Set(b.accessibility.clone()),
        total_cents: Set(total),
        deposit_cents: Set(deposit),
        deposit_request_id: Set(None),
        balance_request_id: Set(None),
        refund_cents: Set(Cents::ZERO),
        confirmed_at: Set(None),
        cancelled_at: Set(None),
        cancel_reason: Set(None),
        fund_project_id: Set(b.fund_project),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let rows: Vec<traveller::ActiveModel> = b
        .travellers
        .iter()
        .enumerate()
        .map(|(i, name)| traveller::ActiveModel {
            booking_id: Set(model.id),
            name: Set(name.clone()),
            position: Set(i as i32),
            ..Default::default()
        })
        .collect();
    traveller::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    let what = format!(
        "{} — {} → {}",
        t.title.pick(lang.code()),
        crate::web::format::date(lang, d.starts_on),
        crate::web::format::date(lang, d.ends_on)
    );
    let request = payments::create_request(
        conn,
        NewRequest {
            partnership_id: t.partnership_id,
            payer_user_id: Some(user_id),
            payer_email: b.contact_email.clone(),
            payer_name: b.contact_name.clone(),
            purpose_type: DEPOSIT,
            group_id: None,
            purpose_id: model.id.get(),
            description: what,
            amount_cents: deposit,
            allocation: allocation(d, seats).split(deposit),
            due_on: Some(expires_at.date_naive()),
            fund_project_id: b.fund_project,
        },
        now,
    )
    .await?;
    let mut a: booking::ActiveModel = model.into();
    a.deposit_request_id = Set(Some(request.id));
    let model = a.update(conn).await?;
    schedule(
        conn,
        JOB_EXPIRE,
        serde_json::json!({ "booking_id": model.id }),
        expires_at,
        Some(format!("{JOB_EXPIRE}:{}", model.id)),
        8,
        now,
    )
    .await?;
    if let Some(mailer) = mailer {
        payments::queue_payment_email(conn, mailer, &request, lang, now).await?;
    }
    Ok(Some(Booked {
        booking: model,
        request,
        travellers: b.travellers,
    }))
}

/// The expiry job: a hold not paid in time ends and its places return (once).
#[tracing::instrument(skip_all, fields(booking = booking_id.get()))]
pub async fn expire(
    db: &DatabaseConnection,
    mailer: &Mailer,
    hold: Duration,
    booking_id: BookingId,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let txn = crate::db::begin_write(db).await?;
    let res = booking::Entity::update_many()
        .col_expr(booking::Column::Status, Expr::value(BookingStatus::Expired))
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(booking_id))
        .filter(booking::Column::Status.eq(BookingStatus::Held))
        .filter(booking::Column::ExpiresAt.lte(now))
        .exec(&txn)
        .await?;
    if res.rows_affected == 1 {
        let b = booking::Entity::find_by_id(booking_id)
            .one_or_404(&txn)
            .await?;
        release_seats(&txn, b.departure_id, b.seats, now).await?;
        if let Some(id) = b.deposit_request_id {
            payments::cancel_request(&txn, id, now).await?;
        }
        super::waitlist::offer_freed(&txn, mailer, b.departure_id, hold, now).await?;
    }
    txn.commit().await?;
    Ok(res.rows_affected == 1)
}

/// Confirms a held booking whose deposit is paid, and asks the balance when there is one.
pub(super) async fn confirm(
    conn: &impl ConnectionTrait,
    b: &booking::Model,
    deposit: &payment_request::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let res = booking::Entity::update_many()
        .col_expr(
            booking::Column::Status,
            Expr::value(BookingStatus::Confirmed),
        )
        .col_expr(booking::Column::ConfirmedAt, Expr::value(now))
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(b.id))
        .filter(booking::Column::Status.is_in([BookingStatus::Held, BookingStatus::Expired]))
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Ok(());
    }
    notify::later(conn, b.id, Kind::Confirmed, "1", now, now).await?;
    confirm_departure_when_full_enough(conn, b.departure_id, now).await?;
    if b.total_cents <= b.deposit_cents || b.balance_request_id.is_some() {
        return Ok(());
    }
    let d = departure::Entity::find_by_id(b.departure_id)
        .one_or_404(conn)
        .await?;
    let balance = b.total_cents - b.deposit_cents;
    let r = payments::create_request(
        conn,
        NewRequest {
            partnership_id: deposit.partnership_id,
            payer_user_id: deposit.payer_user_id,
            payer_email: deposit.payer_email.clone(),
            payer_name: deposit.payer_name.clone(),
            purpose_type: BALANCE,
            group_id: None,
            purpose_id: b.id.get(),
            description: deposit.description.clone(),
            amount_cents: balance,
            allocation: allocation(&d, i64::from(b.seats)).split(balance),
            due_on: d.balance_due_on,
            fund_project_id: b.fund_project_id,
        },
        now,
    )
    .await?;
    booking::Entity::update_many()
        .col_expr(booking::Column::BalanceRequestId, Expr::value(r.id))
        .filter(booking::Column::Id.eq(b.id))
        .exec(conn)
        .await?;
    // A reminder a week before the balance is due (sent only if it is still owed).
    if let Some(due) = d.balance_due_on {
        // Morning in Brussels, where the travellers live.
        let at = crate::clock::local_time(due - Duration::days(7), 8, chrono_tz::Europe::Brussels)
            .unwrap_or(now);
        notify::later(
            conn,
            b.id,
            Kind::BalanceReminder,
            "1",
            Ord::max(at, now),
            now,
        )
        .await?;
    }
    Ok(())
}

/// A booking as its traveller (or the trip's hosts) may see it; 404 for anyone else.
pub async fn booking_for(
    db: &DatabaseConnection,
    actor: &AuthUser,
    reference: &str,
) -> AppResult<(
    booking::Model,
    Vec<traveller::Model>,
    Option<payment_request::Model>,
)> {
    let b = booking::Entity::find()
        .filter(booking::Column::Reference.eq(reference))
        .one_or_404(db)
        .await?;
    if b.user_id != actor.id {
        let (_, t) = departure_with_trip(db, b.departure_id).await?;
        if !runs(actor, &t) {
            return Err(AppError::NotFound);
        }
    }
    let travellers = traveller::Entity::find()
        .filter(traveller::Column::BookingId.eq(b.id))
        .all(db)
        .await?;
    let request = match b.deposit_request_id {
        Some(id) => payment_request::Entity::find_by_id(id).one(db).await?,
        None => None,
    };
    Ok((b, travellers, request))
}

/// A departure is confirmed as soon as its confirmed travellers reach the trip's minimum group.
async fn confirm_departure_when_full_enough(
    conn: &impl ConnectionTrait,
    departure_id: DepartureId,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let (d, t) = departure_with_trip(conn, departure_id).await?;
    if d.status != DepartureStatus::Scheduled {
        return Ok(());
    }
    let confirmed: i32 = booking::Entity::find()
        .filter(booking::Column::DepartureId.eq(d.id))
        .filter(booking::Column::Status.eq(BookingStatus::Confirmed))
        .all(conn)
        .await?
        .iter()
        .map(|b| b.seats)
        .sum();
    if confirmed >= t.min_group {
        departure::Entity::update_many()
            .col_expr(
                departure::Column::Status,
                Expr::value(DepartureStatus::Confirmed),
            )
            .col_expr(departure::Column::ConfirmedAt, Expr::value(now))
            .filter(departure::Column::Id.eq(d.id))
            .filter(departure::Column::Status.eq(DepartureStatus::Scheduled))
            .exec(conn)
            .await?;
    }
    Ok(())
}
