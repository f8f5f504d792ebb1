//! Stripe Checkout (card and Bancontact) for payment requests, and the verified webhook that
//! alone marks anything paid. Only the Checkout and webhook parts of async-stripe are used.

use crate::money::Cents;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use stripe::{RequestStrategy, StripeRequest};
use stripe_checkout::checkout_session::{
    CreateCheckoutSession, CreateCheckoutSessionAllowedPaymentMethodTypes,
    CreateCheckoutSessionLineItems, CreateCheckoutSessionLineItemsPriceData, ProductData,
};
use stripe_shared::{CheckoutSessionMode, CheckoutSessionPaymentStatus};
use stripe_webhook::{EventObject, Webhook};

use crate::config::StripeConfig;

pub struct StripeGateway {
    client: stripe::Client,
    webhook_secret: String,
    pub checkout_minutes: i64,
}

/// What a Checkout session is opened for.
pub struct CheckoutOrder<'a> {
    pub reference: &'a str,
    pub description: &'a str,
    pub email: &'a str,
    pub amount_cents: Cents,
    pub success_url: &'a str,
    pub cancel_url: &'a str,
    pub expires_at: DateTime<Utc>,
    pub idempotency_key: &'a str,
}

/// A Checkout session as Passerelle keeps it.
pub struct Session {
    pub id: String,
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// What a verified event says, in Passerelle's terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Happened {
    /// Money arrived for a reference (`external_id` identifies the payment at Stripe).
    Paid {
        reference: Option<String>,
        session_id: String,
        amount_cents: Cents,
        /// ISO 4217, lowercase as Stripe writes it (`eur`).
        currency: String,
        external_id: String,
    },
    /// The customer finished but the money is not there yet (delayed methods).
    Awaiting {
        reference: Option<String>,
        session_id: String,
    },
    /// A delayed payment failed.
    Failed {
        reference: Option<String>,
        session_id: String,
    },
    /// The session ran out before anyone paid.
    Expired {
        reference: Option<String>,
        session_id: String,
    },
    /// Money went back (a refund made here or in Stripe's dashboard).
    Refunded {
        payment_intent: Option<String>,
        charge_id: String,
        refunds: Vec<(String, Cents)>,
    },
    /// Nothing Passerelle acts on.
    Other,
}

#[derive(Debug)]
pub struct VerifiedEvent {
    pub id: String,
    pub event_type: String,
    pub happened: Happened,
}

#[derive(Debug, thiserror::Error)]
pub enum WebhookRejection {
    #[error("the Stripe-Signature header is missing or does not match")]
    Signature,
    #[error("the event could not be read: {0}")]
    Body(String),
}

fn reference_of(
    metadata: Option<&HashMap<String, String>>,
    client_reference_id: Option<&String>,
) -> Option<String> {
    metadata
        .and_then(|m| m.get("reference").cloned())
        .or_else(|| client_reference_id.cloned())
}

impl StripeGateway {
    pub fn from_config(c: &StripeConfig) -> anyhow::Result<Self> {
        let mut builder = stripe::ClientBuilder::new(c.secret_key.expose().clone());
        if let Some(base) = &c.api_base {
            builder = builder.url(base.trim_end_matches('/'));
        }
        let client = builder
            .build()
            .map_err(|e| anyhow::anyhow!("STRIPE_SECRET_KEY: {e}"))?;
        Ok(StripeGateway {
            client,
            webhook_secret: c.webhook_secret.expose().clone(),
            checkout_minutes: c.checkout_minutes,
        })
    }

    /// Opens a Checkout session for `amount_cents` (card and Bancontact, EUR), the reference in
    /// metadata; the idempotency key makes a retried creation return the same session.
    pub async fn create_checkout(&self, o: &CheckoutOrder<'_>) -> Result<Session, String> {
        let mut price = CreateCheckoutSessionLineItemsPriceData::new(stripe_types::Currency::EUR);
        price.unit_amount = Some(o.amount_cents.get());
        price.product_data = Some(ProductData::new(
            o.description.chars().take(120).collect::<String>(),
        ));
        let mut item = CreateCheckoutSessionLineItems::new();
        item.price_data = Some(price);
        item.quantity = Some(1);
        let metadata: HashMap<String, String> =
            [("reference".to_owned(), o.reference.to_owned())].into();
        let key = stripe::IdempotencyKey::new(o.idempotency_key)
            .map_err(|e| format!("idempotency key: {e}"))?;
        let session = CreateCheckoutSession::new()
            .mode(CheckoutSessionMode::Payment)
            .line_items(vec![item])
            .allowed_payment_method_types(vec![
                CreateCheckoutSessionAllowedPaymentMethodTypes::Card,
                CreateCheckoutSessionAllowedPaymentMethodTypes::Bancontact,
            ])
            .client_reference_id(o.reference)
            .customer_email(o.email)
            .metadata(metadata)
            .success_url(o.success_url)
            .cancel_url(o.cancel_url)
            .expires_at(o.expires_at.timestamp())
            .customize()
            .request_strategy(RequestStrategy::Idempotent(key))
            .send(&self.client)
            .await
            .map_err(|e| format!("Stripe: {e}"))?;
        let url = session
            .url
            .clone()
            .ok_or("Stripe returned a session without a URL")?;
        Ok(Session {
            id: session.id.to_string(),
            url,
            expires_at: DateTime::from_timestamp(session.expires_at, 0).unwrap_or(o.expires_at),
        })
    }

