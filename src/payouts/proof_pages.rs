//! HTML for a transfer's proof: attached later to a transfer already recorded paid (from the
//! batch's page, a multipart form), and read back by the treasurers and the producer paid.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::{PayoutBatchId, PayoutId};

use super::handlers::{batch_page, in_batch};
use super::input::PaidForm;
use super::proofs::{self, PROOF_MAX_BYTES, Proof};
use crate::error::AppResult;
use crate::web::auth::SessionUser;
use crate::web::outcome::{Check, Checked};
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
    let result = proofs::attach(
        &st.db,
        &st.config.data_dir,
        &user.0,
        PayoutId(payout),
        proof,
    )
    .await
    .and_then(|po| in_batch(&po, id));
    match result.checked()? {
        Checked::Done(()) => Ok(page.flash_redirect(
            "success",
            "flash-payout-proof",
            &format!("/payouts/{id}#transfer-{payout}"),
        )),
        Checked::Invalid(e) => {
            batch_page(
                &page,
                &user,
                PayoutBatchId(id),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((payout, PaidForm::default(), e)),
            )
            .await
        }
    }
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
        proofs::read(&st.db, &st.config.data_dir, &user.0, PayoutId(payout)).await?;
    in_batch(&po, id)?;
    Ok(crate::media::files::download(
        bytes,
        &mime,
        &name,
        "private, no-store",
    ))
}
