//! Mail settings: the sender, the reply-to address, the SMTP server, retries and timeout.

use super::ConfigError;
use super::vars::Vars;
use crate::security::{Secret, redact_url};

pub(super) struct MailSettings {
    pub mail_from: lettre::message::Mailbox,
    pub mail_reply_to: Option<lettre::message::Mailbox>,
    pub smtp_url: Option<Secret<String>>,
    pub mail_max_attempts: i32,
    pub smtp_timeout: std::time::Duration,
    pub mail_lease_margin: std::time::Duration,
}

/// `host` is the public site's domain, the default sender's.
pub(super) fn mail_settings(
    vars: &Vars<impl Fn(&str) -> Option<String>>,
    host: &str,
) -> Result<MailSettings, ConfigError> {
    let mailbox = |var: &'static str, value: String| {
        value.parse::<lettre::message::Mailbox>().map_err(|e| {
            ConfigError::new(
                var,
                format!(
                    "'{value}' is not an address such as Passerelle <noreply@example.org> ({e})"
                ),
            )
        })
    };
    let mail_from = mailbox(
        "PASSERELLE_MAIL_FROM",
        vars.get("PASSERELLE_MAIL_FROM")
            .unwrap_or(format!("Passerelle <noreply@{host}>")),
    )?;
    let mail_reply_to = vars
        .get("PASSERELLE_MAIL_REPLY_TO")
        .map(|v| mailbox("PASSERELLE_MAIL_REPLY_TO", v))
        .transpose()?;
    let smtp_url = match vars.get("PASSERELLE_SMTP_URL") {
        None => None,
        Some(u) => {
            lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(&u).map_err(|e| {
                ConfigError::new("PASSERELLE_SMTP_URL", format!("'{}' is not an SMTP URL such as smtp://user:pass@host:587?tls=required ({e})", redact_url(&u)))
            })?;
            Some(Secret::new(u))
        }
    };
    let mail_max_attempts: i32 = vars.within(
        "PASSERELLE_MAIL_MAX_ATTEMPTS",
        8,
        "a number of attempts",
        1..=50,
        "must be between 1 and 50",
    )?;
    let smtp_timeout: u64 = vars.within(
        "PASSERELLE_SMTP_TIMEOUT_SECS",
        30,
        "a number of seconds",
        1..=600,
        "must be between 1 and 600",
    )?;
    // What a message's lease adds to the SMTP timeout (the database writes around the sending);
    // a topology test lowers it so that a dead instance's claims come back within seconds.
    let lease_margin: u64 = vars.within(
        "PASSERELLE_MAIL_LEASE_MARGIN_SECS",
        30,
        "a number of seconds",
        1..=600,
        "must be between 1 and 600",
    )?;
    Ok(MailSettings {
        mail_lease_margin: std::time::Duration::from_secs(lease_margin),
        mail_from,
        mail_reply_to,
        smtp_url,
        mail_max_attempts,
        smtp_timeout: std::time::Duration::from_secs(smtp_timeout),
    })
}
