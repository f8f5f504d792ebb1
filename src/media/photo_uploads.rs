//! Adding and removing photos for an owning area: the area says who may change the photos of
//! what it owns ([`PhotoRights`]); this module asks it before anything is decoded and again in
//! the transaction that writes, checks the room left, decodes, stores and attaches.

use std::future::Future;

use sea_orm::{ConnectionTrait, DatabaseConnection};

use super::photo_rows::{self, AddedPhoto, PhotoOwner};
use super::photos::Processed;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;
use crate::web::uploads::UploadedFile;

/// The owning area's answer to "may these photos be changed?", for one person.
pub trait PhotoRights {
    /// Fails (NotFound, Forbidden, or a validation error on `photo`) unless the photos of
    /// `owner` may be changed; `conn` may be the transaction that writes.
    fn check(
        &self,
        conn: &impl ConnectionTrait,
        owner: PhotoOwner,
    ) -> impl Future<Output = AppResult<()>>;
}

/// Checks, before anything is decoded, that the photos of `owner` may be changed and that it
/// has room for one more.
pub async fn admit(
    db: &DatabaseConnection,
    rights: &impl PhotoRights,
    owner: PhotoOwner,
) -> AppResult<()> {
    rights.check(db, owner).await?;
    photo_rows::check_room(db, owner).await
}

/// Attaches a decoded and stored photo to `owner`, the rights checked again in the transaction
/// (at most 8 each; the same picture sent again is kept once).
#[tracing::instrument(skip_all)]
pub async fn add(
    db: &DatabaseConnection,
    rights: &impl PhotoRights,
    owner: PhotoOwner,
    p: &Processed,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<AddedPhoto> {
    let txn = crate::db::begin_write(db).await?;
    rights.check(&txn, owner).await?;
    let added = photo_rows::attach(&txn, owner, p, now).await?;
    txn.commit().await?;
    Ok(added)
}

/// Admits, decodes, stores and attaches an uploaded photo: nothing is decoded for someone who
/// may not add it, or when there is no room.
pub async fn upload(
    st: &AppState,
    rights: &impl PhotoRights,
    owner: PhotoOwner,
    file: UploadedFile,
) -> AppResult<AddedPhoto> {
    admit(&st.db, rights, owner).await?;
    let processed = st.photos.accept(&st.storage, file).await?;
    add(&st.db, rights, owner, &processed, st.now()).await
}

/// Removes a photo whose owner's photos may be changed; gives that owner. The files stay:
/// other photos may share them.
#[tracing::instrument(skip_all)]
pub async fn delete(
    db: &DatabaseConnection,
    rights: &impl PhotoRights,
    photo_id: i64,
) -> AppResult<PhotoOwner> {
    let txn = crate::db::begin_write(db).await?;
    let owner = photo_rows::owner_of(&txn, photo_id).await?;
    rights.check(&txn, owner).await?;
    photo_rows::remove(&txn, photo_id).await?;
    txn.commit().await?;
    Ok(owner)
}

/// A photo form's upload: [`upload`], then how it went as a flash message (a refused photo
/// too; other errors pass on).
pub async fn upload_from_form(
    page: &Page,
    rights: &impl PhotoRights,
    owner: PhotoOwner,
    file: UploadedFile,
) -> AppResult<()> {
    let result = upload(page.state(), rights, owner, file).await;
    flash(page, result)
}

/// A photo form's removal: [`delete`], then the flash message that says it is gone.
pub async fn delete_from_form(
    page: &Page,
    rights: &impl PhotoRights,
    photo_id: i64,
) -> AppResult<PhotoOwner> {
    let owner = delete(&page.state().db, rights, photo_id).await?;
    page.flash("success", "flash-photo-removed");
    Ok(owner)
}

/// Says how an upload went as a flash message (a refused photo too); other errors pass on.
pub fn flash(page: &Page, result: AppResult<AddedPhoto>) -> AppResult<()> {
    match result.checked()? {
        Checked::Done(added) if added.already => page.flash("info", "flash-photo-already"),
        Checked::Done(_) => page.flash("success", "flash-photo-added"),
        Checked::Invalid(e) => {
            let code =
                e.0.get("photo")
                    .and_then(|v| v.first())
                    .map(|f| f.code.clone())
                    .unwrap_or_default();
            page.flash("error", &format!("flash-{code}"));
        }
    }
    Ok(())
}
