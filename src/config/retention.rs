//! How long personal data is kept before the daily retention jobs erase it: travellers'
//! sensitive details after their stay, accounts whose address was never confirmed, the bodies
//! of emails already sent (and, later, their recipients and subjects), finished jobs' payloads,
//! and the grace before ended links and invitations are purged.

use super::ConfigError;
use super::vars::Vars;

/// The retention periods, in days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Travellers' phone, dietary and accessibility needs are erased this long after the stay ends.
    pub traveller_days: i64,
    /// Accounts whose address was never confirmed are deleted this long after sign-up (when
    /// they own nothing).
    pub unverified_days: i64,
    /// Sent emails keep their body and attachments this long (who, when and subject stay).
    pub mail_body_days: i64,
    /// Used or expired links and invitations are kept this long (so that a late click is told
    /// the link ended rather than that it never existed).
    pub token_days: i64,
    /// Sent (or failed) emails keep who they went to and their subject this long; then the
    /// outbox keeps only that an email of a kind was sent, when.
    pub mail_meta_days: i64,
    /// Finished jobs keep their payload (which may name a booking or a person) this long.
    pub job_days: i64,
}

impl Default for Retention {
    fn default() -> Self {
        Self {
            traveller_days: 30,
            unverified_days: 30,
            mail_body_days: 90,
            token_days: 7,
            mail_meta_days: 365,
            job_days: 30,
        }
    }
}

pub(super) fn retention(
    vars: &Vars<impl Fn(&str) -> Option<String>>,
) -> Result<Retention, ConfigError> {
    let d = Retention::default();
    let days = |var: &'static str, default: i64| {
        vars.within(
            var,
            default,
            "a number of days",
            1..=3650,
            "must be between 1 and 3650",
        )
    };
    Ok(Retention {
        traveller_days: days("PASSERELLE_RETENTION_TRAVELLER_DAYS", d.traveller_days)?,
        unverified_days: days("PASSERELLE_RETENTION_UNVERIFIED_DAYS", d.unverified_days)?,
        mail_body_days: days("PASSERELLE_RETENTION_MAIL_BODY_DAYS", d.mail_body_days)?,
        token_days: days("PASSERELLE_RETENTION_TOKEN_DAYS", d.token_days)?,
        mail_meta_days: days("PASSERELLE_RETENTION_MAIL_META_DAYS", d.mail_meta_days)?,
        job_days: days("PASSERELLE_RETENTION_JOB_DAYS", d.job_days)?,
    })
}
