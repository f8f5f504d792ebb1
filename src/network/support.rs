//! Support requests: a territory asks for help on a topic; the request reaches its partners and
//! the network territories that declared the topic, whose coordinators are emailed. A recipient
//! where nobody has an account yet is passed to the network's administrators (they hold the
//! territories' contacts and invite their coordinators), and the requester is told. Those
//! involved answer in a thread; the requester marks the request resolved (with the practice sheet
//! that came out of it, shown on both pages) or withdraws it. The thread and its close:
//! `support_thread`.

use chrono::{DateTime, Utc};
use entity::support_request::SupportStatus;
use entity::{
    network_membership, partnership, support_recipient, support_request, territory,
    territory_expertise,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
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
#[tracing::instrument(skip_all, fields(actor = actor.id))]
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
        status: Set(SupportStatus::Open),
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
                reason: Set(*reason),
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
                .map_or(domain::RecipientReason::Expertise, |(_, r)| *r);
            (reason.as_str(), user)
        })
        .collect();
    // Someone who coordinates both a partner and an expert territory is written to as a partner.
    people.sort_by_key(|(reason, _)| *reason != domain::RecipientReason::Partner.as_str());
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

/// The open requests of the viewer's territories and those they can help with.
pub async fn my_requests(
    db: &DatabaseConnection,
    actor: &AuthUser,
) -> AppResult<(Vec<support_request::Model>, Vec<support_request::Model>)> {
    let mine = my_territories(db, actor).await?;
    let own = support_request::Entity::find()
        .filter(support_request::Column::TerritoryId.is_in(mine.clone()))
        .filter(support_request::Column::Status.eq(SupportStatus::Open))
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
        .filter(support_request::Column::Status.eq(SupportStatus::Open))
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
