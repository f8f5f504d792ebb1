//! The email asking for a payment (and the transfer block other emails reuse): what is left to
//! pay, the account, the structured communication, the due date in the payer's language, the
//! EPC QR code as a PNG and the link to the payment page.

use crate::money::Cents;
use chrono::{DateTime, Utc};
use entity::payment_request;
use sea_orm::ConnectionTrait;
use serde::Serialize;

use super::domain::{self, Ogm};
use crate::error::{AppError, AppResult};
use crate::web::i18n::Lang;

/// What an email shows to pay a request by transfer (the payment email, a campaign's result).
#[derive(Clone, Debug, Serialize)]
pub struct PaymentMail {
    pub description: String,
    pub amount: String,
    pub creditor_name: String,
    pub iban: String,
    pub bic: Option<String>,
    pub ogm: String,
    pub due_on: Option<String>,
    pub link: String,
}

/// The transfer details of a request still owed, and its EPC QR code as a PNG to attach
/// (drawn here: call it from a blocking thread, or use [`queue_payment_email`]).
pub fn payment_mail(
    mailer: &crate::mail::outbox::Mailer,
    r: &payment_request::Model,
    lang: Lang,
) -> AppResult<(PaymentMail, Option<crate::mail::domain::Attachment>)> {
    let (mail, ogm, owed) = transfer(mailer, r, lang)?;
    let png = super::qr::epc_code(
        &r.creditor_name,
        &r.creditor_iban,
        r.creditor_bic.as_deref(),
        owed,
        &ogm,
    )
    .and_then(|c| super::qr::png(&c))
    .map(qr_attachment);
    Ok((mail, png))
}

fn qr_attachment(bytes: Vec<u8>) -> crate::mail::domain::Attachment {
    crate::mail::domain::Attachment {
        filename: "virement-qr.png".into(),
        content_type: "image/png".into(),
        bytes,
    }
}

/// What the email shows to pay by transfer, the structured communication and what is owed.
fn transfer(
    mailer: &crate::mail::outbox::Mailer,
    r: &payment_request::Model,
    lang: Lang,
) -> AppResult<(PaymentMail, Ogm, Cents)> {
    let ogm = Ogm::parse(&r.ogm)
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("bad ogm on {}", r.reference)))?;
    let owed = domain::remaining(r.amount_cents, r.paid_cents, r.refunded_cents);
    let mail = PaymentMail {
        description: r.description.clone(),
        amount: owed.euros(),
        creditor_name: r.creditor_name.clone(),
        iban: domain::format_iban(&r.creditor_iban),
        bic: r.creditor_bic.clone(),
        ogm: ogm.formatted(),
        due_on: r.due_on.map(|d| crate::web::format::date(lang, d)),
        link: mailer.link(&format!("/pay/{}", r.reference)),
    };
    Ok((mail, ogm, owed))
}

/// Queues the email asking for a payment, in the caller's transaction: amount, account,
/// structured communication, the EPC QR code as a PNG to scan, and the link to the payment page
/// (where card payment is offered when Stripe is set up).
pub async fn queue_payment_email(
    conn: &impl ConnectionTrait,
    mailer: &crate::mail::outbox::Mailer,
    r: &payment_request::Model,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<()> {
    use crate::mail::domain::{MailTemplate, OutgoingEmail};
    let (mail, ogm, owed) = transfer(mailer, r, lang)?;
    let png = super::qr::epc_png(
        r.creditor_name.clone(),
        r.creditor_iban.clone(),
        r.creditor_bic.clone(),
        owed,
        ogm,
    )
    .await
    .map(qr_attachment);
    let mut email = OutgoingEmail::new(
        MailTemplate::PaymentRequest,
        lang,
        &r.payer_email,
        &r.payer_name,
        mail,
    );
    if let Some(png) = png {
        email = email.attach(png);
    }
    crate::mail::outbox::queue(conn, mailer, email, now).await?;
    Ok(())
}
