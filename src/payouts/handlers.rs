//! HTML pages: a partnership's payouts (what is owed, preparing a batch, the batches), a batch
//! (its transfers with the producers' bank details, recording each paid), its CSV transfer
//! list and printable order for the bank, and a producer's statement.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::{PayoutBatchId, PayoutId, ProducerId};

use super::input::{BatchForm, NewBatch, Paid, PaidForm};
use super::proofs::{self, PROOF_MAX_BYTES, Proof};
use super::service;
use super::statement;
use super::views::{
    BatchCard, BatchView, MonthRow, OrderView, OwedLine, PayoutsView, StatementView,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::money::Cents;
use crate::security::exports::{ExportKind, PersonalExport};
use crate::web::auth::SessionUser;
use crate::web::csv;
use crate::web::forms::CsrfForm;
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;
use crate::web::uploads::CsrfUploadOf;

async fn payouts_page(
    page: &Page,
    user: &SessionUser,
    slug: &str,
    status: StatusCode,
    form: BatchForm,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let p = service::payouts_page(&page.state().db, &user.0, slug).await?;
    let owed: Vec<OwedLine> = p
        .owed
        .iter()
        .map(|r| OwedLine::of(r, form.amounts.get(&format!("amount_{}", r.producer.id))))
        .collect();
    let view = PayoutsView {
        partnership_slug: p.partnership.slug.clone(),
        partnership_name: p.partnership.name.clone(),
        owed_total_cents: owed.iter().map(|o| o.owed_cents).sum::<Cents>(),
        owed,
        batches: p.batches.iter().map(BatchCard::of).collect(),
        mad_rate: form.mad_rate,
        rate_on: form.rate_on,
        note: form.note,
        errors: errors.messages(page.lang),
    };
    page.render_form(status, "payouts/index.html.tera", &view)
}

/// `GET /partnerships/{slug}/payouts`: the partnership's treasurers.
pub async fn index(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    payouts_page(
        &page,
        &user,
        &slug,
        StatusCode::OK,
        BatchForm::default(),
        FieldErrors::new(),
    )
    .await
}

/// `POST /partnerships/{slug}/payouts`: prepares a batch.
pub async fn prepare(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<BatchForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewBatch::try_from(&form) {
        Ok(b) => service::prepare_batch(&st.db, &user.0, &slug, b, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(id) => Ok(page.flash_redirect(
            "success",
            "flash-payout-batch-prepared",
            &format!("/payouts/{id}"),
        )),
        Checked::Invalid(e) => {
            payouts_page(
                &page,
                &user,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                form,
                e,
            )
            .await
        }
    }
}

async fn batch_page(
    page: &Page,
    user: &SessionUser,
    id: PayoutBatchId,
    status: StatusCode,
    failed: Option<(i64, PaidForm, FieldErrors)>,
) -> AppResult<HttpResponse> {
    let b = service::batch(&page.state().db, &user.0, id).await?;
    let (failed, form, errors) = match failed {
        Some((p, f, e)) => (Some(p), f, e.messages(page.lang)),
        None => (None, PaidForm::default(), Default::default()),
    };
    let view = BatchView {
        partnership_slug: b.partnership.slug.clone(),
        partnership_name: b.partnership.name.clone(),
        batch: BatchCard::of(&b),
        failed,
        form,
        errors,
        today: crate::clock::today(page.state().now()),
    };
    page.render_form(status, "payouts/batch.html.tera", &view)
}

/// `GET /payouts/{id}`: a batch, for its partnership's treasurers.
pub async fn batch(page: Page, user: SessionUser, id: web::Path<i64>) -> AppResult<HttpResponse> {
    batch_page(&page, &user, PayoutBatchId(*id), StatusCode::OK, None).await
}

/// `POST /payouts/{id}/transfers/{payout}/paid`: records a transfer paid (a multipart form:
/// bank_reference, paid_on and the proof, optional).
pub async fn record(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
    upload: CsrfUploadOf<PROOF_MAX_BYTES, 4>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (id, payout) = path.into_inner();
    let now = st.now();
    let form = PaidForm {
        bank_reference: upload.field("bank_reference").to_owned(),
        paid_on: upload.field("paid_on").to_owned(),
    };
    let proof = Proof {
        bytes: upload.file.into_bytes().await?,
        filename: upload.filename,
    };
    let result = proofs::record_paid_with_proof(
        &st.db,
        &st.storage,
        Some(&st.mailer),
        &user.0,
        PayoutId(payout),
        Paid::parse(&form, crate::clock::today(now)),
        Some(proof),
        now,
    )
    .await;
    answer(
        &page,
        &user,
        (id, payout),
        form,
        result,
        "flash-payout-recorded",
    )
    .await
}

/// The answer to a transfer's form on the batch `id`'s page: back to it with `flash`, or the
/// page again with the errors and what was typed (404 when the payout is of another batch).
pub(super) async fn answer(
    page: &Page,
    user: &SessionUser,
    (id, payout): (i64, i64),
    form: PaidForm,
    result: AppResult<entity::payout::Model>,
    flash: &str,
) -> AppResult<HttpResponse> {
    match result.and_then(|po| in_batch(&po, id)).checked()? {
        Checked::Done(()) => Ok(page.flash_redirect(
            "success",
            flash,
            &format!("/payouts/{id}#transfer-{payout}"),
        )),
        Checked::Invalid(e) => {
            batch_page(
                page,
                user,
                PayoutBatchId(id),
                StatusCode::UNPROCESSABLE_ENTITY,
                Some((payout, form, e)),
            )
            .await
        }
    }
}

/// NotFound unless the payout is of the batch `id` (the page's address).
fn in_batch(po: &entity::payout::Model, id: i64) -> AppResult<()> {
    if po.batch_id == PayoutBatchId(id) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// `GET /payouts/{id}/transfers.csv`: the transfer list for the bank (cells that a spreadsheet
/// would run are neutralised).
pub async fn transfers_csv(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let b = service::batch(&page.state().db, &user.0, PayoutBatchId(*id)).await?;
    let card = BatchCard::of(&b);
    let mut rows = vec![csv::heads(
        page.lang,
        &[
            "payout-producer",
            "payout-holder",
            "payout-account",
            "payout-bic",
            "payout-bank",
            "payout-bank-address",
            "amount",
            "payout-currency",
            "payout-amount-mad",
            "payout-communication",
            "status",
            "payout-reference",
        ],
    )];
    for t in &card.transfers {
        rows.push(vec![
            t.producer.clone(),
            t.bank.holder.clone(),
            t.bank.account.clone(),
            t.bank.bic.clone(),
            t.bank.bank.clone(),
            t.bank.address.clone(),
            csv::decimal(t.amount_cents),
            "EUR".into(),
            t.amount_mad.clone().unwrap_or_default(),
            communication_of(&card.note, t.id),
            if t.paid { "paid" } else { "planned" }.into(),
            t.bank_reference.clone().unwrap_or_default(),
        ]);
    }
    let what = PersonalExport {
        kind: ExportKind::TransfersCsv,
        partnership_id: Some(b.partnership.id),
        subject: format!("payout batch {}", card.id),
    };
    let st = page.state();
    let name = format!("payouts-{}.csv", card.id);
    csv::personal(&st.db, &user.0, what, st.now(), &name, rows).await
}

/// `GET /payouts/{id}/order`: the printable transfer order for the bank.
pub async fn order(page: Page, user: SessionUser, id: web::Path<i64>) -> AppResult<HttpResponse> {
    let b = service::batch(&page.state().db, &user.0, PayoutBatchId(*id)).await?;
    let mut card = BatchCard::of(&b);
    for t in &mut card.transfers {
        t.bank_reference = Some(communication_of(&b.batch.note, t.id));
    }
    page.render(
        "payouts/order.html.tera",
        &OrderView {
            partnership_name: b.partnership.name.clone(),
            account_name: b
                .partnership
                .account_name
                .clone()
                .unwrap_or_else(|| b.partnership.name.clone()),
            account_iban: b
                .partnership
                .iban
                .as_deref()
                .map(crate::payments::domain::format_iban)
                .unwrap_or_default(),
            account_bic: b.partnership.bic.clone().unwrap_or_default(),
            batch: card,
        },
    )
}

/// What a transfer says to the producer's bank: the batch's note and the payout's number.
fn communication_of(note: &str, id: i64) -> String {
    let note: String = note.chars().take(100).collect();
    if note.is_empty() {
        format!("Passerelle {id}")
    } else {
        format!("{note} – Passerelle {id}")
    }
}

/// `GET /producer/{id}/statement`: the producer's statement, for its members (and its
/// partnership's coordinators).
pub async fn producer_statement(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let s = statement::statement(&page.state().db, &user.0, ProducerId(*id)).await?;
    let mut months: Vec<MonthRow> = s
        .months
        .into_iter()
        .map(|m| MonthRow::of(m, page.lang))
        .collect();
    months.reverse();
    page.render(
        "producer/statement.html.tera",
        &StatementView {
            producer_id: s.producer.id.get(),
            producer_name: s.producer.name.clone(),
            earned_cents: s.account.earned_cents,
            paid_cents: s.account.paid_cents,
            owed_cents: s.account.owed_cents(),
            months,
        },
    )
}
