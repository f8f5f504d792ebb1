//! HTML for the real transport cost: the carrier's invoice recorded from the shipment's page
//! (a multipart form with its optional PDF) and its scan read back; what the page shows of the
//! invoice and its shares; a partnership's rule set from its shipments' page.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use entity::ShipmentId;
use entity::partnership::{TransportBasis, TransportDifference};
use serde::Serialize;

use super::cost_input::{InvoiceForm, RuleForm};
use super::costs::{self, Costs, InvoiceRecording};
use super::handlers::{ListTyped, Typed, list_page, shipment_page_typed};
use super::papers::{FILE_MAX_BYTES, Scan};
use super::views::kg;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::money::Cents;
use crate::web::auth::SessionUser;
use crate::web::forms::CsrfForm;
use crate::web::i18n::Lang;
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;
use crate::web::uploads::CsrfUploadOf;

/// The name of a basis, as stored and as the forms send it.
pub fn basis_name(b: TransportBasis) -> &'static str {
    match b {
        TransportBasis::Weight => "weight",
        TransportBasis::Value => "value",
    }
}

/// The name of who takes the difference, as stored and as the forms send it.
pub fn difference_name(d: TransportDifference) -> &'static str {
    match d {
        TransportDifference::Members => "members",
        TransportDifference::Partnership => "partnership",
    }
}

/// The carrier's invoice as the shipment's page shows it.
#[derive(Serialize)]
pub struct InvoiceRow {
    pub carrier: String,
    pub reference: String,
    pub invoiced_on: NaiveDate,
    pub amount_cents: Cents,
    pub basis: &'static str,
    pub has_file: bool,
}

/// A campaign's share as the shipment's page shows it.
#[derive(Serialize)]
pub struct ShareView {
    pub campaign_id: i64,
    pub title: String,
    pub group: String,
    /// "12,400 kg" or the declared value, as the basis says.
    pub basis_amount: String,
    pub share_cents: Cents,
    pub estimate_cents: Cents,
    /// members, partnership or none: how the campaign's difference settled.
    pub settled: &'static str,
    /// The real cost billed to the members, or what the partnership's costs took.
    pub settled_cents: Cents,
}

/// The transport cost section of a shipment's page.
#[derive(Serialize)]
pub struct CostsView {
    pub invoice: Option<InvoiceRow>,
    pub shares: Vec<ShareView>,
    pub total_cents: Cents,
    /// The form is offered: no invoice yet, the contents fixed, a coordinator reading.
    pub can_record: bool,
    pub form: InvoiceForm,
}

impl CostsView {
    pub fn new(lang: Lang, c: &Costs, can_record: bool, form: InvoiceForm) -> CostsView {
        let by_value = c
            .invoice
            .as_ref()
            .is_some_and(|i| i.basis == TransportBasis::Value);
        CostsView {
            invoice: c.invoice.as_ref().map(|i| InvoiceRow {
                carrier: i.carrier.clone(),
                reference: i.reference.clone(),
                invoiced_on: i.invoiced_on,
                amount_cents: i.amount_cents,
                basis: basis_name(i.basis),
                has_file: i.file_key.is_some(),
            }),
            shares: c
                .shares
                .iter()
                .map(|s| {
                    let (settled, settled_cents) = match (s.billed_real, s.absorbed) {
                        (Some(real), _) => ("members", real),
                        (None, a) if a != Cents::ZERO => ("partnership", a),
                        _ => ("none", Cents::ZERO),
                    };
                    ShareView {
                        campaign_id: s.campaign_id.get(),
                        title: s.title.clone(),
                        group: s.group.clone(),
                        basis_amount: if by_value {
                            Cents(s.basis_amount).euros()
                        } else {
                            format!("{} kg", kg(lang, s.basis_amount))
                        },
                        share_cents: s.share,
                        estimate_cents: s.estimate,
                        settled,
                        settled_cents,
                    }
                })
                .collect(),
            total_cents: c.total(),
            can_record: can_record && c.invoice.is_none(),
            form,
        }
    }
}

/// `POST /shipments/{id}/carrier-invoice`: carrier, reference, invoiced_on, amount (euros) and
/// a PDF (optional).
pub async fn record(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
    upload: CsrfUploadOf<FILE_MAX_BYTES, 6>,
) -> AppResult<HttpResponse> {
    let id = *id;
    let st = page.state();
    let now = st.now();
    let form = InvoiceForm {
        carrier: upload.field("invoice_carrier").to_owned(),
        reference: upload.field("invoice_reference").to_owned(),
        invoiced_on: upload.field("invoiced_on").to_owned(),
        amount: upload.field("amount").to_owned(),
    };
    let scan = Scan {
        bytes: upload.file.into_bytes().await?,
        filename: upload.filename,
    };
    let rec = InvoiceRecording {
        invoice: form.parse(),
        scan: Some(scan),
    };
    let ctx = crate::group_orders::api::ctx(st);
    let result = costs::record_invoice(&st.db, &ctx, &st.storage, &user.0, id, rec, now).await;
    match result.checked()? {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-carrier-invoice",
            &format!("/shipments/{id}#transport"),
        )),
        Checked::Invalid(e) => {
            // The page's forms share it: the invoice's fields carry their own names.
            let renamed = FieldErrors(
                e.0.into_iter()
                    .map(|(k, v)| match k.as_str() {
                        "reference" | "carrier" => (format!("invoice_{k}"), v),
                        _ => (k, v),
                    })
                    .collect(),
            );
            let typed = Typed {
                invoice: form,
                ..Default::default()
            };
            shipment_page_typed(
                &page,
                &user,
                id,
                StatusCode::UNPROCESSABLE_ENTITY,
                typed,
                renamed,
            )
            .await
        }
    }
}

/// `GET /shipments/{id}/carrier-invoice/file`: the invoice's scan.
pub async fn file(
    page: Page,
    user: SessionUser,
    id: web::Path<ShipmentId>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (bytes, name) = costs::scan(&st.db, &st.storage, &user.0, *id).await?;
    Ok(crate::media::files::download(
        bytes,
        "application/pdf",
        &name,
        "private, no-store",
    ))
}

/// `POST /partnerships/{slug}/transport-rule`: basis and difference.
pub async fn set_rule(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match form.parse() {
        Ok(rule) => costs::set_rule(&st.db, &user.0, &slug, rule, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-transport-rule",
            &format!("/partnerships/{slug}/shipments#transport-rule"),
        )),
        Checked::Invalid(e) => {
            let typed = ListTyped {
                errors: e,
                ..Default::default()
            };
            list_page(&page, &user, &slug, StatusCode::UNPROCESSABLE_ENTITY, typed).await
        }
    }
}
