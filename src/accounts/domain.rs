//! Accounts: roles and their scopes, the signed-in user, and the rules for new accounts.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::error::{FieldError, FieldErrors};
use crate::web::i18n::Lang;

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 128;

/// Sign-up input, as typed (a form or a JSON body).
#[derive(Clone, Default, Deserialize, Serialize, Validate, utoipa::ToSchema)]
#[serde(default)]
pub struct SignUp {
    #[validate(
        custom(function = "crate::web::forms::required"),
        length(max = 254),
        email
    )]
    pub email: String,
    #[validate(length(min = 10, max = 128, code = "password-length"))]
    #[serde(skip_serializing)]
    pub password: String,
    #[validate(custom(function = "crate::web::forms::required"), length(max = 80))]
    pub display_name: String,
    /// fr (default), nl, en or ar.
    pub locale: Option<String>,
}

crate::debug_redacted!(SignUp { email, display_name, locale; password });

/// A validated sign-up.
#[derive(Clone)]
pub struct NewAccount {
    pub email: String,
    pub password: String,
    pub display_name: String,
    pub locale: Lang,
}

crate::debug_redacted!(NewAccount { email, display_name, locale; password });

impl TryFrom<SignUp> for NewAccount {
    type Error = FieldErrors;

    fn try_from(input: SignUp) -> Result<Self, FieldErrors> {
        let input = SignUp {
            email: input.email.trim().to_lowercase(),
            display_name: input.display_name.trim().to_owned(),
            ..input
        };
        let mut errors = match input.validate() {
            Ok(()) => FieldErrors::new(),
            Err(e) => FieldErrors::from(e),
        };
        if input.display_name.chars().any(char::is_control) {
            errors.add("display_name", FieldError::new("no-control-chars"));
        }
        let locale = match input.locale.as_deref().map(str::trim) {
            None | Some("") => Lang::Fr,
            Some(l) => match Lang::parse(l) {
                Some(lang) => lang,
                None => {
                    errors.add("locale", FieldError::new("locale"));
                    Lang::Fr
                }
            },
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(NewAccount {
            email: input.email,
            password: input.password,
            display_name: input.display_name,
            locale,
        })
    }
}

/// Lower-cases and trims an email address as it is stored.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signup(email: &str, password: &str, name: &str) -> SignUp {
        SignUp {
            email: email.into(),
            password: password.into(),
            display_name: name.into(),
            locale: None,
        }
    }

    #[test]
    fn a_valid_sign_up_is_normalised() {
        let a = NewAccount::try_from(signup(
            "  Fatima@Example.ORG ",
            "long enough pw",
            " Fatima ",
        ))
        .unwrap();
        assert_eq!(a.email, "fatima@example.org");
        assert_eq!(a.display_name, "Fatima");
        assert_eq!(a.locale, Lang::Fr);
    }

    #[test]
    fn every_bad_field_is_reported() {
        let e = NewAccount::try_from(SignUp {
            locale: Some("de".into()),
            ..signup("not-an-email", "short", "")
        })
        .unwrap_err();
        let fields: Vec<&str> = e.0.keys().map(String::as_str).collect();
        assert_eq!(fields, ["display_name", "email", "locale", "password"]);
    }
}
