//! Accounts: roles and their scopes, the signed-in user, and the rules for new accounts.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::error::{FieldError, FieldErrors};
use crate::web::i18n::Lang;

/// What a person may do, always within a scope (API.md lists them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    PartnershipCoordinator,
    ProducerMember,
    GroupCoordinator,
    GroupMember,
    TripHost,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Admin,
        Role::PartnershipCoordinator,
        Role::ProducerMember,
        Role::GroupCoordinator,
        Role::GroupMember,
        Role::TripHost,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::PartnershipCoordinator => "partnership_coordinator",
            Role::ProducerMember => "producer_member",
            Role::GroupCoordinator => "group_coordinator",
            Role::GroupMember => "group_member",
            Role::TripHost => "trip_host",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The kind of scope this role is held in.
    pub fn scope_type(self) -> ScopeType {
        match self {
            Role::Admin => ScopeType::Global,
            Role::PartnershipCoordinator => ScopeType::Partnership,
            Role::ProducerMember => ScopeType::Producer,
            Role::GroupCoordinator | Role::GroupMember => ScopeType::Group,
            Role::TripHost => ScopeType::Trip,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScopeType {
    Global,
    Partnership,
    Producer,
    Group,
    Trip,
}

impl ScopeType {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeType::Global => "global",
            ScopeType::Partnership => "partnership",
            ScopeType::Producer => "producer",
            ScopeType::Group => "group",
            ScopeType::Trip => "trip",
        }
    }

    pub fn parse(s: &str) -> Option<ScopeType> {
        [
            ScopeType::Global,
            ScopeType::Partnership,
            ScopeType::Producer,
            ScopeType::Group,
            ScopeType::Trip,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
    }
}

/// A role held within one scope. `admin` is held in the global scope (id 0).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Grant {
    pub role: Role,
    pub scope_id: i64,
}

impl Grant {
    pub fn admin() -> Self {
        Grant {
            role: Role::Admin,
            scope_id: 0,
        }
    }

    pub fn new(role: Role, scope_id: i64) -> Self {
        Grant { role, scope_id }
    }

    /// Reads a stored row; rows with an unknown role or a mismatched scope are skipped.
    pub fn from_row(role: &str, scope_type: &str, scope_id: i64) -> Option<Self> {
        let role = Role::parse(role)?;
        (ScopeType::parse(scope_type)? == role.scope_type()).then_some(Grant { role, scope_id })
    }
}

/// The person making a request, with every role they hold.
#[derive(Clone, Debug)]
pub struct AuthUser {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub locale: Lang,
    pub email_verified: bool,
    pub grants: Vec<Grant>,
}

impl AuthUser {
    pub fn is_admin(&self) -> bool {
        self.grants.iter().any(|g| g.role == Role::Admin)
    }

    pub fn holds(&self, role: Role, scope_id: i64) -> bool {
        self.grants
            .iter()
            .any(|g| g.role == role && g.scope_id == scope_id)
    }

    /// Scope ids in which the user holds `role`.
    pub fn scopes_of(&self, role: Role) -> impl Iterator<Item = i64> + '_ {
        self.grants
            .iter()
            .filter(move |g| g.role == role)
            .map(|g| g.scope_id)
    }

    /// Admins, and the coordinators of this partnership.
    pub fn coordinates_partnership(&self, partnership_id: i64) -> bool {
        self.is_admin() || self.holds(Role::PartnershipCoordinator, partnership_id)
    }
}

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

    #[test]
    fn roles_round_trip_and_scopes_must_match() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert!(Grant::from_row("admin", "global", 0).is_some());
        assert!(Grant::from_row("admin", "partnership", 3).is_none());
        assert!(Grant::from_row("wizard", "global", 0).is_none());
    }
}
