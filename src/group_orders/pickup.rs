//! After the close: printable pickup sheets and CSV exports for the coordinators, and the
//! producer's purchase orders (confirm what can be supplied, export, mark shipped).

use std::collections::{BTreeMap, HashMap};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::{campaign, campaign_product, consumer_group, producer};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::close::{self, CampaignResult};
use super::handlers::{ctx, pickup_label, units_from_form};
use super::service::{self, local_time, state_of};
use super::views::*;
use crate::accounts::domain::{AuthUser, Role};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::web::auth::SessionUser;
use crate::web::csv::{decimal, heads, response as csv_response};
use crate::web::forms::{CsrfForm, Empty};
use crate::web::page::{Page, redirect};

async fn closed_for_coordinator(
    page: &Page,
    user: &AuthUser,
    id: i64,
) -> AppResult<(service::CampaignFull, CampaignResult)> {
    let db = &page.state().db;
    let c = service::for_coordinator(db, user, id).await?;
    if !state_of(&c.campaign).is_closed() {
        return Err(AppError::conflict("campaign-not-closed"));
    }
    let r = close::result(db, &c, None, page.lang).await?;
    Ok((c, r))
}

/// Printable sheets: one per member (what to hand over), and one per product (what to sort).
pub async fn sheet(page: Page, user: SessionUser, id: web::Path<i64>) -> AppResult<HttpResponse> {
    let (c, result) = closed_for_coordinator(&page, &user.0, *id).await?;
    page.render_form(
        StatusCode::OK,
        "groups/pickup.html.tera",
        &PickupSheetView {
            id: c.campaign.id,
            title: c.campaign.title.clone(),
            group_name: c.group.group.name.clone(),
            delivery_on: c.campaign.delivery_on.format("%d/%m/%Y").to_string(),
            pickup: pickup_label(&c),
            result,
        },
    )
}

/// `members`: one row per member (amounts and payment); `lines`: one row per member and product.
pub async fn export(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, String)>,
) -> AppResult<HttpResponse> {
    let (id, kind) = path.into_inner();
    let (c, r) = closed_for_coordinator(&page, &user.0, id).await?;
    let lang = page.lang;
    let base = slug::slugify(&c.campaign.title);
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
                    m.name.clone(),
                    m.email.clone(),
                    decimal(m.goods_cents),
                    decimal(m.vat_cents),
                    decimal(m.transport_cents),
                    decimal(m.fee_cents),
                    decimal(m.total_cents),
                    m.ogm.clone().unwrap_or_default(),
                    m.payment_status.clone().unwrap_or_default(),
                    if m.collected {
                        "x".into()
                    } else {
                        String::new()
                    },
                ]);
            }
            csv_response(&format!("{base}-members.csv"), rows)
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
                        m.name.clone(),
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
            csv_response(&format!("{base}-lines.csv"), rows)
        }
        _ => Err(AppError::NotFound),
    }
}

