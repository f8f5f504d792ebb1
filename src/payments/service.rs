//! Payment requests, payments received (recorded, imported from statements, or from Stripe),
//! refunds, and the ledger every movement of money is written to.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::payment_request::AllocationJson;
use entity::{ledger_entry, partnership, payment, payment_request, refund, statement_line};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::domain::{self, Allocation, LineError, Ogm, status_of};
use crate::accounts::domain::AuthUser;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};

/// What a feature asks to be paid (a campaign share, a booking deposit ...).
#[derive(Clone, Debug)]
pub struct NewRequest {
    pub partnership_id: i64,
    pub payer_user_id: Option<i64>,
    pub payer_email: String,
    pub payer_name: String,
    pub purpose_type: &'static str,
    pub purpose_id: i64,
    pub description: String,
    pub amount_cents: i64,
    pub allocation: Allocation,
    pub due_on: Option<NaiveDate>,
    /// The community fund project the fund share is designated to (a traveller's choice).
    pub fund_project_id: Option<i64>,
}

fn to_json(a: &Allocation) -> AllocationJson {
    AllocationJson {
        producer_cents: a.producer_cents,
        transport_cents: a.transport_cents,
        costs_cents: a.costs_cents,
        community_fund_cents: a.community_fund_cents,
        vat_cents: a.vat_cents,
        other_cents: a.other_cents,
    }
}

fn from_json(a: &AllocationJson) -> Allocation {
    Allocation {
        producer_cents: a.producer_cents,
        transport_cents: a.transport_cents,
        costs_cents: a.costs_cents,
        community_fund_cents: a.community_fund_cents,
        vat_cents: a.vat_cents,
        other_cents: a.other_cents,
    }
}

/// The account a request is paid to, when not the partnership's (a group's own account).
#[derive(Clone, Debug)]
pub struct Creditor {
    pub name: String,
    pub iban: String,
    pub bic: Option<String>,
}

impl Creditor {
    /// An account as typed: a valid IBAN (spaces allowed), a holder's name, an optional BIC.
    pub fn parse(name: &str, iban: &str, bic: &str) -> Result<Creditor, FieldErrors> {
        let mut errors = FieldErrors::new();
        if !domain::valid_iban(iban) {
            errors.add("iban", FieldError::new("iban"));
        }
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 70 || name.chars().any(char::is_control) {
            errors.add("account_name", FieldError::new("required"));
        }
        let bic = bic.trim().to_uppercase();
        if !(bic.is_empty() || bic.len() == 8 || bic.len() == 11) {
            errors.add("bic", FieldError::new("bic"));
        }
        errors.check()?;
        Ok(Creditor {
            name: name.to_owned(),
            iban: iban
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_uppercase(),
            bic: (!bic.is_empty()).then_some(bic),
        })
    }
}

/// Creates a payment request in the caller's transaction, with a fresh structured
/// communication and the partnership's account as creditor.
pub async fn create_request(
    conn: &impl ConnectionTrait,
    r: NewRequest,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    create_requests(conn, vec![r], None, now)
        .await?
        .pop()
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("no request created")))
}

