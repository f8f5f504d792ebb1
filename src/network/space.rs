//! The exchange of practices in a coordinator's own page: support requests to answer (addressed
//! to their territories), their own open requests, the coming trainings they may register for or
//! are registered to (with the calendar file), and the practice sheets they published. Eight
//! queries whatever the data.

use chrono::{DateTime, NaiveDate, Utc};
use entity::{
    network_membership, partnership, practice_sheet, support_recipient, support_request, territory,
    training, training_registration,
};
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::error::AppResult;
use crate::security::{AuthUser, Role};
use crate::web::format;
use crate::web::i18n::{Lang, translate, translate_args};
use crate::web::space::{SpaceItem, SpaceKind};
use entity::support_request::SupportStatus;
use entity::training_registration::RegistrationStatus;

const AREA: &str = "practices";

/// The end of a deadline's day, Brussels time, as the moment the line is sorted by.
fn end_of(d: NaiveDate) -> Option<DateTime<Utc>> {
    d.and_hms_opt(23, 59, 0)?
        .and_local_timezone(format::DEFAULT_ZONE)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// The lines of `user`'s personal space that belong to the exchange of practices.
pub async fn space_items(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    // The territories of the partnerships they coordinate (not every territory for an admin:
    // the personal space lists what is theirs to do).
    let scopes: Vec<entity::PartnershipId> = user
        .scopes_of(Role::PartnershipCoordinator)
        .map(entity::PartnershipId)
        .collect();
    let mut mine: Vec<i64> = if scopes.is_empty() {
        Vec::new()
    } else {
        partnership::Entity::find()
            .filter(partnership::Column::Id.is_in(scopes))
            .all(conn)
            .await?
            .into_iter()
            .flat_map(|p| [p.belgian_territory_id, p.partner_territory_id])
            .collect()
    };
    mine.sort_unstable();
    mine.dedup();
    let sheets = practice_sheet::Entity::find()
        .filter(practice_sheet::Column::CreatedBy.eq(user.id))
        .order_by_desc(practice_sheet::Column::CreatedAt)
        .all(conn)
        .await?;
    let mut items: Vec<SpaceItem> = Vec::new();
    if !mine.is_empty() {
        items.extend(requests_and_trainings(conn, &mine, now, lang).await?);
    }
    for s in sheets {
        let date = format::date(lang, s.created_at.date_naive());
        items.push(SpaceItem {
            kind: SpaceKind::Done,
            area: AREA,
            title: s.title.pick(lang.code()).to_owned(),
            detail: translate(lang, "space-sheet-published", &[("date", &date)]),
            href: format!("/practices/{}", s.slug),
            when: Some(s.created_at),
            extra: None,
        });
    }
    Ok(items)
}

async fn requests_and_trainings(
    conn: &impl ConnectionTrait,
    mine: &[i64],
    now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let reached: Vec<i64> = support_recipient::Entity::find()
        .filter(support_recipient::Column::TerritoryId.is_in(mine.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.request_id)
        .collect();
    let requests = support_request::Entity::find()
        .filter(support_request::Column::Status.eq(SupportStatus::Open))
        .filter(
            Condition::any()
                .add(support_request::Column::Id.is_in(reached))
                .add(support_request::Column::TerritoryId.is_in(mine.iter().copied())),
        )
        .order_by_asc(support_request::Column::Id)
        .all(conn)
        .await?;
    let trainings = training::Entity::find()
        .filter(training::Column::StartsAt.gt(now))
        .order_by_asc(training::Column::StartsAt)
        .all(conn)
        .await?;
    let registrations = training_registration::Entity::find()
        .filter(training_registration::Column::TrainingId.is_in(trainings.iter().map(|t| t.id)))
        .filter(training_registration::Column::TerritoryId.is_in(mine.iter().copied()))
        .filter(training_registration::Column::Status.ne(RegistrationStatus::Cancelled))
        .all(conn)
        .await?;
    let members: Vec<i64> = network_membership::Entity::find()
        .filter(network_membership::Column::TerritoryId.is_in(mine.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.territory_id)
        .collect();
    let territories = territory::Entity::find()
        .filter(
            territory::Column::Id.is_in(
                requests
                    .iter()
                    .map(|r| r.territory_id)
                    .chain(trainings.iter().map(|t| t.territory_id))
                    .chain(mine.iter().copied()),
            ),
        )
        .all(conn)
        .await?;
    let name = |id: i64| {
        territories
            .iter()
            .find(|t| t.id == id)
            .map(|t| t.name.clone())
            .unwrap_or_default()
    };
    let mut items = Vec::new();
    for r in &requests {
        let topic = translate(lang, &format!("topic-{}", r.topic), &[]);
        let own = mine.contains(&r.territory_id);
        let detail = match (own, r.deadline) {
            (true, _) => translate(lang, "space-support-own", &[("topic", &topic)]),
            (false, Some(d)) => translate(
                lang,
                "space-support-to-answer-by",
                &[
                    ("territory", &name(r.territory_id)),
                    ("topic", &topic),
                    ("date", &format::date(lang, d)),
                ],
            ),
            (false, None) => translate(
                lang,
                "space-support-to-answer",
                &[("territory", &name(r.territory_id)), ("topic", &topic)],
            ),
        };
        items.push(SpaceItem {
            kind: SpaceKind::Todo,
            area: AREA,
            title: r.title.clone(),
            detail,
            href: format!("/support/{}", r.id),
            when: r.deadline.and_then(end_of),
            extra: None,
        });
    }
    let slugs: Vec<&str> = territories
        .iter()
        .filter(|t| mine.contains(&t.id))
        .map(|t| t.slug.as_str())
        .collect();
    for t in &trainings {
        let when = format::datetime(lang, t.starts_at);
        let theirs: Vec<&training_registration::Model> = registrations
            .iter()
            .filter(|r| r.training_id == t.id)
            .collect();
        let ics = (
            translate(lang, "space-training-ics", &[]),
            format!("/trainings/{}/invitation.ics", t.id),
        );
        if !theirs.is_empty() {
            let registered: i32 = theirs
                .iter()
                .filter(|r| r.status == RegistrationStatus::Registered)
                .map(|r| r.seats)
                .sum();
            let waiting: i32 = theirs
                .iter()
                .filter(|r| r.status != RegistrationStatus::Registered)
                .map(|r| r.seats)
                .sum();
            let detail = if waiting > 0 && registered == 0 {
                translate_args(
                    lang,
                    "space-training-waiting",
                    &[("count", waiting.into()), ("date", when.as_str().into())],
                )
            } else {
                translate_args(
                    lang,
                    "space-training-registered",
                    &[("count", registered.into()), ("date", when.as_str().into())],
                )
            };
            items.push(SpaceItem {
                kind: SpaceKind::Done,
                area: AREA,
                title: t.title.clone(),
                detail,
                href: format!("/trainings/{}", t.id),
                when: Some(t.starts_at),
                extra: (registered > 0).then_some(ics),
            });
            continue;
        }
        let invited = mine.contains(&t.territory_id)
            || if t.audience.0.is_empty() {
                !members.is_empty()
            } else {
                t.audience.0.iter().any(|a| slugs.contains(&a.as_str()))
            };
        if invited {
            let left = (t.capacity - t.seats_taken).max(0);
            items.push(SpaceItem {
                kind: SpaceKind::Todo,
                area: AREA,
                title: t.title.clone(),
                detail: translate_args(
                    lang,
                    "space-training-invited",
                    &[
                        ("organiser", name(t.territory_id).into()),
                        ("date", when.as_str().into()),
                        ("count", left.into()),
                    ],
                ),
                href: format!("/trainings/{}", t.id),
                when: Some(t.starts_at),
                extra: Some(ics),
            });
        }
    }
    Ok(items)
}
