//! The daily purge of used and expired one-time links (address confirmations, password resets)
//! and invitations nobody accepted.

use chrono::{DateTime, Duration, Utc};
use entity::{account_token, invitation, job};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::AppResult;
use crate::jobs::JobFuture;
use crate::state::AppState;

/// The job kind of the daily purge.
pub const PURGE_TOKENS: &str = "purge_expired_tokens";

/// The job handler (registered as a daily kind in `startup.rs`).
pub fn purge_job<'a>(state: &'a AppState, _job: &'a job::Model) -> JobFuture<'a> {
    Box::pin(purge_tokens(&state.db, state.now()))
}

/// Removes tokens and invitations that ended more than a week ago.
pub async fn purge_tokens(conn: &impl ConnectionTrait, now: DateTime<Utc>) -> AppResult<()> {
    let cutoff = now - Duration::days(7);
    account_token::Entity::delete_many()
        .filter(account_token::Column::ExpiresAt.lt(cutoff))
        .exec(conn)
        .await?;
    invitation::Entity::delete_many()
        .filter(invitation::Column::ExpiresAt.lt(cutoff))
        .filter(invitation::Column::AcceptedAt.is_null())
        .exec(conn)
        .await?;
    Ok(())
}