/// Creates many payment requests of one partnership at once (a campaign's close), in a fixed
/// number of statements: each with a fresh structured communication never given before, paid to
/// `creditor` or else to the partnership's account. Returns them in the order given.
pub async fn create_requests(
    conn: &impl ConnectionTrait,
    requests: Vec<NewRequest>,
    creditor: Option<Creditor>,
    now: DateTime<Utc>,
) -> AppResult<Vec<payment_request::Model>> {
    let Some(first) = requests.first() else {
        return Ok(Vec::new());
    };
    if let Some(bad) = requests
        .iter()
        .find(|r| r.amount_cents <= 0 || r.partnership_id != first.partnership_id)
    {
        return Err(AppError::Unexpected(anyhow::anyhow!(
            "a payment request of {} cents for partnership {}",
            bad.amount_cents,
            bad.partnership_id
        )));
    }
    let p = partnership::Entity::find_by_id(first.partnership_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let creditor = match creditor {
        Some(c) => c,
        None => match p.iban.clone() {
            Some(iban) => Creditor {
                name: p.account_name.clone().unwrap_or_else(|| p.name.clone()),
                iban,
                bic: p.bic.clone(),
            },
            None => {
                return Err(AppError::Conflict(
                    FieldError::new("no-bank-account-yet").with("partnership", &p.name),
                ));
            }
        },
    };
    // Random bases, checked against those already given: never the same communication twice.
    let mut ogms: Vec<String> = Vec::with_capacity(requests.len());
    let mut seen = std::collections::HashSet::new();
    for _ in 0..8 {
        let mut candidates = Vec::new();
        while ogms.len() + candidates.len() < requests.len() {
            let c = Ogm::from_base(rand::random_range(1..10_000_000_000u64))
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("ogm")))?;
            if seen.insert(c.digits().to_owned()) {
                candidates.push(c.digits().to_owned());
            }
        }
        let mut taken = std::collections::HashSet::new();
        for chunk in candidates.chunks(500) {
            taken.extend(
                payment_request::Entity::find()
                    .select_only()
                    .column(payment_request::Column::Ogm)
                    .filter(payment_request::Column::Ogm.is_in(chunk.iter().cloned()))
                    .into_tuple::<String>()
                    .all(conn)
                    .await?,
            );
        }
        ogms.extend(candidates.into_iter().filter(|c| !taken.contains(c)));
        if ogms.len() == requests.len() {
            break;
        }
    }
    if ogms.len() != requests.len() {
        return Err(AppError::Unexpected(anyhow::anyhow!(
            "no free structured communication"
        )));
    }
    let references: Vec<String> = requests
        .iter()
        .map(|_| crate::accounts::service::random_token(12))
        .collect();
    let models: Vec<payment_request::ActiveModel> = requests
        .into_iter()
        .zip(ogms)
        .zip(&references)
        .map(|((r, ogm), reference)| payment_request::ActiveModel {
            reference: Set(reference.clone()),
            ogm: Set(ogm),
            partnership_id: Set(p.id),
            payer_user_id: Set(r.payer_user_id),
            payer_email: Set(r.payer_email),
            payer_name: Set(r.payer_name),
            purpose_type: Set(r.purpose_type.to_owned()),
            purpose_id: Set(r.purpose_id),
            description: Set(r.description.chars().take(200).collect()),
            amount_cents: Set(r.amount_cents),
            paid_cents: Set(0),
            refunded_cents: Set(0),
            allocation: Set(to_json(&r.allocation)),
            status: Set(domain::OPEN.to_owned()),
            due_on: Set(r.due_on),
            creditor_name: Set(creditor.name.clone()),
            creditor_iban: Set(creditor.iban.clone()),
            creditor_bic: Set(creditor.bic.clone()),
            stripe_session_id: Set(None),
            stripe_checkout_url: Set(None),
            stripe_expires_at: Set(None),
            cancelled_at: Set(None),
            fund_project_id: Set(r.fund_project_id),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        })
        .collect();
    // 27 columns a row: 1,000 rows stay under the bind limits of SQLite and PostgreSQL.
    for chunk in models.chunks(1000) {
        payment_request::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(conn)
            .await?;
    }
    let mut by_reference = HashMap::new();
    for chunk in references.chunks(1000) {
        for m in payment_request::Entity::find()
            .filter(payment_request::Column::Reference.is_in(chunk.iter().cloned()))
            .all(conn)
            .await?
        {
            by_reference.insert(m.reference.clone(), m);
        }
    }
    references
        .iter()
        .map(|r| {
            by_reference
                .remove(r)
                .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("request {r} not written")))
        })
        .collect()
}

