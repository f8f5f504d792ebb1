//! Putting purchase orders into a shipment and taking them out: only confirmed campaigns'
//! orders with units, of partnerships the coordinator manages, each in one shipment at most
//! (also when two coordinators add the same order at once); and the orders still waiting.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use entity::campaign::CampaignState;
use entity::shipment::{self, ShipmentStep};
use entity::{
    CampaignId, PartnershipId, ProducerId, ShipmentId, campaign, campaign_product, shipment_order,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use super::contents::{self, Order, units};
use super::service::{Shipment, managed};
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError};
use crate::security::AuthUser;

fn preparing(s: &shipment::Model) -> AppResult<()> {
    if s.step == ShipmentStep::Preparing {
        Ok(())
    } else {
        Err(AppError::conflict("shipment-not-preparing"))
    }
}

/// Puts the purchase order of `producer_id` for `campaign_id` into the shipment `id` (while it
/// is prepared): the campaign must be confirmed, of a partnership the actor coordinates (403),
/// and the order must have units (422); an order already in a shipment is a conflict naming it.
#[tracing::instrument(skip_all, fields(actor = actor.id, shipment = %id))]
pub async fn add_order(
    db: &sea_orm::DatabaseConnection,
    actor: &AuthUser,
    id: ShipmentId,
    campaign_id: CampaignId,
    producer_id: ProducerId,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let s = managed(&txn, actor, id).await?;
    preparing(&s)?;
    let c = campaign::Entity::find_by_id(campaign_id)
        .one(&txn)
        .await?
        .ok_or_else(|| AppError::validation("campaign_id", "shipment-no-such-campaign"))?;
    if !actor.handles_shipments_of(c.partnership_id) {
        return Err(AppError::Forbidden);
    }
    if c.state != CampaignState::Confirmed {
        return Err(AppError::Conflict(
            FieldError::new("shipment-campaign-not-confirmed").with("campaign", c.title.clone()),
        ));
    }
    let ordered: i64 = campaign_product::Entity::find()
        .filter(campaign_product::Column::CampaignId.eq(campaign_id))
        .filter(campaign_product::Column::ProducerId.eq(producer_id))
        .all(&txn)
        .await?
        .iter()
        .map(units)
        .sum();
    if ordered <= 0 {
        return Err(AppError::validation("producer_id", "shipment-order-empty"));
    }
    let taken = shipment_order::Entity::find()
        .filter(shipment_order::Column::CampaignId.eq(campaign_id))
        .filter(shipment_order::Column::ProducerId.eq(producer_id))
        .one(&txn)
        .await?;
    if let Some(o) = taken {
        let other = shipment::Entity::find_by_id(o.shipment_id)
            .one_or_404(&txn)
            .await?;
        return Err(AppError::Conflict(
            FieldError::new("shipment-order-taken").with("shipment", Shipment::of(other).reference),
        ));
    }
    let added = shipment_order::ActiveModel {
        shipment_id: Set(id),
        campaign_id: Set(campaign_id),
        producer_id: Set(producer_id),
        added_by: Set(Some(actor.id)),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await;
    match added {
        // Added meanwhile by another coordinator: the unique index decided.
        Err(e) => match AppError::from(e) {
            e if e.is_duplicate() => Err(AppError::conflict("shipment-order-taken-meanwhile")),
            e => Err(e),
        },
        Ok(_) => Ok(txn.commit().await?),
    }
}

/// Takes a purchase order out of the shipment `id` while it is prepared.
#[tracing::instrument(skip_all, fields(actor = actor.id, shipment = %id))]
pub async fn remove_order(
    db: &sea_orm::DatabaseConnection,
    actor: &AuthUser,
    id: ShipmentId,
    campaign_id: CampaignId,
    producer_id: ProducerId,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    let s = managed(&txn, actor, id).await?;
    preparing(&s)?;
    let res = shipment_order::Entity::delete_many()
        .filter(shipment_order::Column::ShipmentId.eq(id))
        .filter(shipment_order::Column::CampaignId.eq(campaign_id))
        .filter(shipment_order::Column::ProducerId.eq(producer_id))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    txn.commit().await?;
    Ok(())
}

/// The confirmed purchase orders of these partnerships' campaigns that are in no shipment yet
/// (five queries whatever their number).
pub async fn waiting_orders(
    conn: &impl ConnectionTrait,
    partnerships: &[PartnershipId],
) -> AppResult<Vec<Order>> {
    if partnerships.is_empty() {
        return Ok(Vec::new());
    }
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::PartnershipId.is_in(partnerships.to_vec()))
        .filter(campaign::Column::State.eq(CampaignState::Confirmed))
        .order_by_asc(campaign::Column::Id)
        .all(conn)
        .await?;
    if campaigns.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<CampaignId> = campaigns.iter().map(|c| c.id).collect();
    let shipped: HashSet<(CampaignId, ProducerId)> = shipment_order::Entity::find()
        .filter(shipment_order::Column::CampaignId.is_in(ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.campaign_id, o.producer_id))
        .collect();
    let products: Vec<campaign_product::Model> = campaign_product::Entity::find()
        .filter(campaign_product::Column::CampaignId.is_in(ids))
        .order_by_asc(campaign_product::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .filter(|p| units(p) > 0 && !shipped.contains(&(p.campaign_id, p.producer_id)))
        .collect();
    let mut pairs: Vec<(CampaignId, ProducerId)> = products
        .iter()
        .map(|p| (p.campaign_id, p.producer_id))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    Ok(contents::orders(conn, &pairs, &products).await?.0)
}

/// The shipment `id` as its page shows it, with the partnership's confirmed orders waiting for
/// a shipment while it is prepared.
pub async fn page(
    db: &sea_orm::DatabaseConnection,
    actor: &AuthUser,
    id: ShipmentId,
    lang: &str,
) -> AppResult<(super::service::ShipmentPage, Vec<Order>)> {
    let p = super::service::show(db, actor, id, lang).await?;
    let waiting = if p.shipment.row.step == ShipmentStep::Preparing {
        waiting_orders(db, &[p.partnership.id]).await?
    } else {
        Vec::new()
    };
    Ok((p, waiting))
}
