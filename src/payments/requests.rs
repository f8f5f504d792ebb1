//! Creating payment requests: each with a fresh structured communication never given before,
//! the account it is paid to, and the group whose coordinators keep its books.

use crate::db::OneOrNotFound;
use crate::money::Cents;
use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use entity::payment_request::Purpose;
use entity::payment_request::RequestStatus;
use entity::{partnership, payment_request};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};

use super::domain::{self, Allocation, Ogm};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};

/// What a feature asks to be paid (a campaign share, a booking deposit ...).
#[derive(Clone, Debug)]
pub struct NewRequest {
    pub partnership_id: entity::PartnershipId,
    pub payer_user_id: Option<i64>,
    pub payer_email: String,
    pub payer_name: String,
    pub purpose_type: Purpose,
    pub purpose_id: i64,
    /// The buying group whose coordinators keep this request's books with the partnership's
    /// (a member's share of its campaign).
    pub group_id: Option<entity::GroupId>,
    pub description: String,
    pub amount_cents: Cents,
    pub allocation: Allocation,
    pub due_on: Option<NaiveDate>,
    /// The community fund project the fund share is designated to (a traveller's choice).
    pub fund_project_id: Option<i64>,
}

/// How a request's money divides.
pub fn allocation_of(r: &payment_request::Model) -> Allocation {
    r.allocation
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
#[tracing::instrument(skip_all, fields(count = requests.len()))]
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
        .find(|r| r.amount_cents <= Cents::ZERO || r.partnership_id != first.partnership_id)
    {
        return Err(AppError::Unexpected(anyhow::anyhow!(
            "a payment request of {} cents for partnership {}",
            bad.amount_cents.get(),
            bad.partnership_id
        )));
    }
    let p = partnership::Entity::find_by_id(first.partnership_id)
        .one_or_404(conn)
        .await?;
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
        .map(|_| crate::security::random_token(12))
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
            purpose_type: Set(r.purpose_type),
            purpose_id: Set(r.purpose_id),
            description: Set(r.description.chars().take(200).collect()),
            amount_cents: Set(r.amount_cents),
            paid_cents: Set(Cents::ZERO),
            refunded_cents: Set(Cents::ZERO),
            allocation: Set(r.allocation),
            status: Set(RequestStatus::Open),
            due_on: Set(r.due_on),
            creditor_name: Set(creditor.name.clone()),
            creditor_iban: Set(creditor.iban.clone()),
            creditor_bic: Set(creditor.bic.clone()),
            stripe_session_id: Set(None),
            stripe_checkout_url: Set(None),
            stripe_expires_at: Set(None),
            cancelled_at: Set(None),
            fund_project_id: Set(r.fund_project_id),
            group_id: Set(r.group_id),
            waived_cents: Set(Cents::ZERO),
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
