//! The scheduled work of stays, registered with the jobs core in `startup.rs`: holds that
//! expire, refunds to send, departures to confirm or cancel, the emails of bookings, and the
//! daily erasure of travellers' sensitive details after their stay.

use entity::BookingId;
use entity::DepartureId;
use entity::job;

use crate::jobs::{JobFuture, JobKinds, payload_id};
use crate::state::AppState;

/// Registers the job kinds trips owns.
pub fn register(kinds: JobKinds) -> JobKinds {
    kinds
        .on(super::booking::JOB_EXPIRE, expire)
        .on(super::booking::JOB_REFUND, refund)
        .on(super::departures::JOB_CHECK, check)
        .on(super::notify::JOB_MAIL, mail)
        .daily(super::retention::JOB_ERASE, 2, super::retention::erase_job)
}

/// A hold's time ran out: its places are given back unless it was paid.
fn expire<'a>(state: &'a AppState, j: &'a job::Model) -> JobFuture<'a> {
    Box::pin(async move {
        let id = BookingId(payload_id(j, "booking_id")?);
        let hold = chrono::Duration::minutes(state.config.hold_minutes);
        super::booking::expire(&state.db, &state.mailer, hold, id, state.now()).await?;
        Ok(())
    })
}

fn refund<'a>(state: &'a AppState, j: &'a job::Model) -> JobFuture<'a> {
    Box::pin(super::cancel::run_refund(
        &state.db,
        state.stripe.as_deref(),
        &j.payload,
        state.now(),
    ))
}

/// A departure's deadline: confirmed when enough places are taken, else cancelled.
fn check<'a>(state: &'a AppState, j: &'a job::Model) -> JobFuture<'a> {
    Box::pin(async move {
        let id = DepartureId(payload_id(j, "departure_id")?);
        super::departures::check_departure(&state.db, id, state.now()).await?;
        Ok(())
    })
}

fn mail<'a>(state: &'a AppState, j: &'a job::Model) -> JobFuture<'a> {
    Box::pin(super::notify::send(
        &state.db,
        &state.mailer,
        &j.payload,
        state.now(),
    ))
}
