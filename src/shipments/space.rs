//! What shipments put on the own page of a partnership's coordinator or logistics person: the
//! shipments on their way, with the step to record next, and the confirmed purchase orders
//! still waiting for a shipment.
//! A fixed number of queries whatever the data.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::shipment::{self, ShipmentStep};
use entity::{PartnershipId, partnership};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::orders::waiting_orders;
use super::service::Shipment;
use super::views::step_key;
use crate::db::rows_by;
use crate::error::AppResult;
use crate::security::AuthUser;
use crate::web::i18n::{Lang, translate, translate_args};
use crate::web::space::{SpaceItem, SpaceKind};

/// For the partnerships whose shipments the person handles (by grant, as a coordinator or as
/// logistics: an admin is not asked to move every partnership's shipments).
pub async fn space_items(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let _ = now;
    let coordinated: Vec<PartnershipId> = user.shipping_partnerships();
    if coordinated.is_empty() {
        return Ok(Vec::new());
    }
    let moving = shipment::Entity::find()
        .filter(shipment::Column::PartnershipId.is_in(coordinated.clone()))
        .filter(shipment::Column::Step.ne(ShipmentStep::Distributed))
        .order_by_asc(shipment::Column::Id)
        .all(conn)
        .await?;
    let mut waiting: HashMap<PartnershipId, i64> = HashMap::new();
    for o in waiting_orders(conn, &coordinated).await? {
        *waiting.entry(o.campaign.partnership_id).or_default() += 1;
    }
    let mut items: Vec<SpaceItem> = moving
        .into_iter()
        .map(|row| {
            let s = Shipment::of(row);
            let detail = match s.next_step() {
                Some(next) => translate(
                    lang,
                    "shipment-next-step",
                    &[("step", &translate(lang, &step_key(next), &[]))],
                ),
                None => translate(lang, "shipment-done", &[]),
            };
            SpaceItem {
                kind: SpaceKind::Todo,
                area: "shipments",
                title: translate(lang, "shipment-title", &[("reference", &s.reference)]),
                detail,
                href: format!("/shipments/{}", s.row.id),
                when: None,
                extra: None,
            }
        })
        .collect();
    let names = rows_by::<partnership::Entity, _>(
        conn,
        partnership::Column::Id,
        waiting.keys().copied().collect(),
        |p| p.id,
    )
    .await?;
    let mut by_name: Vec<(&partnership::Model, i64)> = waiting
        .iter()
        .filter_map(|(id, n)| Some((names.get(id)?, *n)))
        .collect();
    by_name.sort_by(|a, b| a.0.name.cmp(&b.0.name));
    for (p, n) in by_name {
        items.push(SpaceItem {
            kind: SpaceKind::Todo,
            area: "shipments",
            title: p.name.clone(),
            detail: translate_args(lang, "space-shipments-waiting", &[("count", n.into())]),
            href: format!("/partnerships/{}/shipments", p.slug),
            when: None,
            extra: None,
        });
    }
    Ok(items)
}
