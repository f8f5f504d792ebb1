//! The producers' purchase orders: what one producer must supply for one closed campaign. Its
//! members confirm it (or lower it), then see what they confirmed; once every producer with an
//! order has answered, the goods can leave. A producer allotted nothing has no order.

use entity::{CampaignId, GroupId, ProducerId};
use std::collections::{BTreeMap, HashMap};

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::{campaign, campaign_product, consumer_group, producer};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

use super::campaign_pages::units_from_form;
use super::campaign_view::pickup_label;
use super::close;
use super::domain::Lifecycle;
use super::domain::{self, OrderState};
use super::followup::producers_waiting;
use super::handlers::ctx;
use super::service;
use super::views::*;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::security::{AuthUser, Role};
use crate::web::auth::SessionUser;
use crate::web::csv::{decimal, heads, without_personal_data as csv_response};
use crate::web::forms::{CsrfForm, Empty};
use crate::web::i18n::{Lang, translate};
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

/// The producer, for its members (and admins); 404 for anyone else.
async fn producer_for(
    db: &DatabaseConnection,
    actor: &AuthUser,
    producer_id: ProducerId,
) -> AppResult<producer::Model> {
    if !(actor.holds(Role::ProducerMember, producer_id) || actor.is_admin()) {
        return Err(AppError::NotFound);
    }
    producer::Entity::find_by_id(producer_id)
        .one_or_404(db)
        .await
}

/// Whether a campaign's purchase orders went out: closed, or cancelled after its close (not at
/// the close itself, under its minimum or with nothing ordered).
fn sent(c: &campaign::Model) -> bool {
    c.state.is_closed()
        || (c.closed_at.is_some()
            && !matches!(c.cancel_reason.as_deref(), Some("minimum" | "nothing")))
}

/// The purchase orders of a producer, newest first (four queries whatever their number).
pub async fn purchase_orders(
    db: &DatabaseConnection,
    actor: &AuthUser,
    producer_id: ProducerId,
) -> AppResult<(producer::Model, Vec<PurchaseOrderRow>)> {
    let p = producer_for(db, actor, producer_id).await?;
    let lines = campaign_product::Entity::find()
        .filter(campaign_product::Column::ProducerId.eq(producer_id))
        .filter(campaign_product::Column::OrderedUnits.gt(0))
        .all(db)
        .await?;
    let mut cases: HashMap<CampaignId, i64> = HashMap::new();
    let mut answered: HashMap<CampaignId, bool> = HashMap::new();
    for l in &lines {
        *cases.entry(l.campaign_id).or_default() += i64::from(l.ordered_cases);
        let a = answered.entry(l.campaign_id).or_insert(true);
        *a &= l.confirmed_units.is_some();
    }
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(cases.keys().copied()))
        .order_by_desc(campaign::Column::ClosesAt)
        .all(db)
        .await?;
    let groups: HashMap<GroupId, String> = consumer_group::Entity::find()
        .filter(consumer_group::Column::Id.is_in(campaigns.iter().map(|c| c.group_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g.name))
        .collect();
    let rows = campaigns
        .iter()
        .filter(|c| sent(c))
        .map(|c| PurchaseOrderRow {
            campaign_id: c.id,
            title: c.title.clone(),
            group_name: groups.get(&c.group_id).cloned().unwrap_or_default(),
            order_state: OrderState::of(c.state, answered.get(&c.id).copied().unwrap_or(false))
                .as_str(),
            closed_at: c.closed_at,
            delivery_on: c.delivery_on,
            cases: cases.get(&c.id).copied().unwrap_or(0),
        })
        .collect();
    Ok((p, rows))
}

pub async fn orders(page: Page, user: SessionUser, id: web::Path<i64>) -> AppResult<HttpResponse> {
    let (p, orders) = purchase_orders(&page.state().db, &user.0, ProducerId(*id)).await?;
    page.render(
        "producer/orders.html.tera",
        &PurchaseOrdersView {
            producer_id: p.id,
            producer_name: p.name,
            orders,
        },
    )
}

