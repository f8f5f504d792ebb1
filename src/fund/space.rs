//! What the community fund puts on a partnership coordinator's own page: the projects proposed
//! in their partnerships that wait for the local decision. One query whatever the data.

use chrono::{DateTime, Utc};
use entity::fund_project;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::domain::ProjectStatus;
use crate::error::AppResult;
use crate::security::{AuthUser, Role};
use crate::web::format;
use crate::web::i18n::{Lang, translate};
use crate::web::space::{SpaceItem, SpaceKind};

/// Proposed projects of the partnerships the person coordinates (by grant: an admin is not
/// asked to decide for every partnership).
pub async fn space_items(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let _ = now;
    let coordinated: Vec<entity::PartnershipId> = user
        .scopes_of(Role::PartnershipCoordinator)
        .map(entity::PartnershipId)
        .collect();
    if coordinated.is_empty() {
        return Ok(Vec::new());
    }
    let projects = fund_project::Entity::find()
        .filter(fund_project::Column::PartnershipId.is_in(coordinated))
        .filter(fund_project::Column::Status.eq(ProjectStatus::Proposed))
        .order_by_asc(fund_project::Column::CreatedAt)
        .all(conn)
        .await?;
    Ok(projects
        .into_iter()
        .map(|p| {
            let budget = p.budget_cents.euros();
            let since = format::date(lang, crate::clock::today(p.created_at));
            SpaceItem {
                kind: SpaceKind::Todo,
                area: "fund",
                detail: translate(
                    lang,
                    "space-fund-decide",
                    &[("amount", &budget), ("date", &since)],
                ),
                title: p.title,
                href: format!("/fund/{}", p.id),
                when: None,
                extra: None,
            }
        })
        .collect())
}
