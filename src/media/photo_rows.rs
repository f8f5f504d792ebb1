//! Photo rows: which photos an owner (a producer, a product, a stay, a fund project) has, in
//! order, at most eight each, the same picture kept once per owner. Nothing here asks who may
//! change them: the owning area has checked that (`photo_uploads`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use entity::photo;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};

use super::photos::Processed;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};

/// The most photos one owner may have.
pub const MAX_PER_OWNER: u64 = 8;

/// What kind of thing a photo belongs to (stored as `photos.owner_type`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OwnerKind {
    Producer,
    Product,
    /// A stay.
    Trip,
    /// A community fund project.
    FundProject,
}

impl OwnerKind {
    /// The value stored in `photos.owner_type`.
    pub const fn stored(self) -> &'static str {
        match self {
            OwnerKind::Producer => "producer",
            OwnerKind::Product => "product",
            OwnerKind::Trip => "trip",
            OwnerKind::FundProject => "fund_project",
        }
    }

    /// The kind a stored value names (rows written before stays and projects had photos say
    /// `product` or nothing known: a product).
    fn from_stored(value: &str) -> Self {
        match value {
            "producer" => OwnerKind::Producer,
            "trip" => OwnerKind::Trip,
            "fund_project" => OwnerKind::FundProject,
            _ => OwnerKind::Product,
        }
    }
}

/// Whose photo it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhotoOwner {
    Producer(i64),
    Product(i64),
    /// A stay: its hosts and the partnership's coordinators manage its photos.
    Trip(entity::TripId),
    /// A community fund project: the partnership's coordinators manage its photos.
    FundProject(i64),
}

impl PhotoOwner {
    pub const fn new(kind: OwnerKind, id: i64) -> Self {
        match kind {
            OwnerKind::Producer => PhotoOwner::Producer(id),
            OwnerKind::Product => PhotoOwner::Product(id),
            OwnerKind::Trip => PhotoOwner::Trip(entity::TripId(id)),
            OwnerKind::FundProject => PhotoOwner::FundProject(id),
        }
    }

    pub const fn kind(self) -> OwnerKind {
        match self {
            PhotoOwner::Producer(_) => OwnerKind::Producer,
            PhotoOwner::Product(_) => OwnerKind::Product,
            PhotoOwner::Trip(_) => OwnerKind::Trip,
            PhotoOwner::FundProject(_) => OwnerKind::FundProject,
        }
    }

    pub const fn id(self) -> i64 {
        match self {
            PhotoOwner::Producer(id) | PhotoOwner::Product(id) | PhotoOwner::FundProject(id) => id,
            PhotoOwner::Trip(id) => id.get(),
        }
    }

    /// The owner a stored row names.
    pub fn of(row: &photo::Model) -> Self {
        Self::new(OwnerKind::from_stored(&row.owner_type), row.owner_id)
    }
}

/// An owner's photos, in their order.
pub async fn photos_of(
    db: &impl ConnectionTrait,
    owner: PhotoOwner,
) -> AppResult<Vec<photo::Model>> {
    Ok(photo::Entity::find()
        .filter(photo::Column::OwnerType.eq(owner.kind().stored()))
        .filter(photo::Column::OwnerId.eq(owner.id()))
        .order_by_asc(photo::Column::Position)
        .order_by_asc(photo::Column::Id)
        .all(db)
        .await?)
}

/// The first photo's key of each owner of a kind (one query).
pub async fn first_photos(
    db: &impl ConnectionTrait,
    kind: OwnerKind,
    ids: &[i64],
) -> AppResult<HashMap<i64, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let mut out = HashMap::new();
    for p in photo::Entity::find()
        .filter(photo::Column::OwnerType.eq(kind.stored()))
        .filter(photo::Column::OwnerId.is_in(ids.iter().copied()))
        .order_by_asc(photo::Column::OwnerId)
        .order_by_asc(photo::Column::Position)
        .order_by_asc(photo::Column::Id)
        .all(db)
        .await?
    {
        out.entry(p.owner_id).or_insert(p.file_key);
    }
    Ok(out)
}

