//! Territories, partnerships and networks: reads for everyone. Writes: `editing` (admins, and
//! the presentation for coordinators) and `roles` (coordinators, network membership).

use std::collections::HashMap;

use entity::{network, network_membership, partnership, territory, user};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::accounts::service as accounts;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::money::Cents;
use crate::security::{AuthUser, Role};
use crate::web::pagination::PageQuery;

/// A partnership with both its territories.
#[derive(Clone, Debug)]
pub struct PartnershipFull {
    pub partnership: partnership::Model,
    pub belgian: territory::Model,
    pub partner: territory::Model,
}

/// A network with its member territories, in the order they joined.
#[derive(Clone, Debug)]
pub struct NetworkFull {
    pub network: network::Model,
    pub members: Vec<(network_membership::Model, territory::Model)>,
}

pub(super) fn require_admin(actor: &AuthUser) -> AppResult<()> {
    if actor.is_admin() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

// ----- reads -----

pub async fn list_territories(
    db: &impl ConnectionTrait,
    q: &PageQuery,
) -> AppResult<(Vec<territory::Model>, u64)> {
    let query = territory::Entity::find().order_by_asc(territory::Column::Name);
    let total = query.clone().count(db).await?;
    let items = query.offset(q.offset()).limit(q.per_page()).all(db).await?;
    Ok((items, total))
}

pub async fn all_territories(db: &impl ConnectionTrait) -> AppResult<Vec<territory::Model>> {
    Ok(territory::Entity::find()
        .order_by_asc(territory::Column::Name)
        .all(db)
        .await?)
}

pub async fn territory_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> AppResult<territory::Model> {
    territory::Entity::find()
        .filter(territory::Column::Slug.eq(slug))
        .one_or_404(db)
        .await
}

/// Attaches both territories to each partnership (one query for all of them).
async fn with_territories(
    db: &impl ConnectionTrait,
    rows: Vec<partnership::Model>,
) -> AppResult<Vec<PartnershipFull>> {
    let mut ids: Vec<i64> = rows
        .iter()
        .flat_map(|p| [p.belgian_territory_id, p.partner_territory_id])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let territories: HashMap<i64, territory::Model> =
        crate::db::rows_by::<territory::Entity, _>(db, territory::Column::Id, ids, |t| t.id)
            .await?;
    rows.into_iter()
        .map(|p| {
            let belgian = territories.get(&p.belgian_territory_id).cloned();
            let partner = territories.get(&p.partner_territory_id).cloned();
            match (belgian, partner) {
                (Some(belgian), Some(partner)) => Ok(PartnershipFull {
                    partnership: p,
                    belgian,
                    partner,
                }),
                _ => Err(AppError::Unexpected(anyhow::anyhow!(
                    "partnership {} lost a territory",
                    p.id
                ))),
            }
        })
        .collect()
}

/// Partnerships, oldest first (two queries whatever their number).
pub async fn list_partnerships(
    db: &impl ConnectionTrait,
    q: &PageQuery,
) -> AppResult<(Vec<PartnershipFull>, u64)> {
    let query = partnership::Entity::find()
        .order_by_asc(partnership::Column::SinceYear)
        .order_by_asc(partnership::Column::Name);
    let total = query.clone().count(db).await?;
    let rows = query.offset(q.offset()).limit(q.per_page()).all(db).await?;
    Ok((with_territories(db, rows).await?, total))
}

pub async fn all_partnerships(db: &impl ConnectionTrait) -> AppResult<Vec<PartnershipFull>> {
    let rows = partnership::Entity::find()
        .order_by_asc(partnership::Column::SinceYear)
        .order_by_asc(partnership::Column::Name)
        .all(db)
        .await?;
    with_territories(db, rows).await
}

pub async fn partnership_by_slug(
    db: &impl ConnectionTrait,
    slug: &str,
) -> AppResult<PartnershipFull> {
    let p = partnership::Entity::find()
        .filter(partnership::Column::Slug.eq(slug))
        .one_or_404(db)
        .await?;
    full(db, p).await
}

/// The partnership `slug` names with its two territories, when `actor` coordinates it: 404
/// when there is no such partnership, 403 when it is not theirs.
pub async fn coordinated_partnership(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    slug: &str,
) -> AppResult<PartnershipFull> {
    let p = actor.coordinated_partnership(db, slug).await?;
    full(db, p).await
}

async fn full(db: &impl ConnectionTrait, p: partnership::Model) -> AppResult<PartnershipFull> {
    with_territories(db, vec![p])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Euro cents each partnership's community fund holds, from the ledger (one query).
pub async fn community_funds(
    db: &impl ConnectionTrait,
    partnership_ids: &[entity::PartnershipId],
) -> AppResult<HashMap<entity::PartnershipId, Cents>> {
    Ok(crate::ledger::totals(db, partnership_ids)
        .await?
        .into_iter()
        .map(|(id, t)| (id, t.fund_balance_cents()))
        .collect())
}

/// Networks and their members (two queries whatever their number).
pub async fn all_networks(db: &impl ConnectionTrait) -> AppResult<Vec<NetworkFull>> {
    let networks = network::Entity::find()
        .order_by_asc(network::Column::Name)
        .all(db)
        .await?;
    let memberships = network_membership::Entity::find()
        .find_also_related(territory::Entity)
        .order_by_asc(network_membership::Column::JoinedYear)
        .order_by_asc(network_membership::Column::Id)
        .all(db)
        .await?;
    let mut by_network: HashMap<i64, Vec<(network_membership::Model, territory::Model)>> =
        HashMap::new();
    for (m, t) in memberships {
        if let Some(t) = t {
            by_network.entry(m.network_id).or_default().push((m, t));
        }
    }
    Ok(networks
        .into_iter()
        .map(|n| NetworkFull {
            members: by_network.remove(&n.id).unwrap_or_default(),
            network: n,
        })
        .collect())
}

pub async fn network_by_slug(db: &impl ConnectionTrait, slug: &str) -> AppResult<network::Model> {
    network::Entity::find()
        .filter(network::Column::Slug.eq(slug))
        .one_or_404(db)
        .await
}

/// Partnerships with their community funds, and the networks (the home page).
pub struct Overview {
    pub partnerships: Vec<PartnershipFull>,
    pub funds: HashMap<entity::PartnershipId, Cents>,
    pub networks: Vec<NetworkFull>,
}

/// A fixed number of queries whatever the number of partnerships and networks.
pub async fn overview(db: &DatabaseConnection, with_networks: bool) -> AppResult<Overview> {
    let partnerships = all_partnerships(db).await?;
    let ids: Vec<entity::PartnershipId> = partnerships.iter().map(|p| p.partnership.id).collect();
    let funds = community_funds(db, &ids).await?;
    let networks = if with_networks {
        all_networks(db).await?
    } else {
        Vec::new()
    };
    Ok(Overview {
        partnerships,
        funds,
        networks,
    })
}

/// Everything the page of one partnership shows.
pub struct PartnershipPage {
    pub full: PartnershipFull,
    pub coordinators: Vec<user::Model>,
    pub funds: HashMap<entity::PartnershipId, Cents>,
}

pub async fn partnership_page(db: &DatabaseConnection, slug: &str) -> AppResult<PartnershipPage> {
    let full = partnership_by_slug(db, slug).await?;
    let coordinators = coordinators(db, full.partnership.id).await?;
    let funds = community_funds(db, &[full.partnership.id]).await?;
    Ok(PartnershipPage {
        full,
        coordinators,
        funds,
    })
}

/// Everything the page of one territory shows.
pub struct TerritoryPage {
    pub territory: territory::Model,
    pub partnerships: Vec<PartnershipFull>,
    pub funds: HashMap<entity::PartnershipId, Cents>,
    pub networks: Vec<network::Model>,
}

pub async fn territory_page(db: &DatabaseConnection, slug: &str) -> AppResult<TerritoryPage> {
    let territory = territory_by_slug(db, slug).await?;
    let rows = partnership::Entity::find()
        .filter(
            partnership::Column::BelgianTerritoryId
                .eq(territory.id)
                .or(partnership::Column::PartnerTerritoryId.eq(territory.id)),
        )
        .order_by_asc(partnership::Column::SinceYear)
        .all(db)
        .await?;
    let partnerships = with_territories(db, rows).await?;
    let ids: Vec<entity::PartnershipId> = partnerships.iter().map(|p| p.partnership.id).collect();
    let funds = community_funds(db, &ids).await?;
    let networks = network::Entity::find()
        .inner_join(network_membership::Entity)
        .filter(network_membership::Column::TerritoryId.eq(territory.id))
        .order_by_asc(network::Column::Name)
        .all(db)
        .await?;
    Ok(TerritoryPage {
        territory,
        partnerships,
        funds,
        networks,
    })
}

/// The coordinators of a partnership.
pub async fn coordinators(
    db: &impl ConnectionTrait,
    partnership_id: entity::PartnershipId,
) -> AppResult<Vec<user::Model>> {
    Ok(
        accounts::holders(db, Role::PartnershipCoordinator, &[partnership_id.get()])
            .await?
            .into_iter()
            .map(|(_, u)| u)
            .collect(),
    )
}

// ----- writes -----
