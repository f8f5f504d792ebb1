//! A table of work that workers lease (the outbox, the jobs): claiming due rows, recording a
//! row as done, and a failed attempt as a retry after a backoff or a failure for good. The same
//! statements serve both tables, so the exactly-once rules are written once.

use std::time::Duration;

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend, DbErr, EntityTrait, Statement};

use super::numbered;

/// How a table is worked as a queue: its name, its states and its columns.
pub struct WorkQueue {
    pub table: &'static str,
    /// Rows in these states wait for a worker ...
    pub waiting: &'static str,
    /// ... and are put in this one while leased (a lease that ran out may be taken over).
    pub leased: &'static str,
    /// The column holding when a row is due.
    pub due: &'static str,
    pub order_by: &'static str,
    /// Whether the table has an `updated_at` to touch.
    pub touch_updated_at: bool,
    /// The state of a row whose work is done, and the column that records when, if any.
    pub done: &'static str,
    pub done_at: Option<&'static str>,
    /// The states a row may be in when its worker records it as done: its lease, and `done`
    /// for work that marks itself done with its own writes.
    pub finishing: &'static str,
    /// Where a failed attempt goes: back to waiting, or failed for good after the last one.
    pub retry: &'static str,
    pub failed: &'static str,
}

/// The longest error text kept on a row.
const ERROR_CHARS: usize = 2000;

impl WorkQueue {
    /// Claims up to `limit` due rows for `worker` until `now + lease`, in one statement,
    /// returning them (in no particular order). On PostgreSQL `FOR UPDATE SKIP LOCKED` lets
    /// several instances claim side by side without ever taking the same row; SQLite has a
    /// single writer.
    pub async fn claim<E: EntityTrait>(
        &self,
        conn: &impl ConnectionTrait,
        worker: &str,
        now: DateTime<Utc>,
        lease: chrono::Duration,
        limit: u64,
    ) -> Result<Vec<E::Model>, DbErr> {
        let backend = conn.get_database_backend();
        let lock = if backend == DbBackend::Postgres {
            "FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let sql = format!(
            "UPDATE {table} SET status = '{leased}', attempts = attempts + 1, locked_by = ?, locked_until = ?{touch} \
             WHERE id IN (SELECT id FROM {table} \
                          WHERE status IN ({waiting}) AND {due} <= ? \
                          AND (locked_until IS NULL OR locked_until < ?) \
                          ORDER BY {order} LIMIT ? {lock}) \
             RETURNING *",
            table = self.table,
            leased = self.leased,
            touch = self.touch(),
            waiting = self.waiting,
            due = self.due,
            order = self.order_by,
        );
        let mut values: Vec<sea_orm::Value> = vec![worker.into(), (now + lease).into()];
        if self.touch_updated_at {
            values.push(now.into());
        }
        values.extend([now.into(), now.into(), (limit as i64).into()]);
        let stmt = Statement::from_sql_and_values(backend, numbered(backend, &sql), values);
        E::find().from_raw_sql(stmt).all(conn).await
    }

    /// Records row `id` as done by `worker`. False when the lease had been lost to another
    /// worker (nothing changed).
    pub async fn finish(
        &self,
        conn: &impl ConnectionTrait,
        id: i64,
        worker: &str,
        now: DateTime<Utc>,
    ) -> Result<bool, DbErr> {
        let backend = conn.get_database_backend();
        let done_at = self
            .done_at
            .map(|c| format!(", {c} = ?"))
            .unwrap_or_default();
        let sql = format!(
            "UPDATE {table} SET status = '{done}', locked_until = NULL, last_error = NULL{done_at}{touch} \
             WHERE id = ? AND locked_by = ? AND status IN ({finishing})",
            table = self.table,
            done = self.done,
            touch = self.touch(),
            finishing = self.finishing,
        );
        let mut values: Vec<sea_orm::Value> = Vec::new();
        if self.done_at.is_some() {
            values.push(now.into());
        }
        if self.touch_updated_at {
            values.push(now.into());
        }
        values.extend([id.into(), worker.into()]);
        let stmt = Statement::from_sql_and_values(backend, numbered(backend, &sql), values);
        Ok(conn.execute_raw(stmt).await?.rows_affected() == 1)
    }

