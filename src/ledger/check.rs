//! The invariant between the ledger and the payment requests, checked by tests after every
//! movement of money and by operators at will.

use std::collections::HashMap;

use entity::{ledger_entry, payment, payment_request, refund};
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

use super::LedgerKind;
use crate::error::AppResult;
use crate::money::Cents;
use crate::payments::domain::status_of;

/// The invariant between the ledger and the requests: for every request, the cash in the
/// ledger is what it says was paid less refunded, the shares add up to that cash, its payments
/// and refunds (and what refunds took off what is owed) add up to its totals, and its status is
/// what the money says. One query per table.
/// Returns what disagrees (nothing when all is well).
pub async fn disagreements(db: &DatabaseConnection) -> AppResult<Vec<String>> {
    let requests = payment_request::Entity::find()
        .order_by_asc(payment_request::Column::Id)
        .all(db)
        .await?;
    let entries = ledger_entry::Entity::find().all(db).await?;
    let mut cash: HashMap<entity::PaymentRequestId, Cents> = HashMap::new();
    let mut shares: HashMap<entity::PaymentRequestId, Cents> = HashMap::new();
    for e in &entries {
        let Some(rid) = e.payment_request_id else {
            continue;
        };
        if matches!(e.kind, LedgerKind::Received | LedgerKind::Refunded) {
            *cash.entry(rid).or_default() += e.amount_cents;
        } else {
            *shares.entry(rid).or_default() += e.amount_cents;
        }
    }
    let mut payments: HashMap<entity::PaymentRequestId, Cents> = HashMap::new();
    for p in payment::Entity::find().all(db).await? {
        *payments.entry(p.payment_request_id).or_default() += p.amount_cents;
    }
    let mut refunds: HashMap<entity::PaymentRequestId, (Cents, Cents)> = HashMap::new();
    for f in refund::Entity::find().all(db).await? {
        let e = refunds.entry(f.payment_request_id).or_default();
        e.0 += f.amount_cents;
        e.1 += f.waived_cents;
    }
    let mut problems = Vec::new();
    for r in &requests {
        let net = (r.paid_cents - r.refunded_cents).get();
        let c = cash.get(&r.id).copied().unwrap_or_default().get();
        let s = shares.get(&r.id).copied().unwrap_or_default().get();
        if c != net {
            problems.push(format!(
                "request {}: ledger cash {c} but paid - refunded = {net}",
                r.reference
            ));
        }
        if s != c {
            problems.push(format!("request {}: shares {s} but cash {c}", r.reference));
        }
        let payments = payments.get(&r.id).copied().unwrap_or_default().get();
        if payments != r.paid_cents.get() {
            problems.push(format!(
                "request {}: payments {payments} but paid {}",
                r.reference,
                r.paid_cents.get()
            ));
        }
        let (refunded, waived) = refunds.get(&r.id).copied().unwrap_or_default();
        let (refunded, waived) = (refunded.get(), waived.get());
        if (refunded, waived) != (r.refunded_cents.get(), r.waived_cents.get()) {
            problems.push(format!(
                "request {}: refunds {refunded} (taking {waived} off what is owed) but refunded {} (waived {})",
                r.reference,
                r.refunded_cents.get(),
                r.waived_cents.get()
            ));
        }
        let expected = status_of(
            r.amount_cents,
            r.paid_cents,
            r.refunded_cents,
            r.cancelled_at.is_some(),
        );
        if r.status != expected {
            problems.push(format!(
                "request {}: status {:?} but the money says {expected:?}",
                r.reference, r.status
            ));
        }
    }
    Ok(problems)
}
