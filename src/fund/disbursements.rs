//! Money paid out of the community fund to its projects: the proof kept with each payment,
//! the check (with the fund locked) that the fund can pay without touching the shares of stays
//! still to come, and the proofs read back by the partnership's coordinators.

use crate::media::storage::Storage;
use crate::money::Cents;

use chrono::{DateTime, Utc};
use entity::{fund_disbursement, fund_project, ledger_entry};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set};

use super::domain::{self, FundFigures};
use super::input::NewDisbursement;
use super::service::{pending, project_to_manage};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::ledger::LedgerKind;
use crate::ledger::locked_fund_balance;
use crate::media::files::Folder;
use crate::security::AuthUser;

/// The largest proof a treasurer may upload.
pub const PROOF_MAX_BYTES: usize = 10 * 1024 * 1024;

/// Stores a proof by content hash (the same file twice is stored once).
pub(crate) async fn store_proof(storage: &Storage, bytes: Vec<u8>, ext: &str) -> AppResult<String> {
    crate::media::files::store(storage, Folder::Proofs, bytes, ext).await
}

/// A proof of payment as uploaded.
pub struct Proof {
    pub bytes: Vec<u8>,
    pub filename: Option<String>,
}

/// Records money paid out of the fund to a project, with its proof: the ledger entry and the
/// disbursement in one transaction, after checking (with the fund locked) that the fund can
/// pay it without touching the shares of stays still to come.
#[tracing::instrument(skip_all, fields(actor = actor.id, project = id))]
pub async fn disburse(
    db: &DatabaseConnection,
    storage: &Storage,
    actor: &AuthUser,
    id: i64,
    d: Result<NewDisbursement, FieldErrors>,
    proof: Proof,
    now: DateTime<Utc>,
) -> AppResult<fund_disbursement::Model> {
    let p = project_to_manage(db, actor, id).await?;
    let mut errors = match &d {
        Ok(_) => FieldErrors::new(),
        Err(e) => e.clone(),
    };
    let kind = if proof.bytes.is_empty() {
        errors.add("proof", FieldError::new("required"));
        None
    } else if proof.bytes.len() > PROOF_MAX_BYTES {
        errors.add(
            "proof",
            FieldError::new("attachment-too-large").with("max", "10 MB"),
        );
        None
    } else {
        let k = crate::media::checks::document_kind(&proof.bytes);
        if k.is_none() {
            errors.add("proof", FieldError::new("fund-proof-kind"));
        }
        k
    };
    if !domain::accepts_disbursement(p.status) {
        errors.add("amount", FieldError::new("fund-project-not-chosen"));
    }
    errors.into_result()?;
    let (Ok(d), Some((mime, ext))) = (d, kind) else {
        return Err(AppError::validation("proof", "required"));
    };
    let key = store_proof(storage, proof.bytes, ext).await?;
    let txn = crate::db::begin_write(db).await?;
    let stored = StoredProof {
        key,
        name: crate::media::files::safe_name(proof.filename.as_deref(), "proof", ext),
        mime,
    };
    let model = record_disbursement(&txn, &p, &d, stored, Some(actor.id), now).await?;
    txn.commit().await?;
    Ok(model)
}

/// A proof already stored under the data directory.
pub(crate) struct StoredProof {
    pub key: String,
    pub name: String,
    pub mime: &'static str,
}

/// Writes a disbursement and its ledger entry in the caller's transaction, after checking with
/// the fund locked that what is available at `now` covers it.
pub(crate) async fn record_disbursement(
    conn: &impl ConnectionTrait,
    p: &fund_project::Model,
    d: &NewDisbursement,
    proof: StoredProof,
    by: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<fund_disbursement::Model> {
    let balance = locked_fund_balance(conn, p.partnership_id).await?;
    let pending = pending(conn, &[p.partnership_id], now)
        .await?
        .remove(&p.partnership_id)
        .unwrap_or_default();
    let available = FundFigures::new(balance, Cents::ZERO, pending).available_cents;
    if d.amount_cents > available {
        return Err(AppError::Validation(FieldErrors::single(
            "amount",
            FieldError::new("fund-insufficient").with("available", available.euros()),
        )));
    }
    ledger_entry::ActiveModel {
        partnership_id: Set(p.partnership_id),
        payment_request_id: Set(None),
        kind: Set(LedgerKind::FundDisbursed),
        amount_cents: Set(-d.amount_cents),
        method: Set("bank".into()),
        memo: Set(format!(
            "fund project {}: {}",
            p.id,
            d.memo.chars().take(180).collect::<String>()
        )),
        fund_project_id: Set(Some(p.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let recorded = fund_disbursement::ActiveModel {
        partnership_id: Set(p.partnership_id),
        project_id: Set(p.id),
        amount_cents: Set(d.amount_cents),
        paid_on: Set(d.paid_on),
        memo: Set(d.memo.clone()),
        proof_key: Set(proof.key),
        proof_name: Set(proof.name),
        proof_type: Set(proof.mime.into()),
        recorded_by: Set(by),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    tracing::info!(
        partnership = p.partnership_id.get(),
        project = p.id,
        disbursement = recorded.id,
        cents = d.amount_cents.get(),
        "money paid out of the community fund"
    );
    Ok(recorded)
}

/// A disbursement's proof, for the partnership's coordinators: (bytes, content type, name).
pub async fn proof(
    db: &DatabaseConnection,
    storage: &Storage,
    actor: &AuthUser,
    project_id: i64,
    disbursement_id: i64,
) -> AppResult<(Vec<u8>, String, String)> {
    let p = project_to_manage(db, actor, project_id).await?;
    let d = fund_disbursement::Entity::find_by_id(disbursement_id)
        .one(db)
        .await?
        .filter(|d| d.project_id == p.id)
        .ok_or(AppError::NotFound)?;
    let ext = crate::media::checks::document_extension(&d.proof_type);
    let bytes = crate::media::files::read(storage, Folder::Proofs, &d.proof_key, ext).await?;
    Ok((bytes, d.proof_type, d.proof_name))
}
