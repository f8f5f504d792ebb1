//! Practice sheets (published by a territory's coordinators, searchable by everyone), the topics
//! territories can help with, and support requests routed to the partner territory and to the
//! network territories that declared the topic, with a thread for those involved.

use chrono::{DateTime, Utc};
use entity::trip::Texts;
use entity::{
    network_membership, partnership, practice_sheet, support_message, support_recipient,
    support_request, territory, territory_expertise,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde::Serialize;

use super::domain::{self, topic_word};
use super::input::{NewRequest, NewSheet};
use crate::accounts::domain::{AuthUser, Role};
use crate::error::{AppError, AppResult};
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::web::i18n::Lang;

pub const OPEN: &str = "open";
pub const RESOLVED: &str = "resolved";

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
    let ids: Vec<i64> = actor.scopes_of(Role::PartnershipCoordinator).collect();
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

async fn require_territory(
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
    let per_page = q.per_page.unwrap_or(20).clamp(1, 100);
    let page = q.page.unwrap_or(1).max(1);
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
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let t = territory::Entity::find_by_id(s.territory_id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((s, t))
}

/// Replaces the topics a territory declares it can help with (its coordinators).
pub async fn declare_expertise(
    db: &DatabaseConnection,
    actor: &AuthUser,
    territory_slug: &str,
    topics: Vec<String>,
    now: DateTime<Utc>,
) -> AppResult<Vec<String>> {
    let t = territory_by_slug(db, territory_slug)
        .await
        .map_err(|_| AppError::NotFound)?;
    require_territory(db, actor, t.id).await?;
    let txn = crate::db::begin_write(db).await?;
    territory_expertise::Entity::delete_many()
        .filter(territory_expertise::Column::TerritoryId.eq(t.id))
        .exec(&txn)
        .await?;
    for topic in &topics {
        territory_expertise::ActiveModel {
            territory_id: Set(t.id),
            topic: Set(topic.clone()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
    }
    txn.commit().await?;
    Ok(topics)
}

/// The coordinators of territories (those of every partnership the territories are part of),
/// each once, with the territory they were found through.
async fn coordinators_of(
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
        &partnerships.iter().map(|p| p.id).collect::<Vec<_>>(),
    )
    .await?;
    let mut out: Vec<(i64, entity::user::Model)> = Vec::new();
    for (pid, user) in holders {
        let Some(p) = partnerships.iter().find(|p| p.id == pid) else {
            continue;
        };
        for t in [p.belgian_territory_id, p.partner_territory_id] {
            if territory_ids.contains(&t) && !out.iter().any(|(_, u)| u.id == user.id) {
                out.push((t, user.clone()));
            }
        }
    }
    Ok(out)
}

#[derive(Serialize)]
struct RequestMail<'a> {
    territory: &'a str,
    title: &'a str,
    need: &'a str,
    topic: String,
    deadline: Option<String>,
    reason: &'a str,
    link: String,
}

/// Posts a support request: it reaches the territory's partners and, in the same step, every
/// network territory that declared the topic; their coordinators are emailed.
pub async fn create_request(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &AuthUser,
    r: NewRequest,
    now: DateTime<Utc>,
) -> AppResult<(support_request::Model, Vec<support_recipient::Model>)> {
    let t = territory_by_slug(db, &r.territory).await?;
    require_territory(db, actor, t.id).await?;
    let partners: Vec<i64> = partnership::Entity::find()
        .filter(
            Condition::any()
                .add(partnership::Column::BelgianTerritoryId.eq(t.id))
                .add(partnership::Column::PartnerTerritoryId.eq(t.id)),
        )
        .all(db)
        .await?
        .into_iter()
        .map(|p| {
            if p.belgian_territory_id == t.id {
                p.partner_territory_id
            } else {
                p.belgian_territory_id
            }
        })
        .collect();
    let network: Vec<i64> = network_membership::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.territory_id)
        .collect();
    let experts: Vec<i64> = territory_expertise::Entity::find()
        .filter(territory_expertise::Column::Topic.eq(r.topic.as_str()))
        .filter(territory_expertise::Column::TerritoryId.is_in(network))
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.territory_id)
        .collect();
    let routed = domain::recipients(t.id, &partners, &experts);
    let txn = crate::db::begin_write(db).await?;
    let request = support_request::ActiveModel {
        territory_id: Set(t.id),
        topic: Set(r.topic.clone()),
        title: Set(r.title.clone()),
        need: Set(r.need.clone()),
        deadline: Set(r.deadline),
        status: Set(OPEN.into()),
        practice_sheet_id: Set(None),
        created_by: Set(Some(actor.id)),
        resolved_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let mut recipients = Vec::new();
    for (territory_id, reason) in &routed {
        recipients.push(
            support_recipient::ActiveModel {
                request_id: Set(request.id),
                territory_id: Set(*territory_id),
                reason: Set((*reason).to_owned()),
                ..Default::default()
            }
            .insert(&txn)
            .await?,
        );
    }
    let ids: Vec<i64> = routed.iter().map(|(t, _)| *t).collect();
    for (territory_id, user) in coordinators_of(&txn, &ids).await? {
        if user.id == actor.id {
            continue;
        }
        let lang = Lang::parse(&user.locale).unwrap_or(Lang::Fr);
        let reason = routed
            .iter()
            .find(|(t, _)| *t == territory_id)
            .map(|(_, r)| *r)
            .unwrap_or(domain::EXPERTISE);
        let mail = RequestMail {
            territory: &t.name,
            title: &request.title,
            need: &request.need,
            topic: crate::web::i18n::translate(lang, &format!("topic-{}", request.topic), &[]),
            deadline: request.deadline.map(|d| d.format("%d/%m/%Y").to_string()),
            reason,
            link: mailer.link(&format!("/support/{}", request.id)),
        };
        outbox::queue(
            &txn,
            mailer,
            OutgoingEmail::new(
                MailTemplate::SupportRequest,
                lang,
                &user.email,
                &user.display_name,
                mail,
            ),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok((request, recipients))
}

/// A request with its recipients; the thread only for the territories involved and admins.
pub struct RequestFull {
    pub request: support_request::Model,
    pub territory: territory::Model,
    pub recipients: Vec<(support_recipient::Model, territory::Model)>,
    pub messages: Option<Vec<support_message::Model>>,
    /// The territory the viewer speaks for in this request, if involved.
    pub speaks_for: Option<i64>,
}

pub async fn request_full(
    db: &DatabaseConnection,
    actor: Option<&AuthUser>,
    id: i64,
) -> AppResult<RequestFull> {
    let request = support_request::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    let recipients = support_recipient::Entity::find()
        .filter(support_recipient::Column::RequestId.eq(id))
        .order_by_asc(support_recipient::Column::Id)
        .all(db)
        .await?;
    let mut ids: Vec<i64> = recipients.iter().map(|r| r.territory_id).collect();
    ids.push(request.territory_id);
    let territories = territory::Entity::find()
        .filter(territory::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?;
    let mine = match actor {
        Some(a) => my_territories(db, a).await?,
        None => Vec::new(),
    };
    let speaks_for = ids.iter().copied().find(|t| mine.contains(t));
    let sees_thread = actor.is_some_and(|a| a.is_admin()) || speaks_for.is_some();
    let messages = if sees_thread {
        Some(
            support_message::Entity::find()
                .filter(support_message::Column::RequestId.eq(id))
                .order_by_asc(support_message::Column::Id)
                .all(db)
                .await?,
        )
    } else {
        None
    };
    let territory = territories
        .iter()
        .find(|t| t.id == request.territory_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    Ok(RequestFull {
        recipients: recipients
            .into_iter()
            .filter_map(|r| {
                let t = territories.iter().find(|t| t.id == r.territory_id)?.clone();
                Some((r, t))
            })
            .collect(),
        territory,
        request,
        messages,
        speaks_for,
    })
}

/// Answers in a request's thread, for one of the territories involved.
pub async fn reply(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
    body: &str,
    now: DateTime<Utc>,
) -> AppResult<support_message::Model> {
    let full = request_full(db, Some(actor), id).await?;
    let Some(territory_id) = full.speaks_for else {
        return Err(AppError::NotFound);
    };
    let body = body.trim();
    if body.is_empty() || body.chars().count() > 10_000 {
        return Err(AppError::validation("body", "required"));
    }
    Ok(support_message::ActiveModel {
        request_id: Set(id),
        territory_id: Set(territory_id),
        user_id: Set(actor.id),
        body: Set(body.to_owned()),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

/// The requester marks its request resolved, optionally linking the practice sheet that came out
/// of it.
pub async fn resolve(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
    sheet_slug: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<support_request::Model> {
    let r = support_request::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    require_territory(db, actor, r.territory_id).await?;
    let sheet_id = match sheet_slug.filter(|s| !s.is_empty()) {
        Some(slug) => Some(
            practice_sheet::Entity::find()
                .filter(practice_sheet::Column::Slug.eq(slug))
                .one(db)
                .await?
                .ok_or_else(|| AppError::validation("practice_sheet", "unknown-sheet"))?
                .id,
        ),
        None => None,
    };
    support_request::Entity::update_many()
        .col_expr(support_request::Column::Status, Expr::value(RESOLVED))
        .col_expr(
            support_request::Column::PracticeSheetId,
            Expr::value(sheet_id),
        )
        .col_expr(support_request::Column::ResolvedAt, Expr::value(now))
        .col_expr(support_request::Column::UpdatedAt, Expr::value(now))
        .filter(support_request::Column::Id.eq(id))
        .exec(db)
        .await?;
    support_request::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

/// The open requests of the viewer's territories and those they can help with.
pub async fn my_requests(
    db: &DatabaseConnection,
    actor: &AuthUser,
) -> AppResult<(Vec<support_request::Model>, Vec<support_request::Model>)> {
    let mine = my_territories(db, actor).await?;
    let own = support_request::Entity::find()
        .filter(support_request::Column::TerritoryId.is_in(mine.clone()))
        .filter(support_request::Column::Status.eq(OPEN))
        .order_by_desc(support_request::Column::Id)
        .all(db)
        .await?;
    let reached: Vec<i64> = support_recipient::Entity::find()
        .filter(support_recipient::Column::TerritoryId.is_in(mine))
        .all(db)
        .await?
        .into_iter()
        .map(|r| r.request_id)
        .collect();
    let can_help = support_request::Entity::find()
        .filter(support_request::Column::Id.is_in(reached))
        .filter(support_request::Column::Status.eq(OPEN))
        .order_by_desc(support_request::Column::Id)
        .all(db)
        .await?;
    Ok((own, can_help))
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
