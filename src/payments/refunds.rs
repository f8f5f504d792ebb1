//! Money going back: refunds by card (through Stripe) or by bank transfer (made by hand by the
//! treasurer, then marked done), and a treasurer's cancellation of a request.

use crate::db::OneOrNotFound;
use crate::money::Cents;
use chrono::{DateTime, Utc};
use entity::payment_request::RequestStatus;
use entity::refund::{self, RefundStatus};
use entity::{payment, payment_request};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    Set,
};

use super::domain;
use super::scope::{self, Named};
use super::service::{Cash, Totals, cancel_request, move_totals};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::security::AuthUser;

/// What a treasurer asks to give back.
#[derive(Clone, Debug)]
pub struct RefundAsk<'a> {
    pub amount_cents: Cents,
    pub reason: &'a str,
    /// The payer still owes what is refunded (a refund made by mistake, money to be paid
    /// again); otherwise the refund lowers what is owed, after giving back any excess.
    pub still_owed: bool,
}

/// Money going back to a payer: through Stripe when it came by card (as far as card payments
/// go), else recorded as a bank transfer for the treasurer to make by hand. The request and the
/// ledger move at once: the money is owed back.
pub async fn refund(
    db: &DatabaseConnection,
    gateway: Option<&super::stripe::StripeGateway>,
    actor: &AuthUser,
    named: Named<'_>,
    ask: RefundAsk<'_>,
    now: DateTime<Utc>,
) -> AppResult<refund::Model> {
    let r = scope::resolve(db, actor, named).await?;
    refund_request_with(db, gateway, &r, &ask, Some(actor.id), now).await
}