    /// Refunds part or all of a card payment (its payment intent); the idempotency key makes a
    /// retry return the same refund. Returns the refund's id and whether it already succeeded.
    pub async fn create_refund(
        &self,
        payment_intent: &str,
        amount_cents: Cents,
        reference: &str,
        idempotency_key: &str,
    ) -> Result<(String, bool), String> {
        let key = stripe::IdempotencyKey::new(idempotency_key)
            .map_err(|e| format!("idempotency key: {e}"))?;
        let metadata: HashMap<String, String> =
            [("reference".to_owned(), reference.to_owned())].into();
        let refund = stripe_core::refund::CreateRefund::new()
            .payment_intent(payment_intent)
            .amount(amount_cents.get())
            .metadata(metadata)
            .customize()
            .request_strategy(RequestStrategy::Idempotent(key))
            .send(&self.client)
            .await
            .map_err(|e| format!("Stripe: {e}"))?;
        let done = refund
            .status
            .as_ref()
            .is_some_and(|s| s.as_str() == "succeeded");
        Ok((refund.id.to_string(), done))
    }

    /// Checks the signature (HMAC-SHA256 of `t.payload`, at most 5 minutes old by `now`) on the
    /// raw body and reads the event.
    pub fn verify(
        &self,
        body: &str,
        signature: &str,
        now: DateTime<Utc>,
    ) -> Result<VerifiedEvent, WebhookRejection> {
        let event = Webhook::construct_event_with_timestamp(
            body,
            signature,
            &self.webhook_secret,
            now.timestamp(),
        )
        .map_err(|e| match e {
            stripe_webhook::WebhookError::BadParse(e) => WebhookRejection::Body(e.to_string()),
            _ => WebhookRejection::Signature,
        })?;
        let event_type = event.type_.to_string();
        let happened = match event.data.object {
            EventObject::CheckoutSessionCompleted(s)
            | EventObject::CheckoutSessionAsyncPaymentSucceeded(s) => {
                let reference = reference_of(s.metadata.as_ref(), s.client_reference_id.as_ref());
                let session_id = s.id.to_string();
                match s.payment_status {
                    CheckoutSessionPaymentStatus::Paid => Happened::Paid {
                        reference,
                        external_id: s
                            .payment_intent
                            .as_ref()
                            .map(|p| p.id().to_string())
                            .unwrap_or_else(|| session_id.clone()),
                        amount_cents: Cents(s.amount_total.unwrap_or(0)),
                        currency: s
                            .currency
                            .as_ref()
                            .map(|c| c.to_string().to_lowercase())
                            .unwrap_or_default(),
                        session_id,
                    },
                    _ => Happened::Awaiting {
                        reference,
                        session_id,
                    },
                }
            }
            EventObject::CheckoutSessionAsyncPaymentFailed(s) => Happened::Failed {
                reference: reference_of(s.metadata.as_ref(), s.client_reference_id.as_ref()),
                session_id: s.id.to_string(),
            },
            EventObject::CheckoutSessionExpired(s) => Happened::Expired {
                reference: reference_of(s.metadata.as_ref(), s.client_reference_id.as_ref()),
                session_id: s.id.to_string(),
            },
            EventObject::ChargeRefunded(c) => Happened::Refunded {
                payment_intent: c.payment_intent.as_ref().map(|p| p.id().to_string()),
                charge_id: c.id.to_string(),
                refunds: c
                    .refunds
                    .as_ref()
                    .map(|l| {
                        l.data
                            .iter()
                            .map(|r| (r.id.to_string(), Cents(r.amount)))
                            .collect()
                    })
                    .unwrap_or_default(),
            },
            _ => Happened::Other,
        };
        Ok(VerifiedEvent {
            id: event.id.to_string(),
            event_type,
            happened,
        })
    }
}
