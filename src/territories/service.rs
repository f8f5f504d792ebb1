//! Territories, partnerships and networks: reads for everyone, writes for admins, and the
//! presentation of a partnership for its coordinators.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, Utc};
use entity::{network, network_membership, partnership, territory, user};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::domain::{Pillar, check_pair, default_partnership_name};
use super::input::{MembershipInput, NewPartnership, NewTerritory, Presentation};
use crate::accounts::invitations;
use crate::accounts::service as accounts;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::mail::outbox::Mailer;
use crate::security::{AuthUser, Grant, Role};
use crate::web::i18n::Lang;
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

fn require_admin(actor: &AuthUser) -> AppResult<()> {
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
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
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
    let territories: HashMap<i64, territory::Model> = if ids.is_empty() {
        HashMap::new()
    } else {
        territory::Entity::find()
            .filter(territory::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|t| (t.id, t))
            .collect()
    };
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
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    with_territories(db, vec![p])
        .await?
        .pop()
        .ok_or(AppError::NotFound)
}

/// Euro cents each partnership's community fund holds, from the ledger (one query).
pub async fn community_funds(
    db: &impl ConnectionTrait,
    partnership_ids: &[i64],
) -> AppResult<HashMap<i64, i64>> {
    Ok(crate::payments::service::totals(db, partnership_ids)
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
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// Partnerships with their community funds, and the networks (the home page).
pub struct Overview {
    pub partnerships: Vec<PartnershipFull>,
    pub funds: HashMap<i64, i64>,
    pub networks: Vec<NetworkFull>,
}

/// A fixed number of queries whatever the number of partnerships and networks.
pub async fn overview(db: &DatabaseConnection, with_networks: bool) -> AppResult<Overview> {
    let partnerships = all_partnerships(db).await?;
    let ids: Vec<i64> = partnerships.iter().map(|p| p.partnership.id).collect();
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
    pub funds: HashMap<i64, i64>,
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
    pub funds: HashMap<i64, i64>,
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
    let ids: Vec<i64> = partnerships.iter().map(|p| p.partnership.id).collect();
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
    partnership_id: i64,
) -> AppResult<Vec<user::Model>> {
    Ok(
        accounts::holders(db, Role::PartnershipCoordinator, &[partnership_id])
            .await?
            .into_iter()
            .map(|(_, u)| u)
            .collect(),
    )
}

// ----- writes -----

async fn territory_slug_taken(
    db: &impl ConnectionTrait,
    slug: &str,
    except_id: Option<i64>,
) -> AppResult<bool> {
    let mut q = territory::Entity::find().filter(territory::Column::Slug.eq(slug));
    if let Some(id) = except_id {
        q = q.filter(territory::Column::Id.ne(id));
    }
    Ok(q.count(db).await? > 0)
}

async fn partnership_slug_taken(
    db: &impl ConnectionTrait,
    slug: &str,
    except_id: Option<i64>,
) -> AppResult<bool> {
    let mut q = partnership::Entity::find().filter(partnership::Column::Slug.eq(slug));
    if let Some(id) = except_id {
        q = q.filter(partnership::Column::Id.ne(id));
    }
    Ok(q.count(db).await? > 0)
}

fn slug_taken_error() -> AppError {
    AppError::Validation(FieldErrors::single("slug", FieldError::new("taken")))
}

pub async fn create_territory(
    db: &DatabaseConnection,
    actor: &AuthUser,
    t: NewTerritory,
    now: DateTime<Utc>,
) -> AppResult<territory::Model> {
    require_admin(actor)?;
    let txn = crate::db::begin_write(db).await?;
    if territory_slug_taken(&txn, t.slug.as_str(), None).await? {
        return Err(slug_taken_error());
    }
    let model = territory::ActiveModel {
        slug: Set(t.slug.as_str().to_owned()),
        name: Set(t.name),
        country: Set(t.country),
        region: Set(t.region),
        kind: Set(t.kind),
        coresponsibility: Set(t.coresponsibility),
        description: Set(t.description),
        website: Set(t.website),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(model)
}

pub async fn update_territory(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    t: NewTerritory,
    now: DateTime<Utc>,
) -> AppResult<territory::Model> {
    require_admin(actor)?;
    let txn = crate::db::begin_write(db).await?;
    let existing = territory_by_slug(&txn, slug).await?;
    if territory_slug_taken(&txn, t.slug.as_str(), Some(existing.id)).await? {
        return Err(slug_taken_error());
    }
    // A territory in a partnership must keep its side: Belgian ones stay in Belgium.
    let sides = partnership::Entity::find()
        .filter(
            partnership::Column::BelgianTerritoryId
                .eq(existing.id)
                .or(partnership::Column::PartnerTerritoryId.eq(existing.id)),
        )
        .all(&txn)
        .await?;
    for p in &sides {
        let errors = if p.belgian_territory_id == existing.id {
            check_pair(&t.country, "MA")
        } else {
            check_pair("BE", &t.country)
        };
        if !errors.is_empty() {
            return Err(AppError::Validation(FieldErrors::single(
                "country",
                FieldError::new("country-in-use"),
            )));
        }
    }
    let mut active: territory::ActiveModel = existing.into();
    active.slug = Set(t.slug.as_str().to_owned());
    active.name = Set(t.name);
    active.country = Set(t.country);
    active.region = Set(t.region);
    active.kind = Set(t.kind);
    active.coresponsibility = Set(t.coresponsibility);
    active.description = Set(t.description);
    active.website = Set(t.website);
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    txn.commit().await?;
    Ok(model)
}

/// Finds both territories of a new or edited partnership and checks the pairing.
async fn resolve_pair(
    db: &impl ConnectionTrait,
    p: &NewPartnership,
) -> AppResult<(territory::Model, territory::Model)> {
    let mut errors = FieldErrors::new();
    let belgian = territory::Entity::find()
        .filter(territory::Column::Slug.eq(p.belgian_territory.as_str()))
        .one(db)
        .await?;
    let partner = territory::Entity::find()
        .filter(territory::Column::Slug.eq(p.partner_territory.as_str()))
        .one(db)
        .await?;
    if belgian.is_none() {
        errors.add("belgian_territory", FieldError::new("unknown-territory"));
    }
    if partner.is_none() {
        errors.add("partner_territory", FieldError::new("unknown-territory"));
    }
    match (belgian, partner) {
        (Some(b), Some(p)) => {
            check_pair(&b.country, &p.country).into_result()?;
            Ok((b, p))
        }
        _ => Err(AppError::Validation(errors)),
    }
}

fn presentation_fields(active: &mut partnership::ActiveModel, p: Presentation) {
    active.pillar_practices = Set(p.pillars.contains(&Pillar::Practices));
    active.pillar_tourism = Set(p.pillars.contains(&Pillar::Tourism));
    active.pillar_trade = Set(p.pillars.contains(&Pillar::Trade));
    active.description = Set(p.description);
    active.belgian_offers = Set(p.belgian_offers);
    active.partner_offers = Set(p.partner_offers);
}

pub async fn create_partnership(
    db: &DatabaseConnection,
    actor: &AuthUser,
    p: NewPartnership,
    now: DateTime<Utc>,
) -> AppResult<PartnershipFull> {
    require_admin(actor)?;
    let txn = crate::db::begin_write(db).await?;
    let (belgian, partner) = resolve_pair(&txn, &p).await?;
    let name = p
        .name
        .clone()
        .unwrap_or_else(|| default_partnership_name(&belgian.name, &partner.name));
    let slug = match &p.slug {
        Some(s) => s.as_str().to_owned(),
        None => format!("{}-{}", belgian.slug, partner.slug),
    };
    if partnership_slug_taken(&txn, &slug, None).await? {
        return Err(slug_taken_error());
    }
    let paired = partnership::Entity::find()
        .filter(partnership::Column::BelgianTerritoryId.eq(belgian.id))
        .filter(partnership::Column::PartnerTerritoryId.eq(partner.id))
        .count(&txn)
        .await?;
    if paired > 0 {
        return Err(AppError::conflict("partnership-exists"));
    }
    let mut active = partnership::ActiveModel {
        slug: Set(slug),
        name: Set(name),
        belgian_territory_id: Set(belgian.id),
        partner_territory_id: Set(partner.id),
        since_year: Set(p.since_year),
        illustrative: Set(p.illustrative),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    presentation_fields(&mut active, p.presentation);
    let model = active.insert(&txn).await?;
    txn.commit().await?;
    Ok(PartnershipFull {
        partnership: model,
        belgian,
        partner,
    })
}

pub async fn update_partnership(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    p: NewPartnership,
    now: DateTime<Utc>,
) -> AppResult<PartnershipFull> {
    require_admin(actor)?;
    let txn = crate::db::begin_write(db).await?;
    let existing = partnership_by_slug(&txn, slug).await?.partnership;
    let (belgian, partner) = resolve_pair(&txn, &p).await?;
    let new_slug = p
        .slug
        .as_ref()
        .map(|s| s.as_str().to_owned())
        .unwrap_or(existing.slug.clone());
    if partnership_slug_taken(&txn, &new_slug, Some(existing.id)).await? {
        return Err(slug_taken_error());
    }
    let mut active: partnership::ActiveModel = existing.into();
    active.slug = Set(new_slug);
    if let Some(name) = p.name.clone() {
        active.name = Set(name);
    }
    active.belgian_territory_id = Set(belgian.id);
    active.partner_territory_id = Set(partner.id);
    active.since_year = Set(p.since_year);
    active.illustrative = Set(p.illustrative);
    active.updated_at = Set(now);
    presentation_fields(&mut active, p.presentation);
    let model = active.update(&txn).await?;
    txn.commit().await?;
    Ok(PartnershipFull {
        partnership: model,
        belgian,
        partner,
    })
}

/// Coordinators (and admins) describe their partnership.
pub async fn update_presentation(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    presentation: Presentation,
    now: DateTime<Utc>,
) -> AppResult<PartnershipFull> {
    let txn = crate::db::begin_write(db).await?;
    let full = partnership_by_slug(&txn, slug).await?;
    if !actor.coordinates_partnership(full.partnership.id) {
        return Err(AppError::Forbidden);
    }
    let mut active: partnership::ActiveModel = full.partnership.into();
    presentation_fields(&mut active, presentation);
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    txn.commit().await?;
    Ok(PartnershipFull {
        partnership: model,
        ..full
    })
}

/// What an appointment did.
pub enum Appointment {
    /// The account existed and now coordinates the partnership.
    Appointed(user::Model),
    /// No account has this address: an invitation was emailed to it.
    Invited(String),
}

/// Makes the account with this email a coordinator of the partnership, or invites the address
/// by email when it has no account yet (in the same transaction).
pub async fn appoint_coordinator(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &AuthUser,
    slug: &str,
    email: &str,
    lang: Lang,
    now: DateTime<Utc>,
) -> AppResult<Appointment> {
    require_admin(actor)?;
    let txn = crate::db::begin_write(db).await?;
    let p = partnership_by_slug(&txn, slug).await?.partnership;
    let grant = Grant::new(Role::PartnershipCoordinator, p.id);
    let done = match accounts::find_by_email(&txn, email).await? {
        Some(user) => {
            accounts::grant(&txn, user.id, grant, now).await?;
            Appointment::Appointed(user)
        }
        None => {
            invitations::invite(&txn, mailer, actor, email, grant, &p.name, lang, now).await?;
            Appointment::Invited(email.to_owned())
        }
    };
    txn.commit().await?;
    Ok(done)
}

pub async fn remove_coordinator(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    user_id: i64,
) -> AppResult<()> {
    require_admin(actor)?;
    let txn = crate::db::begin_write(db).await?;
    let p = partnership_by_slug(&txn, slug).await?.partnership;
    accounts::revoke(
        &txn,
        user_id,
        Grant::new(Role::PartnershipCoordinator, p.id),
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Adds a territory to a network (adding it twice changes nothing).
pub async fn add_member(
    db: &DatabaseConnection,
    actor: &AuthUser,
    network_slug: &str,
    input: &MembershipInput,
    now: DateTime<Utc>,
) -> AppResult<()> {
    require_admin(actor)?;
    let joined = input
        .joined
        .parse(now.year())
        .map_err(|e| AppError::Validation(FieldErrors::single("joined", e)))?;
    let txn = crate::db::begin_write(db).await?;
    let n = network_by_slug(&txn, network_slug).await?;
    let t = territory::Entity::find()
        .filter(territory::Column::Slug.eq(input.territory.trim()))
        .one(&txn)
        .await?
        .ok_or_else(|| {
            AppError::Validation(FieldErrors::single(
                "territory",
                FieldError::new("unknown-territory"),
            ))
        })?;
    let exists = network_membership::Entity::find()
        .filter(network_membership::Column::NetworkId.eq(n.id))
        .filter(network_membership::Column::TerritoryId.eq(t.id))
        .count(&txn)
        .await?
        > 0;
    if !exists {
        network_membership::ActiveModel {
            network_id: Set(n.id),
            territory_id: Set(t.id),
            joined_year: Set(joined),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

pub async fn remove_member(
    db: &DatabaseConnection,
    actor: &AuthUser,
    network_slug: &str,
    territory_slug: &str,
) -> AppResult<()> {
    require_admin(actor)?;
    let txn = crate::db::begin_write(db).await?;
    let n = network_by_slug(&txn, network_slug).await?;
    let t = territory_by_slug(&txn, territory_slug).await?;
    let res = network_membership::Entity::delete_many()
        .filter(network_membership::Column::NetworkId.eq(n.id))
        .filter(network_membership::Column::TerritoryId.eq(t.id))
        .exec(&txn)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    txn.commit().await?;
    Ok(())
}
