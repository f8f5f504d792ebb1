//! Payment requests and payments received (recorded, imported from statements, or from
//! Stripe), written to the ledger and passed to the area owning the request's purpose.
//! Refunds, statements, books and emails live in their own modules and are re-exported here,
//! where the features call them.

use crate::db::OneOrNotFound;
use crate::money::Cents;
use chrono::{DateTime, NaiveDate, Utc};
use entity::PaymentRequestId;
use entity::{partnership, payment, payment_request};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait,
    QueryFilter, Set,
};

use super::domain::{self, Allocation, status_of};
use super::scope::{self, Named};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::security::AuthUser;

pub use super::books::{Books, books};
pub use super::mails::{PaymentMail, payment_mail, queue_payment_email};
pub use super::refunds::{
    RefundAsk, RefundRecord, cancel_by_treasurer, record_refund, refund, refund_done,
    refund_request, refund_request_with,
};
pub use super::requests::{Creditor, NewRequest, allocation_of, create_request, create_requests};
pub use super::scope::{is_treasurer, request_for};
pub use super::statements::{ImportReport, import_statement, match_line};

/// Changes what a request asks (a campaign re-allocated after a short supply) in the caller's
/// transaction. A card payment started for the old amount is dropped; money already received
/// stays, so a request now asking less than was paid shows as overpaid, to refund. What refunds
/// already took off what is owed stays taken off.
pub async fn adjust_request(
    conn: &impl ConnectionTrait,
    request_id: PaymentRequestId,
    amount_cents: Cents,
    allocation: Allocation,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    if amount_cents <= Cents::ZERO {
        return cancel_request(conn, request_id, now).await;
    }
    let r = payment_request::Entity::find_by_id(request_id)
        .one_or_404(conn)
        .await?;
    let owed = Ord::max(amount_cents - r.waived_cents, Cents::ZERO);
    if r.amount_cents == owed && r.allocation == allocation {
        return Ok(r);
    }
    let mut a: payment_request::ActiveModel = r.into();
    a.amount_cents = Set(owed);
    a.allocation = Set(allocation);
    a.stripe_checkout_url = Set(None);
    a.stripe_session_id = Set(None);
    a.stripe_expires_at = Set(None);
    a.updated_at = Set(now);
    a.update(conn).await?;
    refresh_status(conn, request_id, now).await
}

/// A request by its id (no authorization: for the services that own its purpose).
pub async fn request_by_id(
    conn: &impl ConnectionTrait,
    id: PaymentRequestId,
) -> AppResult<Option<payment_request::Model>> {
    Ok(payment_request::Entity::find_by_id(id).one(conn).await?)
}

/// Money received for a request: one payment row, the request's totals moved by a single
/// conditional update, and the ledger. Amounts that do not match are recorded and flagged,
/// never silently taken as payment in full.
pub struct Receipt<'a> {
    pub amount_cents: Cents,
    pub received_on: NaiveDate,
    pub method: &'a str,
    pub external_id: Option<String>,
    pub counterparty: Option<String>,
    pub recorded_by: Option<i64>,
    /// What the payer was asked to pay this time (a card session's amount): any other amount
    /// is flagged for the treasurer.
    pub expected_cents: Option<Cents>,
}

