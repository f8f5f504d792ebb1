//! Products: added, changed and archived by their producer's members.

use chrono::{DateTime, Utc};
use entity::{ProducerId, ProductId};
use entity::{producer, product};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, EntityTrait, Set};

use super::cache::CatalogCache;
use super::domain::normalize;
use super::input::NewProduct;
use super::service::{is_member, refusal};
use crate::db::OneOrNotFound;
use crate::error::AppResult;
use crate::media::PhotoOwner;
use crate::media::photos::Processed;
use crate::security::AuthUser;

/// Everything a search should find a product by, in one normalised text: its name, description
/// and unit in every language written, and its producer's name.
pub fn search_text(
    name: &entity::I18nText,
    description: &entity::I18nText,
    unit: &entity::I18nText,
    producer_name: &str,
) -> String {
    let mut parts: Vec<&str> = name.0.values().map(String::as_str).collect();
    parts.extend(description.0.values().map(String::as_str));
    parts.extend(unit.0.values().map(String::as_str));
    parts.push(producer_name);
    normalize(&parts.join(" "))
}

/// A product's unit per language; rows from before units were translated have only `unit`.
pub(super) fn unit_texts(p: &product::Model) -> entity::I18nText {
    if p.unit_i18n.is_empty() {
        [("fr", p.unit.as_str())].into_iter().collect()
    } else {
        p.unit_i18n.clone()
    }
}

fn sort_name(name: &entity::I18nText) -> String {
    normalize(name.pick("fr")).chars().take(120).collect()
}

fn product_fields(active: &mut product::ActiveModel, p: NewProduct, producer_name: &str) {
    active.search_text = Set(search_text(&p.name, &p.description, &p.unit, producer_name));
    active.unit = Set(p.unit_reference().to_owned());
    active.sort_name = Set(sort_name(&p.name));
    active.name = Set(p.name);
    active.description = Set(p.description);
    active.category = Set(p.category);
    active.unit_i18n = Set(p.unit);
    active.case_size = Set(p.case_size);
    active.min_cases = Set(p.min_cases);
    active.weight_grams = Set(p.weight_grams);
    active.price_cents = Set(p.price_cents);
    active.vat_rate_bp = Set(p.vat_rate_bp);
    active.stock = Set(p.stock);
    active.hs_code = Set(p.hs_code);
    active.case_tare_grams = Set(p.case_tare_grams);
    if let Some(o) = p.originating {
        active.originating = Set(o);
    }
}

pub(super) async fn member_producer(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    producer_id: ProducerId,
) -> AppResult<producer::Model> {
    let p = producer::Entity::find_by_id(producer_id)
        .one_or_404(db)
        .await?;
    if !is_member(actor, producer_id) {
        return Err(refusal(actor, &p));
    }
    Ok(p)
}

/// Adds a product (members of the producer only), with its first photo when one is given: both
/// or neither.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn create_product(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    producer_id: ProducerId,
    p: NewProduct,
    photo: Option<&Processed>,
    now: DateTime<Utc>,
) -> AppResult<product::Model> {
    let txn = crate::db::begin_write(db).await?;
    let producer = member_producer(&txn, actor, producer_id).await?;
    if photo.is_some() && !super::photo_service::may_send_photos(actor, &producer) {
        return Err(super::photo_service::unverified());
    }
    let mut active = product::ActiveModel {
        producer_id: Set(producer_id),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    product_fields(&mut active, p, &producer.name);
    let model = active.insert(&txn).await?;
    if let Some(photo) = photo {
        crate::media::photo_rows::attach(&txn, PhotoOwner::Product(model.id.get()), photo, now)
            .await?;
    }
    txn.commit().await?;
    cache.invalidate();
    Ok(model)
}

pub(super) async fn member_product(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    product_id: ProductId,
) -> AppResult<(producer::Model, product::Model)> {
    let prod = product::Entity::find_by_id(product_id)
        .one_or_404(db)
        .await?;
    let producer = member_producer(db, actor, prod.producer_id).await?;
    Ok((producer, prod))
}

#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn update_product(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    product_id: ProductId,
    p: NewProduct,
    now: DateTime<Utc>,
) -> AppResult<product::Model> {
    let txn = crate::db::begin_write(db).await?;
    let (producer, prod) = member_product(&txn, actor, product_id).await?;
    let mut active: product::ActiveModel = prod.into();
    product_fields(&mut active, p, &producer.name);
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(model)
}

/// Archived products leave the catalogue but stay in past orders.
#[tracing::instrument(skip_all, fields(actor = actor.id))]
pub async fn set_archived(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    product_id: ProductId,
    archived: bool,
    now: DateTime<Utc>,
) -> AppResult<product::Model> {
    let txn = crate::db::begin_write(db).await?;
    let (_, prod) = member_product(&txn, actor, product_id).await?;
    let mut active: product::ActiveModel = prod.into();
    active.archived_at = Set(archived.then_some(now));
    active.updated_at = Set(now);
    let model = active.update(&txn).await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(model)
}

pub async fn product_for_member(
    db: &DatabaseConnection,
    actor: &AuthUser,
    product_id: ProductId,
) -> AppResult<(producer::Model, product::Model)> {
    member_product(db, actor, product_id).await
}