/// Changes what a request asks (a campaign re-allocated after a short supply) in the caller's
/// transaction. A card payment started for the old amount is dropped; money already received
/// stays, so a request now asking less than was paid shows as overpaid, to refund.
pub async fn adjust_request(
    conn: &impl ConnectionTrait,
    request_id: i64,
    amount_cents: i64,
    allocation: Allocation,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    if amount_cents <= 0 {
        return cancel_request(conn, request_id, now).await;
    }
    let r = payment_request::Entity::find_by_id(request_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    if r.amount_cents == amount_cents && from_json(&r.allocation) == allocation {
        return Ok(r);
    }
    let mut a: payment_request::ActiveModel = r.into();
    a.amount_cents = Set(amount_cents);
    a.allocation = Set(to_json(&allocation));
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
    id: i64,
) -> AppResult<Option<payment_request::Model>> {
    Ok(payment_request::Entity::find_by_id(id).one(conn).await?)
}

/// Who keeps the books of a request: the partnership's coordinators and admins, and for a
/// member's share of a campaign, the coordinators of that group.
pub async fn is_treasurer(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    r: &payment_request::Model,
) -> AppResult<bool> {
    if actor.coordinates_partnership(r.partnership_id) {
        return Ok(true);
    }
    if r.purpose_type != "campaign_share"
        || actor
            .scopes_of(crate::accounts::domain::Role::GroupCoordinator)
            .next()
            .is_none()
    {
        return Ok(false);
    }
    let Some(share) = entity::campaign_share::Entity::find_by_id(r.purpose_id)
        .one(conn)
        .await?
    else {
        return Ok(false);
    };
    let group = entity::campaign::Entity::find_by_id(share.campaign_id)
        .one(conn)
        .await?
        .map(|c| c.group_id);
    Ok(group.is_some_and(|g| actor.holds(crate::accounts::domain::Role::GroupCoordinator, g)))
}

/// A request as its payer or a treasurer may see it; 404 for anyone else.
pub async fn request_for(
    db: &DatabaseConnection,
    actor: &AuthUser,
    reference: &str,
) -> AppResult<payment_request::Model> {
    let r = payment_request::Entity::find()
        .filter(payment_request::Column::Reference.eq(reference))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if r.payer_user_id == Some(actor.id) || is_treasurer(db, actor, &r).await? {
        Ok(r)
    } else {
        Err(AppError::NotFound)
    }
}

async fn ledger(
    conn: &impl ConnectionTrait,
    r: &payment_request::Model,
    cash_kind: &str,
    amount: i64,
    method: &str,
    memo: &str,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let mut split = from_json(&r.allocation).split(amount);
    let mut memo: String = memo.chars().take(200).collect();
    if split.community_fund_cents < 0 {
        // A refund takes the fund's share back, as far as the fund still holds it: what it
        // already paid out to a project is borne by the organisation's costs.
        let balance = crate::fund::service::locked_balance(conn, r.partnership_id).await?;
        let (from_fund, from_costs) =
            crate::fund::domain::take_back(split.community_fund_cents, balance);
        if from_costs != 0 {
            split.community_fund_cents = from_fund;
            split.costs_cents += from_costs;
            memo = format!(
                "{} (fund share already paid out: {from_costs} cents from costs)",
                memo.chars().take(180).collect::<String>()
            );
        }
    }
    let mut rows = vec![(cash_kind, amount)];
    rows.extend([
        ("producer", split.producer_cents),
        ("transport", split.transport_cents),
        ("costs", split.costs_cents),
        ("community_fund", split.community_fund_cents),
        ("vat", split.vat_cents),
        ("other", split.other_cents),
    ]);
    for (kind, cents) in rows.into_iter().filter(|(_, c)| *c != 0) {
        ledger_entry::ActiveModel {
            partnership_id: Set(r.partnership_id),
            payment_request_id: Set(Some(r.id)),
            kind: Set(kind.to_owned()),
            amount_cents: Set(cents),
            method: Set(method.to_owned()),
            memo: Set(memo.clone()),
            fund_project_id: Set(r.fund_project_id.filter(|_| kind == "community_fund")),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?;
    }
    Ok(())
}

/// Money received for a request: one payment row, the request's totals moved by a single
/// conditional update, and the ledger. Amounts that do not match are recorded and flagged,
/// never silently taken as payment in full.
pub struct Receipt<'a> {
    pub amount_cents: i64,
    pub received_on: NaiveDate,
    pub method: &'a str,
    pub external_id: Option<String>,
    pub counterparty: Option<String>,
    pub recorded_by: Option<i64>,
}

pub async fn apply_payment(
    conn: &impl ConnectionTrait,
    r: &payment_request::Model,
    receipt: Receipt<'_>,
    now: DateTime<Utc>,
) -> AppResult<(payment::Model, payment_request::Model)> {
    let outstanding = r.amount_cents - (r.paid_cents - r.refunded_cents);
    let flag = if r.cancelled_at.is_some() {
        Some("the request was cancelled")
    } else if outstanding <= 0 {
        Some("the request was already paid")
    } else if receipt.amount_cents > outstanding {
        Some("more than was owed")
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
    payment_request::Entity::update_many()
        .col_expr(
            payment_request::Column::PaidCents,
            Expr::col(payment_request::Column::PaidCents).add(receipt.amount_cents),
        )
        .col_expr(payment_request::Column::UpdatedAt, Expr::value(now))
        .filter(payment_request::Column::Id.eq(r.id))
        .exec(conn)
        .await?;
    let updated = refresh_status(conn, r.id, now).await?;
    ledger(
        conn,
        &updated,
        "received",
        receipt.amount_cents,
        receipt.method,
        &format!("payment {} ({})", p.id, updated.reference),
        now,
    )
    .await?;
    // A booking waits on this money (its places are confirmed, or given back).
    crate::trips::booking::after_payment(conn, &updated, now).await?;
    Ok((p, updated))
}

/// Sets the status from the totals (after they moved).
async fn refresh_status(
    conn: &impl ConnectionTrait,
    id: i64,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    let r = payment_request::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
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
    a.status = Set(status.to_owned());
    a.updated_at = Set(now);
    Ok(a.update(conn).await?)
}

/// A treasurer records a transfer seen on the account.
pub async fn record_payment(
    db: &DatabaseConnection,
    actor: &AuthUser,
    reference: &str,
    amount_cents: i64,
    received_on: NaiveDate,
    now: DateTime<Utc>,
) -> AppResult<(payment::Model, payment_request::Model)> {
    if amount_cents <= 0 || amount_cents > 10_000_000 {
        return Err(AppError::Validation(FieldErrors::single(
            "amount",
            FieldError::new("range")
                .with("min", "0,01")
                .with("max", "100000"),
        )));
    }
    let txn = crate::db::begin_write(db).await?;
    let r = payment_request::Entity::find()
        .filter(payment_request::Column::Reference.eq(reference))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_treasurer(&txn, actor, &r).await? {
        return Err(AppError::NotFound);
    }
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
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(out)
}

/// What an import did.
#[derive(Clone, Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    pub applied: usize,
    pub unmatched: usize,
    /// Outgoing transfers and lines seen in an earlier import.
    pub ignored: usize,
    pub already_imported: usize,
    #[schema(value_type = Vec<Object>)]
    pub errors: Vec<LineError>,
}

/// Imports a bank statement CSV into a partnership's books: lines whose structured
/// communication matches one of its requests are applied, the rest listed for manual matching.
/// A line already imported (the same file again, or overlapping exports) applies nothing twice.
pub async fn import_statement(
    db: &DatabaseConnection,
    actor: &AuthUser,
    partnership_slug: &str,
    name: &str,
    csv: &str,
    now: DateTime<Utc>,
) -> AppResult<ImportReport> {
    let p = partnership::Entity::find()
        .filter(partnership::Column::Slug.eq(partnership_slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.coordinates_partnership(p.id) {
        return Err(AppError::Forbidden);
    }
    let (lines, errors) = domain::parse_statement(csv);
    let mut report = ImportReport {
        errors,
        ..Default::default()
    };
    let txn = crate::db::begin_write(db).await?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for line in lines {
        let content = format!(
            "{}|{}|{}|{}|{}",
            p.id, line.booked_on, line.amount_cents, line.communication, line.counterparty
        );
        let occurrence = seen.entry(content.clone()).or_insert(0);
        let hash = hex::encode(Sha256::digest(format!("{content}|{occurrence}").as_bytes()));
        *occurrence += 1;
        let exists = statement_line::Entity::find()
            .filter(statement_line::Column::LineHash.eq(hash.as_str()))
            .count(&txn)
            .await?
            > 0;
        if exists {
            report.already_imported += 1;
            continue;
        }
        let request = match (line.amount_cents > 0, Ogm::parse(&line.communication)) {
            (true, Some(ogm)) => {
                payment_request::Entity::find()
                    .filter(payment_request::Column::Ogm.eq(ogm.digits()))
                    .filter(payment_request::Column::PartnershipId.eq(p.id))
                    .one(&txn)
                    .await?
            }
            _ => None,
        };
        let (status, payment_id) = match (line.amount_cents > 0, request) {
            (false, _) => {
                report.ignored += 1;
                ("ignored", None)
            }
            (true, Some(r)) => {
                let (pay, _) = apply_payment(
                    &txn,
                    &r,
                    Receipt {
                        amount_cents: line.amount_cents,
                        received_on: line.booked_on,
                        method: "bank",
                        external_id: Some(format!("statement:{hash}")),
                        counterparty: Some(line.counterparty.clone()),
                        recorded_by: Some(actor.id),
                    },
                    now,
                )
                .await?;
                report.applied += 1;
                ("applied", Some(pay.id))
            }
            (true, None) => {
                report.unmatched += 1;
                ("unmatched", None)
            }
        };
        statement_line::ActiveModel {
            partnership_id: Set(p.id),
            line_hash: Set(hash),
            import_name: Set(name.chars().take(120).collect()),
            line_no: Set(line.line_no as i32),
            booked_on: Set(line.booked_on),
            amount_cents: Set(line.amount_cents),
            communication: Set(line.communication),
            counterparty: Set(line.counterparty),
            status: Set(status.to_owned()),
            payment_id: Set(payment_id),
            imported_by: Set(Some(actor.id)),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(report)
}

/// A treasurer applies an unmatched statement line to a request (by its reference or its
/// structured communication).
pub async fn match_line(
    db: &DatabaseConnection,
    actor: &AuthUser,
    line_id: i64,
    target: &str,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    let txn = crate::db::begin_write(db).await?;
    let line = statement_line::Entity::find_by_id(line_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.coordinates_partnership(line.partnership_id) {
        return Err(AppError::NotFound);
    }
    if line.status != "unmatched" {
        return Err(AppError::conflict("line-applied"));
    }
    let by_ogm = Ogm::parse(target).map(|o| o.digits().to_owned());
    let r = payment_request::Entity::find()
        .filter(payment_request::Column::PartnershipId.eq(line.partnership_id))
        .filter(match by_ogm {
            Some(ogm) => payment_request::Column::Ogm.eq(ogm),
            None => payment_request::Column::Reference.eq(target.trim()),
        })
        .one(&txn)
        .await?
        .ok_or_else(|| {
            AppError::Validation(FieldErrors::single(
                "target",
                FieldError::new("unknown-request"),
            ))
        })?;
    let (pay, updated) = apply_payment(
        &txn,
        &r,
        Receipt {
            amount_cents: line.amount_cents,
            received_on: line.booked_on,
            method: "bank",
            external_id: Some(format!("statement:{}", line.line_hash)),
            counterparty: Some(line.counterparty.clone()),
            recorded_by: Some(actor.id),
        },
        now,
    )
    .await?;
    let mut a: statement_line::ActiveModel = line.into();
    a.status = Set("applied".into());
    a.payment_id = Set(Some(pay.id));
    a.update(&txn).await?;
    txn.commit().await?;
    Ok(updated)
}

/// Money going back to a payer: through Stripe when it came by card (as far as card payments
/// go), else recorded as a bank transfer for the treasurer to make by hand. The request and the
/// ledger move at once: the money is owed back.
pub async fn refund(
    db: &DatabaseConnection,
    gateway: Option<&super::stripe::StripeGateway>,
    actor: &AuthUser,
    reference: &str,
    amount_cents: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> AppResult<refund::Model> {
    let r = payment_request::Entity::find()
        .filter(payment_request::Column::Reference.eq(reference))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_treasurer(db, actor, &r).await? {
        return Err(AppError::NotFound);
    }
    refund_request(db, gateway, &r, amount_cents, reason, Some(actor.id), now).await
}

/// Refunds `amount_cents` of a request, to the card when it was paid by card (through Stripe),
/// else as a bank refund to make by hand. For the caller to authorise (a treasurer, or the
/// system itself: a late payment for places already gone, a departure cancelled).
pub async fn refund_request(
    db: &DatabaseConnection,
    gateway: Option<&super::stripe::StripeGateway>,
    r: &payment_request::Model,
    amount_cents: i64,
    reason: &str,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<refund::Model> {
    let refundable = r.paid_cents - r.refunded_cents;
    if amount_cents <= 0 || amount_cents > refundable {
        return Err(AppError::Validation(FieldErrors::single(
            "amount",
            FieldError::new("refund-range")
                .with("max", crate::money::Cents(Ord::max(refundable, 0)).euros()),
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
            let card_refunded: i64 = refund::Entity::find()
                .filter(refund::Column::PaymentRequestId.eq(r.id))
                .filter(refund::Column::Method.eq("stripe"))
                .all(db)
                .await?
                .iter()
                .map(|f| f.amount_cents)
                .sum();
            let card_paid: i64 = card_payments.iter().map(|p| p.amount_cents).sum();
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
            let key = format!("refund-{}-{}-{amount_cents}", r.reference, r.refunded_cents);
            let (id, done) = g
                .create_refund(&payment_intent, amount_cents, &r.reference, &key)
                .await
                .map_err(AppError::Unavailable)?;
            ("stripe", Some(id), if done { "done" } else { "pending" })
        }
        _ => ("bank", None, "pending"),
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
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if amount_cents > current.paid_cents - current.refunded_cents {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    let model = record_refund(
        &txn,
        &current,
        method,
        amount_cents,
        reason,
        external_id,
        by,
        status,
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// Writes a refund, moves the request's refunded total and writes the ledger (negative).
#[expect(clippy::too_many_arguments, reason = "a refund has these facts")]
pub async fn record_refund(
    conn: &impl ConnectionTrait,
    r: &payment_request::Model,
    method: &str,
    amount_cents: i64,
    reason: &str,
    external_id: Option<String>,
    requested_by: Option<i64>,
    status: &str,
    now: DateTime<Utc>,
) -> AppResult<refund::Model> {
    let model = refund::ActiveModel {
        payment_request_id: Set(r.id),
        method: Set(method.to_owned()),
        amount_cents: Set(amount_cents),
        status: Set(status.to_owned()),
        reason: Set(Some(reason.chars().take(300).collect())),
        external_id: Set(external_id),
        requested_by: Set(requested_by),
        created_at: Set(now),
        done_at: Set((status == "done").then_some(now)),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    payment_request::Entity::update_many()
        .col_expr(
            payment_request::Column::RefundedCents,
            Expr::col(payment_request::Column::RefundedCents).add(amount_cents),
        )
        .col_expr(payment_request::Column::UpdatedAt, Expr::value(now))
        .filter(payment_request::Column::Id.eq(r.id))
        .exec(conn)
        .await?;
    let updated = refresh_status(conn, r.id, now).await?;
    ledger(
        conn,
        &updated,
        "refunded",
        -amount_cents,
        method,
        &format!("refund {} ({})", model.id, updated.reference),
        now,
    )
    .await?;
    Ok(model)
}

/// A treasurer says a bank refund has been transferred.
pub async fn refund_done(
    db: &DatabaseConnection,
    actor: &AuthUser,
    refund_id: i64,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let f = refund::Entity::find_by_id(refund_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let r = payment_request::Entity::find_by_id(f.payment_request_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !is_treasurer(&txn, actor, &r).await? {
        return Err(AppError::NotFound);
    }
    let mut a: refund::ActiveModel = f.into();
    a.status = Set("done".into());
    a.done_at = Set(Some(now));
    a.update(&txn).await?;
    txn.commit().await?;
    Ok(())
}

/// A partnership's books, from the ledger.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Totals {
    pub received_cents: i64,
    pub refunded_cents: i64,
    pub producer_cents: i64,
    pub transport_cents: i64,
    pub costs_cents: i64,
    pub community_fund_cents: i64,
    pub vat_cents: i64,
    pub other_cents: i64,
    /// Paid out of the community fund to its projects (positive).
    pub fund_disbursed_cents: i64,
}

impl Totals {
    /// What the community fund holds: its shares less what it paid out.
    pub fn fund_balance_cents(&self) -> i64 {
        self.community_fund_cents - self.fund_disbursed_cents
    }
}

/// Sums of the ledger entries matching `filter`, by `by` (a partnership, a project...) and kind
/// (one query).
pub async fn ledger_sums_by(
    conn: &impl ConnectionTrait,
    by: ledger_entry::Column,
    filter: impl sea_orm::sea_query::IntoCondition,
) -> AppResult<Vec<(Option<i64>, String, i64)>> {
    Ok(ledger_entry::Entity::find()
        .select_only()
        .column(by)
        .column(ledger_entry::Column::Kind)
        .column_as(
            Expr::col(ledger_entry::Column::AmountCents)
                .sum()
                .cast_as("BIGINT"),
            "total",
        )
        .filter(filter)
        .group_by(by)
        .group_by(ledger_entry::Column::Kind)
        .into_tuple()
        .all(conn)
        .await?)
}

/// Ledger totals of each partnership (one query).
pub async fn totals(
    conn: &impl ConnectionTrait,
    partnership_ids: &[i64],
) -> AppResult<HashMap<i64, Totals>> {
    if partnership_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = ledger_sums_by(
        conn,
        ledger_entry::Column::PartnershipId,
        ledger_entry::Column::PartnershipId.is_in(partnership_ids.iter().copied()),
    )
    .await?;
    let mut out: HashMap<i64, Totals> = partnership_ids
        .iter()
        .map(|id| (*id, Totals::default()))
        .collect();
    for (pid, kind, total) in rows {
        let Some(pid) = pid else { continue };
        let t = out.entry(pid).or_default();
        match kind.as_str() {
            "received" => t.received_cents += total,
            "refunded" => t.refunded_cents += -total,
            "producer" => t.producer_cents += total,
            "transport" => t.transport_cents += total,
            "costs" => t.costs_cents += total,
            "community_fund" => t.community_fund_cents += total,
            "vat" => t.vat_cents += total,
            "fund_disbursed" => t.fund_disbursed_cents += -total,
            _ => t.other_cents += total,
        }
    }
    Ok(out)
}

/// The invariant between the ledger and the requests: for every request, the cash in the
/// ledger is what it says was paid less refunded, and the shares add up to that cash.
/// Returns what disagrees (nothing when all is well).
pub async fn ledger_disagreements(db: &DatabaseConnection) -> AppResult<Vec<String>> {
    let requests = payment_request::Entity::find()
        .order_by_asc(payment_request::Column::Id)
        .all(db)
        .await?;
    let entries = ledger_entry::Entity::find().all(db).await?;
    let mut cash: HashMap<i64, i64> = HashMap::new();
    let mut shares: HashMap<i64, i64> = HashMap::new();
    for e in &entries {
        let Some(rid) = e.payment_request_id else {
            continue;
        };
        if e.kind == "received" || e.kind == "refunded" {
            *cash.entry(rid).or_default() += e.amount_cents;
        } else {
            *shares.entry(rid).or_default() += e.amount_cents;
        }
    }
    let mut problems = Vec::new();
    for r in &requests {
        let net = r.paid_cents - r.refunded_cents;
        let c = cash.get(&r.id).copied().unwrap_or(0);
        let s = shares.get(&r.id).copied().unwrap_or(0);
        if c != net {
            problems.push(format!(
                "request {}: ledger cash {c} but paid - refunded = {net}",
                r.reference
            ));
        }
        if s != c {
            problems.push(format!("request {}: shares {s} but cash {c}", r.reference));
        }
        let payments: i64 = payment::Entity::find()
            .filter(payment::Column::PaymentRequestId.eq(r.id))
            .all(db)
            .await?
            .iter()
            .map(|p| p.amount_cents)
            .sum();
        if payments != r.paid_cents {
            problems.push(format!(
                "request {}: payments {payments} but paid {}",
                r.reference, r.paid_cents
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
                "request {}: status {} but the money says {expected}",
                r.reference, r.status
            ));
        }
    }
    Ok(problems)
}

/// A partnership's requests for its treasurers (newest first), and its unmatched lines.
pub struct Books {
    pub partnership: partnership::Model,
    pub requests: Vec<payment_request::Model>,
    pub unmatched: Vec<statement_line::Model>,
    pub flagged: Vec<payment::Model>,
    pub pending_refunds: Vec<refund::Model>,
    pub totals: Totals,
}

pub async fn books(
    db: &DatabaseConnection,
    actor: &AuthUser,
    partnership_slug: &str,
) -> AppResult<Books> {
    let p = partnership::Entity::find()
        .filter(partnership::Column::Slug.eq(partnership_slug))
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.coordinates_partnership(p.id) {
        return Err(AppError::Forbidden);
    }
    let requests = payment_request::Entity::find()
        .filter(payment_request::Column::PartnershipId.eq(p.id))
        .order_by_desc(payment_request::Column::Id)
        .limit(200)
        .all(db)
        .await?;
    let unmatched = statement_line::Entity::find()
        .filter(statement_line::Column::PartnershipId.eq(p.id))
        .filter(statement_line::Column::Status.eq("unmatched"))
        .order_by_asc(statement_line::Column::BookedOn)
        .all(db)
        .await?;
    let flagged = payment::Entity::find()
        .filter(payment::Column::Flagged.eq(true))
        .filter(
            payment::Column::PaymentRequestId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(payment_request::Column::Id)
                    .from(payment_request::Entity)
                    .and_where(payment_request::Column::PartnershipId.eq(p.id))
                    .to_owned(),
            ),
        )
        .order_by_desc(payment::Column::Id)
        .all(db)
        .await?;
    let pending_refunds = refund::Entity::find()
        .filter(refund::Column::Status.eq("pending"))
        .filter(refund::Column::Method.eq("bank"))
        .filter(
            refund::Column::PaymentRequestId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(payment_request::Column::Id)
                    .from(payment_request::Entity)
                    .and_where(payment_request::Column::PartnershipId.eq(p.id))
                    .to_owned(),
            ),
        )
        .all(db)
        .await?;
    let totals = totals(db, &[p.id]).await?.remove(&p.id).unwrap_or_default();
    Ok(Books {
        partnership: p,
        requests,
        unmatched,
        flagged,
        pending_refunds,
        totals,
    })
}

/// The account a partnership receives transfers on (its coordinators, or an admin).
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
    let p = partnership::Entity::find()
        .filter(partnership::Column::Slug.eq(partnership_slug))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if !actor.coordinates_partnership(p.id) {
        return Err(AppError::Forbidden);
    }
    let mut a: partnership::ActiveModel = p.into();
    a.iban = Set(Some(account.iban));
    a.bic = Set(account.bic);
    a.account_name = Set(Some(account.name));
    a.updated_at = Set(now);
    let model = a.update(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

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

/// The transfer details of a request still owed, and its EPC QR code as a PNG to attach.
pub fn payment_mail(
    mailer: &crate::mail::outbox::Mailer,
    r: &payment_request::Model,
) -> AppResult<(PaymentMail, Option<crate::mail::domain::Attachment>)> {
    let ogm = Ogm::parse(&r.ogm)
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("bad ogm on {}", r.reference)))?;
    let owed = r.amount_cents - (r.paid_cents - r.refunded_cents);
    let mail = PaymentMail {
        description: r.description.clone(),
        amount: crate::money::Cents(owed).euros(),
        creditor_name: r.creditor_name.clone(),
        iban: domain::format_iban(&r.creditor_iban),
        bic: r.creditor_bic.clone(),
        ogm: ogm.formatted(),
        due_on: r.due_on.map(|d| d.format("%Y-%m-%d").to_string()),
        link: mailer.link(&format!("/pay/{}", r.reference)),
    };
    let png = super::qr::epc_code(
        &r.creditor_name,
        &r.creditor_iban,
        r.creditor_bic.as_deref(),
        owed,
        &ogm,
    )
    .and_then(|c| super::qr::png(&c))
    .map(|bytes| crate::mail::domain::Attachment {
        filename: "virement-qr.png".into(),
        content_type: "image/png".into(),
        bytes,
    });
    Ok((mail, png))
}

/// Queues the email asking for a payment, in the caller's transaction: amount, account,
/// structured communication, the EPC QR code as a PNG to scan, and the link to the payment page
/// (where card payment is offered when Stripe is set up).
pub async fn queue_payment_email(
    conn: &impl ConnectionTrait,
    mailer: &crate::mail::outbox::Mailer,
    r: &payment_request::Model,
    lang: crate::web::i18n::Lang,
    now: DateTime<Utc>,
) -> AppResult<()> {
    use crate::mail::domain::{MailTemplate, OutgoingEmail};
    let (mail, png) = payment_mail(mailer, r)?;
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

/// Makes a cancelled request owed again (a late deposit that still found its places), in the
/// caller's transaction.
pub async fn reinstate_request(
    conn: &impl ConnectionTrait,
    request_id: i64,
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
pub async fn cancel_request(
    conn: &impl ConnectionTrait,
    request_id: i64,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    let r = payment_request::Entity::find_by_id(request_id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
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
