//! The outcome of an HTML form: on success a flash message and a redirect (303), on a validation
//! error the same page again with the form as sent, its field errors and status 422; any other
//! error passes on to the error pages.
//!
//! [`Check::checked`] splits the validation errors out of a result, so a handler matches only
//! the two outcomes it shows and `?` carries the rest. Field errors from parsing the form join
//! those of the service as `AppError::Validation`, and are shown the same way:
//!
//! ```ignore
//! let result = match NewProject::try_from(&form) {
//!     Ok(p) => service::create_project(&st.db, &user.0, &slug, p, st.now()).await,
//!     Err(e) => Err(AppError::Validation(e)),
//! };
//! match result.checked()? {
//!     Checked::Done(p) => Ok(page.flash_redirect("success", "flash-saved", &format!("/fund/{}", p.id))),
//!     Checked::Invalid(e) => fund_page(&page, &slug, StatusCode::UNPROCESSABLE_ENTITY, form, e).await,
//! }
//! ```
//!
//! A handler with a third outcome (too few places: the form again with 409) matches by hand.

use actix_web::HttpResponse;

use crate::error::{AppError, AppResult, FieldErrors};
use crate::web::page::{Page, redirect};

/// What a form's action came to, once every error but a validation error has passed on.
#[derive(Debug)]
pub enum Checked<T> {
    /// The action was done.
    Done(T),
    /// The input was refused, with one message per field: show the form again.
    Invalid(FieldErrors),
}

/// Splits the validation errors out of a result (see the module's doc).
pub trait Check<T> {
    /// `Ok(Done)` on success, `Ok(Invalid)` on a validation error, `Err` for any other error.
    fn checked(self) -> AppResult<Checked<T>>;
}

impl<T> Check<T> for AppResult<T> {
    fn checked(self) -> AppResult<Checked<T>> {
        match self {
            Ok(done) => Ok(Checked::Done(done)),
            Err(AppError::Validation(errors)) => Ok(Checked::Invalid(errors)),
            Err(e) => Err(e),
        }
    }
}

impl Page {
    /// Queues the message `key` of `kind` (success, info or error) and sends the browser to `to`
    /// (303 See Other): the answer to a form that did what it asked.
    pub fn flash_redirect(&self, kind: &str, key: &str, to: &str) -> HttpResponse {
        self.flash(kind, key);
        redirect(to)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldError;

    #[test]
    fn only_a_validation_error_is_split_out() {
        assert!(matches!(
            Ok::<_, AppError>(7).checked(),
            Ok(Checked::Done(7))
        ));
        let refused: AppResult<()> = Err(AppError::validation("email", "required"));
        match refused.checked() {
            Ok(Checked::Invalid(e)) => {
                assert_eq!(e, FieldErrors::single("email", FieldError::new("required")))
            }
            other => panic!("not split out: {other:?}"),
        }
        let missing: AppResult<()> = Err(AppError::NotFound);
        assert!(matches!(missing.checked(), Err(AppError::NotFound)));
    }
}
