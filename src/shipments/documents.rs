//! The commercial invoice and the packing list of a shipment, generated from its contents: the
//! exporters (producers, with their place and country, their registration and approved
//! exporter numbers, and whether they declare origin on the invoice), the consignees (the
//! Belgian groups of its campaigns, their pickup points, the partnership) and the lines. A fixed
//! number of queries whatever the contents.

use std::collections::HashSet;

use entity::shipment_paper::PaperKind;
use entity::{consumer_group, partnership, pickup_point, producer, territory};
use sea_orm::{DatabaseConnection, EntityTrait};

use super::contents::{self, Detail};
use super::papers::papers_of;
use super::service::{Shipment, managed};
use crate::db::{OneOrNotFound, rows_by};
use crate::error::AppResult;
use crate::security::AuthUser;

/// An exporter on the papers.
pub struct Exporter {
    pub producer: producer::Model,
    pub territory: Option<territory::Model>,
    /// It declares origin on the invoice (up to EUR 6,000, or as an approved exporter).
    pub declares: bool,
}

/// A Belgian group receiving goods of the shipment.
pub struct Consignee {
    pub group: consumer_group::Model,
    pub pickup: Option<pickup_point::Model>,
}

/// What the invoice and the packing list print.
pub struct Document {
    pub shipment: Shipment,
    pub partnership: partnership::Model,
    pub belgian_territory: Option<territory::Model>,
    pub detail: Detail,
    /// In the order of the contents' producers.
    pub exporters: Vec<Exporter>,
    pub consignees: Vec<Consignee>,
    /// The packing plan kept (the packing list prints it while it holds the contents).
    pub plan: super::packing_plan::Plan,
}

/// The shipment `id`'s invoice and packing list, products named in `lang` (its partnership's
/// coordinators).
pub async fn document(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: entity::ShipmentId,
    lang: &str,
) -> AppResult<Document> {
    let s = managed(db, actor, id).await?;
    let p = partnership::Entity::find_by_id(s.partnership_id)
        .one_or_404(db)
        .await?;
    let mut detail = contents::detail(db, id, lang).await?;
    let (papers, mut producers) = papers_of(db, id, &detail).await?;
    // A product of the campaign nobody ordered is no line of the papers.
    for p in &mut detail.contents.producers {
        p.products.retain(|x| x.load.units > 0);
    }
    let plan = super::packing_plan::plan_of(db, id, &detail.contents).await?;
    let declaring: HashSet<_> = papers
        .iter()
        .filter(|x| x.required && x.need.kind == PaperKind::OriginDeclaration)
        .map(|x| x.need.producer_id)
        .collect();
    let mut territory_ids: Vec<i64> = producers.values().map(|x| x.territory_id).collect();
    territory_ids.push(p.belgian_territory_id);
    territory_ids.sort_unstable();
    territory_ids.dedup();
    let territories =
        rows_by::<territory::Entity, _>(db, territory::Column::Id, territory_ids, |t| t.id).await?;
    let exporters = detail
        .contents
        .producers
        .iter()
        .filter_map(|pl| {
            let producer = producers.remove(&pl.producer_id)?;
            Some(Exporter {
                territory: territories.get(&producer.territory_id).cloned(),
                declares: declaring.contains(&pl.producer_id),
                producer,
            })
        })
        .collect();
    let mut group_ids: Vec<entity::GroupId> =
        detail.orders.iter().map(|o| o.campaign.group_id).collect();
    group_ids.sort_unstable();
    group_ids.dedup();
    let pickup_ids: Vec<i64> = detail
        .orders
        .iter()
        .filter_map(|o| o.campaign.pickup_point_id)
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    let groups = rows_by::<consumer_group::Entity, _>(
        db,
        consumer_group::Column::Id,
        group_ids.clone(),
        |g| g.id,
    )
    .await?;
    let pickups =
        rows_by::<pickup_point::Entity, _>(db, pickup_point::Column::Id, pickup_ids, |x| x.id)
            .await?;
    let consignees = group_ids
        .iter()
        .filter_map(|gid| {
            let group = groups.get(gid)?.clone();
            let pickup = detail
                .orders
                .iter()
                .filter(|o| o.campaign.group_id == *gid)
                .find_map(|o| pickups.get(&o.campaign.pickup_point_id?))
                .cloned();
            Some(Consignee { group, pickup })
        })
        .collect();
    Ok(Document {
        shipment: Shipment::of(s),
        belgian_territory: territories.get(&p.belgian_territory_id).cloned(),
        partnership: p,
        detail,
        exporters,
        consignees,
        plan,
    })
}