/// How many photos each owner of a kind has, for those that have any (one grouped query).
pub async fn photo_counts(
    db: &impl ConnectionTrait,
    kind: OwnerKind,
    ids: impl IntoIterator<Item = i64>,
) -> AppResult<HashMap<i64, u64>> {
    let counts: Vec<(i64, i64)> = photo::Entity::find()
        .select_only()
        .column(photo::Column::OwnerId)
        .column_as(photo::Column::Id.count(), "n")
        .filter(photo::Column::OwnerType.eq(kind.stored()))
        .filter(photo::Column::OwnerId.is_in(ids))
        .group_by(photo::Column::OwnerId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(counts.into_iter().map(|(id, n)| (id, n as u64)).collect())
}

async fn count(conn: &impl ConnectionTrait, owner: PhotoOwner) -> AppResult<u64> {
    Ok(photo::Entity::find()
        .filter(photo::Column::OwnerType.eq(owner.kind().stored()))
        .filter(photo::Column::OwnerId.eq(owner.id()))
        .count(conn)
        .await?)
}

fn limit_reached() -> AppError {
    AppError::Validation(FieldErrors::single(
        "photo",
        FieldError::new("photo-limit").with("max", MAX_PER_OWNER),
    ))
}

/// Fails with `photo-limit` when `owner` has no room for one more photo.
pub async fn check_room(conn: &impl ConnectionTrait, owner: PhotoOwner) -> AppResult<()> {
    if count(conn, owner).await? >= MAX_PER_OWNER {
        return Err(limit_reached());
    }
    Ok(())
}

/// A photo attached, or found already there.
#[derive(Clone, Debug)]
pub struct AddedPhoto {
    pub photo: photo::Model,
    /// The owner already had this very picture (same content): nothing was added.
    pub already: bool,
}

async fn same_picture(
    conn: &impl ConnectionTrait,
    owner: PhotoOwner,
    key: &str,
) -> AppResult<Option<photo::Model>> {
    Ok(photo::Entity::find()
        .filter(photo::Column::OwnerType.eq(owner.kind().stored()))
        .filter(photo::Column::OwnerId.eq(owner.id()))
        .filter(photo::Column::FileKey.eq(key))
        .one(conn)
        .await?)
}

/// Attaches a stored photo inside the caller's transaction (rights already checked): the same
/// picture is kept once, and there is room for eight.
pub async fn attach(
    conn: &impl ConnectionTrait,
    owner: PhotoOwner,
    p: &Processed,
    now: DateTime<Utc>,
) -> AppResult<AddedPhoto> {
    if let Some(photo) = same_picture(conn, owner, &p.key).await? {
        return Ok(AddedPhoto {
            photo,
            already: true,
        });
    }
    let count = count(conn, owner).await?;
    if count >= MAX_PER_OWNER {
        return Err(limit_reached());
    }
    let row = photo::ActiveModel {
        owner_type: Set(owner.kind().stored().to_owned()),
        owner_id: Set(owner.id()),
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
    let photo = same_picture(conn, owner, &p.key)
        .await?
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("photo {} not stored", p.key)))?;
    Ok(AddedPhoto {
        photo,
        already: inserted == 0,
    })
}

/// The owner of photo `photo_id` (NotFound when there is no such photo).
pub async fn owner_of(conn: &impl ConnectionTrait, photo_id: i64) -> AppResult<PhotoOwner> {
    photo::Entity::find_by_id(photo_id)
        .one(conn)
        .await?
        .map(|p| PhotoOwner::of(&p))
        .ok_or(AppError::NotFound)
}

/// Removes a photo's row (rights already checked). The files stay: other photos may share them.
pub async fn remove(conn: &impl ConnectionTrait, photo_id: i64) -> AppResult<()> {
    photo::Entity::delete_by_id(photo_id).exec(conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn owners_keep_their_stored_names() {
        for (kind, stored) in [
            (OwnerKind::Producer, "producer"),
            (OwnerKind::Product, "product"),
            (OwnerKind::Trip, "trip"),
            (OwnerKind::FundProject, "fund_project"),
        ] {
            assert_eq!(kind.stored(), stored);
            assert_eq!(OwnerKind::from_stored(stored), kind);
            let owner = PhotoOwner::new(kind, 7);
            assert_eq!((owner.kind(), owner.id()), (kind, 7));
        }
        assert_eq!(OwnerKind::from_stored("?"), OwnerKind::Product);
    }
}
