//! Problems with fields of a form or a request: message codes with their arguments, per field.

use std::collections::BTreeMap;

use serde::Serialize;

use super::AppError;
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
