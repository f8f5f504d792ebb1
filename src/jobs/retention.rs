//! Finished jobs keep their payload only so long (`PASSERELLE_RETENTION_JOB_DAYS`): a payload
//! may name a booking, a campaign or a person's address. A daily job empties the payloads of
//! jobs done or failed longer ago; the rows stay (their unique keys keep a job from running
//! twice) with their kind, status and times.

use chrono::{DateTime, Duration, Utc};
use entity::job::{self, JobStatus};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use super::JobFuture;
use crate::error::AppResult;
use crate::state::AppState;

/// The daily job kind that empties old finished jobs' payloads.
pub const JOB_ERASE_PAYLOADS: &str = "erase_finished_job_payloads";

/// The job handler (registered as a daily kind in `startup.rs`).
pub fn erase_payloads_job<'a>(state: &'a AppState, _job: &'a job::Model) -> JobFuture<'a> {
    Box::pin(async move {
        let days = state.config.retention.job_days;
        let erased = erase_payloads(&state.db, days, state.now()).await?;
        if erased > 0 {
            tracing::info!(jobs = erased, "payloads of finished jobs erased");
        }
        Ok(())
    })
}

/// Empties (`{}`) the payload and error of jobs done or failed more than `days` days before
/// `now`. Returns how many were emptied (those already empty are not written again).
pub async fn erase_payloads(
    conn: &impl ConnectionTrait,
    days: i64,
    now: DateTime<Utc>,
) -> AppResult<u64> {
    let empty = serde_json::json!({});
    let none: Option<String> = None;
    let erased = job::Entity::update_many()
        .col_expr(job::Column::Payload, Expr::value(empty.clone()))
        .col_expr(job::Column::LastError, Expr::value(none))
        .filter(job::Column::Status.is_in([JobStatus::Done, JobStatus::Failed]))
        .filter(job::Column::UpdatedAt.lt(now - Duration::days(days)))
        .filter(job::Column::Payload.ne(empty))
        .exec(conn)
        .await?
        .rows_affected;
    Ok(erased)
}
