//! Card payments: opening a Stripe Checkout session for what is still owed, and applying the
//! verified webhook events exactly once (the success redirect marks nothing paid).

use chrono::{DateTime, Duration, Utc};
use entity::refund::{self, RefundStatus};
use entity::{payment, payment_request, stripe_event};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};

use super::service::{self, Receipt};
use super::stripe::{CheckoutOrder, Happened, StripeGateway, VerifiedEvent};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, retry_lost_race};
use crate::mail::outbox::Mailer;
use crate::money::Cents;
use crate::security::AuthUser;

/// The Checkout URL for the amount still owed: the session already open for that amount, or a
/// new one (a retried creation gets the same session from Stripe through the idempotency key).
pub async fn start_checkout(
    db: &DatabaseConnection,
    gateway: &StripeGateway,
    mailer: &Mailer,
    actor: &AuthUser,
    reference: &str,
    now: DateTime<Utc>,
) -> AppResult<String> {
    let r = service::request_for(db, actor, reference).await?;
    if r.payer_user_id != Some(actor.id) {
        return Err(AppError::NotFound);
    }
    let owed = super::domain::remaining(r.amount_cents, r.paid_cents, r.refunded_cents);
    if owed <= Cents::ZERO || r.cancelled_at.is_some() {
        return Err(AppError::conflict("nothing-owed"));
    }
    if let (Some(url), Some(expires)) = (&r.stripe_checkout_url, r.stripe_expires_at)
        && expires > now + Duration::minutes(5)
        && session_amount(&r) == Some(owed)
    {
        return Ok(url.clone());
    }
    let expires_at = now + Duration::minutes(gateway.checkout_minutes);
    // One key per amount and per half-hour window: a double click gets the same session.
    let window = now.timestamp() / 1800;
    let key = format!("checkout-{}-{}-{window}", r.reference, owed.get());
    let success = mailer.link(&format!("/pay/{}?checkout=done", r.reference));
    let cancel = mailer.link(&format!("/pay/{}", r.reference));
    let session = gateway
        .create_checkout(&CheckoutOrder {
            reference: &r.reference,
            description: &r.description,
            email: &r.payer_email,
            amount_cents: owed,
            success_url: &success,
            cancel_url: &cancel,
            expires_at,
            idempotency_key: &key,
        })
        .await
        .map_err(AppError::Unavailable)?;
    let mut a: payment_request::ActiveModel = r.into();
    a.stripe_session_id = Set(Some(format!("{}|{}", session.id, owed.get())));
    a.stripe_checkout_url = Set(Some(session.url.clone()));
    a.stripe_expires_at = Set(Some(session.expires_at));
    a.updated_at = Set(now);
    a.update(db).await?;
    Ok(session.url)
}

/// The amount the stored session was opened for.
fn session_amount(r: &payment_request::Model) -> Option<Cents> {
    r.stripe_session_id
        .as_ref()?
        .split_once('|')?
        .1
        .parse()
        .ok()
        .map(Cents)
}

/// What a card payment through `session` should bring: the amount that session was opened
/// for, else what is still owed.
fn expected_amount(r: &payment_request::Model, session: &str) -> Cents {
    session_amount(r)
        .filter(|_| session_id(r) == Some(session))
        .unwrap_or_else(|| super::domain::remaining(r.amount_cents, r.paid_cents, r.refunded_cents))
}

fn session_id(r: &payment_request::Model) -> Option<&str> {
    r.stripe_session_id
        .as_deref()
        .and_then(|s| s.split_once('|'))
        .map(|(id, _)| id)
}

/// What became of an event.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Seen before: nothing changed.
    Duplicate,
    /// Applied (or nothing to do), with what happened, for the log.
    Done(&'static str),
}

/// Applies a verified event once: its id is stored in the same transaction as its effects, so a
/// repeated or concurrent delivery changes nothing, and a payment at Stripe (its payment intent)
/// is recorded once whatever the events that tell of it.
#[tracing::instrument(skip_all)]
pub async fn handle_event(
    db: &DatabaseConnection,
    event: VerifiedEvent,
    now: DateTime<Utc>,
) -> AppResult<Outcome> {
    // Deliveries of one event at once: the runs that lose the race see the winner's rows.
    retry_lost_race(|| handle_once(db, &event, now)).await
}

