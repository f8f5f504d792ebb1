//! What the campaign page shows to the person looking at it (a fixed number of queries): the
//! products with how full their cases are and what the stock can still serve, the member's
//! basket or result, and what the coordinators can do next — enabled, or disabled with the reason.

use entity::CampaignId;
use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use entity::payment_request::RequestStatus;
use sea_orm::DatabaseConnection;

use super::basket;
use super::close;
use super::domain::Lifecycle;
use super::domain::{self, Progress, State};
use super::followup::producers_waiting;
use super::groups::{self, Access};
use super::input::BasketAsk;
use super::service::{self, CampaignFull, accepts_baskets};
use super::views::{ActionView, CampaignView, OfferRow, ShipmentWhere};
use crate::error::{AppResult, FieldErrors};
use crate::security::AuthUser;
use crate::web::i18n::Lang;

/// What a refused form brings back to the page: what was typed, and the errors per field.
#[derive(Default)]
pub struct Typed {
    pub asks: Option<Vec<BasketAsk>>,
    pub errors: FieldErrors,
}

/// The pickup point as one line: name — address (hours).
pub fn pickup_label(c: &CampaignFull) -> Option<String> {
    c.campaign
        .pickup_point_id
        .and_then(|id| c.group.pickup_points.iter().find(|p| p.id == id))
        .map(|p| {
            if p.opening_hours.is_empty() {
                format!("{} — {}", p.name, p.address)
            } else {
                format!("{} — {} ({})", p.name, p.address, p.opening_hours)
            }
        })
}

/// Shares whose payment is not settled yet (what settling waits for).
pub fn unpaid(r: &close::CampaignResult) -> i64 {
    r.members
        .iter()
        .filter(|m| {
            matches!(
                m.payment_status,
                Some(RequestStatus::Open | RequestStatus::PartlyPaid | RequestStatus::Overpaid)
            )
        })
        .count() as i64
}

