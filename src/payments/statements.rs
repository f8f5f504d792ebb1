//! Bank statements: a CSV of the partnership's account (or of a group's own account) imported
//! into its books, each line applied once to the request its structured communication names;
//! the lines that name none wait to be matched by hand.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::payment_request;
use entity::statement_line::{self, LineStatus};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    Set,
};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::domain::{self, LineError, Ogm};
use super::scope::{self, Scope, ScopeRef};
use super::service::{Receipt, apply_payment};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors, retry_lost_race};
use crate::money::Cents;
use crate::security::AuthUser;

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

/// The digest that makes a line count once: its books, its content, and its position among the
/// identical lines of its file.
fn line_hash(scope: &Scope, line: &domain::StatementLine, occurrence: usize) -> (String, String) {
    // A group's own account is another account: its lines never collide with the partnership's.
    let books = match scope.group_id() {
        None => scope.partnership().id.to_string(),
        Some(g) => format!("{}/g{g}", scope.partnership().id),
    };
    let content = format!(
        "{books}|{}|{}|{}|{}",
        line.booked_on,
        line.amount_cents.get(),
        line.communication,
        line.counterparty
    );
    let hash = hex::encode(Sha256::digest(format!("{content}|{occurrence}").as_bytes()));
    (content, hash)
}

/// Imports a bank statement CSV into some books: lines whose structured communication names
/// one of their requests are applied, the rest listed for manual matching. A line already
/// imported (the same file again, or overlapping exports) applies nothing twice. A group's
/// books import its own account's statements: the group must have one.
#[tracing::instrument(skip_all, fields(actor = actor.id, file = name))]
pub async fn import_statement(
    db: &DatabaseConnection,
    actor: &AuthUser,
    books: ScopeRef<'_>,
    name: &str,
    csv: &str,
    now: DateTime<Utc>,
) -> AppResult<ImportReport> {
    // The same file imported twice at once: the second run finds the lines already there.
    retry_lost_race(|| import_once(db, actor, books, name, csv, now)).await
}

async fn import_once(
    db: &DatabaseConnection,
    actor: &AuthUser,
    books: ScopeRef<'_>,
    name: &str,
    csv: &str,
    now: DateTime<Utc>,
) -> AppResult<ImportReport> {
    let scope = scope::load(db, actor, books).await?;
    if !scope.has_own_account() && scope.group().is_some() {
        return Err(AppError::conflict("group-no-own-account"));
    }
    let (lines, errors) = domain::parse_statement(csv);
    let mut report = ImportReport {
        errors,
        ..Default::default()
    };
    let txn = crate::db::begin_write(db).await?;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for line in lines {
        let (content, _) = line_hash(&scope, &line, 0);
        let occurrence = seen.entry(content).or_insert(0);
        let (_, hash) = line_hash(&scope, &line, *occurrence);
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
        let request = match (
            line.amount_cents > Cents::ZERO,
            Ogm::parse(&line.communication),
        ) {
            (true, Some(ogm)) => {
                payment_request::Entity::find()
                    .filter(payment_request::Column::Ogm.eq(ogm.digits()))
                    .filter(scope.requests())
                    .one(&txn)
                    .await?
            }
            _ => None,
        };
        let (status, payment_id) = match (line.amount_cents > Cents::ZERO, request) {
            (false, _) => {
                report.ignored += 1;
                (LineStatus::Ignored, None)
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
                        expected_cents: None,
                    },
                    now,
                )
                .await?;
                report.applied += 1;
                (LineStatus::Applied, Some(pay.id))
            }
            (true, None) => {
                report.unmatched += 1;
                (LineStatus::Unmatched, None)
            }
        };
        statement_line::ActiveModel {
            partnership_id: Set(scope.partnership().id),
            group_id: Set(scope.group_id()),
            line_hash: Set(hash),
            import_name: Set(name.chars().take(120).collect()),
            line_no: Set(line.line_no as i32),
            booked_on: Set(line.booked_on),
            amount_cents: Set(line.amount_cents),
            communication: Set(line.communication),
            counterparty: Set(line.counterparty),
            status: Set(status),
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
/// structured communication, however written) of the same books: a partnership's line to any
/// of its requests, a group's line to its group's requests only.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn match_line(
    db: &DatabaseConnection,
    actor: &AuthUser,
    line_id: i64,
    target: &str,
    now: DateTime<Utc>,
) -> AppResult<payment_request::Model> {
    let txn = crate::db::begin_write(db).await?;
    let line = statement_line::Entity::find_by_id(line_id)
        .one_or_404(&txn)
        .await?;
    let keeps = actor.coordinates_partnership(line.partnership_id)
        || line
            .group_id
            .is_some_and(|g| actor.holds(crate::security::Role::GroupCoordinator, g));
    if !keeps {
        return Err(AppError::NotFound);
    }
    if line.status != LineStatus::Unmatched {
        return Err(AppError::conflict("line-applied"));
    }
    let unknown = || {
        AppError::Validation(FieldErrors::single(
            "target",
            FieldError::new("unknown-request"),
        ))
    };
    let r = scope::find(&txn, target)
        .await?
        .filter(|r| {
            r.partnership_id == line.partnership_id
                && line.group_id.is_none_or(|g| r.group_id == Some(g))
                && scope::is_treasurer(actor, r)
        })
        .ok_or_else(unknown)?;
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
            expected_cents: None,
        },
        now,
    )
    .await?;
    let mut a: statement_line::ActiveModel = line.into();
    a.status = Set(LineStatus::Applied);
    a.payment_id = Set(Some(pay.id));
    a.update(&txn).await?;
    txn.commit().await?;
    Ok(updated)
}
