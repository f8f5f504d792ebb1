//! Login attempts (and sign-ups, and password-reset requests) limited per client address and
//! per account, counted in the database so that every instance of the server counts against the
//! same limits: two instances behind a proxy allow what one allows, not twice as much.
//!
//! One attempt is one statement: an upsert that counts it for both keys in the current minute
//! and returns, with each new count, the previous minute's ([`super::sliding_window`] judges
//! them). The first attempt of a minute on an instance also deletes the minutes no estimate
//! reads any more, so the table holds two minutes of counts at most.
//!
//! Keys are digests: the table holds no address, email or client address, only
//! `login-account:<sha-256 hex>`, peppered with the server's secret key so that nobody can
//! recover an address by hashing candidates.
//!
//! No Redis: the database is already the store every instance shares, and the counts are two
//! rows per key at most. A Redis-backed counter would need one more service to deploy, secure
//! and watch for what is here one indexed statement per attempt.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};
use entity::rate_counter;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, EntityTrait, QueryFilter,
    Statement, Value,
};
use sha2::{Digest, Sha256};

use super::sliding_window::{Counts, Minute, allows, retry_after};
use crate::error::{AppError, AppResult};

/// Limits on one kind of attempt (logging in, signing up): per client address and per account.
pub struct Limiter {
    /// Names the limit in the stored keys (`login`, `signup`).
    name: &'static str,
    per_client: u32,
    per_account: u32,
    pepper: Vec<u8>,
    /// The minute whose old counts this instance last deleted.
    purged: AtomicI64,
}

impl Limiter {
    /// At most `per_client` attempts a minute from one client address and `per_account` for one
    /// account, whatever the number of instances. `pepper` is the server's secret key.
    pub fn new(name: &'static str, per_client: u32, per_account: u32, pepper: &[u8]) -> Self {
        Limiter {
            name,
            per_client: per_client.max(1),
            per_account: per_account.max(1),
            pepper: pepper.to_vec(),
            purged: AtomicI64::new(i64::MIN),
        }
    }

    /// Counts one attempt from `client` for `account` (an email address, compared in lower
    /// case); 429 with the wait when either limit is passed.
    pub async fn check(
        &self,
        db: &DatabaseConnection,
        now: DateTime<Utc>,
        client: &str,
        account: &str,
    ) -> AppResult<()> {
        let minute = Minute::of(now);
        self.purge_once_a_minute(db, minute).await;
        let keys = [
            (self.key("ip", client), self.per_client),
            (
                self.key("account", &account.trim().to_lowercase()),
                self.per_account,
            ),
        ];
        let counted = count_attempt(db, [&keys[0].0, &keys[1].0], minute).await?;
        let mut wait = 0;
        for (key, limit) in &keys {
            let counts = counted
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, c)| *c)
                .ok_or_else(|| {
                    AppError::Unexpected(anyhow::anyhow!("the attempt was not counted"))
                })?;
            if !allows(*limit, counts, minute.elapsed_ms) {
                wait = wait.max(retry_after(*limit, counts, minute.elapsed_ms));
            }
        }
        match wait {
            0 => Ok(()),
            secs => Err(AppError::TooManyRequests {
                retry_after_secs: secs,
            }),
        }
    }

    /// The stored key: the limit, what it counts, and a peppered digest of the value.
    fn key(&self, what: &str, value: &str) -> String {
        let mut h = Sha256::new();
        h.update(&self.pepper);
        h.update([0]);
        h.update(value.as_bytes());
        format!("{}-{what}:{}", self.name, hex::encode(h.finalize()))
    }

    /// Deletes the counts older than the previous minute, on this instance's first attempt of
    /// the minute. A failure only leaves rows for the next minute's purge.
    async fn purge_once_a_minute(&self, db: &DatabaseConnection, minute: Minute) {
        let last = self.purged.load(Ordering::Relaxed);
        if last >= minute.start
            || self
                .purged
                .compare_exchange(last, minute.start, Ordering::Relaxed, Ordering::Relaxed)
                .is_err()
        {
            return;
        }
        if let Err(e) = rate_counter::Entity::delete_many()
            .filter(rate_counter::Column::WindowStart.lt(minute.previous_start()))
            .exec(db)
            .await
        {
            tracing::warn!(error = %e, "old attempt counts not deleted");
        }
    }
}

/// Counts one attempt for each key in `minute` and returns each key's counts (one statement).
async fn count_attempt(
    db: &DatabaseConnection,
    keys: [&str; 2],
    minute: Minute,
) -> AppResult<Vec<(String, Counts)>> {
    let backend = db.get_database_backend();
    let p = |i: usize| match backend {
        DatabaseBackend::Postgres => format!("${i}"),
        _ => "?".to_owned(),
    };
    let sql = format!(
        "INSERT INTO rate_counters (limiter_key, window_start, attempts) \
         VALUES ({}, {}, 1), ({}, {}, 1) \
         ON CONFLICT (limiter_key, window_start) \
         DO UPDATE SET attempts = rate_counters.attempts + 1 \
         RETURNING limiter_key, attempts, \
         (SELECT previous.attempts FROM rate_counters previous \
          WHERE previous.limiter_key = rate_counters.limiter_key \
          AND previous.window_start = {}) AS previous_attempts",
        p(1),
        p(2),
        p(3),
        p(4),
        p(5)
    );
    let values: Vec<Value> = vec![
        keys[0].into(),
        minute.start.into(),
        keys[1].into(),
        minute.start.into(),
        minute.previous_start().into(),
    ];
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(backend, sql, values))
        .await?;
    rows.iter()
        .map(|row| {
            let key: String = row.try_get("", "limiter_key")?;
            let current: i32 = row.try_get("", "attempts")?;
            let previous: Option<i32> = row.try_get("", "previous_attempts")?;
            Ok((
                key,
                Counts {
                    current: current.into(),
                    previous: previous.unwrap_or(0).into(),
                },
            ))
        })
        .collect::<Result<_, sea_orm::DbErr>>()
        .map_err(AppError::from)
}
