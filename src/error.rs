//! The one error type at the HTTP boundary. API requests get `application/problem+json`
//! (RFC 9457); HTML requests get a page rendered from `templates/errors/` by
//! [`crate::web::errors::html_error_pages`].

use std::collections::BTreeMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use sea_orm::{DbErr, SqlErr};
use serde::Serialize;

use crate::web::i18n::{self, Lang};

/// One problem with one field: a message code (a Fluent key suffix) and its arguments.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldError {
    pub code: String,
    pub params: BTreeMap<String, i18n::Arg>,
}

impl FieldError {
    pub fn new(code: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            params: BTreeMap::new(),
        }
    }

    /// An argument of the message: a number stays a number (plural forms), a text stays text.
    pub fn with(mut self, key: &str, value: impl Into<i18n::Arg>) -> Self {
        self.params.insert(key.to_owned(), value.into());
        self
    }

    /// The message in `lang` (Fluent key `err-<code>`).
    pub fn message(&self, lang: Lang) -> String {
        let args: Vec<(&str, i18n::Arg)> = self
            .params
            .iter()
            .map(|(k, v)| (k.as_str(), v.clone()))
            .collect();
        i18n::translate_args(lang, &format!("err-{}", self.code), &args)
    }
}

/// Problems per field name, in a stable order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FieldErrors(pub BTreeMap<String, Vec<FieldError>>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn single(field: &str, error: FieldError) -> Self {
        let mut e = Self::new();
        e.add(field, error);
        e
    }

    pub fn add(&mut self, field: &str, error: FieldError) {
        self.0.entry(field.to_owned()).or_default().push(error);
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn merge(&mut self, other: FieldErrors) {
        for (k, v) in other.0 {
            self.0.entry(k).or_default().extend(v);
        }
    }

    /// `Ok(())` when empty, else the errors themselves.
    pub fn check(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    /// `Ok(())` when empty, else the errors as a validation failure.
    pub fn into_result(self) -> Result<(), AppError> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self))
        }
    }

    /// Messages per field in `lang`, as templates and problem documents show them.
    pub fn messages(&self, lang: Lang) -> BTreeMap<String, Vec<String>> {
        self.0
            .iter()
            .map(|(field, errs)| {
                (
                    field.clone(),
                    errs.iter().map(|e| e.message(lang)).collect(),
                )
            })
            .collect()
    }
}

impl From<validator::ValidationErrors> for FieldErrors {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut out = FieldErrors::new();
        for (field, errs) in errors.field_errors() {
            // An empty field only needs to hear that it is required.
            let blank = errs.iter().any(|e| e.code == "required");
            for e in errs.iter().filter(|e| !blank || e.code == "required") {
                let mut fe = FieldError::new(e.code.as_ref());
                for (k, v) in &e.params {
                    if k != "value" {
                        fe = match (v.as_str(), v.as_i64()) {
                            (Some(s), _) => fe.with(k, s),
                            (None, Some(n)) => fe.with(k, n),
                            _ => fe.with(k, v.to_string()),
                        };
                    }
                }
                out.add(&field, fe);
            }
        }
        out
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0}")]
    BadRequest(String),
    /// A request that cannot be read as asked (a query parameter out of range), explained by the
    /// message `err-<code>` in the page's language.
    #[error("bad request: {}", .0.code)]
    BadInput(FieldError),
    #[error("authentication required")]
    Unauthorized,
    #[error("not allowed")]
    Forbidden,
    #[error("the CSRF token is missing or wrong")]
    Csrf,
    #[error("not found")]
    NotFound,
    /// The action is not possible in the current state; the reason is a message code
    /// (Fluent key `err-<code>`), shown in the page's language.
    #[error("conflict: {}", .0.code)]
    Conflict(FieldError),
    #[error("not enough places left: {seats_left}")]
    NotEnoughPlaces { seats_left: i64 },
    #[error("gone: {}", .0.code)]
    Gone(FieldError),
    #[error("validation failed")]
    Validation(FieldErrors),
    #[error("too many attempts, retry in {retry_after_secs} s")]
    TooManyRequests { retry_after_secs: u64 },
    #[error("the request body is larger than {limit} bytes")]
    PayloadTooLarge { limit: usize },
    #[error("unsupported content type: {0}")]
    UnsupportedMediaType(String),
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<DbErr> for AppError {
    fn from(e: DbErr) -> Self {
        match e.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => AppError::conflict("exists"),
            _ if db_unreachable(&e) => {
                tracing::warn!(error = %e, "the database cannot be reached");
                AppError::Unavailable("the database cannot be reached; retry shortly".into())
            }
            _ if is_bad_text(&e) => AppError::BadRequest("the text holds a NUL character".into()),
            _ => AppError::Unexpected(anyhow::Error::new(e)),
        }
    }
}

/// Seconds a client is asked to wait (`Retry-After`) when a dependency is unavailable.
pub const RETRY_AFTER_SECS: u64 = 5;

