//! Payment requests and payments received (recorded, imported from statements, or from
//! Stripe). Refunds, statements, the ledger, books and emails live in their own modules and are
//! re-exported here, where the features call them.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::payment_request::AllocationJson;
use entity::{partnership, payment, payment_request};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait,
    QueryFilter, QuerySelect, Set,
};

use super::domain::{self, Allocation, Ogm, status_of};
use super::ledger;
use super::scope::{self, Named};
use crate::accounts::domain::AuthUser;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};

pub use super::books::{Books, books};
pub use super::ledger::{Totals, ledger_disagreements, ledger_sums_by, totals};
pub use super::mails::{PaymentMail, payment_mail, queue_payment_email};
pub use super::refunds::{
    RefundAsk, RefundRecord, cancel_by_treasurer, record_refund, refund, refund_done,
    refund_request, refund_request_with,
};
pub use super::scope::{is_treasurer, request_for};
pub use super::statements::{ImportReport, import_statement, match_line};

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

/// How a request's money divides.
pub fn allocation_of(r: &payment_request::Model) -> Allocation {
    from_json(&r.allocation)
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
    let groups = groups_of_shares(conn, &requests).await?;
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
            group_id: Set((r.purpose_type == SHARE_PURPOSE)
                .then(|| groups.get(&r.purpose_id).copied())
                .flatten()),
            waived_cents: Set(0),
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

/// The purpose of a member's share of a buying group's campaign: its group's coordinators keep
/// its books too.
const SHARE_PURPOSE: &str = "campaign_share";

/// The group of each campaign share among the requests' purposes (two queries, in chunks).
async fn groups_of_shares(
    conn: &impl ConnectionTrait,
    requests: &[NewRequest],
) -> AppResult<HashMap<i64, i64>> {
    let share_ids: Vec<i64> = requests
        .iter()
        .filter(|r| r.purpose_type == SHARE_PURPOSE)
        .map(|r| r.purpose_id)
        .collect();
    let mut campaign_of = HashMap::new();
    for chunk in share_ids.chunks(1000) {
        campaign_of.extend(
            entity::campaign_share::Entity::find()
                .select_only()
                .column(entity::campaign_share::Column::Id)
                .column(entity::campaign_share::Column::CampaignId)
                .filter(entity::campaign_share::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple::<(i64, i64)>()
                .all(conn)
                .await?,
        );
    }
    let campaigns: std::collections::BTreeSet<i64> = campaign_of.values().copied().collect();
    if campaigns.is_empty() {
        return Ok(HashMap::new());
    }
    let group_of: HashMap<i64, i64> = entity::campaign::Entity::find()
        .select_only()
        .column(entity::campaign::Column::Id)
        .column(entity::campaign::Column::GroupId)
        .filter(entity::campaign::Column::Id.is_in(campaigns))
        .into_tuple::<(i64, i64)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    Ok(campaign_of
        .into_iter()
        .filter_map(|(share, campaign)| group_of.get(&campaign).map(|g| (share, *g)))
        .collect())
}

/// Changes what a request asks (a campaign re-allocated after a short supply) in the caller's
/// transaction. A card payment started for the old amount is dropped; money already received
/// stays, so a request now asking less than was paid shows as overpaid, to refund. What refunds
/// already took off what is owed stays taken off.
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
    let owed = Ord::max(amount_cents - r.waived_cents, 0);
    if r.amount_cents == owed && from_json(&r.allocation) == allocation {
        return Ok(r);
    }
    let mut a: payment_request::ActiveModel = r.into();
    a.amount_cents = Set(owed);
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
    let outstanding = domain::remaining(r.amount_cents, r.paid_cents, r.refunded_cents);
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
    ledger::write(
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
pub(super) async fn refresh_status(
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
    named: Named<'_>,
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
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(out)
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
