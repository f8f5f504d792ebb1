//! Practice sheets (published by a territory's coordinators, searchable by everyone), the topics
//! territories can help with, and support requests routed to the partner territory and to the
//! network territories that declared the topic, with a thread for those involved.

use chrono::{DateTime, Utc};
use entity::trip::Texts;
use entity::{partnership, practice_sheet, territory, territory_expertise};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};

use super::domain::topic_word;
use super::input::NewSheet;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult};
use crate::security::{AuthUser, Role};

async fn territory_by_slug(conn: &impl ConnectionTrait, slug: &str) -> AppResult<territory::Model> {
    territory::Entity::find()
        .filter(territory::Column::Slug.eq(slug))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::validation("territory", "unknown-territory"))
}

/// The territories `actor` speaks for: both sides of the partnerships they coordinate (all of
/// them for admins).
pub async fn my_territories(conn: &impl ConnectionTrait, actor: &AuthUser) -> AppResult<Vec<i64>> {
    if actor.is_admin() {
        return Ok(territory::Entity::find()
            .all(conn)
            .await?
            .into_iter()
            .map(|t| t.id)
            .collect());
    }
    let ids: Vec<entity::PartnershipId> = actor
        .scopes_of(Role::PartnershipCoordinator)
        .map(entity::PartnershipId)
        .collect();
    let mut out: Vec<i64> = partnership::Entity::find()
        .filter(partnership::Column::Id.is_in(ids))
        .all(conn)
        .await?
        .into_iter()
        .flat_map(|p| [p.belgian_territory_id, p.partner_territory_id])
        .collect();
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

pub(crate) async fn require_territory(
    conn: &impl ConnectionTrait,
    actor: &AuthUser,
    territory_id: i64,
) -> AppResult<()> {
    if my_territories(conn, actor).await?.contains(&territory_id) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Words of a sheet's texts and its topics, normalised as the catalogue's search is.
pub fn sheet_search_text(texts: [&entity::I18nText; 4], topics: &[String]) -> String {
    let mut text = String::new();
    for t in texts {
        for v in t.0.values() {
            text.push_str(&crate::catalog::domain::normalize(v));
            text.push(' ');
        }
    }
    for t in topics {
        text.push_str(&topic_word(t));
        text.push(' ');
    }
    text
}

fn search_text(s: &NewSheet) -> String {
    sheet_search_text([&s.title, &s.summary, &s.method, &s.results], &s.topics)
}

/// Publishes a practice sheet for a territory (its coordinators).
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn publish_sheet(
    db: &DatabaseConnection,
    actor: &AuthUser,
    s: NewSheet,
    now: DateTime<Utc>,
) -> AppResult<practice_sheet::Model> {
    let t = territory_by_slug(db, &s.territory).await?;
    require_territory(db, actor, t.id).await?;
    let txn = crate::db::begin_write(db).await?;
    let base = slug::slugify(s.title.pick("fr"));
    let slug = crate::db::free_slug::<practice_sheet::Entity>(
        &txn,
        practice_sheet::Column::Slug,
        if base.is_empty() { "practice" } else { &base },
    )
    .await?;
    let text = search_text(&s);
    let languages = Texts(s.title.0.keys().cloned().collect());
    let model = practice_sheet::ActiveModel {
        slug: Set(slug),
        territory_id: Set(t.id),
        pillar: Set(s.pillar),
        topics: Set(Texts(s.topics)),
        title: Set(s.title),
        summary: Set(s.summary),
        method: Set(s.method),
        results: Set(s.results),
        contacts: Set(s.contacts),
        languages: Set(languages),
        search_text: Set(text),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    txn.commit().await?;
    Ok(model)
}

/// What the library is filtered by.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct LibraryQuery {
    pub q: Option<String>,
    pub topic: Option<String>,
    pub pillar: Option<String>,
    /// Country code (BE, MA, TN, CH).
    pub country: Option<String>,
    /// Territory slug.
    pub territory: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

/// A page of the library with its total (three queries at most).
pub async fn library(
    db: &DatabaseConnection,
    q: &LibraryQuery,
) -> AppResult<(
    Vec<(practice_sheet::Model, territory::Model)>,
    u64,
    u64,
    u64,
)> {
    let mut cond = Condition::all();
    if let Some(words) = q.q.as_deref().map(crate::catalog::domain::search_terms) {
        for w in words {
            cond = cond.add(practice_sheet::Column::SearchText.contains(&w));
        }
    }
    if let Some(t) = q.topic.as_deref().filter(|t| !t.is_empty()) {
        cond = cond.add(practice_sheet::Column::SearchText.contains(topic_word(t)));
    }
    if let Some(p) = q.pillar.as_deref().filter(|p| !p.is_empty()) {
        cond = cond.add(practice_sheet::Column::Pillar.eq(p));
    }
    let mut territories = territory::Entity::find();
    let mut by_territory = false;
    if let Some(c) = q.country.as_deref().filter(|c| !c.is_empty()) {
        territories = territories.filter(territory::Column::Country.eq(c.to_uppercase()));
        by_territory = true;
    }
    if let Some(s) = q.territory.as_deref().filter(|s| !s.is_empty()) {
        territories = territories.filter(territory::Column::Slug.eq(s));
        by_territory = true;
    }
    let all_territories = territories.all(db).await?;
    if by_territory {
        cond = cond
            .add(practice_sheet::Column::TerritoryId.is_in(all_territories.iter().map(|t| t.id)));
    }
    let per_page = crate::web::pagination::page_size(q.per_page, 20);
    let page = crate::web::pagination::page_number(q.page);
    let query = practice_sheet::Entity::find()
        .filter(cond)
        .order_by_desc(practice_sheet::Column::CreatedAt)
        .order_by_desc(practice_sheet::Column::Id);
    let paginator = query.paginate(db, per_page);
    let total = paginator.num_items().await?;
    let sheets = paginator.fetch_page(page - 1).await?;
    let rows = if by_territory {
        sheets
            .into_iter()
            .filter_map(|s| {
                let t = all_territories
                    .iter()
                    .find(|t| t.id == s.territory_id)?
                    .clone();
                Some((s, t))
            })
            .collect()
    } else {
        let ts = territory::Entity::find()
            .filter(territory::Column::Id.is_in(sheets.iter().map(|s| s.territory_id)))
            .all(db)
            .await?;
        sheets
            .into_iter()
            .filter_map(|s| {
                let t = ts.iter().find(|t| t.id == s.territory_id)?.clone();
                Some((s, t))
            })
            .collect()
    };
    Ok((rows, total, page, per_page))
}

pub async fn sheet(
    db: &DatabaseConnection,
    slug: &str,
) -> AppResult<(practice_sheet::Model, territory::Model)> {
    let s = practice_sheet::Entity::find()
        .filter(practice_sheet::Column::Slug.eq(slug))
        .one_or_404(db)
        .await?;
    let t = territory::Entity::find_by_id(s.territory_id)
        .one_or_404(db)
        .await?;
    Ok((s, t))
}

/// Replaces the topics a territory declares it can help with (its coordinators; the API's PUT).
pub async fn declare_expertise(
    db: &DatabaseConnection,
    actor: &AuthUser,
    territory_slug: &str,
    topics: Vec<String>,
    now: DateTime<Utc>,
) -> AppResult<Vec<String>> {
    let t = expertise_territory(db, actor, territory_slug).await?;
    let declared = expertise_of(db, &[t.id]).await?;
    let remove: Vec<String> = declared
        .into_iter()
        .map(|(_, topic)| topic)
        .filter(|d| !topics.contains(d))
        .collect();
    change_expertise(db, t.id, &topics, &remove, now).await?;
    Ok(topics)
}

/// Adds and removes exactly the topics a coordinator changed on the form (`shown` were checked
/// when the form was drawn, `checked` when it was sent), leaving what a colleague changed
/// meanwhile as it is. Returns the topics declared now.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn update_expertise(
    db: &DatabaseConnection,
    actor: &AuthUser,
    territory_slug: &str,
    shown: &[String],
    checked: &[String],
    now: DateTime<Utc>,
) -> AppResult<Vec<String>> {
    let t = expertise_territory(db, actor, territory_slug).await?;
    let add: Vec<String> = checked
        .iter()
        .filter(|c| !shown.contains(c))
        .cloned()
        .collect();
    let remove: Vec<String> = shown
        .iter()
        .filter(|s| !checked.contains(s))
        .cloned()
        .collect();
    change_expertise(db, t.id, &add, &remove, now).await?;
    Ok(expertise_of(db, &[t.id])
        .await?
        .into_iter()
        .map(|(_, topic)| topic)
        .collect())
}

async fn expertise_territory(
    db: &DatabaseConnection,
    actor: &AuthUser,
    slug: &str,
) -> AppResult<territory::Model> {
    let t = territory_by_slug(db, slug)
        .await
        .map_err(|_| AppError::NotFound)?;
    require_territory(db, actor, t.id).await?;
    Ok(t)
}

async fn change_expertise(
    db: &DatabaseConnection,
    territory_id: i64,
    add: &[String],
    remove: &[String],
    now: DateTime<Utc>,
) -> AppResult<()> {
    let txn = crate::db::begin_write(db).await?;
    if !remove.is_empty() {
        territory_expertise::Entity::delete_many()
            .filter(territory_expertise::Column::TerritoryId.eq(territory_id))
            .filter(territory_expertise::Column::Topic.is_in(remove.iter().cloned()))
            .exec(&txn)
            .await?;
    }
    let present: Vec<String> = expertise_of(&txn, &[territory_id])
        .await?
        .into_iter()
        .map(|(_, topic)| topic)
        .collect();
    for topic in add.iter().filter(|a| !present.contains(a)) {
        territory_expertise::ActiveModel {
            territory_id: Set(territory_id),
            topic: Set(topic.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The topics some territories declared: (territory id, topic), in a stable order (one query).
pub async fn expertise_of(
    conn: &impl ConnectionTrait,
    territory_ids: &[i64],
) -> AppResult<Vec<(i64, String)>> {
    Ok(territory_expertise::Entity::find()
        .filter(territory_expertise::Column::TerritoryId.is_in(territory_ids.iter().copied()))
        .order_by_asc(territory_expertise::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|e| (e.territory_id, e.topic))
        .collect())
}

/// Which of these territories have someone on Passerelle to speak for them: a coordinator of one
/// of their partnerships (two queries).
pub(crate) async fn coordinated(
    conn: &impl ConnectionTrait,
    territory_ids: &[i64],
) -> AppResult<Vec<i64>> {
    Ok(coordinators_of(conn, territory_ids)
        .await?
        .into_iter()
        .map(|(t, _)| t)
        .collect())
}

/// The coordinators of territories (those of every partnership the territories are part of),
/// with the territory they were found through: one pair per territory and person.
pub(crate) async fn coordinators_of(
    conn: &impl ConnectionTrait,
    territory_ids: &[i64],
) -> AppResult<Vec<(i64, entity::user::Model)>> {
    let partnerships = partnership::Entity::find()
        .filter(
            Condition::any()
                .add(partnership::Column::BelgianTerritoryId.is_in(territory_ids.iter().copied()))
                .add(partnership::Column::PartnerTerritoryId.is_in(territory_ids.iter().copied())),
        )
        .all(conn)
        .await?;
    let holders = crate::accounts::service::holders(
        conn,
        Role::PartnershipCoordinator,
        &partnerships.iter().map(|p| p.id.get()).collect::<Vec<_>>(),
    )
    .await?;
    let mut out: Vec<(i64, entity::user::Model)> = Vec::new();
    for (pid, user) in holders {
        let Some(p) = partnerships.iter().find(|p| p.id.get() == pid) else {
            continue;
        };
        for t in [p.belgian_territory_id, p.partner_territory_id] {
            if territory_ids.contains(&t) && !out.iter().any(|(x, u)| *x == t && u.id == user.id) {
                out.push((t, user.clone()));
            }
        }
    }
    Ok(out)
}

/// The practice sheets of some territories, newest first (one query): (title in `lang`, slug).
pub async fn sheets_of(
    db: &DatabaseConnection,
    territory_ids: &[i64],
    lang: &str,
) -> AppResult<Vec<(String, String)>> {
    Ok(practice_sheet::Entity::find()
        .filter(practice_sheet::Column::TerritoryId.is_in(territory_ids.iter().copied()))
        .order_by_desc(practice_sheet::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.title.pick(lang).to_owned(), s.slug))
        .collect())
}
