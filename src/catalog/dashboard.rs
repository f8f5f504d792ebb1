//! The producer dashboard: the producer's profile and photos (products: `product_pages`).

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::ProducerId;
use sea_orm::ActiveEnum;

use super::approval::gaps;
use super::input::{NewProducer, ProducerForm};
use super::photo_service::ProducerPhotos;
use super::service;
use super::views::*;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::media::PhotoOwner;
use crate::media::photo_uploads;
use crate::web::auth::SessionUser;
use crate::web::choice::Choice;
use crate::web::forms::{CsrfForm, CsrfUpload, Empty, UploadedFile};
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

fn row(p: &entity::producer::Model) -> DashboardProducer {
    DashboardProducer {
        id: p.id,
        slug: p.slug.clone(),
        name: p.name.clone(),
        status: p.status,
        review_note: p.review_note.clone(),
    }
}

pub async fn index(page: Page, user: SessionUser) -> AppResult<HttpResponse> {
    let producers = service::my_producers(&page.state().db, &user.0).await?;
    page.render(
        "producer/index.html.tera",
        &DashboardView {
            producers: producers.iter().map(row).collect(),
        },
    )
}

async fn producer_form(
    page: &Page,
    status: StatusCode,
    form: ProducerForm,
    editing: Option<i64>,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let partnerships = crate::territories::service::all_partnerships(db).await?;
    let territories = crate::territories::service::all_territories(db).await?;
    page.render_form(
        status,
        "producer/producer_form.html.tera",
        &ProducerFormView {
            form,
            errors: errors.messages(page.lang),
            editing,
            partnerships: partnerships
                .iter()
                .map(|p| Choice {
                    value: p.partnership.slug.clone(),
                    label: p.partnership.name.clone(),
                })
                .collect(),
            territories: territories
                .iter()
                .filter(|t| t.country != "BE")
                .map(|t| Choice {
                    value: t.slug.clone(),
                    label: t.name.clone(),
                })
                .collect(),
            kinds: kind_choices(page.lang),
            labels: label_choices(page.lang),
        },
    )
}

pub async fn new_producer(page: Page, _user: SessionUser) -> AppResult<HttpResponse> {
    let form = ProducerForm {
        kind: entity::producer::ProducerKind::Cooperative.to_value(),
        ..Default::default()
    };
    producer_form(&page, StatusCode::OK, form, None, FieldErrors::new()).await
}

pub async fn create_producer(
    page: Page,
    user: SessionUser,
    CsrfForm(form): CsrfForm<ProducerForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewProducer::try_from(super::input::ProducerInput::from(form.clone())) {
        Ok(p) => service::create_producer(&st.db, &st.catalog, &user.0, p, st.now()).await,
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(p) => Ok(page.flash_redirect(
            "success",
            "flash-producer-created",
            &format!("/producer/{}", p.producer.id),
        )),
        Checked::Invalid(e) => {
            producer_form(&page, StatusCode::UNPROCESSABLE_ENTITY, form, None, e).await
        }
    }
}

pub async fn manage(page: Page, user: SessionUser, id: web::Path<i64>) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let (full, products) = service::producer_for_member(db, &user.0, ProducerId(*id)).await?;
    let photos = crate::media::photo_rows::photos_of(db, PhotoOwner::Producer(*id)).await?;
    let lang = page.lang.code();
    page.render_form(
        StatusCode::OK,
        "producer/manage.html.tera",
        &ManageView {
            producer: row(&full.producer),
            approval: approval_view(
                &full.producer,
                &gaps(
                    &full.producer,
                    photos.len() as u64,
                    products.iter().filter(|p| p.archived_at.is_none()).count() as u64,
                ),
                Some(&user.0),
                page.lang,
            ),
            partnership_name: full.partnership.name.clone(),
            photos: photos.iter().map(PhotoRow::from).collect(),
            photos_need_confirmation: !super::photo_service::may_send_photos(
                &user.0,
                &full.producer,
            ),
            products: products
                .iter()
                .map(|p| ManagedProduct {
                    id: p.id,
                    name: p.name.pick(lang).to_owned(),
                    unit: p.unit_in(lang).to_owned(),
                    price_cents: p.price_cents,
                    case_size: p.case_size,
                    stock: p.stock,
                    archived: p.archived_at.is_some(),
                })
                .collect(),
        },
    )
}

/// A rejected producer's members ask to be examined again.
pub async fn resubmit(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    service::resubmit_producer(&st.db, &st.catalog, &user.0, ProducerId(*id), st.now()).await?;
    page.flash("success", "flash-producer-resubmitted");
    Ok(redirect(&format!("/producer/{id}")))
}

pub async fn edit_producer(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let (full, _) =
        service::producer_for_member(&page.state().db, &user.0, ProducerId(*id)).await?;
    let form =
        ProducerForm::from_model(&full.producer, &full.partnership.slug, &full.territory.slug);
    producer_form(&page, StatusCode::OK, form, Some(*id), FieldErrors::new()).await
}

pub async fn update_producer(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ProducerForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let result = match NewProducer::try_from(super::input::ProducerInput::from(form.clone())) {
        Ok(p) => {
            service::update_producer(&st.db, &st.catalog, &user.0, ProducerId(*id), p, st.now())
                .await
        }
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(p) => Ok(page.flash_redirect(
            "success",
            "flash-saved",
            &format!("/producer/{}", p.producer.id),
        )),
        Checked::Invalid(e) => {
            producer_form(&page, StatusCode::UNPROCESSABLE_ENTITY, form, Some(*id), e).await
        }
    }
}

/// Decodes, stores and attaches an uploaded photo of a producer or a product (the rights, the
/// right to send photos and the room left checked first); the outcome is a flash message.
async fn add_photo(
    page: &Page,
    user: &SessionUser,
    owner: PhotoOwner,
    file: UploadedFile,
) -> AppResult<()> {
    let st = page.state();
    let result = photo_uploads::upload(st, &ProducerPhotos(&user.0), owner, file).await;
    if result.as_ref().is_ok_and(|added| !added.already) {
        st.catalog.invalidate();
    }
    photo_uploads::flash(page, result)
}

pub async fn upload_producer_photo(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    upload: CsrfUpload,
) -> AppResult<HttpResponse> {
    add_photo(&page, &user, PhotoOwner::Producer(*id), upload.file).await?;
    Ok(redirect(&format!("/producer/{id}")))
}

pub async fn upload_product_photo(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
    upload: CsrfUpload,
) -> AppResult<HttpResponse> {
    let (id, pid) = path.into_inner();
    add_photo(&page, &user, PhotoOwner::Product(pid), upload.file).await?;
    Ok(redirect(&format!("/producer/{id}/products/{pid}/edit")))
}

pub async fn delete_photo(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (id, photo_id) = path.into_inner();
    let owner = service::delete_photo(&st.db, &st.catalog, &user.0, photo_id).await?;
    page.flash("success", "flash-photo-removed");
    Ok(redirect(&match owner {
        PhotoOwner::Product(pid) => format!("/producer/{id}/products/{pid}/edit"),
        // A producer's photo (the catalogue changes no other).
        _ => format!("/producer/{id}"),
    }))
}
