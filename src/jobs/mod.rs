//! Scheduled work: a durable job table the worker runs at its time (order windows that open
//! and close, holds that expire, reminders). Jobs know no feature: each area registers the
//! kinds it owns with a handler, once, in `startup.rs` ([`JobKinds`]); the dispatcher looks the
//! kind up. Daily kinds are scheduled again for the next day when they have run.

pub mod retention;
pub mod service;

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use chrono::{DateTime, Duration, Utc};
use entity::job;
use sea_orm::ConnectionTrait;

use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The future a job handler returns.
pub type JobFuture<'a> = Pin<Box<dyn Future<Output = AppResult<()>> + Send + 'a>>;

/// Runs one job of a kind. An error is retried with backoff, up to the job's attempts.
pub type JobHandler = for<'a> fn(&'a AppState, &'a job::Model) -> JobFuture<'a>;

/// The kinds of job the areas own, with their handlers (and, for daily ones, the hour they run).
#[derive(Default)]
pub struct JobKinds {
    handlers: HashMap<&'static str, JobHandler>,
    /// Daily kinds and the UTC hour they run at.
    daily: Vec<(&'static str, u32)>,
}

impl JobKinds {
    /// Jobs of `kind` are run by `handler`.
    pub fn on(mut self, kind: &'static str, handler: JobHandler) -> Self {
        self.handlers.insert(kind, handler);
        self
    }

    /// A job of `kind` runs every day at `hour` UTC (scheduled once, whatever the number of
    /// instances).
    pub fn daily(mut self, kind: &'static str, hour: u32, handler: JobHandler) -> Self {
        self.daily.push((kind, hour));
        self.on(kind, handler)
    }

    pub fn handler(&self, kind: &str) -> Option<JobHandler> {
        self.handlers.get(kind).copied()
    }

    fn is_daily(&self, kind: &str) -> bool {
        self.daily.iter().any(|(k, _)| *k == kind)
    }
}

/// Runs one claimed job.
pub async fn dispatch(state: &AppState, j: &job::Model) -> Result<(), String> {
    let Some(handler) = state.jobs.handler(&j.kind) else {
        return Err(format!("no handler for job kind {}", j.kind));
    };
    handler(state, j).await.map_err(|e| e.to_string())?;
    if state.jobs.is_daily(&j.kind) {
        let now = state.now();
        ensure_recurring(&state.db, &state.jobs, now + Duration::days(1), now)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// The id named `key` in a job's payload (a booking, a campaign ...).
pub fn payload_id(j: &job::Model, key: &str) -> AppResult<i64> {
    j.payload.get(key).and_then(|v| v.as_i64()).ok_or_else(|| {
        AppError::Unexpected(anyhow::anyhow!("job {} has no {key} in its payload", j.id))
    })
}

/// Schedules the daily jobs of the day containing `day` (once, whatever the number of instances).
pub async fn ensure_recurring(
    db: &impl ConnectionTrait,
    kinds: &JobKinds,
    day: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let date = day.date_naive();
    for (kind, hour) in &kinds.daily {
        let at = date
            .and_hms_opt(*hour, 0, 0)
            .map(|t| t.and_utc())
            .unwrap_or(day);
        service::schedule(
            db,
            kind,
            serde_json::json!({}),
            at.max(now),
            Some(format!("{kind}:{date}")),
            3,
            now,
        )
        .await?;
    }
    Ok(())
}
