//! Scheduled work: a durable job table the worker runs at its time (order windows that open
//! and close, holds that expire, reminders). Each kind of job has a handler here.

pub mod service;

use chrono::{DateTime, Duration, Utc};
use entity::{account_token, invitation, job};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::AppResult;
use crate::group_orders::service as service_go;
use crate::state::AppState;

/// Removes used and expired account tokens and invitations, daily.
pub const PURGE_TOKENS: &str = "purge_expired_tokens";

/// Runs one claimed job. An error is retried with backoff, up to the job's attempts.
pub async fn dispatch(state: &AppState, j: &job::Model) -> Result<(), String> {
    let now = state.now();
    match j.kind.as_str() {
        PURGE_TOKENS => purge_tokens(state, now).await.map_err(|e| e.to_string()),
        crate::trips::booking::JOB_EXPIRE => {
            let id = j
                .payload
                .get("booking_id")
                .and_then(|v| v.as_i64())
                .unwrap_or(0);
            let hold = chrono::Duration::minutes(state.config.hold_minutes);
            crate::trips::booking::expire(&state.db, &state.mailer, hold, id, now)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
        crate::trips::booking::JOB_REFUND => {
            crate::trips::booking::run_refund(&state.db, state.stripe.as_deref(), &j.payload, now)
                .await
                .map_err(|e| e.to_string())
        }
        crate::trips::booking::JOB_CHECK => {
            let id = j
                .payload
                .get("departure_id")
                .and_then(|v| v.as_i64())
                .unwrap_or(0);
            crate::trips::booking::check_departure(&state.db, id, now)
                .await
                .map(|_| ())
                .map_err(|e| e.to_string())
        }
        crate::trips::notify::JOB_MAIL => {
            crate::trips::notify::send(&state.db, &state.mailer, &j.payload, now)
                .await
                .map_err(|e| e.to_string())
        }
        crate::group_orders::result_mail::JOB_RESULTS => {
            crate::group_orders::result_mail::run_job(state, j)
                .await
                .map_err(|e| e.to_string())
        }
        kind @ (service_go::JOB_OPEN | service_go::JOB_REMIND | service_go::JOB_CLOSE) => {
            campaign_job(state, kind, j, now)
                .await
                .map_err(|e| e.to_string())
        }
        other => Err(format!("no handler for job kind {other}")),
    }
}

/// Opens, reminds or closes the campaign named in the job's payload (each is idempotent).
async fn campaign_job(
    state: &AppState,
    kind: &str,
    j: &job::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(id) = j.payload.get("campaign_id").and_then(|v| v.as_i64()) else {
        return Err(crate::error::AppError::Unexpected(anyhow::anyhow!(
            "job {} has no campaign_id",
            j.id
        )));
    };
    match kind {
        service_go::JOB_OPEN => {
            service_go::open_due(&state.db, &state.mailer, id, now).await?;
        }
        service_go::JOB_REMIND => {
            service_go::remind_due(&state.db, &state.mailer, id, now).await?;
        }
        _ => {
            let ctx = crate::group_orders::api::ctx(state);
            match crate::group_orders::close::close(&state.db, &ctx, None, id, false, now).await {
                Ok(_) | Err(crate::error::AppError::NotFound) => {}
                Err(e) => return Err(e),
            }
        }
    }
    Ok(())
}

async fn purge_tokens(state: &AppState, now: DateTime<Utc>) -> AppResult<()> {
    let cutoff = now - Duration::days(7);
    account_token::Entity::delete_many()
        .filter(account_token::Column::ExpiresAt.lt(cutoff))
        .exec(&state.db)
        .await?;
    invitation::Entity::delete_many()
        .filter(invitation::Column::ExpiresAt.lt(cutoff))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(&state.db)
        .await?;
    ensure_recurring(&state.db, now + Duration::days(1), now).await
}

/// Schedules the recurring jobs of the day containing `day` (once, whatever the number of instances).
pub async fn ensure_recurring(
    db: &impl ConnectionTrait,
    day: DateTime<Utc>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let date = day.date_naive();
    let at = date
        .and_hms_opt(3, 0, 0)
        .map(|t| t.and_utc())
        .unwrap_or(day);
    service::schedule(
        db,
        PURGE_TOKENS,
        serde_json::json!({}),
        at.max(now),
        Some(format!("{PURGE_TOKENS}:{date}")),
        3,
        now,
    )
    .await?;
    Ok(())
}
