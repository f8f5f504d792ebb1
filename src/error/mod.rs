//! The one error type at the HTTP boundary. API requests get `application/problem+json`
//! (RFC 9457); HTML requests get a page rendered from `templates/errors/` by
//! [`crate::web::errors::html_error_pages`].

use sea_orm::{DbErr, SqlErr};

mod db;
mod fields;
mod problem;

pub use fields::{FieldError, FieldErrors};
pub use problem::{ErrorMarker, Problem, RETRY_AFTER_SECS};

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
            _ if db::db_unreachable(&e) => {
                tracing::warn!(error = %e, "the database cannot be reached");
                AppError::Unavailable("the database cannot be reached; retry shortly".into())
            }
            _ if db::is_bad_text(&e) => {
                AppError::BadRequest("the text holds a NUL character".into())
            }
            _ => AppError::Unexpected(anyhow::Error::new(e)),
        }
    }
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
mod tests;
