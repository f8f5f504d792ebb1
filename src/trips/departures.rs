//! A departure's life: scheduled, then confirmed (its minimum group reached, or its hosts commit
//! to go anyway) or cancelled (short of its minimum on its balance date, or called off by its
//! hosts). A cancelled departure cancels its bookings, and everything paid goes back.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use entity::DepartureId;
use entity::departure::DepartureStatus;
use entity::{booking, departure};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::booking::{requests_of, schedule_refund};
use super::notify::{self, Kind};
use super::service::{departure_with_trip, runs, trip_today};
use crate::error::{AppError, AppResult};
use crate::jobs::service::schedule;
use crate::payments::service as payments;
use crate::security::AuthUser;
use entity::booking::BookingStatus;

pub const JOB_CHECK: &str = "departure_check";

/// Schedules the check of a departure's minimum group, on its balance date (or two weeks before
/// the start), once.
pub async fn schedule_check(
    conn: &impl ConnectionTrait,
    d: &departure::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let day = d.balance_due_on.unwrap_or(d.starts_on - Duration::days(14));
    // Morning in Brussels, where the hosts' partners and the travellers read it.
    let at = crate::clock::local_time(day, 8, chrono_tz::Europe::Brussels).unwrap_or(now);
    schedule(
        conn,
        JOB_CHECK,
        serde_json::json!({ "departure_id": d.id }),
        Ord::max(at, now),
        Some(format!("{JOB_CHECK}:{}", d.id)),
        5,
        now,
    )
    .await?;
    Ok(())
}

/// Places of confirmed bookings on a departure.
pub fn confirmed_seats(bookings: &[booking::Model]) -> i32 {
    bookings
        .iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .map(|b| b.seats)
        .sum()
}

async fn active_bookings(
    conn: &impl ConnectionTrait,
    departure_id: DepartureId,
) -> AppResult<Vec<booking::Model>> {
    Ok(booking::Entity::find()
        .filter(booking::Column::DepartureId.eq(departure_id))
        .filter(booking::Column::Status.is_in([BookingStatus::Held, BookingStatus::Confirmed]))
        .all(conn)
        .await?)
}

