//! Travellers' sensitive details (their phone, dietary and accessibility needs, some of it
//! health data) serve the stay only: a daily job erases them a configured number of days after
//! the stay ends (`PASSERELLE_RETENTION_TRAVELLER_DAYS`) and records when, so that the hosts'
//! lists say the data was erased rather than showing a blank.

use chrono::{DateTime, Duration, Utc};
use entity::{booking, departure, job};
use sea_orm::sea_query::{Expr, Query};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::AppResult;
use crate::jobs::JobFuture;
use crate::state::AppState;

/// The daily job kind that erases travellers' sensitive details after their stay.
pub const JOB_ERASE: &str = "erase_traveller_data";

/// The job handler (registered as a daily kind in [`super::jobs::register`]).
pub fn erase_job<'a>(state: &'a AppState, _job: &'a job::Model) -> JobFuture<'a> {
    Box::pin(async move {
        let days = state.config.retention.traveller_days;
        let erased = erase_after_stay(&state.db, days, state.now()).await?;
        if erased > 0 {
            tracing::info!(bookings = erased, "travellers' sensitive details erased");
        }
        Ok(())
    })
}

/// Erases the phone, dietary and accessibility needs of the bookings whose stay ended more
/// than `days` days before `now` (a stay that ended exactly `days` days ago keeps them until
/// tomorrow). Only bookings that held some of it are marked erased. Returns how many.
pub async fn erase_after_stay(
    conn: &impl ConnectionTrait,
    days: i64,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let ended_before = (now - Duration::days(days)).date_naive();
    let ended = Query::select()
        .column(departure::Column::Id)
        .from(departure::Entity)
        .and_where(departure::Column::EndsOn.lt(ended_before))
        .to_owned();
    let held = Condition::any()
        .add(booking::Column::ContactPhone.ne(""))
        .add(booking::Column::Dietary.ne(""))
        .add(booking::Column::Accessibility.ne(""));
    let erased = booking::Entity::update_many()
        .col_expr(booking::Column::ContactPhone, Expr::value(None::<String>))
        .col_expr(booking::Column::Dietary, Expr::value(None::<String>))
        .col_expr(booking::Column::Accessibility, Expr::value(None::<String>))
        .col_expr(booking::Column::SensitiveErasedAt, Expr::value(Some(now)))
        .filter(booking::Column::DepartureId.in_subquery(ended))
        .filter(booking::Column::SensitiveErasedAt.is_null())
        .filter(held)
        .exec(conn)
        .await?
        .rows_affected;
    Ok(erased)
}
