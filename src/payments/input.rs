//! Reading what treasurers type in the payment forms: amounts the Belgian way (and in
//! Arabic-Indic digits, which the forms make Western), days, and field messages moved to the
//! field of the form they came from.

use super::domain;
use crate::error::FieldErrors;
use crate::web::page::Page;

/// An amount typed in a form (`12,50`, `1.234,56`, `٤٫٥٠` once the form made its digits
/// Western): positive cents, else none.
pub(super) fn typed_amount(s: &str) -> Option<crate::money::Cents> {
    domain::parse_amount(s).filter(|c| c.is_positive())
}

/// A day typed in a form (`2026-12-01` from a date input, or `01/12/2026`).
pub(super) fn typed_day(s: &str) -> Option<chrono::NaiveDate> {
    domain::parse_date(s)
}

/// Today in Brussels, as a date input holds it.
pub(super) fn today(page: &Page) -> String {
    page.state()
        .now()
        .with_timezone(&crate::web::format::DEFAULT_ZONE)
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

/// Errors a service gave on `from`, shown on the field `to` of this page's form.
pub(super) fn on_field(mut errors: FieldErrors, from: &str, to: &str) -> FieldErrors {
    if let Some(e) = errors.0.remove(from) {
        errors.0.entry(to.to_owned()).or_default().extend(e);
    }
    errors
}
