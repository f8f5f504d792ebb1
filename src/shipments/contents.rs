//! Reading a shipment's purchase orders and what they carry: the orders, their campaigns'
//! products and the products' customs codes and case tare, each in one query whatever their
//! number, turned into the shipment's contents by the pure rules of `domain`.

use std::collections::{HashMap, HashSet};

use entity::{
    CampaignId, ProducerId, ShipmentId, campaign, campaign_product, producer, product,
    shipment_order,
};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

use super::domain::{self, Contents, OrderLine};
use crate::db::rows_by;
use crate::error::AppResult;

/// The units a campaign product stands for in a shipment: confirmed, else ordered.
pub fn units(p: &campaign_product::Model) -> i64 {
    i64::from(p.confirmed_units.unwrap_or(p.ordered_units))
}

/// A purchase order in a shipment (or waiting for one), with its campaign and producer.
#[derive(Clone, Debug)]
pub struct Order {
    pub campaign: campaign::Model,
    pub producer_id: ProducerId,
    pub producer_name: String,
    pub units: i64,
}

/// A shipment's purchase orders and contents; producers' names by id.
#[derive(Clone, Debug, Default)]
pub struct Detail {
    pub orders: Vec<Order>,
    pub contents: Contents,
    pub producers: HashMap<ProducerId, String>,
}

/// The purchase orders (campaign, producer) of the shipment `id`.
pub async fn pairs(
    conn: &impl ConnectionTrait,
    id: ShipmentId,
) -> AppResult<Vec<(CampaignId, ProducerId)>> {
    Ok(shipment_order::Entity::find()
        .filter(shipment_order::Column::ShipmentId.eq(id))
        .order_by_asc(shipment_order::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|o| (o.campaign_id, o.producer_id))
        .collect())
}

/// How many purchase orders the shipment `id` carries.
pub async fn order_count(conn: &impl ConnectionTrait, id: ShipmentId) -> AppResult<u64> {
    Ok(shipment_order::Entity::find()
        .filter(shipment_order::Column::ShipmentId.eq(id))
        .count(conn)
        .await?)
}

/// The campaigns with a purchase order in the shipment `id`, each once.
pub async fn campaign_ids(
    conn: &impl ConnectionTrait,
    id: ShipmentId,
) -> AppResult<Vec<CampaignId>> {
    let mut ids: Vec<CampaignId> = pairs(conn, id).await?.into_iter().map(|p| p.0).collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// The campaign products of these purchase orders (one query).
pub async fn order_products(
    conn: &impl ConnectionTrait,
    pairs: &[(CampaignId, ProducerId)],
) -> AppResult<Vec<campaign_product::Model>> {
    if pairs.is_empty() {
        return Ok(Vec::new());
    }
    let wanted: HashSet<(CampaignId, ProducerId)> = pairs.iter().copied().collect();
    let mut campaigns: Vec<CampaignId> = pairs.iter().map(|p| p.0).collect();
    campaigns.sort_unstable();
    campaigns.dedup();
    Ok(campaign_product::Entity::find()
        .filter(campaign_product::Column::CampaignId.is_in(campaigns))
        .order_by_asc(campaign_product::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .filter(|p| wanted.contains(&(p.campaign_id, p.producer_id)))
        .collect())
}

/// The lines of these campaign products, with their products' customs codes and case tare
/// (one query), names in `lang`.
pub async fn lines(
    conn: &impl ConnectionTrait,
    products: &[campaign_product::Model],
    lang: &str,
) -> AppResult<Vec<OrderLine>> {
    let mut ids: Vec<entity::ProductId> = products.iter().map(|p| p.product_id).collect();
    ids.sort_unstable();
    ids.dedup();
    let catalogue = rows_by::<product::Entity, _>(conn, product::Column::Id, ids, |p| p.id).await?;
    Ok(products
        .iter()
        .map(|p| {
            let item = catalogue.get(&p.product_id);
            OrderLine {
                campaign_id: p.campaign_id,
                producer_id: p.producer_id,
                product_id: p.product_id,
                name: p.name.pick(lang).to_owned(),
                hs_code: item.and_then(|i| i.hs_code.clone()),
                units: units(p),
                case_size: i64::from(p.case_size),
                weight_grams: i64::from(p.weight_grams),
                tare_grams: item
                    .and_then(|i| i.case_tare_grams)
                    .map(i64::from)
                    .unwrap_or(0),
                price: p.price_cents,
                originating: item.is_none_or(|i| i.originating),
            }
        })
        .collect())
}

/// Purchase orders with their campaigns, producers and units, from their campaign products
/// (two queries).
pub async fn orders(
    conn: &impl ConnectionTrait,
    pairs: &[(CampaignId, ProducerId)],
    products: &[campaign_product::Model],
) -> AppResult<(Vec<Order>, HashMap<ProducerId, String>)> {
    let mut units_of: HashMap<(CampaignId, ProducerId), i64> = HashMap::new();
    for p in products {
        *units_of.entry((p.campaign_id, p.producer_id)).or_default() += units(p);
    }
    let campaigns = rows_by::<campaign::Entity, _>(
        conn,
        campaign::Column::Id,
        pairs
            .iter()
            .map(|p| p.0)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect(),
        |c| c.id,
    )
    .await?;
    let producers: HashMap<ProducerId, String> = rows_by::<producer::Entity, _>(
        conn,
        producer::Column::Id,
        pairs
            .iter()
            .map(|p| p.1)
            .collect::<HashSet<_>>()
            .into_iter()
            .collect(),
        |p| p.id,
    )
    .await?
    .into_iter()
    .map(|(id, p)| (id, p.name))
    .collect();
    let orders = pairs
        .iter()
        .filter_map(|(c, p)| {
            Some(Order {
                campaign: campaigns.get(c)?.clone(),
                producer_id: *p,
                producer_name: producers.get(p).cloned().unwrap_or_default(),
                units: units_of.get(&(*c, *p)).copied().unwrap_or(0),
            })
        })
        .collect();
    Ok((orders, producers))
}

/// The shipment `id`'s purchase orders and contents: six queries whatever their number.
pub async fn detail(conn: &impl ConnectionTrait, id: ShipmentId, lang: &str) -> AppResult<Detail> {
    let pairs = pairs(conn, id).await?;
    let products = order_products(conn, &pairs).await?;
    let lines = lines(conn, &products, lang).await?;
    let (orders, producers) = orders(conn, &pairs, &products).await?;
    Ok(Detail {
        orders,
        contents: domain::contents(lines),
        producers,
    })
}
