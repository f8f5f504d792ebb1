//! HTML for a transfer's proof: attached later to a transfer already recorded paid (from the
//! batch's page, a multipart form), and read back by the treasurers and the producer paid.

use actix_web::{HttpResponse, web};
use entity::{PayoutBatchId, PayoutId};

use super::handlers::answer;
use super::input::PaidForm;
use super::proofs::{self, PROOF_MAX_BYTES, Proof};
use crate::error::{AppError, AppResult};
use crate::web::auth::SessionUser;
use crate::web::page::Page;
use crate::web::uploads::CsrfUploadOf;

/// `POST /payouts/{id}/transfers/{payout}/proof`: attaches the proof to a transfer paid.
pub async fn attach(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
    upload: CsrfUploadOf<PROOF_MAX_BYTES, 2>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (id, payout) = path.into_inner();
    let proof = Proof {
        bytes: upload.file.into_bytes().await?,
        filename: upload.filename,
    };
    let result = proofs::attach(&st.db, &st.storage, &user.0, PayoutId(payout), proof).await;
    answer(
        &page,
        &user,
        (id, payout),
        PaidForm::default(),
        result,
        "flash-payout-proof",
    )
    .await
}

/// `GET /payouts/{id}/transfers/{payout}/proof`: the proof, for the partnership's treasurers
/// and the producer paid; never cached.
pub async fn download(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (id, payout) = path.into_inner();
    let (po, bytes, mime, name) =
        proofs::read(&st.db, &st.storage, &user.0, PayoutId(payout)).await?;
    if po.batch_id != PayoutBatchId(id) {
        return Err(AppError::NotFound);
    }
    Ok(crate::media::files::download(
        bytes,
        &mime,
        &name,
        "private, no-store",
    ))
}
