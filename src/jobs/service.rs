//! The job table: scheduled work with run-at times, retries with backoff, and the same
//! exactly-once claiming across instances as the outbox.

use chrono::{DateTime, Duration, Utc};
use entity::job::{self, JobStatus};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use crate::error::AppResult;

/// Schedules `kind` at `run_at`. With a `unique_key`, a second schedule of the same key changes
/// nothing (returns None): "close campaign 12" is scheduled once however often it is asked.
pub async fn schedule(
    conn: &impl ConnectionTrait,
    kind: &str,
    payload: serde_json::Value,
    run_at: DateTime<Utc>,
    unique_key: Option<String>,
    max_attempts: i32,
    now: DateTime<Utc>,
) -> AppResult<Option<i64>> {
    let row = job::ActiveModel {
        kind: Set(kind.to_owned()),
        payload: Set(payload),
        unique_key: Set(unique_key),
        status: Set(JobStatus::Pending),
        attempts: Set(0),
        max_attempts: Set(max_attempts.max(1)),
        run_at: Set(run_at),
        locked_until: Set(None),
        locked_by: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let res = job::Entity::insert(row)
        .on_conflict(
            OnConflict::column(job::Column::UniqueKey)
                .do_nothing()
                .to_owned(),
        )
        .exec(conn)
        .await;
    match res {
        Ok(r) => Ok(Some(r.last_insert_id)),
        Err(DbErr::RecordNotInserted) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// The jobs as a work queue.
pub const QUEUE: crate::db::WorkQueue = crate::db::WorkQueue {
    table: "jobs",
    waiting: "'pending', 'running'",
    leased: JobStatus::Running.as_str(),
    due: "run_at",
    order_by: "run_at, id",
    touch_updated_at: true,
    done: JobStatus::Done.as_str(),
    done_at: None,
    // Done too: a job that marks itself done with its own writes (the result emails of a close).
    finishing: "'running', 'done'",
    retry: JobStatus::Pending.as_str(),
    failed: JobStatus::Failed.as_str(),
};

/// Claims up to `limit` due jobs (or jobs whose worker died) for `worker`.
pub async fn claim(
    db: &DatabaseConnection,
    worker: &str,
    now: DateTime<Utc>,
    lease: Duration,
    limit: u64,
) -> AppResult<Vec<job::Model>> {
    let mut rows = QUEUE
        .claim::<job::Entity>(db, worker, now, lease, limit)
        .await?;
    rows.sort_by_key(|j| (j.run_at, j.id));
    Ok(rows)
}

/// The most recent jobs, for the admin page.
pub async fn recent(db: &DatabaseConnection, limit: u64) -> AppResult<Vec<job::Model>> {
    Ok(job::Entity::find()
        .order_by_desc(job::Column::Id)
        .limit(limit)
        .all(db)
        .await?)
}

/// Extends a running job's lease; false when another worker has taken it over.
pub async fn renew(
    db: &DatabaseConnection,
    id: i64,
    worker: &str,
    until: DateTime<Utc>,
) -> AppResult<bool> {
    let res = job::Entity::update_many()
        .col_expr(job::Column::LockedUntil, Expr::value(Some(until)))
        .filter(job::Column::Id.eq(id))
        .filter(job::Column::LockedBy.eq(worker))
        .filter(job::Column::Status.eq(JobStatus::Running))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
