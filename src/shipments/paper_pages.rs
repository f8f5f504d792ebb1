//! HTML for a shipment's papers: a paper recorded as obtained from the shipment's page (a
//! multipart form with its optional PDF), its scan read back, and the commercial invoice and
//! packing list as printable pages and CSV in French or English.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::{ProducerId, ShipmentId};

use super::documents;
use super::handlers::shipment_page;
use super::input::{PaperForm, StepForm};
use super::paper_rules::parse_kind;
use super::paper_views::{PaperView, Sheet, csv_rows, paper_lang};
use super::papers::{self, FILE_MAX_BYTES, Recording, Scan};
use crate::error::{AppError, AppResult};
use crate::web::auth::SessionUser;
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;
use crate::web::uploads::CsrfUploadOf;

/// `POST /shipments/{id}/papers/{kind}`: producer_id, reference, obtained_on and a PDF (optional).
pub async fn record(
    page: Page,
    user: SessionUser,
    path: web::Path<(ShipmentId, String)>,
    upload: CsrfUploadOf<FILE_MAX_BYTES, 6>,
) -> AppResult<HttpResponse> {
    let (id, kind) = path.into_inner();
    let kind = parse_kind(&kind).ok_or(AppError::NotFound)?;
    let st = page.state();
    let now = st.now();
    let form = PaperForm {
        producer_id: upload.field("producer_id").trim().parse().ok(),
        reference: upload.field("reference").to_owned(),
        obtained_on: upload.field("obtained_on").to_owned(),
    };
    let scan = Scan {
        bytes: upload.file.into_bytes().await?,
        filename: upload.filename,
    };
    let rec = Recording {
        kind,
        paper: form.parse(crate::clock::today(now)),
        scan: Some(scan),
    };
    let result = papers::record(&st.db, &st.storage, &user.0, id, rec, now).await;
    match result.checked()? {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-shipment-paper",
            &format!("/shipments/{id}#papers"),
        )),
        Checked::Invalid(e) => {
            shipment_page(
                &page,
                &user,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                StepForm::default(),
                e,
            )
            .await
        }
    }
}

/// `GET /shipments/{id}/papers/{kind}/{producer}/file`: the paper's scan.
pub async fn file(
    page: Page,
    user: SessionUser,
    path: web::Path<(ShipmentId, String, ProducerId)>,
) -> AppResult<HttpResponse> {
    let (id, kind, producer) = path.into_inner();
    let kind = parse_kind(&kind).ok_or(AppError::NotFound)?;
    let st = page.state();
    let (bytes, name) = papers::scan(&st.db, &st.storage, &user.0, id, kind, producer).await?;
    Ok(crate::media::files::download(
        bytes,
        "application/pdf",
        &name,
        "private, no-store",
    ))
}

async fn sheet_page(
    mut page: Page,
    user: SessionUser,
    id: ShipmentId,
    sheet: Sheet,
) -> AppResult<HttpResponse> {
    page.lang = paper_lang(page.lang);
    let st = page.state();
    let d = documents::document(&st.db, &user.0, id, page.lang.code()).await?;
    let view = PaperView::new(page.lang, sheet, &d, crate::clock::today(st.now()));
    page.render("shipments/paper.html.tera", &view)
}

async fn sheet_csv(
    page: Page,
    user: SessionUser,
    id: ShipmentId,
    sheet: Sheet,
) -> AppResult<HttpResponse> {
    let lang = paper_lang(page.lang);
    let d = documents::document(&page.state().db, &user.0, id, lang.code()).await?;
    let name = format!(
        "{}-{}-{}.csv",
        d.shipment.reference,
        sheet.slug(),
        lang.code()
    );
    crate::web::csv::without_personal_data(&name, csv_rows(lang, sheet, &d))
}

/// `GET /shipments/{id}/invoice?lang=fr|en`: the commercial invoice, for printing.
pub async fn invoice(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
) -> AppResult<HttpResponse> {
    sheet_page(page, user, *id, Sheet::Invoice).await
}

/// `GET /shipments/{id}/packing-list?lang=fr|en`: the packing list, for printing.
pub async fn packing_list(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
) -> AppResult<HttpResponse> {
    sheet_page(page, user, *id, Sheet::PackingList).await
}

/// `GET /shipments/{id}/invoice.csv?lang=fr|en`.
pub async fn invoice_csv(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
) -> AppResult<HttpResponse> {
    sheet_csv(page, user, *id, Sheet::Invoice).await
}

/// `GET /shipments/{id}/packing-list.csv?lang=fr|en`.
pub async fn packing_list_csv(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
) -> AppResult<HttpResponse> {
    sheet_csv(page, user, *id, Sheet::PackingList).await
}
