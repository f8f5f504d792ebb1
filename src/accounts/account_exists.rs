//! The email telling an account's owner that someone tried to sign up with their address.

use chrono::{DateTime, Utc};
use entity::user;
use sea_orm::ConnectionTrait;
use serde::Serialize;

use crate::error::AppResult;
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::web::i18n::Lang;

#[derive(Serialize)]
struct AccountExistsMail<'a> {
    login_link: &'a str,
    reset_link: &'a str,
}

/// Tells an account's owner that someone tried to sign up with their address (in the caller's
/// transaction): how to log in or choose a new password, and to ignore it if it was not them.
pub async fn queue_account_exists(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    u: &user::Model,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let lang = Lang::parse(&u.locale).unwrap_or(Lang::Fr);
    let login = mailer.link("/login");
    let reset = mailer.link("/forgot-password");
    outbox::queue(
        conn,
        mailer,
        OutgoingEmail::new(
            MailTemplate::AccountExists,
            lang,
            &u.email,
            &u.display_name,
            AccountExistsMail {
                login_link: &login,
                reset_link: &reset,
            },
        ),
        now,
    )
    .await?;
    Ok(())
}