async fn mark_confirmed(
    conn: &impl ConnectionTrait,
    departure_id: DepartureId,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let res = departure::Entity::update_many()
        .col_expr(
            departure::Column::Status,
            Expr::value(DepartureStatus::Confirmed),
        )
        .col_expr(departure::Column::ConfirmedAt, Expr::value(now))
        .col_expr(departure::Column::UpdatedAt, Expr::value(now))
        .filter(departure::Column::Id.eq(departure_id))
        .filter(departure::Column::Status.eq(DepartureStatus::Scheduled))
        .exec(conn)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Cancels a departure and its bookings in the caller's transaction: everything paid goes
/// back, the waiting list ends, and each traveller is told why (`kind`). False when it was
/// already cancelled.
async fn call_off(
    conn: &impl ConnectionTrait,
    d: &departure::Model,
    reason: &str,
    kind: Kind,
    now: DateTime<Utc>,
) -> AppResult<bool> {
    let res = departure::Entity::update_many()
        .col_expr(
            departure::Column::Status,
            Expr::value(DepartureStatus::Cancelled),
        )
        .col_expr(departure::Column::CancelledAt, Expr::value(now))
        .col_expr(departure::Column::SeatsTaken, Expr::value(0))
        .col_expr(departure::Column::UpdatedAt, Expr::value(now))
        .filter(departure::Column::Id.eq(d.id))
        .filter(departure::Column::Status.ne(DepartureStatus::Cancelled))
        .exec(conn)
        .await?;
    if res.rows_affected == 0 {
        return Ok(false);
    }
    for b in &active_bookings(conn, d.id).await? {
        let (requests, paid) = requests_of(conn, b).await?;
        for r in &requests {
            schedule_refund(conn, r, reason, now).await?;
            payments::cancel_request(conn, r.id, now).await?;
        }
        booking::Entity::update_many()
            .col_expr(
                booking::Column::Status,
                Expr::value(BookingStatus::Cancelled),
            )
            .col_expr(booking::Column::CancelledAt, Expr::value(now))
            .col_expr(booking::Column::CancelReason, Expr::value(reason))
            .col_expr(booking::Column::RefundCents, Expr::value(paid))
            .col_expr(booking::Column::UpdatedAt, Expr::value(now))
            .filter(booking::Column::Id.eq(b.id))
            .exec(conn)
            .await?;
        notify::later_with(conn, b.id, kind, "1", Some(paid), now, now).await?;
    }
    entity::waitlist_entry::Entity::update_many()
        .col_expr(
            entity::waitlist_entry::Column::Status,
            Expr::value(entity::waitlist_entry::WaitlistStatus::Withdrawn),
        )
        .filter(entity::waitlist_entry::Column::DepartureId.eq(d.id))
        .filter(
            entity::waitlist_entry::Column::Status
                .eq(entity::waitlist_entry::WaitlistStatus::Waiting),
        )
        .exec(conn)
        .await?;
    Ok(true)
}

/// The minimum check: enough confirmed travellers and the departure is confirmed; otherwise it
/// is cancelled, every booking with it, and everything paid goes back. Gives the departure's
/// status after the check (unchanged if it was already confirmed or cancelled).
#[tracing::instrument(skip_all)]
pub async fn check_departure(
    db: &DatabaseConnection,
    departure_id: DepartureId,
    now: DateTime<Utc>,
) -> AppResult<DepartureStatus> {
    let txn = crate::db::begin_write(db).await?;
    let (d, t) = departure_with_trip(&txn, departure_id).await?;
    if d.status != DepartureStatus::Scheduled {
        txn.commit().await?;
        return Ok(d.status);
    }
    let bookings = active_bookings(&txn, d.id).await?;
    if confirmed_seats(&bookings) >= t.min_group {
        mark_confirmed(&txn, d.id, now).await?;
        txn.commit().await?;
        return Ok(DepartureStatus::Confirmed);
    }
    call_off(
        &txn,
        &d,
        "minimum group not reached",
        Kind::DepartureCancelled,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(DepartureStatus::Cancelled)
}

/// Why a departure's hosts cannot act on it any more, if they cannot: cancelled, or begun
/// (`today`: where the trip takes place, `trip_today`).
pub fn closed_reason(d: &departure::Model, today: NaiveDate) -> Option<&'static str> {
    if d.status == DepartureStatus::Cancelled {
        Some("departure-cancelled")
    } else if d.starts_on <= today {
        Some("departure-started")
    } else {
        None
    }
}

/// The hosts commit to a scheduled departure, even short of its minimum group: the minimum
/// check on the balance date will not cancel it.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn confirm(
    db: &DatabaseConnection,
    actor: &AuthUser,
    departure_id: DepartureId,
    now: DateTime<Utc>,
) -> AppResult<departure::Model> {
    let (d, t) = departure_with_trip(db, departure_id).await?;
    if !runs(actor, &t) {
        return Err(AppError::NotFound);
    }
    if let Some(code) = closed_reason(&d, trip_today(db, &t, now).await?) {
        return Err(AppError::conflict(code));
    }
    let txn = crate::db::begin_write(db).await?;
    if !mark_confirmed(&txn, d.id, now).await? {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    txn.commit().await?;
    let (d, _) = departure_with_trip(db, departure_id).await?;
    Ok(d)
}

/// The hosts call a departure off before it begins: every booking is cancelled and everything
/// paid goes back; freed places are not offered to the waiting list.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn cancel(
    db: &DatabaseConnection,
    actor: &AuthUser,
    departure_id: DepartureId,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<departure::Model> {
    let (d, t) = departure_with_trip(db, departure_id).await?;
    if !runs(actor, &t) {
        return Err(AppError::NotFound);
    }
    if let Some(code) = closed_reason(&d, trip_today(db, &t, now).await?) {
        return Err(AppError::conflict(code));
    }
    let reason: String = reason.trim().chars().take(300).collect();
    let txn = crate::db::begin_write(db).await?;
    if !call_off(&txn, &d, &reason, Kind::DepartureCalledOff, now).await? {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    txn.commit().await?;
    let (d, _) = departure_with_trip(db, departure_id).await?;
    Ok(d)
}
