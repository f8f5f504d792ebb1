//! Tests of the error type: statuses, database errors, retries.

use std::sync::Arc;

use actix_web::ResponseError as _;
use actix_web::http::{StatusCode, header};
use sea_orm::{ConnAcquireErr, RuntimeErr, sqlx};

use super::*;

fn query(e: sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(Arc::new(e)))
}

#[test]
fn a_shared_computation_that_failed_keeps_its_status() {
    use actix_web::ResponseError as _;
    for e in [
        AppError::BadRequest("a NUL".into()),
        AppError::NotFound,
        AppError::Forbidden,
        AppError::Unavailable("away".into()),
        AppError::conflict("exists"),
    ] {
        let status = e.status_code();
        assert_eq!(AppError::shared(Arc::new(e)).status_code(), status);
    }
}

#[test]
fn a_database_out_of_reach_is_503_with_retry_after_and_other_errors_stay_500() {
    let away = [
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout),
        DbErr::ConnectionAcquire(ConnAcquireErr::ConnectionClosed),
        DbErr::Conn(RuntimeErr::Internal("Disconnected".into())),
        query(sqlx::Error::Io(
            std::io::ErrorKind::ConnectionRefused.into(),
        )),
        query(sqlx::Error::PoolTimedOut),
        DbErr::Exec(RuntimeErr::SqlxError(Arc::new(sqlx::Error::Io(
            std::io::ErrorKind::BrokenPipe.into(),
        )))),
        DbErr::Custom(crate::db::WRITE_TURN_TIMEOUT.into()),
    ];
    for e in away {
        let app: AppError = e.clone().into();
        assert_eq!(app.status_code(), StatusCode::SERVICE_UNAVAILABLE, "{e}");
        let res = app.error_response();
        assert_eq!(
            res.headers()
                .get(header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok()),
            Some("5"),
            "{e}"
        );
    }
    for e in [
        query(sqlx::Error::RowNotFound),
        query(sqlx::Error::ColumnNotFound("x".into())),
        DbErr::Custom("something else".into()),
        DbErr::RecordNotFound("x".into()),
    ] {
        let app: AppError = e.clone().into();
        assert_eq!(app.status_code(), StatusCode::INTERNAL_SERVER_ERROR, "{e}");
    }
}

#[tokio::test]
async fn a_write_that_lost_a_race_runs_again_and_other_errors_do_not() {
    let runs = std::cell::Cell::new(0);
    let out = retry_lost_race(|| async {
        runs.set(runs.get() + 1);
        if runs.get() < 3 {
            Err(AppError::conflict("exists"))
        } else {
            Ok(runs.get())
        }
    })
    .await;
    assert_eq!(out.ok(), Some(3));
    runs.set(0);
    let out: AppResult<()> = retry_lost_race(|| async {
        runs.set(runs.get() + 1);
        Err(AppError::conflict("nothing-owed"))
    })
    .await;
    assert!(out.is_err());
    assert_eq!(runs.get(), 1, "a real conflict is not retried");
}
