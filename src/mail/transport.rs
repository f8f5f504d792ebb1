//! Delivering a stored message: SMTP through lettre (STARTTLS or TLS, with credentials) from
//! `PASSERELLE_SMTP_URL`, or, by default, an .eml file per message under `mail/` in the storage
//! (the data directory, or the object store that several instances share).

use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use entity::outbox_message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use super::unsubscribe::{ListUnsubscribe, ListUnsubscribePost};
use crate::config::Config;
use crate::media::storage::Storage;

pub enum MailTransport {
    Smtp(Smtp),
    /// `mail/<message id>.eml` in the storage: written again, not twice, when a sending is retried.
    Files(Storage),
}

/// An SMTP relay whose every sending is cut at `timeout` (connection, each command and the
/// whole message): a server that answers slowly cannot hold the worker past its lease.
pub struct Smtp {
    url: String,
    timeout: Duration,
    /// Replaced after a timeout: a connection cut in the middle of a command is never reused.
    current: Mutex<AsyncSmtpTransport<Tokio1Executor>>,
}

impl Smtp {
    fn new(url: &str, timeout: Duration) -> anyhow::Result<Self> {
        Ok(Smtp {
            url: url.to_owned(),
            timeout,
            current: Mutex::new(Self::connect(url, timeout)?),
        })
    }

    fn connect(url: &str, timeout: Duration) -> anyhow::Result<AsyncSmtpTransport<Tokio1Executor>> {
        Ok(AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("PASSERELLE_SMTP_URL: {e}"))?
            .timeout(Some(timeout))
            .build())
    }

    fn transport(&self) -> AsyncSmtpTransport<Tokio1Executor> {
        self.current
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    async fn send(&self, email: Message) -> Result<(), String> {
        let transport = self.transport();
        match tokio::time::timeout(self.timeout, transport.send(email)).await {
            Ok(sent) => sent.map(|_| ()).map_err(|e| format!("SMTP: {e}")),
            Err(_) => {
                if let Ok(fresh) = Self::connect(&self.url, self.timeout) {
                    *self
                        .current
                        .lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner()) = fresh;
                }
                Err(format!(
                    "SMTP: no answer within {} s (PASSERELLE_SMTP_TIMEOUT_SECS)",
                    self.timeout.as_secs()
                ))
            }
        }
    }
}

impl MailTransport {
    pub fn from_config(config: &Config, storage: &Storage) -> anyhow::Result<Self> {
        match &config.smtp_url {
            Some(url) => Ok(MailTransport::Smtp(Smtp::new(
                url.expose(),
                config.smtp_timeout,
            )?)),
            None => Ok(MailTransport::Files(storage.clone())),
        }
    }

    /// Sends one message; the error text is what admins see on the outbox page.
    pub async fn send(
        &self,
        msg: &outbox_message::Model,
        from: &Mailbox,
        reply_to: Option<&Mailbox>,
    ) -> Result<(), String> {
        let email = build(msg, from, reply_to)?;
        match self {
            MailTransport::Smtp(t) => t.send(email).await,
            MailTransport::Files(storage) => {
                let key = format!("mail/{}.eml", msg.id);
                storage
                    .put(&key, email.formatted())
                    .await
                    .map_err(|e| format!("writing the message: {e:?}"))?;
                tracing::info!(
                    to = %msg.to_email,
                    subject = %msg.subject,
                    file = %key,
                    storage = %storage.description,
                    "email written"
                );
                Ok(())
            }
        }
    }
}

/// The MIME message: multipart/alternative (text, HTML), inside multipart/mixed when there are
/// attachments. Date is when it was queued and Message-ID is the stored one, so a retry is the
/// same message.
pub fn build(
    msg: &outbox_message::Model,
    from: &Mailbox,
    reply_to: Option<&Mailbox>,
) -> Result<Message, String> {
    let to = Mailbox::new(
        (!msg.to_name.is_empty()).then(|| msg.to_name.clone()),
        msg.to_email
            .parse()
            .map_err(|e| format!("recipient {}: {e}", msg.to_email))?,
    );
    let mut builder = Message::builder()
        .message_id(Some(msg.message_id.clone()))
        .date(SystemTime::from(msg.created_at))
        .from(from.clone())
        .to(to)
        .subject(msg.subject.clone());
    let reply = match &msg.reply_to {
        Some(r) => Some(
            r.parse::<Mailbox>()
                .map_err(|e| format!("reply-to {r}: {e}"))?,
        ),
        None => reply_to.cloned(),
    };
    if let Some(r) = reply {
        builder = builder.reply_to(r);
    }
    if let Some(url) = &msg.unsubscribe_url {
        builder = builder
            .header(ListUnsubscribe(url.clone()))
            .header(ListUnsubscribePost);
    }
    let alternative =
        MultiPart::alternative_plain_html(msg.body_text.clone(), msg.body_html.clone());
    let body = if msg.attachments.0.is_empty() {
        alternative
    } else {
        let mut mixed = MultiPart::mixed().multipart(alternative);
        for a in &msg.attachments.0 {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(&a.data_base64)
                .map_err(|e| format!("attachment {}: {e}", a.filename))?;
            let content_type = ContentType::parse(&a.content_type)
                .map_err(|e| format!("attachment {}: {e}", a.filename))?;
            let part: SinglePart = Attachment::new(a.filename.clone()).body(bytes, content_type);
            mixed = mixed.singlepart(part);
        }
        mixed
    };
    builder
        .multipart(body)
        .map_err(|e| format!("building the message: {e}"))
}