/// The campaign page of `id` for `user` (401 when not signed in, 404 for outsiders).
pub async fn campaign_view(
    db: &DatabaseConnection,
    user: Option<&AuthUser>,
    id: CampaignId,
    lang: Lang,
    now: DateTime<Utc>,
    typed: Typed,
    saved: bool,
) -> AppResult<CampaignView> {
    let (c, access) = service::for_viewer(db, user, id).await?;
    let state = c.campaign.state;
    let orders = user.is_some_and(|u| groups::orders_in(u, c.group.group.id));
    let coordinator = access == Access::Coordinator;
    let open = accepts_baskets(&c.campaign, now);
    let fills = service::fills(db, &c).await?;
    let left = if state.is_closed() || state == State::Cancelled {
        HashMap::new()
    } else {
        basket::stock_left(db, &c, &fills).await?
    };
    let basket = match user {
        Some(u) if orders => Some(basket::basket(db, &c, u.id, lang).await?),
        _ => None,
    };
    let result = if state.is_closed() {
        let only = (!coordinator).then(|| user.map(|u| u.id).unwrap_or(0));
        Some(close::result(db, &c, only, lang).await?)
    } else {
        None
    };
    let producer_names: BTreeMap<entity::ProducerId, String> =
        c.producers.iter().map(|p| (p.id, p.name.clone())).collect();
    let line_errors = typed.errors.messages(lang);
    let basket_errors = line_errors
        .keys()
        .filter(|k| k.starts_with("quantity[") || k.starts_with("tolerance["))
        .count();
    let offers = c
        .products
        .iter()
        .map(|p| {
            let f = fills
                .get(&p.id)
                .copied()
                .unwrap_or(domain::fill(i64::from(p.case_size), 0, 0));
            let mine = basket
                .as_ref()
                .and_then(|b| b.items.iter().find(|i| i.product_id == p.product_id.get()));
            let saved_q = mine.map(|i| i.quantity).unwrap_or(0);
            let saved_t = mine.map(|i| i.tolerance).unwrap_or(0);
            let typed_line = typed
                .asks
                .as_ref()
                .and_then(|a| a.iter().find(|a| a.product_id == p.product_id));
            let stock_left = left.get(&p.id).copied();
            // The member may keep what they have and take what is left.
            let max_quantity = match stock_left {
                Some(l) => (i64::from(saved_q) + l).min(super::input::MAX_QUANTITY),
                None => super::input::MAX_QUANTITY,
            };
            let mut errors = BTreeMap::new();
            for field in ["quantity", "tolerance"] {
                if let Some(m) = line_errors.get(&format!("{field}[{}]", p.product_id)) {
                    errors.insert(field.to_owned(), m.clone());
                }
            }
            OfferRow {
                product_id: p.product_id,
                name: p.name.pick(lang.code()).to_owned(),
                producer: producer_names
                    .get(&p.producer_id)
                    .cloned()
                    .unwrap_or_default(),
                unit: p.unit_in(lang.code()).to_owned(),
                case_size: p.case_size,
                price_cents: p.price_cents,
                vat_rate_bp: p.vat_rate_bp,
                asked: f.quantity,
                full_cases: f.full_cases,
                in_open_case: f.in_open_case,
                to_complete: f.to_complete,
                percent: f.percent,
                completed_by_tolerance: f.completed_by_tolerance,
                my_quantity: typed_line
                    .map(|a| a.quantity)
                    .unwrap_or(i64::from(saved_q))
                    .to_string(),
                my_tolerance: typed_line
                    .map(|a| a.tolerance)
                    .unwrap_or(i64::from(saved_t))
                    .to_string(),
                max_tolerance: (p.case_size - 1).max(0),
                stock_left,
                max_quantity,
                ordered_cases: p.ordered_cases,
                ordered_units: p.ordered_units,
                confirmed_units: p.confirmed_units,
                delivered_units: p.delivered_units,
                errors,
            }
        })
        .collect();
    // Where the goods are once they may travel (one query).
    let shipment = if matches!(state, State::Confirmed | State::Shipped | State::Delivered) {
        crate::shipments::service::of_campaign(db, id)
            .await?
            .map(|s| ShipmentWhere {
                step_key: crate::shipments::views::step_key(s.row.step),
                expected_on: s.row.expected_on,
                reference: s.reference,
            })
    } else {
        None
    };
    let waiting = if state == State::Closed {
        producers_waiting(&c.products)
    } else {
        Vec::new()
    };
    let progress = Progress {
        producers_waiting: waiting.len() as i64,
        unpaid_shares: result.as_ref().map(unpaid).unwrap_or(0),
    };
    let actions = if coordinator {
        domain::coordinator_offers(state, progress)
            .iter()
            .map(|o| ActionView::of(o, lang))
            .collect()
    } else {
        Vec::new()
    };
    // Field errors not about a basket line (closing early, delivered units) show at the top.
    let errors: BTreeMap<String, Vec<String>> = line_errors
        .into_iter()
        .filter(|(k, _)| !k.starts_with("quantity[") && !k.starts_with("tolerance["))
        .collect();
    Ok(CampaignView {
        id: c.campaign.id,
        title: c.campaign.title.clone(),
        state: c.campaign.state,
        group_slug: c.group.group.slug.clone(),
        group_name: c.group.group.name.clone(),
        opens_at: c.campaign.opens_at,
        closes_at: c.campaign.closes_at,
        closed_at: c.campaign.closed_at,
        delivery_on: c.campaign.delivery_on,
        pickup: pickup_label(&c),
        note: c.campaign.note.clone(),
        cancel_reason: c.campaign.cancel_reason.clone(),
        transport_cents: c.campaign.transport_cents,
        real_transport_cents: c.campaign.real_transport_cents,
        transport_split: c.campaign.transport_split.clone(),
        fee_cents: c.campaign.fee_cents,
        min_total_cents: c.campaign.min_total_cents,
        accepts_baskets: open,
        orders,
        verified: user.is_some_and(|u| u.email_verified),
        coordinator,
        closed: state.is_closed(),
        offers,
        basket,
        result,
        actions,
        waiting_producers: waiting
            .iter()
            .filter_map(|id| producer_names.get(id).cloned())
            .collect(),
        saved,
        basket_errors,
        errors,
        shipment,
    })
}
