//! Photos attached to producers, products, stays and fund projects: who may add or remove them,
//! at most eight each, the same picture kept once per owner.

use chrono::{DateTime, Utc};
use entity::{photo, producer};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter, Set,
};

use super::cache::CatalogCache;
use super::products::{member_producer, member_product};
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::security::AuthUser;

/// Whose photo it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoOwner {
    Producer(i64),
    Product(i64),
    /// A stay: its hosts and the partnership's coordinators manage its photos.
    Trip(i64),
    /// A community fund project: the partnership's coordinators manage its photos.
    FundProject(i64),
}

impl PhotoOwner {
    fn parts(self) -> (&'static str, i64) {
        match self {
            PhotoOwner::Producer(id) => ("producer", id),
            PhotoOwner::Product(id) => ("product", id),
            PhotoOwner::Trip(id) => ("trip", id),
            PhotoOwner::FundProject(id) => ("fund_project", id),
        }
    }
}

/// Checks that `actor` manages `owner`; gives the producer when the photo is a producer's or
/// one of its products'.
async fn check_owner(
    db: &impl ConnectionTrait,
    actor: &AuthUser,
    owner: PhotoOwner,
) -> AppResult<Option<producer::Model>> {
    match owner {
        PhotoOwner::Producer(id) => member_producer(db, actor, id).await.map(Some),
        PhotoOwner::Product(id) => member_product(db, actor, id).await.map(|(p, _)| Some(p)),
        PhotoOwner::Trip(id) => {
            let t = crate::trips::service::trip(db, id).await?;
            if crate::trips::service::runs(actor, &t) {
                Ok(None)
            } else {
                Err(AppError::NotFound)
            }
        }
        PhotoOwner::FundProject(id) => crate::fund::service::project_to_manage(db, actor, id)
            .await
            .map(|_| None),
    }
}

/// Who may send photos of a producer: its members once the producer is approved, or before
/// that, members whose address is confirmed (an account made a minute ago may not make the
/// server decode pictures). Stays and fund projects are run by people a coordinator chose.
pub fn may_send_photos(actor: &AuthUser, producer: Option<&producer::Model>) -> bool {
    match producer {
        Some(p) => p.status == super::domain::APPROVED || actor.email_verified,
        None => true,
    }
}

/// Whether `actor` must confirm its address before sending photos of producer `producer_id`
/// (said on the forms, before an upload is tried).
pub async fn photos_need_confirmation(
    db: &DatabaseConnection,
    actor: &AuthUser,
    producer_id: i64,
) -> AppResult<bool> {
    if actor.email_verified {
        return Ok(false);
    }
    let producer = producer::Entity::find_by_id(producer_id).one(db).await?;
    Ok(producer.is_some_and(|p| !may_send_photos(actor, Some(&p))))
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
    let producer = check_owner(db, actor, owner).await?;
    if !may_send_photos(actor, producer.as_ref()) {
        return Err(unverified());
    }
    let (owner_type, owner_id) = owner.parts();
    let count = photo::Entity::find()
        .filter(photo::Column::OwnerType.eq(owner_type))
        .filter(photo::Column::OwnerId.eq(owner_id))
        .count(db)
        .await?;
    if count >= super::photos::MAX_PER_OWNER {
        return Err(limit_reached());
    }
    Ok(())
}

/// Checks, before a photo sent with a new product is decoded, that `actor` may send photos of
/// this producer.
pub async fn admit_product_photo(
    db: &DatabaseConnection,
    actor: &AuthUser,
    producer_id: i64,
) -> AppResult<()> {
    let producer = member_producer(db, actor, producer_id).await?;
    if may_send_photos(actor, Some(&producer)) {
        Ok(())
    } else {
        Err(unverified())
    }
}

fn limit_reached() -> AppError {
    AppError::Validation(FieldErrors::single(
        "photo",
        FieldError::new("photo-limit").with("max", super::photos::MAX_PER_OWNER),
    ))
}

