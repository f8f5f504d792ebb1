//! The daily purge of what gave access and has ended: browser sessions past their idle time or
//! lifetime, API tokens past their expiry, one-time links (address confirmations, password
//! resets) used or expired, and invitations accepted or expired. Links and invitations are
//! kept a few days more (`PASSERELLE_RETENTION_TOKEN_DAYS`), so that a late click is told the
//! link ended rather than that it never existed.

use chrono::{DateTime, Duration, Utc};
use entity::{account_token, api_token, invitation, job};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};

use crate::error::AppResult;
use crate::jobs::JobFuture;
use crate::state::AppState;
use crate::web::session_store::{Lifetimes, prune};

/// The job kind of the daily purge.
pub const PURGE_TOKENS: &str = "purge_expired_tokens";

/// The job handler (registered as a daily kind in `startup.rs`).
pub fn purge_job<'a>(state: &'a AppState, _job: &'a job::Model) -> JobFuture<'a> {
    Box::pin(async move {
        let config = &state.config;
        let rules = Ended {
            sessions: Lifetimes {
                idle: config.session_idle,
                absolute: config.session_lifetime,
            },
            links_kept: Duration::days(config.retention.token_days),
        };
        let purged = purge_tokens(&state.db, rules, state.now()).await?;
        tracing::info!(
            ?purged,
            "ended sessions, tokens, links and invitations purged"
        );
        Ok(())
    })
}

/// When what gave access has ended, and how long ended links are kept.
#[derive(Clone, Copy, Debug)]
pub struct Ended {
    pub sessions: Lifetimes,
    pub links_kept: Duration,
}

/// How many rows of each kind a purge removed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Purged {
    pub sessions: u64,
    pub api_tokens: u64,
    pub links: u64,
    pub invitations: u64,
}

/// Removes ended sessions and API tokens, and links and invitations that were used or expired
/// more than `links_kept` ago.
pub async fn purge_tokens(
    conn: &impl ConnectionTrait,
    rules: Ended,
    now: DateTime<Utc>,
) -> AppResult<Purged> {
    let cutoff = now - rules.links_kept;
    let sessions = prune(conn, rules.sessions, now).await?;
    let api_tokens = api_token::Entity::delete_many()
        .filter(api_token::Column::ExpiresAt.lte(now))
        .exec(conn)
        .await?
        .rows_affected;
    let links = account_token::Entity::delete_many()
        .filter(
            Condition::any()
                .add(account_token::Column::ExpiresAt.lt(cutoff))
                .add(account_token::Column::UsedAt.lt(cutoff)),
        )
        .exec(conn)
        .await?
        .rows_affected;
    let invitations = invitation::Entity::delete_many()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(invitation::Column::ExpiresAt.lt(cutoff))
                        .add(invitation::Column::AcceptedAt.is_null()),
                )
                .add(invitation::Column::AcceptedAt.lt(cutoff)),
        )
        .exec(conn)
        .await?
        .rows_affected;
    Ok(Purged {
        sessions,
        api_tokens,
        links,
        invitations,
    })
}
