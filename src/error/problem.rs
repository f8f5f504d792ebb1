//! How an error answers: its status, the RFC 9457 problem document, and the marker the HTML
//! error pages read.

use std::collections::BTreeMap;

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use super::{AppError, FieldError};
use crate::web::i18n::Lang;

/// Seconds a client is asked to wait (`Retry-After`) when a dependency is unavailable.
pub const RETRY_AFTER_SECS: u64 = 5;

impl AppError {
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
            // Each field's messages, so a client that only shows `detail` still says what to fix.
            AppError::Validation(e) => {
                let said: Vec<String> = e
                    .messages(lang)
                    .into_iter()
                    .flat_map(|(field, ms)| ms.into_iter().map(move |m| format!("{field}: {m}")))
                    .collect();
                format!("Some fields are invalid: {}", said.join(" "))
            }
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
