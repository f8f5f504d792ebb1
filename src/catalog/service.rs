//! Producers (approved by their partnership's coordinators) and the shares their partnership's
//! prices split by. Products are written in `products`, read in `catalogue`; who may change
//! photos is answered in `photo_service`: all are re-exported here, the one door other areas use.

use chrono::{DateTime, Utc};
use entity::ProducerId;
use entity::producer::ProducerStatus;
use entity::{partnership, producer, product, territory};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter,
    QueryOrder, Set,
};
use serde::Serialize;

use super::approval::{self, Action};
use super::cache::CatalogCache;
use super::input::{NewProducer, Shares};
use crate::accounts::service as accounts;
use crate::db::OneOrNotFound;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::mail::domain::{MailTemplate, OutgoingEmail};
use crate::mail::outbox::{self, Mailer};
use crate::security::{AuthUser, Grant, Role};
use crate::web::i18n::Lang;

pub use super::catalogue::*;
pub use super::photo_service::*;
pub use super::products::*;

/// A producer with its partnership and territory.
#[derive(Clone, Debug)]
pub struct ProducerFull {
    pub producer: producer::Model,
    pub partnership: partnership::Model,
    pub territory: territory::Model,
}

pub(super) fn invalid(field: &str, code: &str) -> AppError {
    AppError::Validation(FieldErrors::single(field, FieldError::new(code)))
}

/// Who may see a producer that is not approved: its members, its coordinators, admins.
pub(super) fn can_manage(actor: Option<&AuthUser>, p: &producer::Model) -> bool {
    actor.is_some_and(|a| {
        a.holds(Role::ProducerMember, p.id) || a.coordinates_partnership(p.partnership_id)
    })
}

/// What someone without the right gets: 403 when they may know the producer exists (its
/// coordinators, its members), 404 otherwise.
pub(super) fn refusal(actor: &AuthUser, p: &producer::Model) -> AppError {
    if can_manage(Some(actor), p) {
        AppError::Forbidden
    } else {
        AppError::NotFound
    }
}

pub(super) fn is_member(actor: &AuthUser, producer_id: ProducerId) -> bool {
    actor.is_admin() || actor.holds(Role::ProducerMember, producer_id)
}

pub(super) async fn full(db: &impl ConnectionTrait, p: producer::Model) -> AppResult<ProducerFull> {
    let partnership = partnership::Entity::find_by_id(p.partnership_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::Unexpected(anyhow::anyhow!("producer {} lost its partnership", p.id))
        })?;
    let territory = territory::Entity::find_by_id(p.territory_id)
        .one(db)
        .await?
        .ok_or_else(|| {
            AppError::Unexpected(anyhow::anyhow!("producer {} lost its territory", p.id))
        })?;
    Ok(ProducerFull {
        producer: p,
        partnership,
        territory,
    })
}

/// Finds the partnership and territory named by a new producer and checks they go together:
/// the territory is in the partnership's partner country.
async fn place(
    db: &impl ConnectionTrait,
    p: &NewProducer,
) -> AppResult<(partnership::Model, territory::Model)> {
    let partnership = partnership::Entity::find()
        .filter(partnership::Column::Slug.eq(p.partnership.as_str()))
        .one(db)
        .await?;
    let territory = territory::Entity::find()
        .filter(territory::Column::Slug.eq(p.territory.as_str()))
        .one(db)
        .await?;
    let mut errors = FieldErrors::new();
    if partnership.is_none() {
        errors.add("partnership", FieldError::new("unknown-partnership"));
    }
    if territory.is_none() {
        errors.add("territory", FieldError::new("unknown-territory"));
    }
    let (Some(partnership), Some(territory)) = (partnership, territory) else {
        return Err(AppError::Validation(errors));
    };
    let partner = territory::Entity::find_by_id(partnership.partner_territory_id)
        .one_or_404(db)
        .await?;
    if territory.country != partner.country {
        return Err(invalid("territory", "territory-not-partner"));
    }
    Ok((partnership, territory))
}