/// Refunds `amount_cents` of a request, to the card when it was paid by card (through Stripe),
/// else as a bank refund to make by hand. For the caller to authorise (a treasurer, or the
/// system itself: a late payment for places already gone, a departure cancelled).
pub async fn refund_request(
    db: &DatabaseConnection,
    gateway: Option<&super::stripe::StripeGateway>,
    r: &payment_request::Model,
    amount_cents: Cents,
    reason: &str,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<refund::Model> {
    let ask = RefundAsk {
        amount_cents,
        reason,
        still_owed: false,
    };
    refund_request_with(db, gateway, r, &ask, by, now).await
}

/// [`refund_request`] with the treasurer's choice of whether the payer still owes it.
#[tracing::instrument(skip_all, fields(request = r.id.get(), cents = ask.amount_cents.get()))]
pub async fn refund_request_with(
    db: &DatabaseConnection,
    gateway: Option<&super::stripe::StripeGateway>,
    r: &payment_request::Model,
    ask: &RefundAsk<'_>,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<refund::Model> {
    let (amount_cents, reason) = (ask.amount_cents, ask.reason);
    let refundable = r.paid_cents - r.refunded_cents;
    if amount_cents <= Cents::ZERO || amount_cents > refundable {
        return Err(AppError::Validation(FieldErrors::single(
            "amount",
            FieldError::new("refund-range").with("max", Ord::max(refundable, Cents::ZERO).euros()),
        )));
    }
    // Card money goes back to the card: the first card payment with enough left on it.
    let card = match gateway {
        None => None,
        Some(_) => {
            let card_payments = payment::Entity::find()
                .filter(payment::Column::PaymentRequestId.eq(r.id))
                .filter(payment::Column::Method.eq("stripe"))
                .all(db)
                .await?;
            let card_refunded: Cents = refund::Entity::find()
                .filter(refund::Column::PaymentRequestId.eq(r.id))
                .filter(refund::Column::Method.eq("stripe"))
                .all(db)
                .await?
                .iter()
                .map(|f| f.amount_cents)
                .sum();
            let card_paid: Cents = card_payments.iter().map(|p| p.amount_cents).sum();
            (card_paid - card_refunded >= amount_cents)
                .then(|| {
                    card_payments.iter().find_map(|p| {
                        p.external_id
                            .as_deref()
                            .and_then(|e| e.strip_prefix("stripe:"))
                            .map(str::to_owned)
                    })
                })
                .flatten()
        }
    };
    let (method, external_id, status) = match (card, gateway) {
        (Some(payment_intent), Some(g)) => {
            // Outside any transaction: Stripe is called first, its answer recorded after.
            let key = format!(
                "refund-{}-{}-{}",
                r.reference,
                r.refunded_cents.get(),
                amount_cents.get()
            );
            let (id, done) = g
                .create_refund(&payment_intent, amount_cents, &r.reference, &key)
                .await
                .map_err(AppError::Unavailable)?;
            (
                "stripe",
                Some(id),
                if done {
                    RefundStatus::Done
                } else {
                    RefundStatus::Pending
                },
            )
        }
        _ => ("bank", None, RefundStatus::Pending),
    };
    let txn = crate::db::begin_write(db).await?;
    if let Some(id) = &external_id
        && let Some(existing) = refund::Entity::find()
            .filter(refund::Column::ExternalId.eq(id.as_str()))
            .one(&txn)
            .await?
    {
        // The same refund asked twice at once: Stripe gave the same one back.
        return Ok(existing);
    }
    let current = payment_request::Entity::find_by_id(r.id)
        .one_or_404(&txn)
        .await?;
    if amount_cents > current.paid_cents - current.refunded_cents {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    let model = record_refund(
        &txn,
        &current,
        RefundRecord {
            method,
            amount_cents,
            reason,
            external_id,
            requested_by: by,
            status,
            still_owed: ask.still_owed,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// A refund as it is written.
#[derive(Clone, Debug)]
pub struct RefundRecord<'a> {
    /// stripe or bank.
    pub method: &'a str,
    pub amount_cents: Cents,
    pub reason: &'a str,
    pub external_id: Option<String>,
    pub requested_by: Option<i64>,
    /// Pending or done.
    pub status: RefundStatus,
    /// The payer still owes what is refunded.
    pub still_owed: bool,
}

/// Writes a refund, moves the request's refunded total (and lowers what is owed, unless the
/// payer still owes it) in one conditional update, and writes the ledger (negative).
#[tracing::instrument(skip_all, fields(request = r.id.get()))]
pub async fn record_refund(
    conn: &impl ConnectionTrait,
    r: &payment_request::Model,
    f: RefundRecord<'_>,
    now: DateTime<Utc>,
) -> AppResult<refund::Model> {
    let waived = domain::waived_by_refund(
        r.amount_cents,
        r.paid_cents,
        r.refunded_cents,
        f.amount_cents,
        r.cancelled_at.is_some(),
        f.still_owed,
    );
    let model = refund::ActiveModel {
        payment_request_id: Set(r.id),
        method: Set(f.method.to_owned()),
        amount_cents: Set(f.amount_cents),
        status: Set(f.status),
        reason: Set(Some(f.reason.chars().take(300).collect())),
        external_id: Set(f.external_id),
        requested_by: Set(f.requested_by),
        created_at: Set(now),
        done_at: Set((f.status == RefundStatus::Done).then_some(now)),
        waived_cents: Set(waived),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    move_totals(
        conn,
        r,
        Totals {
            refunded: f.amount_cents,
            waived,
            unless_moved: true,
            ..Totals::default()
        },
        Cash {
            kind: crate::ledger::LedgerKind::Refunded,
            amount: -f.amount_cents,
            method: f.method,
            memo: format!("refund {} ({})", model.id, r.reference),
        },
        now,
    )
    .await?;
    Ok(model)
}

/// A treasurer says a bank refund has been transferred.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn refund_done(
    db: &DatabaseConnection,
    actor: &AuthUser,
    refund_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let f = refund::Entity::find_by_id(refund_id)
        .one_or_404(&txn)
        .await?;
    let r = payment_request::Entity::find_by_id(f.payment_request_id)
        .one_or_404(&txn)
        .await?;
    if !scope::is_treasurer(actor, &r) {
        return Err(AppError::NotFound);
    }
    if f.status == RefundStatus::Done {
        return Ok(());
    }
    let mut a: refund::ActiveModel = f.into();
    a.status = Set(RefundStatus::Done);
    a.done_at = Set(Some(now));
    a.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// A treasurer cancels a request: nothing more is owed. Money already received stays, to
/// refund; a request already paid, refunded or cancelled cannot be cancelled.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn cancel_by_treasurer(
    db: &DatabaseConnection,
    actor: &AuthUser,
    named: Named<'_>,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    let txn = crate::db::begin_write(db).await?;
    let r = scope::resolve(&txn, actor, named).await?;
    if !matches!(
        r.status,
        RequestStatus::Open | RequestStatus::PartlyPaid | RequestStatus::Overpaid
    ) {
        return Err(AppError::conflict("request-not-cancellable"));
    }
    let r = cancel_request(&txn, r.id, now).await?;
    txn.commit().await?;
    Ok(r)
}
