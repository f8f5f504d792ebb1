//! The catalogue in a person's own page: for a producer's members, their producers (where the
//! approval stands, what the profile lacks) and the products to fix (no photo, no price); for a
//! partnership's coordinators and admins, the producers waiting for their approval. Six queries
//! at most, whatever the data.

use entity::ProducerId;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{partnership, producer, product};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::approval::{self, Gap};
use crate::error::AppResult;
use crate::media::OwnerKind;
use crate::media::photo_rows::photo_counts;
use crate::money::Cents;
use crate::security::{AuthUser, Role};
use crate::web::format;
use crate::web::i18n::{Lang, translate};
use crate::web::space::{SpaceItem, SpaceKind};
use entity::producer::ProducerStatus;

const AREA: &str = "producers";

fn words(lang: Lang, gaps: &[Gap]) -> String {
    let sep = if lang == Lang::Ar { "، " } else { ", " };
    gaps.iter()
        .map(|g| translate(lang, &format!("gap-{}", g.code()), &[]))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The lines of `user`'s personal space that belong to the catalogue.
pub async fn space_items(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    _now: DateTime<Utc>,
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let mut items = Vec::new();
    let member_of: Vec<i64> = user.scopes_of(Role::ProducerMember).collect();
    if !member_of.is_empty() {
        items.extend(members_lines(conn, &member_of, lang).await?);
    }
    let coordinates: Vec<entity::PartnershipId> = user
        .scopes_of(Role::PartnershipCoordinator)
        .map(entity::PartnershipId)
        .collect();
    if user.is_admin() || !coordinates.is_empty() {
        items.extend(review_lines(conn, user, &coordinates, lang).await?);
    }
    Ok(items)
}

/// A member's producers and the products to fix (four queries).
async fn members_lines(
    conn: &impl ConnectionTrait,
    ids: &[i64],
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let producers = producer::Entity::find()
        .filter(producer::Column::Id.is_in(ids.iter().copied()))
        .order_by_asc(producer::Column::Name)
        .all(conn)
        .await?;
    let products = product::Entity::find()
        .filter(product::Column::ProducerId.is_in(ids.iter().copied()))
        .filter(product::Column::ArchivedAt.is_null())
        .order_by_asc(product::Column::SortName)
        .all(conn)
        .await?;
    let with_photo: HashSet<i64> = photo_counts(
        conn,
        OwnerKind::Product,
        products.iter().map(|p| p.id.get()),
    )
    .await?
    .into_keys()
    .collect();
    let producer_photos: HashSet<i64> =
        photo_counts(conn, OwnerKind::Producer, ids.iter().copied())
            .await?
            .into_keys()
            .collect();
    let mut listed: HashMap<ProducerId, u64> = HashMap::new();
    for p in &products {
        *listed.entry(p.producer_id).or_default() += 1;
    }
    let mut items = Vec::new();
    for p in &producers {
        let gaps = approval::gaps(
            p,
            u64::from(producer_photos.contains(&p.id.get())),
            listed.get(&p.id).copied().unwrap_or(0),
        );
        let missing = words(lang, &gaps);
        let (kind, detail, when) = match p.status {
            ProducerStatus::Pending if gaps.is_empty() => (
                SpaceKind::Todo,
                translate(lang, "space-producer-pending", &[]),
                None,
            ),
            ProducerStatus::Pending => (
                SpaceKind::Todo,
                translate(
                    lang,
                    "space-producer-pending-missing",
                    &[("missing", &missing)],
                ),
                None,
            ),
            ProducerStatus::Rejected => (
                SpaceKind::Todo,
                translate(
                    lang,
                    "space-producer-rejected",
                    &[("note", p.review_note.as_deref().unwrap_or("—"))],
                ),
                None,
            ),
            ProducerStatus::Approved if !gaps.is_empty() => (
                SpaceKind::Todo,
                translate(lang, "space-producer-complete", &[("missing", &missing)]),
                None,
            ),
            _ => {
                let date = p
                    .reviewed_at
                    .map(|t| {
                        format::date(lang, t.with_timezone(&format::DEFAULT_ZONE).date_naive())
                    })
                    .unwrap_or_default();
                (
                    SpaceKind::Done,
                    translate(lang, "space-producer-approved", &[("date", &date)]),
                    p.reviewed_at,
                )
            }
        };
        items.push(SpaceItem {
            kind,
            area: AREA,
            title: p.name.clone(),
            detail,
            href: format!("/producer/{}", p.id),
            when,
            extra: None,
        });
    }
    for p in &products {
        let edit = format!("/producer/{}/products/{}/edit", p.producer_id, p.id);
        let mut fixes = Vec::new();
        if p.price_cents <= Cents::ZERO {
            fixes.push("space-product-no-price");
        }
        if !with_photo.contains(&p.id.get()) {
            fixes.push("space-product-no-photo");
        }
        for key in fixes {
            items.push(SpaceItem {
                kind: SpaceKind::Todo,
                area: AREA,
                title: p.name.pick(lang.code()).to_owned(),
                detail: translate(lang, key, &[]),
                href: edit.clone(),
                when: None,
                extra: None,
            });
        }
    }
    Ok(items)
}

/// Producers waiting for the approval of the viewer's partnerships (every partnership for an
/// admin): two queries.
async fn review_lines(
    conn: &impl ConnectionTrait,
    user: &AuthUser,
    coordinates: &[entity::PartnershipId],
    lang: Lang,
) -> AppResult<Vec<SpaceItem>> {
    let mut waiting =
        producer::Entity::find().filter(producer::Column::Status.eq(ProducerStatus::Pending));
    if !user.is_admin() {
        waiting =
            waiting.filter(producer::Column::PartnershipId.is_in(coordinates.iter().copied()));
    }
    let waiting = waiting
        .order_by_asc(producer::Column::CreatedAt)
        .all(conn)
        .await?;
    if waiting.is_empty() {
        return Ok(Vec::new());
    }
    let names: HashMap<entity::PartnershipId, String> = partnership::Entity::find()
        .filter(partnership::Column::Id.is_in(waiting.iter().map(|p| p.partnership_id)))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| (p.id, p.name))
        .collect();
    Ok(waiting
        .iter()
        .map(|p| {
            let partnership = names.get(&p.partnership_id).cloned().unwrap_or_default();
            let date = format::date(
                lang,
                p.created_at
                    .with_timezone(&format::DEFAULT_ZONE)
                    .date_naive(),
            );
            let blocking = approval::blocking_gaps(p);
            let detail = if blocking.is_empty() {
                translate(
                    lang,
                    "space-review-producer",
                    &[("partnership", &partnership), ("date", &date)],
                )
            } else {
                translate(
                    lang,
                    "space-review-producer-missing",
                    &[
                        ("partnership", &partnership),
                        ("date", &date),
                        ("missing", &words(lang, &blocking)),
                    ],
                )
            };
            SpaceItem {
                kind: SpaceKind::Todo,
                area: AREA,
                title: p.name.clone(),
                detail,
                href: format!("/producers/{}", p.slug),
                when: None,
                extra: None,
            }
        })
        .collect())
}