    /// Records a failed attempt of row `id` by `worker` (`attempts` so far, of at most
    /// `max_attempts`): due again after a backoff, or failed for good after the last attempt.
    pub async fn fail(
        &self,
        conn: &impl ConnectionTrait,
        id: i64,
        worker: &str,
        now: DateTime<Utc>,
        (attempts, max_attempts): (i32, i32),
        error: &str,
    ) -> Result<(), DbErr> {
        let backend = conn.get_database_backend();
        let status = if attempts >= max_attempts {
            self.failed
        } else {
            self.retry
        };
        let wait = backoff(attempts, rand::random::<f64>());
        let next = now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(6));
        let sql = format!(
            "UPDATE {table} SET status = ?, {due} = ?, locked_until = NULL, last_error = ?{touch} \
             WHERE id = ? AND locked_by = ?",
            table = self.table,
            due = self.due,
            touch = self.touch(),
        );
        let mut values: Vec<sea_orm::Value> = vec![
            status.into(),
            next.into(),
            error.chars().take(ERROR_CHARS).collect::<String>().into(),
        ];
        if self.touch_updated_at {
            values.push(now.into());
        }
        values.extend([id.into(), worker.into()]);
        let stmt = Statement::from_sql_and_values(backend, numbered(backend, &sql), values);
        conn.execute_raw(stmt).await?;
        Ok(())
    }

    /// Gives back row `id`, which `worker` holds but lets go of as it stops: back to waiting
    /// with its lease ended now, so that another worker claims it at once. `started` says
    /// whether the work was begun (cut at the deadline) or not (the claim's attempt is undone).
    /// False when the row was not held by `worker` any more (nothing changed).
    pub async fn release(
        &self,
        conn: &impl ConnectionTrait,
        id: i64,
        worker: &str,
        now: DateTime<Utc>,
        started: bool,
    ) -> Result<bool, DbErr> {
        let backend = conn.get_database_backend();
        let undo = if started {
            ""
        } else {
            ", attempts = attempts - 1"
        };
        let sql = format!(
            "UPDATE {table} SET status = '{retry}', locked_until = NULL, locked_by = NULL{undo}{touch} \
             WHERE id = ? AND locked_by = ? AND status = '{leased}'",
            table = self.table,
            retry = self.retry,
            leased = self.leased,
            touch = self.touch(),
        );
        let mut values: Vec<sea_orm::Value> = Vec::new();
        if self.touch_updated_at {
            values.push(now.into());
        }
        values.extend([id.into(), worker.into()]);
        let stmt = Statement::from_sql_and_values(backend, numbered(backend, &sql), values);
        Ok(conn.execute_raw(stmt).await?.rows_affected() == 1)
    }

    fn touch(&self) -> &'static str {
        if self.touch_updated_at {
            ", updated_at = ?"
        } else {
            ""
        }
    }
}

/// Waiting time before attempt `attempt + 1` after `attempt` failures: 30 s doubling each
/// time, at most 6 hours, with "equal jitter" (`jitter` in [0, 1) picks within the upper half)
/// so that many rows failing together do not all come back together.
pub fn backoff(attempt: i32, jitter: f64) -> Duration {
    let exp = attempt.clamp(1, 30) - 1;
    let base = 30f64 * 2f64.powi(exp);
    let capped = base.min(6.0 * 3600.0);
    let j = jitter.clamp(0.0, 1.0);
    Duration::from_secs_f64(capped / 2.0 + capped / 2.0 * j)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn backoff_doubles_and_is_capped() {
        assert_eq!(backoff(1, 0.0), Duration::from_secs(15));
        assert_eq!(backoff(1, 1.0), Duration::from_secs(30));
        assert_eq!(backoff(2, 1.0), Duration::from_secs(60));
        assert_eq!(backoff(20, 1.0), Duration::from_secs(6 * 3600));
    }

    proptest! {
        #[test]
        fn backoff_stays_within_half_and_whole_of_the_step(attempt in 1i32..40, jitter in 0.0f64..1.0) {
            let full = backoff(attempt, 1.0);
            let d = backoff(attempt, jitter);
            prop_assert!(d <= full);
            prop_assert!(d >= full / 2);
            prop_assert!(backoff(attempt + 1, 1.0) >= full);
        }
    }
}