#[tracing::instrument(skip_all, fields(request = r.id.get(), cents = receipt.amount_cents.get(), method = receipt.method))]
pub async fn apply_payment(
    conn: &impl crate::db::Executor,
    r: &payment_request::Model,
    receipt: Receipt<'_>,
    now: DateTime<Utc>,
) -> AppResult<(payment::Model, payment_request::Model)> {
    let outstanding = domain::remaining(r.amount_cents, r.paid_cents, r.refunded_cents);
    let flag = if r.cancelled_at.is_some() {
        Some("the request was cancelled")
    } else if outstanding <= Cents::ZERO {
        Some("the request was already paid")
    } else if receipt.amount_cents > outstanding {
        Some("more than was owed")
    } else if receipt
        .expected_cents
        .is_some_and(|e| e != receipt.amount_cents)
    {
        Some(domain::FLAG_OTHER_AMOUNT)
    } else {
        None
    };
    let p = payment::ActiveModel {
        payment_request_id: Set(r.id),
        method: Set(receipt.method.to_owned()),
        amount_cents: Set(receipt.amount_cents),
        received_on: Set(receipt.received_on),
        external_id: Set(receipt.external_id),
        counterparty: Set(receipt.counterparty),
        flagged: Set(flag.is_some()),
        flag_reason: Set(flag.map(str::to_owned)),
        recorded_by: Set(receipt.recorded_by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let updated = move_totals(
        conn,
        r,
        Totals {
            paid: receipt.amount_cents,
            ..Totals::default()
        },
        Cash {
            kind: crate::ledger::LedgerKind::Received,
            amount: receipt.amount_cents,
            method: receipt.method,
            memo: format!("payment {} ({})", p.id, r.reference),
        },
        now,
    )
    .await?;
    // The area owning the purpose acts on this money (a booking's places confirmed ...).
    super::purposes::paid(conn, &updated, now).await?;
    Ok((p, updated))
}

/// Sets the status from the totals (after they moved).
pub(super) async fn refresh_status(
    conn: &impl ConnectionTrait,
    id: PaymentRequestId,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    let r = payment_request::Entity::find_by_id(id)
        .one_or_404(conn)
        .await?;
    let status = status_of(
        r.amount_cents,
        r.paid_cents,
        r.refunded_cents,
        r.cancelled_at.is_some(),
    );
    if status == r.status {
        return Ok(r);
    }
    let mut a: payment_request::ActiveModel = r.into();
    a.status = Set(status);
    a.updated_at = Set(now);
    Ok(a.update(conn).await?)
}

/// A treasurer records a transfer seen on the account.
#[tracing::instrument(skip_all, fields(actor = actor.id, cents = amount_cents.get()))]
pub async fn record_payment(
    db: &DatabaseConnection,
    actor: &AuthUser,
    named: Named<'_>,
    amount_cents: Cents,
    received_on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<(payment::Model, payment_request::Model)> {
    if amount_cents <= Cents::ZERO || amount_cents > Cents(10_000_000) {
        return Err(AppError::Validation(FieldErrors::single(
            "amount",
            FieldError::new("range")
                .with("min", "0,01")
                .with("max", "100000"),
        )));
    }
    let txn = crate::db::begin_write(db).await?;
    let r = scope::resolve(&txn, actor, named).await?;
    let out = apply_payment(
        &txn,
        &r,
        Receipt {
            amount_cents,
            received_on,
            method: "bank",
            external_id: None,
            counterparty: None,
            recorded_by: Some(actor.id),
            expected_cents: None,
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(out)
}

/// The account a partnership receives transfers on (its coordinators, or an admin).
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn set_account(
    db: &DatabaseConnection,
    actor: &AuthUser,
    partnership_slug: &str,
    name: &str,
    iban: &str,
    bic: &str,
    now: DateTime<Utc>,
) -> AppResult<partnership::Model> {
    let account = Creditor::parse(name, iban, bic).map_err(AppError::Validation)?;
    let txn = crate::db::begin_write(db).await?;
    let p = actor
        .coordinated_partnership(&txn, partnership_slug)
        .await?;
    let mut a: partnership::ActiveModel = p.into();
    a.iban = Set(Some(account.iban));
    a.bic = Set(account.bic);
    a.account_name = Set(Some(account.name));
    a.updated_at = Set(now);
    let model = a.update(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

/// Makes a cancelled request owed again (a late deposit that still found its places), in the
/// caller's transaction.
pub async fn reinstate_request(
    conn: &impl ConnectionTrait,
    request_id: PaymentRequestId,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    payment_request::Entity::update_many()
        .col_expr(
            payment_request::Column::CancelledAt,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(payment_request::Column::UpdatedAt, Expr::value(now))
        .filter(payment_request::Column::Id.eq(request_id))
        .exec(conn)
        .await?;
    refresh_status(conn, request_id, now).await
}

/// Cancels a request in the caller's transaction (a campaign that did not reach its minimum, a
/// booking cancelled before paying): nothing more is owed. Money already received stays
/// recorded and is refunded separately; a payment arriving afterwards is flagged.
#[tracing::instrument(skip_all, fields(request = request_id.get()))]
pub async fn cancel_request(
    conn: &impl ConnectionTrait,
    request_id: PaymentRequestId,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    let r = payment_request::Entity::find_by_id(request_id)
        .one_or_404(conn)
        .await?;
    if r.cancelled_at.is_some() {
        return Ok(r);
    }
    let mut a: payment_request::ActiveModel = r.into();
    a.cancelled_at = Set(Some(now));
    a.stripe_checkout_url = Set(None);
    a.stripe_session_id = Set(None);
    a.stripe_expires_at = Set(None);
    a.updated_at = Set(now);
    a.update(conn).await?;
    refresh_status(conn, request_id, now).await
}

/// What a receipt or a refund adds to a request's totals (what is owed goes down by what is
/// waived).
#[derive(Clone, Copy, Default)]
pub(super) struct Totals {
    pub paid: Cents,
    pub refunded: Cents,
    pub waived: Cents,
    /// Move them only if the request's totals are still those of the request read (the
    /// amounts were computed from them): else someone moved them meanwhile, a conflict.
    pub unless_moved: bool,
}

/// The cash of a movement as the ledger records it.
pub(super) struct Cash<'a> {
    /// `received` or `refunded`.
    pub kind: crate::ledger::LedgerKind,
    /// Signed: a refund is negative.
    pub amount: Cents,
    pub method: &'a str,
    pub memo: String,
}

/// Moves a request's totals in one update, sets its status from them, and writes the cash and
/// its split into the request's parts to the ledger, to the cent. Returns the request as it is
/// now.
pub(super) async fn move_totals(
    conn: &impl ConnectionTrait,
    r: &payment_request::Model,
    t: Totals,
    cash: Cash<'_>,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    use payment_request::Column as C;
    let mut update = payment_request::Entity::update_many()
        .col_expr(C::PaidCents, Expr::col(C::PaidCents).add(t.paid))
        .col_expr(
            C::RefundedCents,
            Expr::col(C::RefundedCents).add(t.refunded),
        )
        .col_expr(C::WaivedCents, Expr::col(C::WaivedCents).add(t.waived))
        .col_expr(C::AmountCents, Expr::col(C::AmountCents).sub(t.waived))
        .col_expr(C::UpdatedAt, Expr::value(now))
        .filter(C::Id.eq(r.id));
    if t.unless_moved {
        update = update
            .filter(C::PaidCents.eq(r.paid_cents))
            .filter(C::RefundedCents.eq(r.refunded_cents))
            .filter(C::AmountCents.eq(r.amount_cents));
    }
    if update.exec(conn).await?.rows_affected != 1 {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    let updated = refresh_status(conn, r.id, now).await?;
    let split = allocation_of(&updated).split(cash.amount);
    let movement = crate::ledger::Movement {
        partnership_id: updated.partnership_id,
        request_id: updated.id,
        fund_project_id: updated.fund_project_id,
        cash_kind: cash.kind,
        amount: cash.amount,
        shares: split.ledger_shares(),
        method: cash.method,
        memo: &cash.memo,
    };
    crate::ledger::record(conn, movement, now).await?;
    Ok(updated)
}
