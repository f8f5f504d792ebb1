//! Who may change the photos of producers and products: their members, once the producer is
//! approved or their address is confirmed. Media stores, orders and serves them; this module
//! answers its question and keeps the catalogue's caches fresh.

use chrono::{DateTime, Utc};
use entity::producer;
use entity::producer::ProducerStatus;
use entity::{ProducerId, ProductId};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait};

use super::cache::CatalogCache;
use super::products::{member_producer, member_product};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::media::photo_uploads::{self, PhotoRights};
use crate::media::photos::Processed;
use crate::media::{AddedPhoto, PhotoOwner};
use crate::security::AuthUser;

/// The right to change the photos of producers and products, for one person: a member of the
/// producer who may send photos. Stays and fund projects are not the catalogue's.
pub struct ProducerPhotos<'a>(pub &'a AuthUser);

impl PhotoRights for ProducerPhotos<'_> {
    async fn check(&self, conn: &impl ConnectionTrait, owner: PhotoOwner) -> AppResult<()> {
        let actor = self.0;
        let producer = match owner {
            PhotoOwner::Producer(id) => member_producer(conn, actor, ProducerId(id)).await?,
            PhotoOwner::Product(id) => member_product(conn, actor, ProductId(id)).await?.0,
            PhotoOwner::Trip(_) | PhotoOwner::FundProject(_) => return Err(AppError::NotFound),
        };
        if may_send_photos(actor, &producer) {
            Ok(())
        } else {
            Err(unverified())
        }
    }
}

/// Who may send photos of a producer: its members once the producer is approved, or before
/// that, members whose address is confirmed (an account made a minute ago may not make the
/// server decode pictures).
pub fn may_send_photos(actor: &AuthUser, producer: &producer::Model) -> bool {
    producer.status == ProducerStatus::Approved || actor.email_verified
}

/// Whether `actor` must confirm its address before sending photos of producer `producer_id`
/// (said on the forms, before an upload is tried).
pub async fn photos_need_confirmation(
    db: &DatabaseConnection,
    actor: &AuthUser,
    producer_id: ProducerId,
) -> AppResult<bool> {
    if actor.email_verified {
        return Ok(false);
    }
    let producer = producer::Entity::find_by_id(producer_id).one(db).await?;
    Ok(producer.is_some_and(|p| !may_send_photos(actor, &p)))
}

pub(super) fn unverified() -> AppError {
    AppError::Validation(FieldErrors::single(
        "photo",
        FieldError::new("photo-unverified"),
    ))
}

/// Checks, before anything is decoded, that `actor` may add a photo to `owner`: the right to
/// manage it, the right to send photos, and room for one more.
pub async fn admit_photo(
    db: &DatabaseConnection,
    actor: &AuthUser,
    owner: PhotoOwner,
) -> AppResult<()> {
    photo_uploads::admit(db, &ProducerPhotos(actor), owner).await
}

/// Checks, before a photo sent with a new product is decoded, that `actor` may send photos of
/// this producer.
pub async fn admit_product_photo(
    db: &DatabaseConnection,
    actor: &AuthUser,
    producer_id: ProducerId,
) -> AppResult<()> {
    let producer = member_producer(db, actor, producer_id).await?;
    if may_send_photos(actor, &producer) {
        Ok(())
    } else {
        Err(unverified())
    }
}

/// Adds a stored photo to a producer or a product (its members; at most 8 each). The same
/// picture sent again is kept once.
pub async fn add_photo(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    owner: PhotoOwner,
    p: &Processed,
    now: DateTime<Utc>,
) -> AppResult<AddedPhoto> {
    let added = photo_uploads::add(db, &ProducerPhotos(actor), owner, p, now).await?;
    if !added.already {
        cache.invalidate();
    }
    Ok(added)
}

/// Removes a photo of a producer or a product (members of its producer). The files stay: other
/// photos may share them.
pub async fn delete_photo(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    photo_id: i64,
) -> AppResult<PhotoOwner> {
    let owner = photo_uploads::delete(db, &ProducerPhotos(actor), photo_id).await?;
    cache.invalidate();
    Ok(owner)
}
