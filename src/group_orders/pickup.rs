//! After the close: printable pickup sheets and CSV exports for the coordinators (the
//! producers' purchase orders are in producer_orders.rs).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::CampaignId;
use sea_orm::ActiveEnum;

use super::campaign_view::pickup_label;
use super::close::{self, CampaignResult};
use super::domain::Lifecycle;
use super::service;
use super::views::*;
use crate::error::{AppError, AppResult};
use crate::security::AuthUser;
use crate::security::exports::{ExportKind, PersonalExport};
use crate::web::auth::SessionUser;
use crate::web::csv::{decimal, heads, personal};
use crate::web::format::shown_name;
use crate::web::i18n::translate;
use crate::web::page::Page;

async fn closed_for_coordinator(
    page: &Page,
    user: &AuthUser,
    id: CampaignId,
) -> AppResult<(service::CampaignFull, CampaignResult)> {
    let db = &page.state().db;
    let c = service::for_coordinator(db, user, id).await?;
    if !c.campaign.state.is_closed() {
        return Err(AppError::conflict("campaign-not-closed"));
    }
    let r = close::result(db, &c, None, page.lang).await?;
    Ok((c, r))
}

/// Printable sheets: one per member (what to hand over), and one per product (what to sort).
pub async fn sheet(
    page: Page,
    user: SessionUser,
    id: web::Path<CampaignId>,
) -> AppResult<HttpResponse> {
    let (c, result) = closed_for_coordinator(&page, &user.0, *id).await?;
    page.render_form(
        StatusCode::OK,
        "groups/pickup.html.tera",
        &PickupSheetView {
            id: c.campaign.id,
            title: c.campaign.title.clone(),
            group_name: c.group.group.name.clone(),
            delivery_on: c.campaign.delivery_on,
            pickup: pickup_label(&c),
            result,
        },
    )
}

/// The record of an export of the campaign's members.
fn export_of(c: &service::CampaignFull, kind: ExportKind) -> PersonalExport {
    PersonalExport {
        kind,
        partnership_id: Some(c.group.partnership.id),
        subject: format!(
            "campaign {} ({}, {})",
            c.campaign.id.get(),
            c.campaign.title,
            c.group.group.name
        ),
    }
}

/// `members`: one row per member (amounts and payment); `lines`: one row per member and product.
pub async fn export(
    page: Page,
    user: SessionUser,
    path: web::Path<(CampaignId, String)>,
) -> AppResult<HttpResponse> {
    let (id, kind) = path.into_inner();
    let (c, r) = closed_for_coordinator(&page, &user.0, id).await?;
    let lang = page.lang;
    let base = slug::slugify(&c.campaign.title);
    let db = &page.state().db;
    match kind.as_str() {
        "members.csv" => {
            let mut rows = vec![heads(
                lang,
                &[
                    "member",
                    "email",
                    "goods",
                    "vat",
                    "transport",
                    "fee",
                    "total",
                    "communication",
                    "payment",
                    "collected",
                ],
            )];
            for m in &r.members {
                rows.push(vec![
                    shown_name(lang, &m.name).into_owned(),
                    m.email.clone(),
                    decimal(m.goods_cents),
                    decimal(m.vat_cents),
                    decimal(m.transport_cents),
                    decimal(m.fee_cents),
                    decimal(m.total_cents),
                    m.ogm.clone().unwrap_or_default(),
                    m.payment_status
                        .map(|st| {
                            translate(lang, &format!("payment-status-{}", st.to_value()), &[])
                        })
                        .unwrap_or_default(),
                    translate(lang, if m.collected { "csv-yes" } else { "csv-no" }, &[]),
                ]);
            }
            let what = export_of(&c, ExportKind::MembersCsv);
            let name = format!("{base}-members.csv");
            personal(db, &user.0, what, page.state().now(), &name, rows).await
        }
        "lines.csv" => {
            let mut rows = vec![heads(
                lang,
                &[
                    "member",
                    "email",
                    "product",
                    "unit",
                    "asked",
                    "tolerance",
                    "received",
                    "price",
                    "amount",
                ],
            )];
            for m in &r.members {
                for l in &m.lines {
                    rows.push(vec![
                        shown_name(lang, &m.name).into_owned(),
                        m.email.clone(),
                        l.name.clone(),
                        l.unit.clone(),
                        l.asked.to_string(),
                        l.tolerance.to_string(),
                        l.allocated.to_string(),
                        decimal(l.price_cents),
                        decimal(l.line_cents),
                    ]);
                }
            }
            let what = export_of(&c, ExportKind::MemberLinesCsv);
            let name = format!("{base}-lines.csv");
            personal(db, &user.0, what, page.state().now(), &name, rows).await
        }
        _ => Err(AppError::NotFound),
    }
}