/// The campaigns a producer has an order in (a fixed number of queries).
pub async fn purchase_orders(
    db: &DatabaseConnection,
    actor: &AuthUser,
    producer_id: i64,
) -> AppResult<(producer::Model, Vec<PurchaseOrderRow>)> {
    if !(actor.holds(Role::ProducerMember, producer_id) || actor.is_admin()) {
        return Err(AppError::NotFound);
    }
    let p = producer::Entity::find_by_id(producer_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let lines = campaign_product::Entity::find()
        .filter(campaign_product::Column::ProducerId.eq(producer_id))
        .filter(campaign_product::Column::OrderedCases.gt(0))
        .all(db)
        .await?;
    let mut cases: HashMap<i64, i64> = HashMap::new();
    for l in &lines {
        *cases.entry(l.campaign_id).or_default() += i64::from(l.ordered_cases);
    }
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(cases.keys().copied()))
        .order_by_desc(campaign::Column::ClosesAt)
        .all(db)
        .await?;
    let groups: HashMap<i64, String> = consumer_group::Entity::find()
        .filter(consumer_group::Column::Id.is_in(campaigns.iter().map(|c| c.group_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let rows = campaigns
        .iter()
        .filter(|c| state_of(c).is_closed())
        .map(|c| PurchaseOrderRow {
            campaign_id: c.id,
            title: c.title.clone(),
            group_name: groups.get(&c.group_id).cloned().unwrap_or_default(),
            state: c.state.clone(),
            closes_at: local_time(c.closes_at),
            delivery_on: c.delivery_on.format("%d/%m/%Y").to_string(),
            cases: cases.get(&c.id).copied().unwrap_or(0),
        })
        .collect();
    Ok((p, rows))
}

pub async fn orders(page: Page, user: SessionUser, id: web::Path<i64>) -> AppResult<HttpResponse> {
    let (p, orders) = purchase_orders(&page.state().db, &user.0, *id).await?;
    page.render(
        "producer/orders.html.tera",
        &PurchaseOrdersView {
            producer_id: p.id,
            producer_name: p.name,
            orders,
        },
    )
}

async fn order_view(
    page: &Page,
    user: &AuthUser,
    producer_id: i64,
    campaign_id: i64,
    errors: FieldErrors,
) -> AppResult<PurchaseOrderView> {
    let db = &page.state().db;
    let (p, _) = purchase_orders(db, user, producer_id).await?;
    let c = service::load(db, campaign_id).await?;
    let st = state_of(&c.campaign);
    let lines: Vec<PurchaseOrderLine> = c
        .products
        .iter()
        .filter(|l| l.producer_id == producer_id && l.ordered_units > 0)
        .map(|l| PurchaseOrderLine {
            product_id: l.product_id,
            name: l.name.pick(page.lang.code()).to_owned(),
            unit: l.unit_in(page.lang.code()).to_owned(),
            case_size: l.case_size,
            ordered_cases: l.ordered_cases,
            ordered_units: l.ordered_units,
            confirmed_units: l.confirmed_units,
            price_cents: l.price_cents,
        })
        .collect();
    if lines.is_empty() || !st.is_closed() {
        return Err(AppError::NotFound);
    }
    Ok(PurchaseOrderView {
        producer_id,
        producer_name: p.name,
        campaign_id,
        title: c.campaign.title.clone(),
        group_name: c.group.group.name.clone(),
        state: c.campaign.state.clone(),
        delivery_on: c.campaign.delivery_on.format("%d/%m/%Y").to_string(),
        pickup: pickup_label(&c),
        can_confirm: st == super::domain::State::Closed,
        can_ship: st == super::domain::State::Confirmed,
        lines,
        errors: errors.messages(page.lang),
    })
}

pub async fn order(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    let (producer_id, campaign_id) = path.into_inner();
    let view = order_view(&page, &user.0, producer_id, campaign_id, FieldErrors::new()).await?;
    page.render_form(StatusCode::OK, "producer/order.html.tera", &view)
}

pub async fn confirm(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<BTreeMap<String, String>>,
) -> AppResult<HttpResponse> {
    let (producer_id, campaign_id) = path.into_inner();
    let st = page.state();
    let result = match units_from_form(&form) {
        Ok(lines) => {
            close::confirm_supply(
                &st.db,
                &ctx(&page),
                &user.0,
                campaign_id,
                producer_id,
                &lines,
                st.now(),
            )
            .await
        }
        Err(e) => Err(AppError::Validation(e)),
    };
    match result {
        Ok(_) => {
            page.flash("success", "flash-order-confirmed");
            Ok(redirect(&format!(
                "/producer/{producer_id}/orders/{campaign_id}"
            )))
        }
        Err(AppError::Validation(e)) => {
            let view = order_view(&page, &user.0, producer_id, campaign_id, e).await?;
            page.render_form(
                StatusCode::UNPROCESSABLE_ENTITY,
                "producer/order.html.tera",
                &view,
            )
        }
        Err(e) => Err(e),
    }
}

pub async fn ship(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let (producer_id, campaign_id) = path.into_inner();
    let st = page.state();
    purchase_orders(&st.db, &user.0, producer_id).await?;
    close::mark_shipped(&st.db, &user.0, campaign_id, st.now()).await?;
    page.flash("success", "flash-saved");
    Ok(redirect(&format!(
        "/producer/{producer_id}/orders/{campaign_id}"
    )))
}

/// The purchase order as CSV for the producer's own books.
pub async fn order_csv(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    let (producer_id, campaign_id) = path.into_inner();
    let view = order_view(&page, &user.0, producer_id, campaign_id, FieldErrors::new()).await?;
    let mut rows = vec![heads(
        page.lang,
        &[
            "product",
            "unit",
            "case-size",
            "cases",
            "units",
            "confirmed",
            "price",
            "amount",
        ],
    )];
    for l in &view.lines {
        rows.push(vec![
            l.name.clone(),
            l.unit.clone(),
            l.case_size.to_string(),
            l.ordered_cases.to_string(),
            l.ordered_units.to_string(),
            l.confirmed_units.map(|u| u.to_string()).unwrap_or_default(),
            decimal(l.price_cents),
            decimal(i64::from(l.confirmed_units.unwrap_or(l.ordered_units)) * l.price_cents),
        ]);
    }
    csv_response(&format!("purchase-order-{campaign_id}.csv"), rows)
}
