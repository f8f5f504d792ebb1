//! Which database errors are not the request's fault: the database away, or a text it cannot store.

use sea_orm::DbErr;

/// Whether an error says the database could not be reached or is not taking work right now
/// (connection refused or lost, pool exhausted or closed, server shutting down, busy), rather
/// than that the request itself failed: such errors pass when the database is back.
/// PostgreSQL: connection exceptions (class 08), too many connections, shutting down or
/// starting up (57P01-57P03); SQLite: busy, locked, cannot open.
pub(super) fn db_unreachable(e: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx};
    match e {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Custom(m) => m == crate::db::WRITE_TURN_TIMEOUT,
        DbErr::Exec(RuntimeErr::SqlxError(s)) | DbErr::Query(RuntimeErr::SqlxError(s)) => {
            match &**s {
                sqlx::Error::Io(_)
                | sqlx::Error::Tls(_)
                | sqlx::Error::Protocol(_)
                | sqlx::Error::PoolTimedOut
                | sqlx::Error::PoolClosed
                | sqlx::Error::WorkerCrashed => true,
                sqlx::Error::Database(d) => {
                    let code = d.code().unwrap_or_default();
                    if d.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some() {
                        // Extended result codes keep the primary code in their low byte.
                        code.parse::<u32>()
                            .is_ok_and(|c| matches!(c & 0xff, 5 | 6 | 14))
                    } else {
                        code.starts_with("08")
                            || matches!(&*code, "53300" | "57P01" | "57P02" | "57P03")
                    }
                }
                _ => false,
            }
        }
        _ => false,
    }
}

/// PostgreSQL refused a text it cannot store (a NUL from a query string or a path): SQLSTATE
/// 22021, the request's fault, not the server's.
pub(super) fn is_bad_text(e: &DbErr) -> bool {
    let (DbErr::Query(sea_orm::RuntimeErr::SqlxError(sqlx))
    | DbErr::Exec(sea_orm::RuntimeErr::SqlxError(sqlx))) = e
    else {
        return false;
    };
    sqlx.as_database_error()
        .and_then(|d| d.code())
        // 22021: a NUL in a text; 22P05: a NUL in a JSON text (`\u0000`).
        .is_some_and(|c| c == "22021" || c == "22P05")
}
