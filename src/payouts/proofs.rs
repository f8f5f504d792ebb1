//! The proof of a transfer: the bank's confirmation (a PDF, PNG or JPEG of at most 10 MB,
//! recognised by its bytes) attached when the transfer is recorded paid or later, stored by
//! content hash under the data directory's `proofs/`, read back by the partnership's treasurers
//! and by the producer it was paid to.

use crate::media::storage::Storage;

use chrono::{DateTime, Utc};
use entity::payout::PayoutStatus;
use entity::{PayoutId, payout};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::input::Paid;
use super::service;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::mail::outbox::Mailer;
use crate::media::files::Folder;
use crate::security::{AuthUser, Role};

/// The largest proof a treasurer may attach.
pub const PROOF_MAX_BYTES: usize = 10 * 1024 * 1024;

/// The form field (and API error field) of the proof.
pub const FIELD: &str = "proof";

/// A proof as uploaded.
pub struct Proof {
    pub bytes: Vec<u8>,
    pub filename: Option<String>,
}

/// A proof checked and stored: its key under `proofs/`, its name, its content type.
pub struct StoredProof {
    pub key: String,
    pub name: String,
    pub mime: &'static str,
}

/// What a proof is (content type, extension), or the reason it is refused, added to `errors`.
fn check(p: &Proof, errors: &mut FieldErrors) -> Option<(&'static str, &'static str)> {
    if p.bytes.len() > PROOF_MAX_BYTES {
        errors.add(
            FIELD,
            FieldError::new("attachment-too-large").with("max", "10 MB"),
        );
        return None;
    }
    let kind = crate::media::checks::document_kind(&p.bytes);
    if kind.is_none() {
        errors.add(FIELD, FieldError::new("payout-proof-kind"));
    }
    kind
}

async fn store(
    storage: &Storage,
    p: Proof,
    (mime, ext): (&'static str, &'static str),
) -> AppResult<StoredProof> {
    let name = crate::media::files::safe_name(p.filename.as_deref(), "proof", ext);
    let key = crate::media::files::store(storage, Folder::Proofs, p.bytes, ext).await?;
    Ok(StoredProof { key, name, mime })
}

/// The payout `id`, for its partnership's treasurers: 404 unknown, 403 not theirs.
pub async fn treasurers_payout(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: PayoutId,
) -> AppResult<payout::Model> {
    let po = payout::Entity::find_by_id(id).one_or_404(db).await?;
    if !actor.coordinates_partnership(po.partnership_id) {
        return Err(AppError::Forbidden);
    }
    Ok(po)
}

/// Records the transfer `id` paid as [`service::record_paid`] does, with its proof when one was
/// chosen (an empty file is none): the fields and the proof are checked together (422 for
/// either, nothing stored or recorded), after the treasurer's rights.
#[expect(
    clippy::too_many_arguments,
    reason = "the state, the request and the clock"
)]
pub async fn record_paid_with_proof(
    db: &DatabaseConnection,
    storage: &Storage,
    mailer: Option<&Mailer>,
    actor: &AuthUser,
    id: PayoutId,
    paid: Result<Paid, FieldErrors>,
    proof: Option<Proof>,
    now: DateTime<Utc>,
) -> AppResult<payout::Model> {
    treasurers_payout(db, actor, id).await?;
    let mut errors = paid.as_ref().err().cloned().unwrap_or_default();
    let proof = proof.filter(|p| !p.bytes.is_empty());
    let kind = proof.as_ref().and_then(|p| check(p, &mut errors));
    errors.into_result()?;
    let paid = paid.map_err(AppError::Validation)?;
    let stored = match (proof, kind) {
        (Some(p), Some(k)) => Some(store(storage, p, k).await?),
        _ => None,
    };
    service::record_paid(db, mailer, actor, id, paid, stored, now).await
}

/// Attaches a proof to the transfer `id` already recorded paid (forgotten at the time, or the
/// wrong file): 409 while it is not paid, 422 for no file or one that is not a PDF, PNG or JPEG
/// of at most 10 MB. A proof attached before is replaced.
#[tracing::instrument(skip_all, fields(actor = actor.id, payout = id.get()))]
pub async fn attach(
    db: &DatabaseConnection,
    storage: &Storage,
    actor: &AuthUser,
    id: PayoutId,
    proof: Proof,
) -> AppResult<payout::Model> {
    let po = treasurers_payout(db, actor, id).await?;
    let mut errors = FieldErrors::new();
    let kind = if proof.bytes.is_empty() {
        errors.add(FIELD, FieldError::new("required"));
        None
    } else {
        check(&proof, &mut errors)
    };
    errors.into_result()?;
    if po.status != PayoutStatus::Paid {
        return Err(AppError::conflict("payout-proof-not-paid"));
    }
    let Some(kind) = kind else {
        return Err(AppError::validation(FIELD, "required"));
    };
    let stored = store(storage, proof, kind).await?;
    let res = payout::Entity::update_many()
        .col_expr(payout::Column::ProofKey, Expr::value(Some(stored.key)))
        .col_expr(payout::Column::ProofName, Expr::value(Some(stored.name)))
        .col_expr(
            payout::Column::ProofType,
            Expr::value(Some(stored.mime.to_owned())),
        )
        .filter(payout::Column::Id.eq(id))
        .filter(payout::Column::Status.eq(PayoutStatus::Paid))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict("payout-proof-not-paid"));
    }
    tracing::info!(
        partnership = po.partnership_id.get(),
        payout = po.id.get(),
        "payout proof attached"
    );
    payout::Entity::find_by_id(id).one_or_404(db).await
}

/// The proof of the transfer `id`: (payout, bytes, content type, name), for its partnership's
/// treasurers and the members of the producer it was paid to; 403 for others, 404 when there
/// is none.
pub async fn read(
    db: &DatabaseConnection,
    storage: &Storage,
    actor: &AuthUser,
    id: PayoutId,
) -> AppResult<(payout::Model, Vec<u8>, String, String)> {
    let po = payout::Entity::find_by_id(id).one_or_404(db).await?;
    if !(actor.coordinates_partnership(po.partnership_id)
        || actor.holds(Role::ProducerMember, po.producer_id))
    {
        return Err(AppError::Forbidden);
    }
    let (Some(key), Some(name), Some(mime)) = (
        po.proof_key.clone(),
        po.proof_name.clone(),
        po.proof_type.clone(),
    ) else {
        return Err(AppError::NotFound);
    };
    let ext = crate::media::checks::document_extension(&mime);
    let bytes = crate::media::files::read(storage, Folder::Proofs, &key, ext).await?;
    Ok((po, bytes, mime, name))
}
