//! JSON API for the real transport cost: a shipment's carrier invoice and its shares among the
//! campaigns, recording it, and a partnership's rule.

use actix_web::{get, post, put, web};
use chrono::NaiveDate;
use entity::ShipmentId;
use serde::Serialize;
use utoipa::ToSchema;

use super::cost_input::{InvoiceInput, RuleForm};
use super::cost_pages::{basis_name, difference_name};
use super::costs::{self, Costs, InvoiceRecording};
use crate::error::{AppError, AppResult, Problem};
use crate::state::AppState;
use crate::web::auth::ApiUser;

#[derive(Serialize, ToSchema)]
pub struct CarrierInvoiceDto {
    pub carrier: String,
    pub reference: String,
    pub invoiced_on: NaiveDate,
    pub amount_cents: i64,
    /// weight or value: how it was shared among the campaigns.
    pub basis: &'static str,
    pub has_file: bool,
}

#[derive(Serialize, ToSchema)]
pub struct TransportShareDto {
    pub campaign_id: i64,
    pub campaign: String,
    pub group: String,
    /// The campaign's gross grams, or declared value in cents, in the shipment.
    pub basis_amount: i64,
    pub share_cents: i64,
    /// The campaign's transport estimate.
    pub estimate_cents: i64,
    /// The real cost its members are billed (when they pay the real cost).
    pub billed_real_cents: Option<i64>,
    /// What the partnership's costs took of the difference (negative: what they kept).
    pub absorbed_cents: i64,
    /// members or partnership: who takes the difference, by the campaign's partnership.
    pub difference: &'static str,
}

#[derive(Serialize, ToSchema)]
pub struct TransportCostDto {
    /// None until the carrier's invoice is recorded.
    pub invoice: Option<CarrierInvoiceDto>,
    /// Each campaign's share; they add up to the invoice's amount.
    pub shares: Vec<TransportShareDto>,
}

fn dto(c: &Costs) -> TransportCostDto {
    TransportCostDto {
        invoice: c.invoice.as_ref().map(|i| CarrierInvoiceDto {
            carrier: i.carrier.clone(),
            reference: i.reference.clone(),
            invoiced_on: i.invoiced_on,
            amount_cents: i.amount_cents.get(),
            basis: basis_name(i.basis),
            has_file: i.file_key.is_some(),
        }),
        shares: c
            .shares
            .iter()
            .map(|s| TransportShareDto {
                campaign_id: s.campaign_id.get(),
                campaign: s.title.clone(),
                group: s.group.clone(),
                basis_amount: s.basis_amount,
                share_cents: s.share.get(),
                estimate_cents: s.estimate.get(),
                billed_real_cents: s.billed_real.map(|c| c.get()),
                absorbed_cents: s.absorbed.get(),
                difference: difference_name(s.difference),
            })
            .collect(),
    }
}

/// A shipment's carrier invoice and its shares among the campaigns (its partnership's
/// coordinators and logistics people).
#[utoipa::path(
    params(("id" = i64, Path)),
    responses((status = 200, body = TransportCostDto), (status = 403, body = Problem), (status = 404, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[get("/shipments/{id}/carrier-invoice")]
pub async fn show(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ShipmentId>,
) -> AppResult<web::Json<TransportCostDto>> {
    Ok(web::Json(dto(&costs::show(&st.db, &user.0, *id).await?)))
}

/// Records the carrier's invoice of a shipment (its partnership's coordinators) and settles
/// its cost: shared among the campaigns by the partnership's rule (weight or value), each
/// campaign's share billed to its members instead of the estimate or the difference taken by
/// the partnership's costs. 409 while the shipment is being prepared or once an invoice is
/// recorded; 422 for bad input or an invoice dated before the shipment or in the future.
#[utoipa::path(
    params(("id" = i64, Path)),
    request_body = InvoiceInput,
    responses((status = 200, body = TransportCostDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 409, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[post("/shipments/{id}/carrier-invoice")]
pub async fn record(
    st: web::Data<AppState>,
    user: ApiUser,
    id: web::Path<ShipmentId>,
    body: web::Json<InvoiceInput>,
) -> AppResult<web::Json<TransportCostDto>> {
    let ctx = crate::group_orders::api::ctx(&st);
    let rec = InvoiceRecording {
        invoice: body.parse(),
        scan: None,
    };
    costs::record_invoice(&st.db, &ctx, &st.storage, &user.0, *id, rec, st.now()).await?;
    Ok(web::Json(dto(&costs::show(&st.db, &user.0, *id).await?)))
}

#[derive(Serialize, ToSchema)]
pub struct TransportRuleDto {
    /// weight or value.
    pub basis: &'static str,
    /// members or partnership.
    pub difference: &'static str,
}

/// Sets a partnership's rule for the real transport cost (its coordinators): how a carrier's
/// invoice is shared among a shipment's campaigns (`weight` or `value`) and who takes the
/// difference with the estimate (`members` or `partnership`).
#[utoipa::path(
    params(("slug" = String, Path)),
    request_body = RuleForm,
    responses((status = 200, body = TransportRuleDto), (status = 403, body = Problem), (status = 404, body = Problem), (status = 422, body = Problem)),
    security(("bearer" = [])),
    tag = "shipments"
)]
#[put("/partnerships/{slug}/transport-rule")]
pub async fn set_rule(
    st: web::Data<AppState>,
    user: ApiUser,
    slug: web::Path<String>,
    body: web::Json<RuleForm>,
) -> AppResult<web::Json<TransportRuleDto>> {
    let rule = body.parse().map_err(AppError::Validation)?;
    let p = costs::set_rule(&st.db, &user.0, &slug, rule, st.now()).await?;
    Ok(web::Json(TransportRuleDto {
        basis: basis_name(p.transport_basis),
        difference: difference_name(p.transport_difference),
    }))
}
