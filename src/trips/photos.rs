//! A stay's photos: its hosts and the partnership's coordinators add and remove them (media
//! decodes, stores and serves them).

use actix_web::{HttpResponse, web};
use entity::TripId;
use sea_orm::ConnectionTrait;

use super::service;
use crate::error::{AppError, AppResult};
use crate::media::PhotoOwner;
use crate::media::photo_uploads::{self, PhotoRights};
use crate::security::AuthUser;
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, CsrfUpload, Empty};
use crate::web::page::{Page, redirect};

/// The right to change a stay's photos, for one person: one who runs the stay.
pub struct TripPhotos<'a>(pub &'a AuthUser);

impl PhotoRights for TripPhotos<'_> {
    async fn check(&self, conn: &impl ConnectionTrait, owner: PhotoOwner) -> AppResult<()> {
        let PhotoOwner::Trip(id) = owner else {
            return Err(AppError::NotFound);
        };
        let t = service::trip(conn, id).await?;
        if service::runs(self.0, &t) {
            Ok(())
        } else {
            Err(AppError::NotFound)
        }
    }
}

pub async fn upload_photo(
    page: Page,
    user: SessionUser,
    id: web::Path<TripId>,
    upload: CsrfUpload,
) -> AppResult<HttpResponse> {
    let owner = PhotoOwner::Trip(*id);
    photo_uploads::upload_from_form(&page, &TripPhotos(&user.0), owner, upload.file).await?;
    Ok(redirect(&format!("/host/trips/{id}")))
}

pub async fn delete_photo(
    page: Page,
    user: SessionUser,
    path: web::Path<(TripId, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let (id, photo) = path.into_inner();
    photo_uploads::delete_from_form(&page, &TripPhotos(&user.0), photo).await?;
    Ok(redirect(&format!("/host/trips/{id}")))
}
