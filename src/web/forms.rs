//! Reading request bodies: CSRF-checked HTML forms, JSON with problem+json errors, and the
//! small validators the input structs share.

use std::borrow::Cow;

use actix_session::SessionExt;
use actix_web::error::{
    JsonPayloadError, PathError, PayloadError, QueryPayloadError, UrlencodedError,
};
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use validator::ValidationError;

use crate::error::AppError;
use crate::web::csrf;
pub use crate::web::uploads::{CsrfUpload, CsrfUploadOf, UploadedFile};

/// The largest body any JSON or form request may carry.
pub const BODY_LIMIT: usize = 1 << 20;

/// validator: the field must not be blank.
pub fn required(value: &str) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        Err(ValidationError::new("required"))
    } else {
        Ok(())
    }
}

/// A form with nothing but its CSRF token (buttons such as "log out").
#[derive(serde::Deserialize)]
pub struct Empty {}

/// A URL-encoded form whose `csrf_token` field matched the session's token.
/// A missing or wrong token gives 403 before the form is even read into `T`.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let body = web::Bytes::from_request(&req, payload);
        Box::pin(async move {
            let content_type = req
                .headers()
                .get(actix_web::http::header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            if !content_type.starts_with("application/x-www-form-urlencoded") {
                return Err(AppError::UnsupportedMediaType(
                    "forms must be sent as application/x-www-form-urlencoded".into(),
                ));
            }
            let body = body.await.map_err(payload_error)?;
            let given = url::form_urlencoded::parse(&body)
                .find(|(k, _)| k == "csrf_token")
                .map(|(_, v)| v);
            let session = req.get_session();
            if !csrf::matches(&session, given.as_deref()) {
                return Err(AppError::Csrf);
            }
            let body = western_digits_in_numbers(&body);
            let body = crate::web::text::clean_form(&body);
            serde_html_form::from_bytes(&body)
                .map(CsrfForm)
                .map_err(|e| AppError::BadRequest(format!("the form could not be read: {e}")))
        })
    }
}

/// A digit written in Arabic-Indic (٤) or Eastern Arabic-Indic (۴) as its ASCII digit, and the
/// Arabic decimal and percent signs as `,` and `%`; other characters as they are.
fn western(c: char) -> Option<char> {
    match c {
        '\u{0660}'..='\u{0669}' => char::from_digit(c as u32 - 0x0660, 10),
        '\u{06F0}'..='\u{06F9}' => char::from_digit(c as u32 - 0x06F0, 10),
        '\u{066B}' => Some(','),
        '\u{066A}' => Some('%'),
        _ => None,
    }
}

/// A typed number in Western digits: `٤٫٥٠` -> `4,50`. Only a value that is a number (digits,
/// signs, separators, spaces, `€`, `%`) changes; any other text is kept as it was typed.
pub fn western_number(value: &str) -> Cow<'_, str> {
    if !value.chars().any(|c| western(c).is_some()) {
        return Cow::Borrowed(value);
    }
    let converted: String = value.chars().map(|c| western(c).unwrap_or(c)).collect();
    let numeric = converted.chars().all(|c| {
        c.is_ascii_digit()
            || matches!(c, ',' | '.' | '+' | '-' | '€' | '%' | '\u{066C}')
            || c.is_whitespace()
    });
    if numeric {
        Cow::Owned(converted.replace('\u{066C}', ""))
    } else {
        Cow::Borrowed(value)
    }
}

/// A form body whose numbers typed in Arabic-Indic digits are rewritten in Western digits, so
/// that every number field of every form accepts them.
fn western_digits_in_numbers(body: &[u8]) -> Cow<'_, [u8]> {
    let pairs: Vec<(Cow<'_, str>, Cow<'_, str>)> = url::form_urlencoded::parse(body).collect();
    if !pairs
        .iter()
        .any(|(_, v)| matches!(western_number(v), Cow::Owned(_)))
    {
        return Cow::Borrowed(body);
    }
    let mut out = url::form_urlencoded::Serializer::new(String::new());
    for (k, v) in &pairs {
        out.append_pair(k, &western_number(v));
    }
    Cow::Owned(out.finish().into_bytes())
}

fn payload_error(e: actix_web::Error) -> AppError {
    if let Some(PayloadError::Overflow) = e.as_error::<PayloadError>() {
        return AppError::PayloadTooLarge { limit: BODY_LIMIT };
    }
    AppError::BadRequest(format!("the request body could not be read: {e}"))
}

/// JSON bodies: 400 when malformed, 415 without `application/json`, 413 over the limit,
/// 422 when well-formed but of the wrong shape.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(|err, _req| json_error(err).into())
}

fn json_error(err: JsonPayloadError) -> AppError {
    match err {
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => {
            AppError::PayloadTooLarge { limit }
        }
        JsonPayloadError::ContentType => {
            AppError::UnsupportedMediaType("send the body as application/json".into())
        }
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            let mut errors = crate::error::FieldErrors::new();
            errors.add(
                "body",
                crate::error::FieldError::new("json-shape").with("detail", e.to_string()),
            );
            AppError::Validation(errors)
        }
        JsonPayloadError::Deserialize(e) => AppError::BadRequest(format!("malformed JSON: {e}")),
        other => AppError::BadRequest(other.to_string()),
    }
}

