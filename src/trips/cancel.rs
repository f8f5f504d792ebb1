//! Cancelling a booking (by its traveller, the policy's tier deciding the refund; by the trip's
//! hosts, everything paid going back) and the refund job that gives money back, outside any
//! transaction since Stripe may be called.

use crate::db::OneOrNotFound;
use crate::money::Cents;
use chrono::{DateTime, Duration, Utc};
use entity::{booking, payment_request};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::booking::{JOB_REFUND, release_seats, requests_of};
use super::domain::{self, BALANCE};
use super::notify::{self, Kind};
use super::service::{departure_with_trip, runs, trip_today};
use crate::error::{AppError, AppResult};
use crate::jobs::service::schedule;
use crate::mail::outbox::Mailer;
use crate::payments::service as payments;
use crate::security::AuthUser;
use entity::booking::BookingStatus;

/// Schedules the refund of what is left paid on a request (run by the worker, outside any
/// transaction, since Stripe may be called).
pub(crate) async fn schedule_refund(
    conn: &impl ConnectionTrait,
    r: &payment_request::Model,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let amount = r.paid_cents - r.refunded_cents;
    if amount <= Cents::ZERO {
        return Ok(());
    }
    schedule(
        conn,
        JOB_REFUND,
        serde_json::json!({ "request_id": r.id, "amount_cents": amount, "reason": reason }),
        now,
        Some(format!("{JOB_REFUND}:{}:{}", r.id, r.paid_cents.get())),
        8,
        now,
    )
    .await?;
    Ok(())
}

/// The refund job.
#[tracing::instrument(skip_all)]
pub async fn run_refund(
    db: &DatabaseConnection,
    gateway: Option<&crate::payments::stripe::StripeGateway>,
    payload: &serde_json::Value,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let id = payload
        .get("request_id")
        .and_then(|v| v.as_i64())
        .unwrap_or(0);
    let amount = payload
        .get("amount_cents")
        .and_then(|v| v.as_i64())
        .map(Cents)
        .unwrap_or_default();
    let reason = payload
        .get("reason")
        .and_then(|v| v.as_str())
        .unwrap_or("booking");
    let Some(r) = payment_request::Entity::find_by_id(id).one(db).await? else {
        return Ok(());
    };
    let left = Ord::min(r.paid_cents - r.refunded_cents, amount);
    if left <= Cents::ZERO {
        return Ok(());
    }
    payments::refund_request(db, gateway, &r, left, reason, None, now).await?;
    Ok(())
}

/// What cancelling gave back.
pub struct Cancelled {
    pub booking: booking::Model,
    pub refund_cents: Cents,
    pub seats_returned: i32,
}

/// Cancels a booking: by its traveller (the policy's tier decides the refund) or by the trip's
/// hosts and coordinators (everything paid goes back). The places return to sale.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn cancel(
    db: &DatabaseConnection,
    mailer: &Mailer,
    hold: Duration,
    actor: &AuthUser,
    reference: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<Cancelled> {
    let b = booking::Entity::find()
        .filter(booking::Column::Reference.eq(reference))
        .one_or_404(db)
        .await?;
    let (d, t) = departure_with_trip(db, b.departure_id).await?;
    let by_host = runs(actor, &t) && b.user_id != actor.id;
    if b.user_id != actor.id && !by_host {
        return Err(AppError::NotFound);
    }
    // Once the stay has begun there is nothing left to cancel (and nothing to give back).
    let today = trip_today(db, &t, now).await?;
    if d.starts_on < today
        && (b.status == BookingStatus::Held || b.status == BookingStatus::Confirmed)
    {
        return Err(AppError::conflict("departure-started"));
    }
    let txn = crate::db::begin_write(db).await?;
    let res = booking::Entity::update_many()
        .col_expr(
            booking::Column::Status,
            Expr::value(BookingStatus::Cancelled),
        )
        .col_expr(booking::Column::CancelledAt, Expr::value(now))
        .col_expr(
            booking::Column::CancelReason,
            Expr::value(
                Some(reason.trim().chars().take(300).collect::<String>()).filter(|r| !r.is_empty()),
            ),
        )
        .col_expr(booking::Column::UpdatedAt, Expr::value(now))
        .filter(booking::Column::Id.eq(b.id))
        .filter(booking::Column::Status.is_in([BookingStatus::Held, BookingStatus::Confirmed]))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict("booking-not-active"));
    }
    release_seats(&txn, d.id, b.seats, now).await?;
    let (requests, paid) = requests_of(&txn, &b).await?;
    let days_before = (d.starts_on - today).num_days();
    let refund = domain::refund_on_cancel(b.total_cents, paid, &d.policy, days_before, by_host);
    // The refund is taken from the balance first, then the deposit.
    let mut left = refund;
    let mut ordered = requests.clone();
    ordered.sort_by_key(|r| if r.purpose_type == BALANCE { 0 } else { 1 });
    for r in &ordered {
        let on_this = Ord::min(r.paid_cents - r.refunded_cents, left);
        if on_this > Cents::ZERO {
            schedule(
                &txn,
                JOB_REFUND,
                serde_json::json!({ "request_id": r.id, "amount_cents": on_this, "reason": "booking cancelled" }),
                now,
                Some(format!("{JOB_REFUND}:{}:cancel", r.id)),
                8,
                now,
            )
            .await?;
            left -= on_this;
        }
        payments::cancel_request(&txn, r.id, now).await?;
    }
    booking::Entity::update_many()
        .col_expr(booking::Column::RefundCents, Expr::value(refund))
        .filter(booking::Column::Id.eq(b.id))
        .exec(&txn)
        .await?;
    let kind = if by_host {
        Kind::CancelledByHost
    } else {
        Kind::Cancelled
    };
    notify::later_with(&txn, b.id, kind, "1", Some(paid), now, now).await?;
    super::waitlist::offer_freed(&txn, mailer, d.id, hold, now).await?;
    let b = booking::Entity::find_by_id(b.id).one_or_404(&txn).await?;
    txn.commit().await?;
    Ok(Cancelled {
        seats_returned: b.seats,
        booking: b,
        refund_cents: refund,
    })
}
