//! PDF attachments of practice sheets: who may attach them (the coordinators of the sheet's
//! territory), at most ten a sheet, checked as real PDFs of at most 10 MB; media stores them by
//! content hash and sends them as downloads.

use crate::media::storage::Storage;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use entity::practice_attachment;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};

use super::service;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::media::checks::is_pdf;
use crate::media::files::{self, Folder};
use crate::security::AuthUser;
use crate::web::auth::SessionUser;
use crate::web::forms::CsrfUploadOf;
use crate::web::outcome::{Check, Checked};
use crate::web::page::Page;

pub const MAX_BYTES: usize = 10 * 1024 * 1024;
pub const MAX_PER_SHEET: u64 = 10;

fn clean_name(given: Option<&str>) -> String {
    files::safe_name(given, "document", "pdf")
}

/// Attaches a PDF to a sheet (the coordinators of its territory).
pub async fn attach(
    db: &DatabaseConnection,
    storage: &Storage,
    actor: &AuthUser,
    slug: &str,
    filename: Option<&str>,
    bytes: Vec<u8>,
    now: DateTime<Utc>,
) -> AppResult<practice_attachment::Model> {
    let (sheet, _) = service::sheet(db, slug).await?;
    if !service::my_territories(db, actor)
        .await?
        .contains(&sheet.territory_id)
    {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::new();
    if bytes.is_empty() {
        errors.add("attachment", FieldError::new("required"));
    } else if bytes.len() > MAX_BYTES {
        errors.add(
            "attachment",
            FieldError::new("attachment-too-large").with("max", "10 MB"),
        );
    } else if !is_pdf(&bytes) {
        errors.add("attachment", FieldError::new("attachment-not-pdf"));
    }
    let count = practice_attachment::Entity::find()
        .filter(practice_attachment::Column::SheetId.eq(sheet.id))
        .count(db)
        .await?;
    if count >= MAX_PER_SHEET {
        errors.add(
            "attachment",
            FieldError::new("attachment-limit").with("max", MAX_PER_SHEET),
        );
    }
    errors.into_result()?;
    let size = bytes.len() as i64;
    let key = files::store(storage, Folder::Attachments, bytes, "pdf").await?;
    Ok(practice_attachment::ActiveModel {
        sheet_id: Set(sheet.id),
        file_key: Set(key),
        filename: Set(clean_name(filename)),
        size_bytes: Set(size),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?)
}

pub async fn of_sheet(
    db: &DatabaseConnection,
    sheet_id: i64,
) -> AppResult<Vec<practice_attachment::Model>> {
    Ok(practice_attachment::Entity::find()
        .filter(practice_attachment::Column::SheetId.eq(sheet_id))
        .order_by_asc(practice_attachment::Column::Id)
        .all(db)
        .await?)
}

pub async fn upload(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    upload: CsrfUploadOf<MAX_BYTES>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    match attach(
        &st.db,
        &st.storage,
        &user.0,
        &slug,
        upload.filename.as_deref(),
        upload.file.into_bytes().await?,
        st.now(),
    )
    .await
    .checked()?
    {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-attachment-added",
            &format!("/practices/{slug}"),
        )),
        Checked::Invalid(e) => {
            super::handlers::sheet_page(&page, &slug, StatusCode::UNPROCESSABLE_ENTITY, e).await
        }
    }
}

/// The PDF as a download.
pub async fn download(page: Page, path: web::Path<(String, i64)>) -> AppResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    let st = page.state();
    let (sheet, _) = service::sheet(&st.db, &slug).await?;
    let a = practice_attachment::Entity::find_by_id(id)
        .one(&st.db)
        .await?
        .filter(|a| a.sheet_id == sheet.id)
        .ok_or(AppError::NotFound)?;
    let bytes = files::read(&st.storage, Folder::Attachments, &a.file_key, "pdf").await?;
    Ok(files::download(
        bytes,
        "application/pdf",
        &a.filename,
        "public, max-age=86400",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(
            clean_name(Some("C:\\docs\\Plan \"tri\".PDF")),
            "Plan tri.PDF"
        );
        assert_eq!(clean_name(Some("../../etc/passwd")), "passwd.pdf");
        assert_eq!(clean_name(None), "document.pdf");
    }
}
