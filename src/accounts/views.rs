//! Account pages' data.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The login form, as typed (the password is never sent back).
#[derive(Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct LoginForm {
    pub email: String,
    #[serde(skip_serializing)]
    pub password: String,
    pub next: String,
}

crate::debug_redacted!(LoginForm { email, next; password });

#[derive(Serialize)]
pub struct LoginView {
    pub form: LoginForm,
    /// A message for the whole form (wrong credentials, too many attempts).
    pub error: Option<String>,
}

#[derive(Serialize)]
pub struct SignUpView {
    pub form: super::handlers::SignUpForm,
    pub errors: BTreeMap<String, Vec<String>>,
    pub languages: Vec<(&'static str, &'static str)>,
}

#[derive(Serialize)]
pub struct RoleView {
    pub role: &'static str,
    pub scope_name: Option<String>,
    pub scope_url: Option<String>,
}