/// Creates a producer profile, pending approval; its creator becomes a member.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn create_producer(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    p: NewProducer,
    now: DateTime<Utc>,
) -> AppResult<ProducerFull> {
    let txn = crate::db::begin_write(db).await?;
    let (partnership, territory) = place(&txn, &p).await?;
    let slug =
        crate::db::free_slug::<producer::Entity>(&txn, producer::Column::Slug, p.slug.as_str())
            .await?;
    let mut active = producer::ActiveModel {
        slug: Set(slug),
        name: Set(p.name),
        kind: Set(p.kind),
        partnership_id: Set(partnership.id),
        territory_id: Set(territory.id),
        description: Set(p.description),
        odco_number: Set(p.odco_number),
        women_led: Set(p.women_led),
        labels: Set(producer::Labels(p.labels)),
        contact_email: Set(p.contact_email),
        contact_phone: Set(p.contact_phone),
        status: Set(ProducerStatus::Pending),
        review_note: Set(None),
        reviewed_at: Set(None),
        reviewed_by: Set(None),
        created_by: Set(Some(actor.id)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    p.bank.apply(&mut active);
    let model = active.insert(&txn).await?;
    accounts::grant(
        &txn,
        actor.id,
        Grant::new(Role::ProducerMember, model.id),
        now,
    )
    .await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(ProducerFull {
        producer: model,
        partnership,
        territory,
    })
}

/// Members change their profile; the partnership and territory stay those it was approved for.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn update_producer(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    id: ProducerId,
    p: NewProducer,
    now: DateTime<Utc>,
) -> AppResult<ProducerFull> {
    let txn = crate::db::begin_write(db).await?;
    let existing = producer::Entity::find_by_id(id).one_or_404(&txn).await?;
    if !is_member(actor, id) {
        return Err(refusal(actor, &existing));
    }
    let current = full(&txn, existing).await?;
    if p.partnership != current.partnership.slug || p.territory != current.territory.slug {
        return Err(invalid("partnership", "fixed-after-creation"));
    }
    let renamed = p.name != current.producer.name;
    let mut active: producer::ActiveModel = current.producer.clone().into();
    active.name = Set(p.name);
    active.kind = Set(p.kind);
    active.description = Set(p.description);
    active.odco_number = Set(p.odco_number);
    active.women_led = Set(p.women_led);
    active.labels = Set(producer::Labels(p.labels));
    active.contact_email = Set(p.contact_email);
    active.contact_phone = Set(p.contact_phone);
    p.bank.apply(&mut active);
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    if renamed {
        // The producer's name is part of its products' search text.
        for prod in product::Entity::find()
            .filter(product::Column::ProducerId.eq(id))
            .all(&txn)
            .await?
        {
            let text = search_text(
                &prod.name,
                &prod.description,
                &unit_texts(&prod),
                &model.name,
            );
            let mut a: product::ActiveModel = prod.into();
            a.search_text = Set(text);
            a.update(&txn).await?;
        }
    }
    txn.commit().await?;
    cache.invalidate();
    Ok(ProducerFull {
        producer: model,
        ..current
    })
}

#[derive(Clone, Debug)]
pub enum Review {
    Approve,
    Reject(String),
}

#[derive(Serialize)]
struct ReviewMail<'a> {
    producer: &'a str,
    partnership: &'a str,
    note: &'a str,
    link: &'a str,
}

/// The partnership's coordinators (or an admin) approve or reject a producer; its members are
/// emailed either way, in the same transaction.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn review_producer(
    db: &DatabaseConnection,
    mailer: &Mailer,
    cache: &CatalogCache,
    actor: &AuthUser,
    id: i64,
    review: Review,
    now: DateTime<Utc>,
) -> AppResult<ProducerFull> {
    let txn = crate::db::begin_write(db).await?;
    let existing = producer::Entity::find_by_id(id).one_or_404(&txn).await?;
    if !actor.coordinates_partnership(existing.partnership_id) {
        return Err(refusal(actor, &existing));
    }
    let (action, note, template) = match &review {
        Review::Approve => (Action::Approve, None, MailTemplate::ProducerApproved),
        Review::Reject(note) => {
            if note.trim().is_empty() {
                return Err(invalid("note", "review-reason-required"));
            }
            (
                Action::Reject,
                Some(note.trim().to_owned()),
                MailTemplate::ProducerRejected,
            )
        }
    };
    let status = approval::after(existing.status, action)
        .ok_or_else(|| AppError::conflict("producer-already-reviewed"))?;
    if action == Action::Approve && !approval::blocking_gaps(&existing).is_empty() {
        return Err(AppError::conflict("producer-incomplete"));
    }
    let model = set_status(&txn, existing, status, now, |a| {
        a.review_note = Set(note.clone());
        a.reviewed_at = Set(Some(now));
        a.reviewed_by = Set(Some(actor.id));
    })
    .await?;
    let current = full(&txn, model).await?;
    let link = mailer.link(&format!("/producer/{}", current.producer.id));
    for (_, member) in accounts::holders(&txn, Role::ProducerMember, &[id]).await? {
        let mail = ReviewMail {
            producer: &current.producer.name,
            partnership: &current.partnership.name,
            note: note.as_deref().unwrap_or(""),
            link: &link,
        };
        let lang = Lang::parse(&member.locale).unwrap_or(Lang::Fr);
        outbox::queue(
            &txn,
            mailer,
            OutgoingEmail::new(template, lang, &member.email, &member.display_name, mail),
            now,
        )
        .await?;
    }
    txn.commit().await?;
    cache.invalidate();
    Ok(current)
}

