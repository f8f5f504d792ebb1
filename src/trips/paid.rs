//! What a booking does when money is received for it: the handler trips registers with the
//! payments core for its purposes (deposit, balance), wired in `startup.rs`.

use chrono::{DateTime, Utc};
use entity::{booking, payment_request};
use sea_orm::{ConnectionTrait, DatabaseExecutor, EntityTrait};

use super::booking::{confirm, take_seats};
use super::cancel::schedule_refund;
use super::domain::{BALANCE, DEPOSIT};
use super::notify::{self, Kind};
use crate::error::AppResult;
use crate::payments::purposes::{HandlerFuture, PurposeHandler};
use crate::payments::service as payments;
use entity::booking::BookingStatus;

/// The handler of booking deposits and balances.
pub struct BookingPayments;

impl PurposeHandler for BookingPayments {
    fn paid<'a>(
        &'a self,
        conn: &'a DatabaseExecutor<'a>,
        request: &'a payment_request::Model,
        now: DateTime<Utc>,
    ) -> HandlerFuture<'a> {
        Box::pin(after_payment(conn, request, now))
    }
}

/// In the transaction that recorded a payment for a booking: a
/// paid deposit confirms the hold; a deposit paid after the hold expired takes its places back
/// if they are still free and is refunded by itself if not; money for a cancelled booking goes
/// back too.
pub async fn after_payment(
    conn: &impl ConnectionTrait,
    r: &payment_request::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    if r.purpose_type != DEPOSIT && r.purpose_type != BALANCE {
        return Ok(());
    }
    let Some(b) = booking::Entity::find_by_id(r.purpose_id).one(conn).await? else {
        return Ok(());
    };
    let paid = r.paid_cents - r.refunded_cents >= r.amount_cents;
    match (r.purpose_type, b.status) {
        (DEPOSIT, BookingStatus::Held) if paid => confirm(conn, &b, r, now).await,
        (DEPOSIT, BookingStatus::Expired) if paid => {
            if take_seats(conn, b.departure_id, b.seats, now).await? {
                payments::reinstate_request(conn, r.id, now).await?;
                confirm(conn, &b, r, now).await
            } else {
                notify::later(
                    conn,
                    b.id,
                    Kind::LateRefund,
                    &r.paid_cents.get().to_string(),
                    now,
                    now,
                )
                .await?;
                schedule_refund(
                    conn,
                    r,
                    "paid after the hold expired and the departure filled up",
                    now,
                )
                .await
            }
        }
        (_, BookingStatus::Cancelled) | (_, BookingStatus::Expired) => {
            schedule_refund(
                conn,
                r,
                "paid for a booking that no longer holds places",
                now,
            )
            .await
        }
        _ => Ok(()),
    }
}
