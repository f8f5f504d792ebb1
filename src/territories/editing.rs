//! Creating and changing territories and partnerships (admins), and a partnership's
//! presentation (its coordinators).

use chrono::{DateTime, Utc};
use entity::{partnership, territory};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, ExprTrait,
    PaginatorTrait, QueryFilter, Set,
};

use super::domain::{Pillar, check_pair, default_partnership_name};
use super::input::NewTerritory;
use super::partnership_input::{NewPartnership, Presentation};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::security::AuthUser;

use super::service::{
    PartnershipFull, coordinated_partnership, partnership_by_slug, require_admin, territory_by_slug,
};

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
    except_id: Option<entity::PartnershipId>,
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

#[tracing::instrument(skip_all, fields(actor = actor.id))]
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

#[tracing::instrument(skip_all, fields(actor = actor.id))]
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
    if let Some(c) = p.controller {
        active.controller_name = Set(c.name);
        active.controller_contact = Set(c.contact);
    }
}

#[tracing::instrument(skip_all, fields(actor = actor.id))]
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

#[tracing::instrument(skip_all, fields(actor = actor.id))]
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
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn update_presentation(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    presentation: Presentation,
    now: DateTime<Utc>,
) -> AppResult<PartnershipFull> {
    let txn = crate::db::begin_write(db).await?;
    let full = coordinated_partnership(&txn, actor, slug).await?;
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