pub fn form_config() -> web::FormConfig {
    web::FormConfig::default()
        .limit(BODY_LIMIT)
        .error_handler(|err, _req| {
            match err {
                UrlencodedError::Overflow { limit, .. } => AppError::PayloadTooLarge { limit },
                UrlencodedError::ContentType => AppError::UnsupportedMediaType(
                    "forms must be sent as application/x-www-form-urlencoded".into(),
                ),
                other => AppError::BadRequest(other.to_string()),
            }
            .into()
        })
}

pub fn path_config() -> web::PathConfig {
    web::PathConfig::default().error_handler(|_err: PathError, _req| AppError::NotFound.into())
}

pub fn query_config() -> web::QueryConfig {
    web::QueryConfig::default().error_handler(|err: QueryPayloadError, _req| {
        AppError::BadRequest(format!("the query string could not be read: {err}")).into()
    })
}

/// Trims a form field; `None` when blank.
pub fn non_blank(s: &str) -> Option<Cow<'_, str>> {
    let t = s.trim();
    (!t.is_empty()).then_some(Cow::Borrowed(t))
}

/// Reads a text written per language (`{"fr": "...", "ar": "..."}`): only our four languages,
/// at most `max` characters each, no control characters but line breaks. Blank entries are dropped.
pub fn lang_texts(
    errors: &mut crate::error::FieldErrors,
    field: &str,
    texts: &std::collections::BTreeMap<String, String>,
    max: usize,
) -> entity::I18nText {
    use crate::error::FieldError;
    let mut out = std::collections::BTreeMap::new();
    for (lang, text) in texts {
        let Some(l) = crate::web::i18n::Lang::parse(lang).filter(|l| l.code() == lang) else {
            errors.add(field, FieldError::new("language").with("lang", lang));
            continue;
        };
        let text = text.trim();
        if text.chars().count() > max {
            errors.add(
                &format!("{field}_{lang}"),
                FieldError::new("length").with("max", max),
            );
        } else if text
            .chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        {
            errors.add(
                &format!("{field}_{lang}"),
                FieldError::new("no-control-chars"),
            );
        } else if !text.is_empty() {
            out.insert(l.code().to_owned(), text.to_owned());
        }
    }
    entity::I18nText(out)
}

/// One value per language from four form fields.
pub fn lang_map(
    fr: &str,
    nl: &str,
    en: &str,
    ar: &str,
) -> std::collections::BTreeMap<String, String> {
    [("fr", fr), ("nl", nl), ("en", en), ("ar", ar)]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// An HTML checkbox: present (whatever its value) means checked.
pub fn checked(v: &Option<String>) -> bool {
    v.as_deref().is_some_and(|v| v != "false" && v != "0")
}

/// A one-line field, trimmed: required or not, at most `max` characters, no control characters.
pub fn line(
    errors: &mut crate::error::FieldErrors,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    checked_text(
        errors,
        field,
        value.trim().to_owned(),
        max,
        required,
        |_| false,
    )
}

/// A date field (`YYYY-MM-DD`), trimmed: required or not.
pub fn date(
    errors: &mut crate::error::FieldErrors,
    field: &str,
    v: &str,
    required: bool,
) -> Option<chrono::NaiveDate> {
    let v = v.trim();
    if v.is_empty() {
        if required {
            errors.add(field, crate::error::FieldError::new("required"));
        }
        return None;
    }
    let d = chrono::NaiveDate::parse_from_str(v, "%Y-%m-%d").ok();
    if d.is_none() {
        errors.add(field, crate::error::FieldError::new("date"));
    }
    d
}

/// A text of several lines, trimmed, with its line ends as `\n`: like [`line`], but newlines
/// and tabs are allowed.
pub fn paragraphs(
    errors: &mut crate::error::FieldErrors,
    field: &str,
    value: &str,
    max: usize,
    required: bool,
) -> String {
    let v = value.trim().replace("\r\n", "\n").replace('\r', "\n");
    checked_text(errors, field, v, max, required, |c| c == '\n' || c == '\t')
}

fn checked_text(
    errors: &mut crate::error::FieldErrors,
    field: &str,
    v: String,
    max: usize,
    required: bool,
    allowed_control: impl Fn(char) -> bool,
) -> String {
    if required && v.is_empty() {
        errors.add(field, crate::error::FieldError::new("required"));
    } else if v.chars().count() > max {
        errors.add(
            field,
            crate::error::FieldError::new("length").with("max", max),
        );
    }
    if v.chars().any(|c| c.is_control() && !allowed_control(c)) {
        errors.add(field, crate::error::FieldError::new("no-control-chars"));
    }
    v
}

/// Rejects control characters in a one-line field.
pub fn no_control_chars(errors: &mut crate::error::FieldErrors, field: &str, value: &str) {
    if value.chars().any(char::is_control) {
        errors.add(field, crate::error::FieldError::new("no-control-chars"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_typed_in_arabic_digits_are_read() {
        assert_eq!(western_number("٤٫٥٠"), "4,50");
        assert_eq!(western_number("۱۲"), "12");
        assert_eq!(western_number("١٬٢٣٤٫٥ €"), "1234,5 €");
        assert_eq!(western_number("12,50"), "12,50");
        // Text that is not a number keeps its digits as typed.
        assert_eq!(western_number("زيت ٢٥٠ مل"), "زيت ٢٥٠ مل");
        let body = western_digits_in_numbers(b"quantity=%D9%A3&name=x");
        assert_eq!(&*body, b"quantity=3&name=x");
        let untouched = western_digits_in_numbers(b"quantity=3");
        assert!(matches!(untouched, Cow::Borrowed(_)));
    }
}
