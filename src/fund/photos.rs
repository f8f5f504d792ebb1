//! A fund project's photos: the partnership's coordinators add and remove them (media decodes,
//! stores and serves them).

use actix_web::{HttpResponse, web};
use sea_orm::ConnectionTrait;

use super::service;
use crate::error::{AppError, AppResult};
use crate::media::PhotoOwner;
use crate::media::photo_uploads::{self, PhotoRights};
use crate::security::AuthUser;
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, CsrfUpload, Empty};
use crate::web::page::{Page, redirect};

/// The right to change a fund project's photos, for one person: a coordinator of its
/// partnership.
pub struct ProjectPhotos<'a>(pub &'a AuthUser);

impl PhotoRights for ProjectPhotos<'_> {
    async fn check(&self, conn: &impl ConnectionTrait, owner: PhotoOwner) -> AppResult<()> {
        let PhotoOwner::FundProject(id) = owner else {
            return Err(AppError::NotFound);
        };
        service::project_to_manage(conn, self.0, id)
            .await
            .map(|_| ())
    }
}

pub async fn add_photo(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    upload: CsrfUpload,
) -> AppResult<HttpResponse> {
    let owner = PhotoOwner::FundProject(*id);
    photo_uploads::upload_from_form(&page, &ProjectPhotos(&user.0), owner, upload.file).await?;
    Ok(redirect(&format!("/fund/{id}")))
}

pub async fn delete_photo(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let (_, photo) = path.into_inner();
    let owner = photo_uploads::delete_from_form(&page, &ProjectPhotos(&user.0), photo).await?;
    Ok(redirect(&format!("/fund/{}", owner.id())))
}
