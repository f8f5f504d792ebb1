//! Support requests: a territory asks for help on a topic; the request reaches its partners and
//! the network territories that declared the topic, whose coordinators are emailed. A recipient
//! where nobody has an account yet is passed to the network's administrators (they hold the
//! territories' contacts and invite their coordinators), and the requester is told. Those
//! involved answer in a thread; the requester marks the request resolved (with the practice sheet
//! that came out of it, shown on both pages) or withdraws it.

use chrono::{DateTime, Utc};
use entity::{
    network_membership, partnership, practice_sheet, support_message, support_recipient,
    support_request, territory, territory_expertise,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::Serialize;

use super::domain;
use super::input::NewRequest;
use super::service::{coordinated, coordinators_of, my_territories, require_territory};
use crate::error::{AppError, AppResult};
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::security::{AuthUser, Role};
use crate::web::i18n::Lang;

pub const OPEN: &str = "open";
pub const RESOLVED: &str = "resolved";
/// The requester no longer needs help (final, like resolved).
pub const WITHDRAWN: &str = "withdrawn";

/// Why a relay email goes to an administrator (the mail's `reason`).
const RELAY: &str = "relay";

#[derive(Serialize)]
struct RequestMail<'a> {
    territory: &'a str,
    title: &'a str,
    need: &'a str,
    topic: String,
    deadline: Option<String>,
    reason: &'a str,
    /// For a relay: the recipients where nobody has an account, by name.
    unreachable: String,
    link: String,
}

/// A request just posted, and the recipients where nobody has an account (relayed or not).
pub struct Posted {
    pub request: support_request::Model,
    pub recipients: Vec<support_recipient::Model>,
    pub unreachable: Vec<i64>,
}

/// Posts a support request: it reaches the territory's partners and, in the same step, every
/// network territory that declared the topic; their coordinators are emailed. Recipients with
/// nobody on Passerelle are passed to the administrators, who are emailed once with their names.
pub async fn create_request(
    db: &DatabaseConnection,
    mailer: &Mailer,
    actor: &AuthUser,
    r: NewRequest,
    now: DateTime<Utc>,
) -> AppResult<Posted> {
    let t = territory::Entity::find()
        .filter(territory::Column::Slug.eq(r.territory.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| AppError::validation("territory", "unknown-territory"))?;
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
    let ids: Vec<i64> = routed.iter().map(|(t, _)| *t).collect();
    let txn = crate::db::begin_write(db).await?;
    let coordinators = coordinators_of(&txn, &ids).await?;
    let reachable = coordinated(&txn, &ids).await?;
    let unreachable: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| !reachable.contains(id))
        .collect();
    let admins: Vec<entity::user::Model> = if unreachable.is_empty() {
        Vec::new()
    } else {
        crate::accounts::service::holders(&txn, Role::Admin, &[0])
            .await?
            .into_iter()
            .map(|(_, u)| u)
            .collect()
    };
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
                relayed: Set(unreachable.contains(territory_id) && !admins.is_empty()),
                ..Default::default()
            }
            .insert(&txn)
            .await?,
        );
    }
    let names: Vec<String> = if unreachable.is_empty() {
        Vec::new()
    } else {
        territory::Entity::find()
            .filter(territory::Column::Id.is_in(unreachable.clone()))
            .order_by_asc(territory::Column::Name)
            .all(&txn)
            .await?
            .into_iter()
            .map(|t| t.name)
            .collect()
    };
    let mut sent: Vec<i64> = vec![actor.id];
    let mut people: Vec<(&str, &entity::user::Model)> = coordinators
        .iter()
        .map(|(territory_id, user)| {
            let reason = routed
                .iter()
                .find(|(t, _)| t == territory_id)
                .map(|(_, r)| *r)
                .unwrap_or(domain::EXPERTISE);
            (reason, user)
        })
        .collect();
    // Someone who coordinates both a partner and an expert territory is written to as a partner.
    people.sort_by_key(|(reason, _)| *reason != domain::PARTNER);
    people.extend(admins.iter().map(|u| (RELAY, u)));
    for (reason, user) in people {
        // An administrator who also coordinates a recipient gets the request once, as a coordinator.
        if sent.contains(&user.id) {
            continue;
        }
        sent.push(user.id);
        let lang = Lang::parse(&user.locale).unwrap_or(Lang::Fr);
        let mail = RequestMail {
            territory: &t.name,
            title: &request.title,
            need: &request.need,
            topic: crate::web::i18n::translate(lang, &format!("topic-{}", request.topic), &[]),
            deadline: request.deadline.map(|d| crate::web::format::date(lang, d)),
            reason,
            unreachable: names.join(", "),
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
    Ok(Posted {
        request,
        recipients,
        unreachable,
    })
}

/// A request with its recipients and what the viewer may see and do.
pub struct RequestFull {
    pub request: support_request::Model,
    pub territory: territory::Model,
    pub recipients: Vec<(support_recipient::Model, territory::Model)>,
    /// The recipient territories where someone has an account now.
    pub reachable: Vec<i64>,
    /// Only for the territories involved and admins.
    pub messages: Option<Vec<support_message::Model>>,
    /// The territory the viewer speaks for in this request, if involved (the requester first).
    pub speaks_for: Option<i64>,
    /// The viewer coordinates the requesting territory (resolves or withdraws it).
    pub is_requester: bool,
    /// The practice sheet that came out of it.
    pub sheet: Option<practice_sheet::Model>,
    /// For the requester of an open request: the sheets of the territories involved, newest first.
    pub candidate_sheets: Vec<practice_sheet::Model>,
}

/// A request as `actor` sees it (a fixed number of queries).
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
    let is_requester = mine.contains(&request.territory_id);
    let speaks_for = if is_requester {
        Some(request.territory_id)
    } else {
        ids.iter().copied().find(|t| mine.contains(t))
    };
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
    let reachable = coordinated(db, &ids).await?;
    let sheet = match request.practice_sheet_id {
        Some(s) => practice_sheet::Entity::find_by_id(s).one(db).await?,
        None => None,
    };
    let candidate_sheets = if is_requester && request.status == OPEN {
        practice_sheet::Entity::find()
            .filter(practice_sheet::Column::TerritoryId.is_in(ids.clone()))
            .order_by_desc(practice_sheet::Column::Id)
            .limit(50)
            .all(db)
            .await?
    } else {
        Vec::new()
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
        reachable,
        messages,
        speaks_for,
        is_requester,
        sheet,
        candidate_sheets,
    })
}