/// Whether an error says the database could not be reached or is not taking work right now
/// (connection refused or lost, pool exhausted or closed, server shutting down, busy), rather
/// than that the request itself failed: such errors pass when the database is back.
/// PostgreSQL: connection exceptions (class 08), too many connections, shutting down or
/// starting up (57P01-57P03); SQLite: busy, locked, cannot open.
pub fn db_unreachable(e: &DbErr) -> bool {
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
fn is_bad_text(e: &DbErr) -> bool {
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

impl AppError {
    pub fn validation(field: &str, code: &str) -> Self {
        AppError::Validation(FieldErrors::single(field, FieldError::new(code)))
    }

    /// A conflict with the current state, explained by the message `err-<code>`.
    pub fn conflict(code: &str) -> Self {
        AppError::Conflict(FieldError::new(code))
    }

    /// Gone (an expired or used link), explained by the message `err-<code>`.
    pub fn gone(code: &str) -> Self {
        AppError::Gone(FieldError::new(code))
    }

    /// The answer for each of the requests that waited on one shared computation (a cache
    /// filled once) that failed: the same status for all, a database away stays 503.
    pub fn shared(e: std::sync::Arc<AppError>) -> AppError {
        match &*e {
            AppError::Unavailable(m) => AppError::Unavailable(m.clone()),
            AppError::BadRequest(m) => AppError::BadRequest(m.clone()),
            AppError::NotFound => AppError::NotFound,
            AppError::Unauthorized => AppError::Unauthorized,
            AppError::Forbidden => AppError::Forbidden,
            AppError::Gone(r) => AppError::Gone(r.clone()),
            AppError::BadInput(r) => AppError::BadInput(r.clone()),
            AppError::Conflict(r) => AppError::Conflict(r.clone()),
            AppError::Validation(v) => AppError::Validation(v.clone()),
            other => AppError::Unexpected(anyhow::anyhow!("{other}")),
        }
    }

    /// A unique key already taken: the row was written meanwhile, by a concurrent request.
    pub fn is_duplicate(&self) -> bool {
        matches!(self, AppError::Conflict(r) if r.code == "exists")
    }

    /// The reason of a conflict or a gone link, if this error has one.
    pub fn reason(&self) -> Option<&FieldError> {
        match self {
            AppError::Conflict(r) | AppError::Gone(r) | AppError::BadInput(r) => Some(r),
            _ => None,
        }
    }

    fn slug(&self) -> &'static str {
        match self {
            AppError::BadRequest(_) | AppError::BadInput(_) => "bad-request",
            AppError::Unauthorized => "unauthorized",
            AppError::Forbidden => "forbidden",
            AppError::Csrf => "csrf",
            AppError::NotFound => "not-found",
            AppError::Conflict(_) => "conflict",
            AppError::NotEnoughPlaces { .. } => "not-enough-places",
            AppError::Gone(_) => "gone",
            AppError::Validation(_) => "validation",
            AppError::TooManyRequests { .. } => "too-many-requests",
            AppError::PayloadTooLarge { .. } => "payload-too-large",
            AppError::UnsupportedMediaType(_) => "unsupported-media-type",
            AppError::Unavailable(_) => "unavailable",
            AppError::Unexpected(_) => "internal",
        }
    }

    /// The problem document for this error, messages in `lang`.
    pub fn problem(&self, lang: Lang) -> Problem {
        let status = self.status_code();
        let detail = match self {
            AppError::Unexpected(_) => {
                "Something went wrong on our side. It has been logged; please try again later."
                    .to_owned()
            }
            AppError::Validation(_) => "Some fields are invalid; see `errors`.".to_owned(),
            AppError::Conflict(r) | AppError::Gone(r) | AppError::BadInput(r) => r.message(lang),
            other => other.to_string(),
        };
        Problem {
            type_: format!("urn:passerelle:problem:{}", self.slug()),
            title: status.canonical_reason().unwrap_or("Error").to_owned(),
            status: status.as_u16(),
            detail,
            errors: match self {
                AppError::Validation(e) => Some(e.messages(lang)),
                _ => None,
            },
            seats_left: match self {
                AppError::NotEnoughPlaces { seats_left } => Some(*seats_left),
                _ => None,
            },
        }
    }
}

/// An RFC 9457 problem document.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub type_: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<BTreeMap<String, Vec<String>>>,
    /// For 409 on a booking: the places still free.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seats_left: Option<i64>,
}

/// Marks an error response so the HTML error-page middleware can re-render it.
#[derive(Clone, Debug)]
pub struct ErrorMarker {
    pub status: StatusCode,
    /// Why, for a conflict or a gone link: shown in the page's language.
    pub reason: Option<FieldError>,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) | AppError::BadInput(_) => StatusCode::BAD_REQUEST,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Conflict(_) | AppError::NotEnoughPlaces { .. } => StatusCode::CONFLICT,
            AppError::Gone(_) => StatusCode::GONE,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::PayloadTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::UnsupportedMediaType(_) => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            AppError::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Unexpected(e) = self {
            tracing::error!(error = ?e, "request failed");
        }
        let problem = self.problem(Lang::En);
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        match self {
            AppError::TooManyRequests { retry_after_secs } => {
                res.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
            }
            AppError::Unavailable(_) => {
                res.insert_header((header::RETRY_AFTER, RETRY_AFTER_SECS.to_string()));
            }
            _ => {}
        }
        let mut res = res.json(&problem);
        // `json()` sets application/json; the problem type must win.
        res.headers_mut().insert(
            header::CONTENT_TYPE,
            header::HeaderValue::from_static("application/problem+json"),
        );
        if let AppError::BadRequest(d) = self {
            tracing::info!(detail = %d, "bad request");
        }
        res.extensions_mut().insert(ErrorMarker {
            status: self.status_code(),
            reason: self.reason().cloned(),
        });
        res
    }
}

pub type AppResult<T> = Result<T, AppError>;

/// Runs a write again when it lost a race on a unique key to a concurrent transaction (the
/// same statement or webhook delivered twice at once on PostgreSQL, where both transactions
/// look before either has committed): the new run sees what the winner committed and answers
/// as for a repeat, instead of 409.
pub async fn retry_lost_race<T, F, Fut>(mut run: F) -> AppResult<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = AppResult<T>>,
{
    let mut retries = 0;
    loop {
        match run().await {
            Err(e) if e.is_duplicate() && retries < 3 => retries += 1,
            other => return other,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

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
}
