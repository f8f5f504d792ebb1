//! Emails as values: what is queued, how long to wait before trying again, what a header may hold.

use serde::Serialize;

use crate::error::{FieldError, FieldErrors};
use crate::web::i18n::Lang;

/// A file to attach (an .ics invitation, a CSV pickup sheet ...).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attachment {
    pub filename: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// The emails Passerelle writes, each a directory `templates/mail/<name>/` with
/// `subject.txt.tera`, `body.txt.tera` and `body.html.tera` (checked at start-up).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MailTemplate {
    VerifyEmail,
    ResetPassword,
    Invitation,
    ProducerApproved,
    ProducerRejected,
    PaymentRequest,
    CampaignNews,
    CampaignResult,
    PurchaseOrder,
    BookingNews,
    SupportRequest,
    TrainingInvitation,
    EmailChanged,
    AccountExists,
    ProducerPaid,
    AccountClosed,
}

impl MailTemplate {
    pub const ALL: [MailTemplate; 16] = [
        MailTemplate::VerifyEmail,
        MailTemplate::ResetPassword,
        MailTemplate::Invitation,
        MailTemplate::ProducerApproved,
        MailTemplate::ProducerRejected,
        MailTemplate::PaymentRequest,
        MailTemplate::CampaignNews,
        MailTemplate::CampaignResult,
        MailTemplate::PurchaseOrder,
        MailTemplate::BookingNews,
        MailTemplate::SupportRequest,
        MailTemplate::TrainingInvitation,
        MailTemplate::EmailChanged,
        MailTemplate::AccountExists,
        MailTemplate::ProducerPaid,
        MailTemplate::AccountClosed,
    ];

    pub fn name(self) -> &'static str {
        match self {
            MailTemplate::VerifyEmail => "verify_email",
            MailTemplate::ResetPassword => "reset_password",
            MailTemplate::Invitation => "invitation",
            MailTemplate::ProducerApproved => "producer_approved",
            MailTemplate::ProducerRejected => "producer_rejected",
            MailTemplate::PaymentRequest => "payment_request",
            MailTemplate::CampaignNews => "campaign_news",
            MailTemplate::CampaignResult => "campaign_result",
            MailTemplate::PurchaseOrder => "purchase_order",
            MailTemplate::BookingNews => "booking_news",
            MailTemplate::SupportRequest => "support_request",
            MailTemplate::TrainingInvitation => "training_invitation",
            MailTemplate::EmailChanged => "email_changed",
            MailTemplate::AccountExists => "account_exists",
            MailTemplate::ProducerPaid => "producer_paid",
            MailTemplate::AccountClosed => "account_closed",
        }
    }

    pub const PARTS: [&'static str; 3] = ["subject.txt", "body.txt", "body.html"];

    pub fn part(self, part: &str) -> String {
        format!("mail/{}/{part}.tera", self.name())
    }
}

/// An email to queue: the template rendered in `lang`.
#[derive(Clone)]
pub struct OutgoingEmail {
    pub template: MailTemplate,
    pub lang: Lang,
    pub to_email: String,
    pub to_name: String,
    pub reply_to: Option<String>,
    /// Template variables (besides `lang`, `site_url` and `to_name`).
    pub context: serde_json::Value,
    pub attachments: Vec<Attachment>,
    /// For an optional email: the one-click unsubscribe link (shown in the email and sent as
    /// `List-Unsubscribe`).
    pub unsubscribe_url: Option<String>,
}

/// The context's values hold links with one-time tokens (address verification, password reset,
/// invitations): `Debug` names its keys only.
impl std::fmt::Debug for OutgoingEmail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys: Vec<&str> = self
            .context
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        f.debug_struct("OutgoingEmail")
            .field("template", &self.template)
            .field("lang", &self.lang)
            .field("to_email", &self.to_email)
            .field("to_name", &self.to_name)
            .field("reply_to", &self.reply_to)
            .field("context_keys", &keys)
            .field("attachments", &self.attachments.len())
            .field("optional", &self.unsubscribe_url.is_some())
            .finish()
    }
}

impl OutgoingEmail {
    pub fn new(
        template: MailTemplate,
        lang: Lang,
        to_email: &str,
        to_name: &str,
        context: impl Serialize,
    ) -> Self {
        OutgoingEmail {
            template,
            lang,
            to_email: to_email.to_owned(),
            to_name: to_name.to_owned(),
            reply_to: None,
            context: serde_json::to_value(context).unwrap_or(serde_json::Value::Null),
            attachments: Vec::new(),
            unsubscribe_url: None,
        }
    }

    /// Marks the email optional: it carries this one-click unsubscribe link.
    pub fn optional(mut self, unsubscribe_url: String) -> Self {
        self.unsubscribe_url = Some(unsubscribe_url);
        self
    }

    pub fn attach(mut self, a: Attachment) -> Self {
        self.attachments.push(a);
        self
    }

    /// Refuses what could break or inject headers: invalid addresses, line breaks in names.
    pub fn check(&self) -> Result<(), FieldErrors> {
        let mut errors = FieldErrors::new();
        if self.to_email.parse::<lettre::Address>().is_err() || has_line_break(&self.to_email) {
            errors.add("to_email", FieldError::new("email"));
        }
        if let Some(r) = &self.reply_to
            && (r.parse::<lettre::message::Mailbox>().is_err() || has_line_break(r))
        {
            errors.add("reply_to", FieldError::new("email"));
        }
        if self.to_name.chars().any(char::is_control) {
            errors.add("to_name", FieldError::new("no-control-chars"));
        }
        for a in &self.attachments {
            if has_line_break(&a.filename)
                || has_line_break(&a.content_type)
                || a.content_type
                    .parse::<lettre::message::header::ContentType>()
                    .is_err()
            {
                errors.add("attachments", FieldError::new("attachment"));
            }
        }
        errors.check()
    }
}

pub fn has_line_break(s: &str) -> bool {
    s.contains(['\r', '\n'])
}

/// A subject rendered from a template: one line, trimmed. Anything else is a template bug
/// or an injection attempt, and is refused.
pub fn clean_subject(rendered: &str) -> Option<String> {
    let s = rendered.trim();
    (!s.is_empty() && !has_line_break(s) && s.chars().count() <= 250).then(|| s.to_owned())
}

/// A fresh Message-ID for `domain`; kept with the message so that every retry carries it.
pub fn message_id(domain: &str) -> String {
    format!("<{}@{}>", uuid::Uuid::new_v4(), domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_injection_is_refused() {
        let mut e = OutgoingEmail::new(
            MailTemplate::VerifyEmail,
            Lang::Fr,
            "a@example.org",
            "Amina",
            (),
        );
        assert!(e.check().is_ok());
        e.to_name = "Amina\r\nBcc: victim@example.org".into();
        assert!(e.check().unwrap_err().0.contains_key("to_name"));
        e.to_name = "Amina".into();
        e.to_email = "a@example.org\r\nBcc: victim@example.org".into();
        assert!(e.check().unwrap_err().0.contains_key("to_email"));
        e.to_email = "not an address".into();
        assert!(e.check().is_err());
        assert_eq!(clean_subject("  Bienvenue \n"), Some("Bienvenue".into()));
        assert_eq!(clean_subject("Bienvenue\nBcc: x"), None);
        assert_eq!(clean_subject("   "), None);
    }
}