/// Moves a producer from the status it was read in to `status`, with one conditional update:
/// two people acting at once cannot both move it (the second hears it changed meanwhile).
async fn set_status(
    conn: &impl ConnectionTrait,
    existing: producer::Model,
    status: ProducerStatus,
    now: DateTime<Utc>,
    more: impl FnOnce(&mut producer::ActiveModel),
) -> AppResult<producer::Model> {
    let mut active = producer::ActiveModel {
        status: Set(status),
        updated_at: Set(now),
        ..Default::default()
    };
    more(&mut active);
    let res = producer::Entity::update_many()
        .set(active)
        .filter(producer::Column::Id.eq(existing.id))
        .filter(producer::Column::Status.eq(existing.status))
        .exec(conn)
        .await?;
    if res.rows_affected != 1 {
        return Err(AppError::conflict("changed-meanwhile"));
    }
    producer::Entity::find_by_id(existing.id)
        .one_or_404(conn)
        .await
}

/// A rejected producer's members ask to be examined again, once the profile says who the
/// producer is and how to reach it.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn resubmit_producer(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    id: ProducerId,
    now: DateTime<Utc>,
) -> AppResult<ProducerFull> {
    let txn = crate::db::begin_write(db).await?;
    let existing = producer::Entity::find_by_id(id).one_or_404(&txn).await?;
    if !is_member(actor, id) {
        return Err(refusal(actor, &existing));
    }
    let status = approval::after(existing.status, Action::Resubmit)
        .ok_or_else(|| AppError::conflict("producer-not-rejected"))?;
    if !approval::blocking_gaps(&existing).is_empty() {
        return Err(AppError::conflict("producer-incomplete"));
    }
    let model = set_status(&txn, existing, status, now, |_| {}).await?;
    let current = full(&txn, model).await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(current)
}

/// The producers a person is a member of.
pub async fn my_producers(
    db: &DatabaseConnection,
    actor: &AuthUser,
) -> AppResult<Vec<producer::Model>> {
    let ids: Vec<i64> = actor.scopes_of(Role::ProducerMember).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(producer::Entity::find()
        .filter(producer::Column::Id.is_in(ids))
        .order_by_asc(producer::Column::Name)
        .all(db)
        .await?)
}

/// The approved producers of a partnership (a campaign's choices).
pub async fn approved_producers_of(
    db: &DatabaseConnection,
    partnership_id: entity::PartnershipId,
) -> AppResult<Vec<producer::Model>> {
    Ok(producer::Entity::find()
        .filter(producer::Column::PartnershipId.eq(partnership_id))
        .filter(producer::Column::Status.eq(ProducerStatus::Approved))
        .order_by_asc(producer::Column::Name)
        .all(db)
        .await?)
}

/// A producer as its members see it, with all its products (archived too).
pub async fn producer_for_member(
    db: &DatabaseConnection,
    actor: &AuthUser,
    id: ProducerId,
) -> AppResult<(ProducerFull, Vec<product::Model>)> {
    let p = producer::Entity::find_by_id(id).one_or_404(db).await?;
    if !is_member(actor, id) {
        return Err(refusal(actor, &p));
    }
    let products = product::Entity::find()
        .filter(product::Column::ProducerId.eq(id))
        .order_by_asc(product::Column::ArchivedAt)
        .order_by_asc(product::Column::SortName)
        .all(db)
        .await?;
    Ok((full(db, p).await?, products))
}

/// The producers of a partnership for its coordinators (pending first).
pub async fn producers_to_review(
    db: &DatabaseConnection,
    actor: &AuthUser,
    partnership_slug: &str,
) -> AppResult<(partnership::Model, Vec<producer::Model>)> {
    let p = actor.coordinated_partnership(db, partnership_slug).await?;
    let mut producers = producer::Entity::find()
        .filter(producer::Column::PartnershipId.eq(p.id))
        .order_by_asc(producer::Column::Name)
        .all(db)
        .await?;
    producers.sort_by_key(|x| match x.status {
        ProducerStatus::Pending => 0,
        ProducerStatus::Approved => 1,
        ProducerStatus::Rejected => 2,
    });
    Ok((p, producers))
}

/// Sets the shares a partnership's prices are split by (its coordinators, or an admin).
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn update_shares(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    partnership_slug: &str,
    shares: Shares,
    now: DateTime<Utc>,
) -> AppResult<partnership::Model> {
    let txn = crate::db::begin_write(db).await?;
    let p = actor
        .coordinated_partnership(&txn, partnership_slug)
        .await?;
    let mut active: partnership::ActiveModel = p.into();
    active.transport_bp = Set(shares.transport_bp);
    active.costs_bp = Set(shares.costs_bp);
    active.fund_bp = Set(shares.fund_bp);
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(model)
}
