//! Passwords and one-time tokens never appear in `Debug` output (so neither in logs nor in
//! panic messages).

use super::api::{NewPassword, TokenRequest};
use super::domain::{NewAccount, SignUp};
use super::email_handlers::ResetForm;
use super::handlers::SignUpForm;
use super::views::LoginForm;
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::web::i18n::Lang;

const SECRET: &str = "hunter2-correct-horse";

fn assert_hidden(what: &str, debug: String) {
    assert!(!debug.contains(SECRET), "{what} shows the secret: {debug}");
    assert!(
        debug.contains("***"),
        "{what} says a field is hidden: {debug}"
    );
}

#[test]
fn passwords_are_hidden_from_debug() {
    let sign_up = SignUp {
        email: "a@example.org".into(),
        password: SECRET.into(),
        display_name: "A".into(),
        locale: None,
    };
    assert_hidden("SignUp", format!("{sign_up:?}"));
    let debug = format!("{sign_up:#?}");
    assert!(
        debug.contains("a@example.org"),
        "other fields stay: {debug}"
    );
    assert_hidden(
        "SignUpForm",
        format!(
            "{:?}",
            SignUpForm {
                account: sign_up.clone(),
                next: "/".into()
            }
        ),
    );
    let account = NewAccount::try_from(sign_up).expect("a valid sign-up");
    assert_hidden("NewAccount", format!("{account:?}"));
    assert_hidden(
        "TokenRequest",
        format!(
            "{:?}",
            TokenRequest {
                email: "a@example.org".into(),
                password: SECRET.into(),
                name: None,
            }
        ),
    );
    assert_hidden(
        "NewPassword",
        format!(
            "{:?}",
            NewPassword {
                password: SECRET.into()
            }
        ),
    );
    assert_hidden(
        "ResetForm",
        format!(
            "{:?}",
            ResetForm {
                password: SECRET.into(),
                password_confirm: SECRET.into(),
            }
        ),
    );
    assert_hidden(
        "LoginForm",
        format!(
            "{:?}",
            LoginForm {
                email: "a@example.org".into(),
                password: SECRET.into(),
                next: "/".into(),
            }
        ),
    );
    assert_hidden(
        "DemoReport",
        format!(
            "{:?}",
            crate::demo::DemoReport {
                loaded: true,
                accounts: vec![],
                password: SECRET.into(),
            }
        ),
    );
}

#[test]
fn email_links_with_tokens_are_hidden_from_debug() {
    let link = format!("https://example.org/reset-password/{SECRET}");
    let email = OutgoingEmail::new(
        MailTemplate::ResetPassword,
        Lang::Fr,
        "a@example.org",
        "A",
        serde_json::json!({ "link": link }),
    );
    let debug = format!("{email:?}");
    assert!(!debug.contains(SECRET), "{debug}");
    assert!(debug.contains("link"), "the keys are named: {debug}");
}
