//! The SPIRAL view of a territory: the well-being criteria its citizens defined (by family and
//! polarity) and the partnership actions — campaigns, stays, practice sheets — that serve them.

use chrono::{DateTime, Utc};
use entity::spiral_link::ActionKind;
use entity::trip::TripStatus;
use entity::{
    campaign, partnership, practice_sheet, spiral_criterion, spiral_link, territory, trip,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
};
use serde::{Deserialize, Serialize};

use super::service::my_territories;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::security::{AuthUser, Role};

/// SPIRAL's families of criteria.
pub const FAMILIES: [&str; 8] = [
    "access_to_resources",
    "living_environment",
    "relations_with_institutions",
    "personal_relations",
    "social_balance",
    "personal_balance",
    "feelings",
    "attitudes_initiatives",
];
pub const POLARITIES: [&str; 2] = ["well_being", "ill_being"];

#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CriterionInput {
    pub family: String,
    /// well_being or ill_being.
    pub polarity: String,
    pub text: String,
}

async fn territory_for(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
) -> AppResult<territory::Model> {
    let t = territory::Entity::find()
        .filter(territory::Column::Slug.eq(slug))
        .one_or_404(db)
        .await?;
    if !my_territories(db, actor).await?.contains(&t.id) {
        return Err(AppError::Forbidden);
    }
    Ok(t)
}

/// Records a criterion the territory's citizens defined (its coordinators).
pub async fn add_criterion(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
    c: &CriterionInput,
    now: DateTime<Utc>,
) -> AppResult<spiral_criterion::Model> {
    let mut errors = FieldErrors::new();
    if !FAMILIES.contains(&c.family.as_str()) {
        errors.add("family", FieldError::new("choice"));
    }
    if !POLARITIES.contains(&c.polarity.as_str()) {
        errors.add("polarity", FieldError::new("choice"));
    }
    let text = c.text.trim();
    if text.is_empty() || text.chars().count() > 500 {
        errors.add("text", FieldError::new("required"));
    }
    errors.into_result()?;
    let t = territory_for(db, actor, slug).await?;
    Ok(spiral_criterion::ActiveModel {
        territory_id: Set(t.id),
        family: Set(c.family.clone()),
        polarity: Set(c.polarity.clone()),
        text: Set(text.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct LinkInput {
    /// campaign, trip or practice.
    pub kind: String,
    /// A campaign's id, or a trip's or practice sheet's slug.
    pub target: String,
}

/// Links an action of the partnership to a criterion (the territory's coordinators). The
/// action must be one the coordinator may show on the territory's public page: a campaign of a
/// partnership they coordinate that the territory belongs to, a stay of their partnership or a
/// published one, or a practice sheet (the library is public). Any other is "unknown".
pub async fn link(
    db: &DatabaseConnection,
    actor: &AuthUser,
    criterion_id: i64,
    l: &LinkInput,
) -> AppResult<spiral_link::Model> {
    let c = spiral_criterion::Entity::find_by_id(criterion_id)
        .one_or_404(db)
        .await?;
    if !my_territories(db, actor).await?.contains(&c.territory_id) {
        return Err(AppError::Forbidden);
    }
    let coordinates = |partnership_id: entity::PartnershipId| {
        actor.is_admin() || actor.holds(Role::PartnershipCoordinator, partnership_id)
    };
    let target = l.target.trim();
    let kind = ActionKind::parse(&l.kind).ok_or_else(|| AppError::validation("kind", "choice"))?;
    let id = match kind {
        ActionKind::Campaign => {
            let found = match target.parse::<entity::CampaignId>() {
                Ok(id) => campaign::Entity::find_by_id(id).one(db).await?,
                Err(_) => None,
            };
            let owner = match &found {
                Some(x) if coordinates(x.partnership_id) => {
                    partnership::Entity::find_by_id(x.partnership_id)
                        .one(db)
                        .await?
                }
                _ => None,
            };
            found
                .zip(owner)
                .filter(|(_, p)| {
                    [p.belgian_territory_id, p.partner_territory_id].contains(&c.territory_id)
                })
                .map(|(x, _)| x.id.get())
        }
        ActionKind::Trip => trip::Entity::find()
            .filter(trip::Column::Slug.eq(target))
            .one(db)
            .await?
            .filter(|x| x.status == TripStatus::Published || coordinates(x.partnership_id))
            .map(|x| x.id.get()),
        ActionKind::Practice => practice_sheet::Entity::find()
            .filter(practice_sheet::Column::Slug.eq(target))
            .one(db)
            .await?
            .map(|x| x.id),
    }
    .ok_or_else(|| AppError::validation("target", "unknown-action"))?;
    Ok(spiral_link::ActiveModel {
        criterion_id: Set(c.id),
        kind: Set(kind),
        target_id: Set(id),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// A criterion with the actions that serve it (title and page).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct CriterionView {
    pub id: i64,
    pub family: String,
    pub polarity: String,
    pub text: String,
    pub actions: Vec<(String, String)>,
}

/// The SPIRAL view of a territory (five queries whatever the number of criteria).
pub async fn view(
    db: &DatabaseConnection,
    territory_id: i64,
    lang: &str,
) -> AppResult<Vec<CriterionView>> {
    let criteria = spiral_criterion::Entity::find()
        .filter(spiral_criterion::Column::TerritoryId.eq(territory_id))
        .order_by_asc(spiral_criterion::Column::Family)
        .order_by_asc(spiral_criterion::Column::Id)
        .all(db)
        .await?;
    let links = spiral_link::Entity::find()
        .filter(spiral_link::Column::CriterionId.is_in(criteria.iter().map(|c| c.id)))
        .all(db)
        .await?;
    let ids = |kind: ActionKind| {
        links
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.target_id)
            .collect::<Vec<_>>()
    };
    let campaigns = campaign::Entity::find()
        .filter(campaign::Column::Id.is_in(ids(ActionKind::Campaign)))
        .all(db)
        .await?;
    let trips = trip::Entity::find()
        .filter(trip::Column::Id.is_in(ids(ActionKind::Trip)))
        .all(db)
        .await?;
    let sheets = practice_sheet::Entity::find()
        .filter(practice_sheet::Column::Id.is_in(ids(ActionKind::Practice)))
        .all(db)
        .await?;
    Ok(criteria
        .into_iter()
        .map(|c| {
            let actions = links
                .iter()
                .filter(|l| l.criterion_id == c.id)
                .filter_map(|l| match l.kind {
                    ActionKind::Campaign => campaigns
                        .iter()
                        .find(|x| x.id.get() == l.target_id)
                        .map(|x| (x.title.clone(), format!("/campaigns/{}", x.id))),
                    ActionKind::Trip => trips
                        .iter()
                        .find(|x| x.id.get() == l.target_id)
                        .map(|x| (x.title.pick(lang).to_owned(), format!("/trips/{}", x.slug))),
                    ActionKind::Practice => sheets.iter().find(|x| x.id == l.target_id).map(|x| {
                        (
                            x.title.pick(lang).to_owned(),
                            format!("/practices/{}", x.slug),
                        )
                    }),
                })
                .collect();
            CriterionView {
                id: c.id,
                family: c.family,
                polarity: c.polarity,
                text: c.text,
                actions,
            }
        })
        .collect())
}
