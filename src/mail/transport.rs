//! Delivering a stored message: SMTP through lettre (STARTTLS or TLS, with credentials) from
//! `PASSERELLE_SMTP_URL`, or, by default, an .eml file per message under `<data dir>/mail`.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use base64::Engine as _;
use entity::outbox_message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

use crate::config::Config;

pub enum MailTransport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Files(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

impl MailTransport {
    pub fn from_config(config: &Config) -> anyhow::Result<Self> {
        match &config.smtp_url {
            Some(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose())
                    .map_err(|e| anyhow::anyhow!("PASSERELLE_SMTP_URL: {e}"))?
                    .timeout(Some(Duration::from_secs(20)))
                    .build();
                Ok(MailTransport::Smtp(transport))
            }
            None => {
                let dir = config.data_dir.join("mail");
                std::fs::create_dir_all(&dir).map_err(|e| {
                    anyhow::anyhow!("PASSERELLE_DATA_DIR: cannot create {}: {e}", dir.display())
                })?;
                Ok(MailTransport::Files(AsyncFileTransport::new(&dir), dir))
            }
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
            MailTransport::Smtp(t) => t
                .send(email)
                .await
                .map(|_| ())
                .map_err(|e| format!("SMTP: {e}")),
            MailTransport::Files(t, dir) => {
                let id = t
                    .send(email)
                    .await
                    .map_err(|e| format!("writing the message: {e}"))?;
                tracing::info!(
                    to = %msg.to_email,
                    subject = %msg.subject,
                    file = %dir.join(format!("{id}.eml")).display(),
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