async fn handle_once(
    db: &DatabaseConnection,
    event: &VerifiedEvent,
    now: DateTime<Utc>,
) -> AppResult<Outcome> {
    let txn = crate::db::begin_write(db).await?;
    if stripe_event::Entity::find_by_id(event.id.clone())
        .count(&txn)
        .await?
        > 0
    {
        return Ok(Outcome::Duplicate);
    }
    let find = |reference: &Option<String>| {
        let reference = reference.clone();
        let txn = &txn;
        async move {
            match reference {
                Some(r) => payment_request::Entity::find()
                    .filter(payment_request::Column::Reference.eq(r))
                    .one(txn)
                    .await
                    .map_err(AppError::from),
                None => Ok(None),
            }
        }
    };
    let (outcome, reference) = match &event.happened {
        Happened::Paid {
            reference,
            amount_cents,
            ..
        } if *amount_cents <= Cents::ZERO => ("refused_amount", reference.clone()),
        Happened::Paid {
            reference,
            currency,
            ..
        } if currency != "eur" => ("refused_currency", reference.clone()),
        Happened::Paid {
            reference,
            session_id,
            amount_cents,
            currency: _,
            external_id,
        } => match find(reference).await? {
            None => ("unknown_reference", reference.clone()),
            Some(r) => {
                let external = format!("stripe:{external_id}");
                let seen = payment::Entity::find()
                    .filter(payment::Column::ExternalId.eq(external.as_str()))
                    .count(&txn)
                    .await?
                    > 0;
                if seen {
                    ("already_recorded", reference.clone())
                } else {
                    service::apply_payment(
                        &txn,
                        &r,
                        Receipt {
                            amount_cents: *amount_cents,
                            received_on: now.date_naive(),
                            method: "stripe",
                            external_id: Some(external),
                            counterparty: Some(r.payer_email.clone()),
                            recorded_by: None,
                            expected_cents: Some(expected_amount(&r, session_id)),
                        },
                        now,
                    )
                    .await?;
                    clear_session(&txn, &r, None, now).await?;
                    ("paid", reference.clone())
                }
            }
        },
        Happened::Awaiting { reference, .. } => ("awaiting", reference.clone()),
        Happened::Failed {
            reference,
            session_id,
        }
        | Happened::Expired {
            reference,
            session_id,
        } => match find(reference).await? {
            None => ("unknown_reference", reference.clone()),
            Some(r) => {
                clear_session(&txn, &r, Some(session_id), now).await?;
                (
                    if matches!(event.happened, Happened::Failed { .. }) {
                        "failed"
                    } else {
                        "expired"
                    },
                    reference.clone(),
                )
            }
        },
        Happened::Refunded {
            payment_intent,
            refunds,
            ..
        } => {
            let paid = match payment_intent {
                Some(pi) => {
                    payment::Entity::find()
                        .filter(payment::Column::ExternalId.eq(format!("stripe:{pi}")))
                        .one(&txn)
                        .await?
                }
                None => None,
            };
            match paid {
                None => ("unknown_reference", None),
                Some(p) => {
                    let r = payment_request::Entity::find_by_id(p.payment_request_id)
                        .one_or_404(&txn)
                        .await?;
                    for (refund_id, amount) in refunds {
                        let known = refund::Entity::find()
                            .filter(refund::Column::ExternalId.eq(refund_id.as_str()))
                            .one(&txn)
                            .await?;
                        match known {
                            // Asked for here: the money has now gone back.
                            Some(f) if f.status != RefundStatus::Done => {
                                let mut a: refund::ActiveModel = f.into();
                                a.status = Set(RefundStatus::Done);
                                a.done_at = Set(Some(now));
                                a.update(&txn).await?;
                            }
                            Some(_) => {}
                            // Made in Stripe's dashboard: recorded now, once.
                            None => {
                                let current = payment_request::Entity::find_by_id(r.id)
                                    .one_or_404(&txn)
                                    .await?;
                                service::record_refund(
                                    &txn,
                                    &current,
                                    service::RefundRecord {
                                        method: "stripe",
                                        amount_cents: *amount,
                                        reason: "refunded at Stripe",
                                        external_id: Some(refund_id.clone()),
                                        requested_by: None,
                                        status: RefundStatus::Done,
                                        still_owed: false,
                                    },
                                    now,
                                )
                                .await?;
                            }
                        }
                    }
                    ("refunded", Some(r.reference.clone()))
                }
            }
        }
        Happened::Other => ("ignored", None),
    };
    stripe_event::ActiveModel {
        id: Set(event.id.clone()),
        event_type: Set(event.event_type.clone()),
        reference: Set(reference.clone()),
        outcome: Set(outcome.to_owned()),
        received_at: Set(now),
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    match outcome {
        "unknown_reference" => {
            tracing::warn!(event = %event.id, kind = %event.event_type, reference = ?reference, "Stripe event for an unknown payment");
        }
        "refused_amount" | "refused_currency" => {
            tracing::warn!(event = %event.id, kind = %event.event_type, reference = ?reference, happened = ?event.happened, "Stripe payment refused: not a positive amount in euros");
        }
        _ => {}
    }
    Ok(Outcome::Done(outcome))
}

/// Forgets the Checkout session (it was paid, failed or expired), so the next payment opens a
/// new one; only the session the event is about.
async fn clear_session(
    txn: &sea_orm::DatabaseTransaction,
    r: &payment_request::Model,
    only: Option<&String>,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let current = payment_request::Entity::find_by_id(r.id)
        .one_or_404(txn)
        .await?;
    if only.is_some_and(|s| session_id(&current) != Some(s.as_str())) {
        return Ok(());
    }
    let mut a: payment_request::ActiveModel = current.into();
    a.stripe_session_id = Set(None);
    a.stripe_checkout_url = Set(None);
    a.stripe_expires_at = Set(None);
    a.updated_at = Set(now);
    a.update(txn).await?;
    Ok(())
}
