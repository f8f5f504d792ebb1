use chrono::Duration;
use passerelle::jobs::service;
use sea_orm::EntityTrait;
use serde_json::json;

use crate::helpers::TestApp;

async fn job_rows(app: &TestApp) -> Vec<entity::job::Model> {
    entity::job::Entity::find().all(&app.db).await.unwrap()
}

#[tokio::test]
async fn a_job_runs_once_at_its_time_whatever_the_number_of_workers() {
    let app = TestApp::spawn().await;
    let now = app.clock_now();
    let first = service::schedule(
        &app.db,
        passerelle::accounts::purge::PURGE_TOKENS,
        json!({}),
        now + Duration::hours(1),
        Some("purge:test".into()),
        3,
        now,
    )
    .await
    .unwrap();
    assert!(first.is_some());
    let again = service::schedule(
        &app.db,
        passerelle::accounts::purge::PURGE_TOKENS,
        json!({}),
        now + Duration::hours(1),
        Some("purge:test".into()),
        3,
        now,
    )
    .await
    .unwrap();
    assert!(again.is_none(), "one job per key");
    assert_eq!(job_rows(&app).await.len(), 1);

    let (a, b) = (app.worker("a"), app.worker("b"));
    let (ra, rb) = tokio::join!(a.run_once(), b.run_once());
    assert_eq!(
        ra.unwrap().jobs_done + rb.unwrap().jobs_done,
        0,
        "not before its time"
    );
    app.advance(Duration::hours(2));
    let (ra, rb) = tokio::join!(a.run_once(), b.run_once());
    assert_eq!(ra.unwrap().jobs_done + rb.unwrap().jobs_done, 1);
    let rows = job_rows(&app).await;
    let done = rows
        .iter()
        .find(|j| j.unique_key.as_deref() == Some("purge:test"))
        .unwrap();
    assert_eq!((done.status.as_str(), done.attempts), ("done", 1));
    // The purge schedules tomorrow's run.
    assert!(
        rows.iter()
            .any(|j| j.status == entity::job::JobStatus::Pending && j.run_at > app.clock_now())
    );
}

#[tokio::test]
async fn a_failing_job_is_retried_with_backoff_then_marked_failed() {
    let app = TestApp::spawn().await;
    let now = app.clock_now();
    service::schedule(
        &app.db,
        "from_a_newer_version",
        json!({"x": 1}),
        now,
        None,
        3,
        now,
    )
    .await
    .unwrap();
    assert_eq!(app.run_worker().await.jobs_failed, 1);
    let row = &job_rows(&app).await[0];
    assert_eq!((row.status.as_str(), row.attempts), ("pending", 1));
    assert!(row.run_at > app.clock_now(), "retried later, not at once");
    assert!(row.last_error.as_deref().unwrap().contains("no handler"));
    assert_eq!(app.run_worker().await.jobs_failed, 0);
    for _ in 0..2 {
        app.advance(Duration::hours(7));
        assert_eq!(app.run_worker().await.jobs_failed, 1);
    }
    let row = &job_rows(&app).await[0];
    assert_eq!((row.status.as_str(), row.attempts), ("failed", 3));
    app.advance(Duration::hours(7));
    assert_eq!(app.run_worker().await.jobs_failed, 0);
}