/// Answers in a request's thread, for one of the territories involved, while it is open.
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
    if body.is_empty() {
        return Err(AppError::validation("body", "required"));
    }
    if body.chars().count() > 10_000 {
        return Err(AppError::Validation(crate::error::FieldErrors::single(
            "body",
            crate::error::FieldError::new("length").with("max", 10_000),
        )));
    }
    if full.request.status != OPEN {
        return Err(AppError::conflict("support-not-open"));
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

/// Moves an open request to `status` (one conditional update: a second click, or a colleague's,
/// gets a conflict rather than a second change).
async fn close(
    db: &DatabaseConnection,
    id: i64,
    status: &str,
    sheet_id: Option<i64>,
    now: DateTime<Utc>,
) -> AppResult<support_request::Model> {
    let res = support_request::Entity::update_many()
        .col_expr(support_request::Column::Status, Expr::value(status))
        .col_expr(
            support_request::Column::PracticeSheetId,
            Expr::value(sheet_id),
        )
        .col_expr(support_request::Column::ResolvedAt, Expr::value(now))
        .col_expr(support_request::Column::UpdatedAt, Expr::value(now))
        .filter(support_request::Column::Id.eq(id))
        .filter(support_request::Column::Status.eq(OPEN))
        .exec(db)
        .await?;
    if res.rows_affected == 0 {
        return Err(AppError::conflict("support-not-open"));
    }
    support_request::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)
}

async fn own_request(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
) -> AppResult<support_request::Model> {
    let r = support_request::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound)?;
    require_territory(db, actor, r.territory_id).await?;
    Ok(r)
}

/// The requester marks its request resolved, optionally linking the practice sheet that came out
/// of it (by its slug or its address).
pub async fn resolve(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
    sheet: Option<&str>,
    now: DateTime<Utc>,
) -> AppResult<support_request::Model> {
    own_request(db, actor, id).await?;
    let slug = sheet
        .map(str::trim)
        .and_then(|s| s.trim_end_matches('/').rsplit('/').next())
        .filter(|s| !s.is_empty());
    let sheet_id = match slug {
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
    close(db, id, RESOLVED, sheet_id, now).await
}

/// The requester withdraws its request: nobody needs to answer it any more.
pub async fn withdraw(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: i64,
    now: DateTime<Utc>,
) -> AppResult<support_request::Model> {
    own_request(db, actor, id).await?;
    close(db, id, WITHDRAWN, None, now).await
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

/// The requests a practice sheet answered, with the territory that asked (two queries).
pub async fn answered_by(
    db: &DatabaseConnection,
    sheet_id: i64,
) -> AppResult<Vec<(support_request::Model, territory::Model)>> {
    let requests = support_request::Entity::find()
        .filter(support_request::Column::PracticeSheetId.eq(sheet_id))
        .order_by_asc(support_request::Column::Id)
        .all(db)
        .await?;
    let territories = territory::Entity::find()
        .filter(territory::Column::Id.is_in(requests.iter().map(|r| r.territory_id)))
        .all(db)
        .await?;
    Ok(requests
        .into_iter()
        .filter_map(|r| {
            let t = territories.iter().find(|t| t.id == r.territory_id)?.clone();
            Some((r, t))
        })
        .collect())
}

/// What the support page shows a coordinator: their open requests, those they can help with, the
/// territories they speak for and the topics each declared (a fixed number of queries).
pub struct Overview {
    pub own: Vec<support_request::Model>,
    pub can_help: Vec<support_request::Model>,
    /// Every territory, by name (names of the requests' territories, and choices).
    pub territories: Vec<territory::Model>,
    /// The territories the viewer speaks for.
    pub mine: Vec<i64>,
    /// (territory id, topic) declared by the viewer's territories.
    pub expertise: Vec<(i64, String)>,
}

pub async fn overview(db: &DatabaseConnection, actor: &AuthUser) -> AppResult<Overview> {
    let (own, can_help) = my_requests(db, actor).await?;
    let mine = my_territories(db, actor).await?;
    let territories = crate::territories::service::all_territories(db).await?;
    let expertise = super::service::expertise_of(db, &mine).await?;
    Ok(Overview {
        own,
        can_help,
        territories,
        mine,
        expertise,
    })
}
