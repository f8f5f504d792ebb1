//! Payout batches: the producers a partnership owes, a batch prepared by a treasurer (the
//! partnership's coordinators and admins, as for its books), and each transfer recorded paid —
//! checked against what is owed and written in one write transaction, the producer's row
//! locked, so two treasurers recording at once never pay more than is owed.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::payout::PayoutStatus;
use entity::{
    PartnershipId, PayoutBatchId, PayoutId, ProducerId, ledger_entry, partnership, payout,
    payout_batch, producer,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use super::domain::{self, Refused};
use super::input::{NewBatch, Paid};
use super::owed::{self, Account};
use super::proofs::StoredProof;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::ledger::LedgerKind;
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::money::Cents;
use crate::security::{AuthUser, Role};
use crate::web::i18n::Lang;

/// A producer with what it earned, was paid and is owed.
#[derive(Clone, Debug)]
pub struct OwedRow {
    pub producer: producer::Model,
    pub account: Account,
}

/// A batch with its transfers.
#[derive(Clone, Debug)]
pub struct BatchFull {
    pub batch: payout_batch::Model,
    pub partnership: partnership::Model,
    /// Each transfer with its producer, in producer name order.
    pub payouts: Vec<(payout::Model, producer::Model)>,
}

impl BatchFull {
    pub fn total_cents(&self) -> Cents {
        self.payouts.iter().map(|(p, _)| p.amount_cents).sum()
    }
}

/// What a treasurer sees of a partnership's producers and payouts.
#[derive(Clone, Debug)]
pub struct PayoutsPage {
    pub partnership: partnership::Model,
    pub owed: Vec<OwedRow>,
    pub batches: Vec<BatchFull>,
}

/// The producers of a partnership with their accounts (those that earned or were paid), by name.
pub async fn owed_rows(
    conn: &impl ConnectionTrait,
    partnership_id: PartnershipId,
) -> AppResult<Vec<OwedRow>> {
    let mut accounts = owed::accounts(conn, partnership_id, None).await?;
    let producers = producer::Entity::find()
        .filter(producer::Column::PartnershipId.eq(partnership_id))
        .order_by_asc(producer::Column::Name)
        .all(conn)
        .await?;
    Ok(producers
        .into_iter()
        .filter_map(|p| {
            accounts.remove(&p.id).map(|account| OwedRow {
                producer: p,
                account,
            })
        })
        .collect())
}

/// The partnership's producers and batches, for its treasurers: 404 unknown, 403 not theirs.
pub async fn payouts_page(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
) -> AppResult<PayoutsPage> {
    let p = actor.coordinated_partnership(db, slug).await?;
    let owed = owed_rows(db, p.id).await?;
    let batches = payout_batch::Entity::find()
        .filter(payout_batch::Column::PartnershipId.eq(p.id))
        .order_by_desc(payout_batch::Column::Id)
        .limit(50)
        .all(db)
        .await?;
    let full = with_payouts(db, &p, batches).await?;
    Ok(PayoutsPage {
        partnership: p,
        owed,
        batches: full,
    })
}

/// Batches with their transfers and producers (two queries).
async fn with_payouts(
    conn: &impl ConnectionTrait,
    p: &partnership::Model,
    batches: Vec<payout_batch::Model>,
) -> AppResult<Vec<BatchFull>> {
    let ids: Vec<PayoutBatchId> = batches.iter().map(|b| b.id).collect();
    let rows = payout::Entity::find()
        .filter(payout::Column::BatchId.is_in(ids))
        .all(conn)
        .await?;
    let producers: HashMap<ProducerId, producer::Model> = producer::Entity::find()
        .filter(producer::Column::PartnershipId.eq(p.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|pr| (pr.id, pr))
        .collect();
    let mut by_batch: HashMap<PayoutBatchId, Vec<(payout::Model, producer::Model)>> =
        HashMap::new();
    for po in rows {
        if let Some(pr) = producers.get(&po.producer_id) {
            by_batch
                .entry(po.batch_id)
                .or_default()
                .push((po, pr.clone()));
        }
    }
    Ok(batches
        .into_iter()
        .map(|b| {
            let mut payouts = by_batch.remove(&b.id).unwrap_or_default();
            payouts.sort_by(|a, b| a.1.name.cmp(&b.1.name));
            BatchFull {
                batch: b,
                partnership: p.clone(),
                payouts,
            }
        })
        .collect())
}

fn above_owed(field: &str, owed: Cents) -> AppError {
    AppError::Validation(FieldErrors::single(
        field,
        FieldError::new("payout-above-owed").with("owed", owed.euros()),
    ))
}

/// Prepares a batch: each amount positive and no more than what the producer is owed now.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn prepare_batch(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    b: NewBatch,
    now: DateTime<Utc>,
) -> AppResult<PayoutBatchId> {
    let p = actor.coordinated_partnership(db, slug).await?;
    let txn = crate::db::begin_write(db).await?;
    let accounts = owed::accounts(&txn, p.id, None).await?;
    let producers: HashMap<ProducerId, producer::Model> = producer::Entity::find()
        .filter(producer::Column::PartnershipId.eq(p.id))
        .all(&txn)
        .await?
        .into_iter()
        .map(|pr| (pr.id, pr))
        .collect();
    let mut errors = FieldErrors::new();
    for (id, amount) in &b.lines {
        let field = format!("amount_{id}");
        if !producers.contains_key(id) {
            errors.add(&field, FieldError::new("payout-unknown-producer"));
            continue;
        }
        let owed = accounts
            .get(id)
            .map(Account::owed_cents)
            .unwrap_or_default();
        match domain::check_payout(*amount, owed) {
            Ok(()) => {}
            Err(Refused::AboveOwed(o)) => {
                errors.add(
                    &field,
                    FieldError::new("payout-above-owed").with("owed", o.euros()),
                );
            }
            Err(Refused::NotPositive) => errors.add(&field, FieldError::new("payout-nothing")),
        }
    }
    errors.into_result()?;
    let batch = payout_batch::ActiveModel {
        partnership_id: Set(p.id),
        note: Set(b.note.clone()),
        mad_rate_e4: Set(b.mad_rate_e4),
        rate_on: Set(b.rate_on),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    for (producer_id, amount) in &b.lines {
        payout::ActiveModel {
            batch_id: Set(batch.id),
            partnership_id: Set(p.id),
            producer_id: Set(*producer_id),
            amount_cents: Set(*amount),
            status: Set(PayoutStatus::Planned),
            bank_reference: Set(None),
            paid_on: Set(None),
            recorded_by: Set(None),
            paid_at: Set(None),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    tracing::info!(
        partnership = p.id.get(),
        batch = batch.id.get(),
        transfers = b.lines.len(),
        "payout batch prepared"
    );
    Ok(batch.id)
}

/// A batch, for its partnership's treasurers.
pub async fn batch(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: PayoutBatchId,
) -> AppResult<BatchFull> {
    let b = payout_batch::Entity::find_by_id(id).one_or_404(db).await?;
    if !actor.coordinates_partnership(b.partnership_id) {
        return Err(AppError::Forbidden);
    }
    let p = partnership::Entity::find_by_id(b.partnership_id)
        .one_or_404(db)
        .await?;
    with_payouts(db, &p, vec![b])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

#[derive(Serialize)]
struct PaidMail<'a> {
    producer: &'a str,
    partnership: &'a str,
    amount: String,
    bank_reference: &'a str,
    paid_on: String,
    link: String,
}

/// Records a transfer paid: with the producer's row locked (PostgreSQL; SQLite writers take
/// turns), checks that it is still planned and within what the producer is owed, marks it paid
/// (one conditional update), writes its ledger entry and emails the producer's members — all in
/// one transaction, with the proof already stored when there is one. Two treasurers recording
/// at once: one wins, the other hears what is owed.
/// Without a mailer (the demo) nobody is emailed.
#[tracing::instrument(skip_all, fields(actor = actor.id, payout = id.get()))]
pub async fn record_paid(
    db: &DatabaseConnection,
    mailer: Option<&Mailer>,
    actor: &AuthUser,
    id: PayoutId,
    paid: Paid,
    proof: Option<StoredProof>,
    now: DateTime<Utc>,
) -> AppResult<payout::Model> {
    let txn = crate::db::begin_write(db).await?;
    let before = payout::Entity::find_by_id(id).one_or_404(&txn).await?;
    if !actor.coordinates_partnership(before.partnership_id) {
        return Err(AppError::Forbidden);
    }
    let pr = producer::Entity::find_by_id(before.producer_id)
        .lock_exclusive()
        .one_or_404(&txn)
        .await?;
    // Read again under the lock: another treasurer may have just recorded it.
    let po = payout::Entity::find_by_id(id).one_or_404(&txn).await?;
    if po.status == PayoutStatus::Paid {
        return Err(AppError::conflict("payout-already-paid"));
    }
    let owed = owed::accounts(&txn, po.partnership_id, Some(po.producer_id))
        .await?
        .remove(&po.producer_id)
        .unwrap_or_default()
        .owed_cents();
    match domain::check_payout(po.amount_cents, owed) {
        Ok(()) => {}
        Err(Refused::AboveOwed(o)) => return Err(above_owed("amount", o)),
        Err(Refused::NotPositive) => return Err(AppError::validation("amount", "payout-nothing")),
    }
    let mut paying = payout::Entity::update_many();
    if let Some(p) = proof {
        paying = paying
            .col_expr(payout::Column::ProofKey, Expr::value(Some(p.key)))
            .col_expr(payout::Column::ProofName, Expr::value(Some(p.name)))
            .col_expr(
                payout::Column::ProofType,
                Expr::value(Some(p.mime.to_owned())),
            );
    }
    let res = paying
        .col_expr(payout::Column::Status, Expr::value(PayoutStatus::Paid))
        .col_expr(
            payout::Column::BankReference,
            Expr::value(Some(paid.bank_reference.clone())),
        )
        .col_expr(payout::Column::PaidOn, Expr::value(Some(paid.paid_on)))
        .col_expr(payout::Column::RecordedBy, Expr::value(Some(actor.id)))
        .col_expr(payout::Column::PaidAt, Expr::value(Some(now)))
        .filter(payout::Column::Id.eq(id))
        .filter(payout::Column::Status.eq(PayoutStatus::Planned))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict("payout-already-paid"));
    }
    ledger_entry::ActiveModel {
        partnership_id: Set(po.partnership_id),
        payment_request_id: Set(None),
        kind: Set(LedgerKind::ProducerPaid),
        amount_cents: Set(-po.amount_cents),
        method: Set("bank".into()),
        memo: Set(format!(
            "payout {} to producer {}: {}",
            po.id,
            pr.id,
            paid.bank_reference.chars().take(140).collect::<String>()
        )),
        fund_project_id: Set(None),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    if let Some(mailer) = mailer {
        queue_paid_mail(&txn, mailer, &pr, &po, &paid, now).await?;
    }
    let after = payout::Entity::find_by_id(id).one_or_404(&txn).await?;
    txn.commit().await?;
    tracing::info!(
        partnership = po.partnership_id.get(),
        producer = pr.id.get(),
        payout = po.id.get(),
        cents = po.amount_cents.get(),
        "producer paid"
    );
    Ok(after)
}

/// Tells the producer's members, each in their language, that a payout left.
async fn queue_paid_mail(
    conn: &impl ConnectionTrait,
    mailer: &Mailer,
    pr: &producer::Model,
    po: &payout::Model,
    paid: &Paid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let partnership = partnership::Entity::find_by_id(po.partnership_id)
        .one_or_404(conn)
        .await?;
    for (_, member) in
        crate::accounts::service::holders(conn, Role::ProducerMember, &[pr.id.get()]).await?
    {
        let lang = Lang::parse(&member.locale).unwrap_or(Lang::Fr);
        // The link opens the login page (and then the statement) in the member's language.
        let link = mailer.link(&format!(
            "/producer/{}/statement?lang={}",
            pr.id,
            lang.code()
        ));
        let mail = PaidMail {
            producer: &pr.name,
            partnership: &partnership.name,
            amount: po.amount_cents.euros(),
            bank_reference: &paid.bank_reference,
            paid_on: paid.paid_on.format("%d/%m/%Y").to_string(),
            link,
        };
        outbox::queue(
            conn,
            mailer,
            OutgoingEmail::new(
                MailTemplate::ProducerPaid,
                lang,
                &member.email,
                &member.display_name,
                mail,
            ),
            now,
        )
        .await?;
    }
    Ok(())
}