/// One purchase order as its producer sees it: the lines to confirm, or what was confirmed, and
/// what to do next.
pub async fn order_view(
    db: &DatabaseConnection,
    user: &AuthUser,
    producer_id: ProducerId,
    campaign_id: CampaignId,
    lang: Lang,
    errors: FieldErrors,
) -> AppResult<PurchaseOrderView> {
    let p = producer_for(db, user, producer_id).await?;
    let c = service::load(db, campaign_id).await?;
    let st = c.campaign.state;
    let own: Vec<&campaign_product::Model> = c
        .products
        .iter()
        .filter(|l| l.producer_id == producer_id && l.ordered_units > 0)
        .collect();
    if own.is_empty() || !sent(&c.campaign) {
        return Err(AppError::NotFound);
    }
    let confirmed = own.iter().all(|l| l.confirmed_units.is_some());
    let state = OrderState::of(st, confirmed);
    let others = producers_waiting(&c.products)
        .into_iter()
        .filter(|id| *id != producer_id)
        .count() as i64;
    let lines: Vec<PurchaseOrderLine> = own
        .iter()
        .map(|l| PurchaseOrderLine {
            product_id: l.product_id.get(),
            name: l.name.pick(lang.code()).to_owned(),
            unit: l.unit_in(lang.code()).to_owned(),
            case_size: l.case_size,
            ordered_cases: l.ordered_cases,
            ordered_units: l.ordered_units,
            confirmed_units: l.confirmed_units,
            price_cents: l.price_cents,
            line_cents: i64::from(l.confirmed_units.unwrap_or(l.ordered_units)) * l.price_cents,
        })
        .collect();
    let total_cents = lines.iter().map(|l| l.line_cents).sum();
    Ok(PurchaseOrderView {
        producer_id,
        producer_name: p.name,
        campaign_id,
        title: c.campaign.title.clone(),
        group_name: c.group.group.name.clone(),
        state: c.campaign.state,
        order_state: state.as_str(),
        closed_at: c.campaign.closed_at,
        delivery_on: c.campaign.delivery_on,
        pickup: pickup_label(&c),
        lines,
        confirmed,
        actions: domain::producer_offers(state, others)
            .iter()
            .map(|o| ActionView::of(o, lang))
            .collect(),
        total_cents,
        errors: errors.messages(lang),
    })
}

pub async fn order(
    page: Page,
    user: SessionUser,
    path: web::Path<(ProducerId, CampaignId)>,
) -> AppResult<HttpResponse> {
    let (producer_id, campaign_id) = path.into_inner();
    let view = order_view(
        &page.state().db,
        &user.0,
        producer_id,
        campaign_id,
        page.lang,
        FieldErrors::new(),
    )
    .await?;
    page.render_form(StatusCode::OK, "producer/order.html.tera", &view)
}

pub async fn confirm(
    page: Page,
    user: SessionUser,
    path: web::Path<(ProducerId, CampaignId)>,
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
    match result.checked()? {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-order-confirmed",
            &format!("/producer/{producer_id}/orders/{campaign_id}"),
        )),
        Checked::Invalid(e) => {
            let view = order_view(&st.db, &user.0, producer_id, campaign_id, page.lang, e).await?;
            page.render_form(
                StatusCode::UNPROCESSABLE_ENTITY,
                "producer/order.html.tera",
                &view,
            )
        }
    }
}

pub async fn ship(
    page: Page,
    user: SessionUser,
    path: web::Path<(ProducerId, CampaignId)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let (producer_id, campaign_id) = path.into_inner();
    let st = page.state();
    producer_for(&st.db, &user.0, producer_id).await?;
    close::mark_shipped(&st.db, &user.0, campaign_id, st.now()).await?;
    page.flash("success", "flash-order-shipped");
    Ok(redirect(&format!(
        "/producer/{producer_id}/orders/{campaign_id}"
    )))
}

/// The purchase order as CSV for the producer's own books (statuses in the reader's language).
pub async fn order_csv(
    page: Page,
    user: SessionUser,
    path: web::Path<(ProducerId, CampaignId)>,
) -> AppResult<HttpResponse> {
    let (producer_id, campaign_id) = path.into_inner();
    let lang = page.lang;
    let view = order_view(
        &page.state().db,
        &user.0,
        producer_id,
        campaign_id,
        lang,
        FieldErrors::new(),
    )
    .await?;
    let mut rows = vec![heads(
        lang,
        &[
            "product",
            "unit",
            "case-size",
            "cases",
            "units",
            "confirmed",
            "price",
            "amount",
            "status",
        ],
    )];
    let status = translate(lang, &format!("order-state-{}", view.order_state), &[]);
    for l in &view.lines {
        rows.push(vec![
            l.name.clone(),
            l.unit.clone(),
            l.case_size.to_string(),
            l.ordered_cases.to_string(),
            l.ordered_units.to_string(),
            l.confirmed_units.map(|u| u.to_string()).unwrap_or_default(),
            decimal(l.price_cents),
            decimal(l.line_cents),
            status.clone(),
        ]);
    }
    csv_response(&format!("purchase-order-{campaign_id}.csv"), rows)
}