/// A photo attached, or found already there.
#[derive(Clone, Debug)]
pub struct AddedPhoto {
    pub photo: photo::Model,
    /// The owner already had this very picture (same content): nothing was added.
    pub already: bool,
}

/// Adds a stored photo to a producer, a product, a stay or a fund project (those who manage
/// it; at most 8 each). The same picture sent again is kept once.
pub async fn add_photo(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    owner: PhotoOwner,
    p: &super::photos::Processed,
    now: DateTime<Utc>,
) -> AppResult<AddedPhoto> {
    let txn = crate::db::begin_write(db).await?;
    let producer = check_owner(&txn, actor, owner).await?;
    if !may_send_photos(actor, producer.as_ref()) {
        return Err(unverified());
    }
    let added = attach(&txn, owner, p, now).await?;
    txn.commit().await?;
    if !added.already {
        cache.invalidate();
    }
    Ok(added)
}

async fn same_picture(
    conn: &impl ConnectionTrait,
    (owner_type, owner_id): (&str, i64),
    key: &str,
) -> AppResult<Option<photo::Model>> {
    Ok(photo::Entity::find()
        .filter(photo::Column::OwnerType.eq(owner_type))
        .filter(photo::Column::OwnerId.eq(owner_id))
        .filter(photo::Column::FileKey.eq(key))
        .one(conn)
        .await?)
}

/// Attaches a photo inside the caller's transaction (rights already checked).
pub(super) async fn attach(
    conn: &impl ConnectionTrait,
    owner: PhotoOwner,
    p: &super::photos::Processed,
    now: DateTime<Utc>,
) -> AppResult<AddedPhoto> {
    let (owner_type, owner_id) = owner.parts();
    if let Some(photo) = same_picture(conn, owner.parts(), &p.key).await? {
        return Ok(AddedPhoto {
            photo,
            already: true,
        });
    }
    let count = photo::Entity::find()
        .filter(photo::Column::OwnerType.eq(owner_type))
        .filter(photo::Column::OwnerId.eq(owner_id))
        .count(conn)
        .await?;
    if count >= super::photos::MAX_PER_OWNER {
        return Err(limit_reached());
    }
    let row = photo::ActiveModel {
        owner_type: Set(owner_type.to_owned()),
        owner_id: Set(owner_id),
        file_key: Set(p.key.clone()),
        width: Set(p.width as i32),
        height: Set(p.height as i32),
        position: Set(count as i32),
        created_at: Set(now),
        ..Default::default()
    };
    // Two uploads of one picture at once: the unique index keeps one, the other finds it.
    let inserted = photo::Entity::insert(row)
        .on_conflict(
            OnConflict::columns([
                photo::Column::OwnerType,
                photo::Column::OwnerId,
                photo::Column::FileKey,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    let photo = same_picture(conn, owner.parts(), &p.key)
        .await?
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("photo {} not stored", p.key)))?;
    Ok(AddedPhoto {
        photo,
        already: inserted == 0,
    })
}

/// Removes a photo (members of its producer). The files stay: other photos may share them.
pub async fn delete_photo(
    db: &DatabaseConnection,
    cache: &CatalogCache,
    actor: &AuthUser,
    photo_id: i64,
) -> AppResult<PhotoOwner> {
    let txn = crate::db::begin_write(db).await?;
    let p = photo::Entity::find_by_id(photo_id)
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let owner = match p.owner_type.as_str() {
        "producer" => PhotoOwner::Producer(p.owner_id),
        "trip" => PhotoOwner::Trip(p.owner_id),
        "fund_project" => PhotoOwner::FundProject(p.owner_id),
        _ => PhotoOwner::Product(p.owner_id),
    };
    check_owner(&txn, actor, owner).await?;
    photo::Entity::delete_by_id(photo_id).exec(&txn).await?;
    txn.commit().await?;
    cache.invalidate();
    Ok(owner)
}
