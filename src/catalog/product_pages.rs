//! The producer's product pages: the form that adds a product with its photo in one submit, the
//! edit form, archiving.

use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpRequest, HttpResponse, dev::Payload, web};
use entity::{ProducerId, ProductId};
use futures_util::future::LocalBoxFuture;

use super::input::{NewProduct, ProductForm};
use super::service;
use super::views::*;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::media::PhotoOwner;
use crate::web::auth::SessionUser;
use crate::web::forms::{CsrfForm, CsrfUploadOf, Empty, UploadedFile};
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

/// The product form as sent: a plain form, or (the creation form, which carries a file input)
/// a multipart form with its photo. An empty file means no photo was chosen.
pub struct ProductSubmission {
    pub form: ProductForm,
    pub photo: UploadedFile,
}

/// The creation form: its twenty fields, the token and the photo.
type ProductUpload = CsrfUploadOf<{ crate::media::photos::MAX_BYTES }, 32>;

impl FromRequest for ProductSubmission {
    type Error = AppError;
    type Future = LocalBoxFuture<'static, Result<Self, AppError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let multipart = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("multipart/form-data"));
        if multipart {
            let upload = ProductUpload::from_request(req, payload);
            Box::pin(async move {
                let upload = upload.await?;
                Ok(ProductSubmission {
                    form: ProductForm::from_fields(&upload.fields),
                    photo: upload.file,
                })
            })
        } else {
            let form = CsrfForm::<ProductForm>::from_request(req, payload);
            Box::pin(async move {
                Ok(ProductSubmission {
                    form: form.await?.0,
                    photo: UploadedFile::default(),
                })
            })
        }
    }
}

struct FormState {
    producer_id: ProducerId,
    producer_name: String,
    editing: Option<ProductId>,
    /// A photo was sent with a form that came back: the browser does not keep it.
    photo_again: bool,
}

async fn product_form(
    page: &Page,
    status: StatusCode,
    form: ProductForm,
    state: FormState,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let photos = match state.editing {
        Some(pid) => {
            crate::media::photo_rows::photos_of(&page.state().db, PhotoOwner::Product(pid.get()))
                .await?
        }
        None => Vec::new(),
    };
    let photos_need_confirmation = match &page.user {
        Some(u) => {
            super::photo_service::photos_need_confirmation(&page.state().db, u, state.producer_id)
                .await?
        }
        None => false,
    };
    page.render_form(
        status,
        "producer/product_form.html.tera",
        &ProductFormView {
            form,
            errors: errors.messages(page.lang),
            producer_id: state.producer_id,
            producer_name: state.producer_name,
            editing: state.editing,
            categories: category_choices(page.lang),
            vat_rates: vat_choices(page.lang),
            photos: photos.iter().map(PhotoRow::from).collect(),
            photo_again: state.photo_again,
            photos_need_confirmation,
        },
    )
}

pub async fn new_product(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let (full, _) =
        service::producer_for_member(&page.state().db, &user.0, ProducerId(*id)).await?;
    let form = ProductForm {
        vat_rate_bp: "600".into(),
        min_cases: "1".into(),
        ..Default::default()
    };
    let state = FormState {
        producer_id: full.producer.id,
        producer_name: full.producer.name,
        editing: None,
        photo_again: false,
    };
    product_form(&page, StatusCode::OK, form, state, FieldErrors::new()).await
}

/// Adds a product, with its photo when one is sent: the product and the photo are checked
/// together (a bad price and a file that is not an image are both reported), and saved together
/// in one transaction, or neither is.
pub async fn create_product(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    sent: ProductSubmission,
) -> AppResult<HttpResponse> {
    let st = page.state();
    // The right to add comes before decoding anything.
    let (full, _) = service::producer_for_member(&st.db, &user.0, ProducerId(*id)).await?;
    let photo_sent = !sent.photo.is_empty();
    let (input, errors) = sent.form.clone().into_input();
    let parsed = NewProduct::parse(input, errors, "price");
    // Nothing is decoded for a member who may not send photos yet.
    let decoded = if photo_sent {
        match service::admit_product_photo(&st.db, &user.0, ProducerId(*id)).await {
            Ok(()) => Some(st.photos.decode(sent.photo).await),
            Err(e) => Some(Err(e)),
        }
    } else {
        None
    };
    let mut problems = FieldErrors::new();
    let product = parsed.map_err(|e| problems.merge(e)).ok();
    let photo = match decoded {
        None => None,
        Some(Ok(p)) => Some(p),
        Some(Err(AppError::Validation(e))) => {
            problems.merge(e);
            None
        }
        Some(Err(e)) => return Err(e),
    };
    let result = match product {
        Some(product) if problems.is_empty() => {
            if let Some(p) = &photo {
                // Files are named by content: stored before the transaction, a failure leaves at
                // most a file no row names.
                crate::media::photo_files::store(&st.storage, p).await?;
            }
            service::create_product(
                &st.db,
                &st.catalog,
                &user.0,
                ProducerId(*id),
                product,
                photo.as_ref(),
                st.now(),
            )
            .await
        }
        _ => Err(AppError::Validation(problems)),
    };
    match result.checked()? {
        Checked::Done(_) => {
            let key = if photo.is_some() {
                "flash-product-saved-with-photo"
            } else {
                "flash-product-saved"
            };
            Ok(page.flash_redirect("success", key, &format!("/producer/{id}")))
        }
        Checked::Invalid(e) => {
            let state = FormState {
                producer_id: full.producer.id,
                producer_name: full.producer.name,
                editing: None,
                photo_again: photo_sent,
            };
            product_form(&page, StatusCode::UNPROCESSABLE_ENTITY, sent.form, state, e).await
        }
    }
}

pub async fn edit_product(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
) -> AppResult<HttpResponse> {
    let product_id = ProductId(path.into_inner().1);
    let (producer, product) =
        service::product_for_member(&page.state().db, &user.0, product_id).await?;
    let state = FormState {
        producer_id: producer.id,
        producer_name: producer.name,
        editing: Some(product_id),
        photo_again: false,
    };
    product_form(
        &page,
        StatusCode::OK,
        ProductForm::from_model(&product),
        state,
        FieldErrors::new(),
    )
    .await
}

pub async fn update_product(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64)>,
    CsrfForm(form): CsrfForm<ProductForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let product_id = ProductId(path.into_inner().1);
    let (producer, _) = service::product_for_member(&st.db, &user.0, product_id).await?;
    let (input, errors) = form.clone().into_input();
    let result = match NewProduct::parse(input, errors, "price") {
        Ok(p) => {
            service::update_product(&st.db, &st.catalog, &user.0, product_id, p, st.now()).await
        }
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-product-saved",
            &format!("/producer/{}", producer.id),
        )),
        Checked::Invalid(e) => {
            let state = FormState {
                producer_id: producer.id,
                producer_name: producer.name,
                editing: Some(product_id),
                photo_again: false,
            };
            product_form(&page, StatusCode::UNPROCESSABLE_ENTITY, form, state, e).await
        }
    }
}

pub async fn archive_product(
    page: Page,
    user: SessionUser,
    path: web::Path<(i64, i64, String)>,
    CsrfForm(_): CsrfForm<Empty>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let (producer_id, product_id, action) = path.into_inner();
    let archived = match action.as_str() {
        "archive" => true,
        "restore" => false,
        _ => return Err(AppError::NotFound),
    };
    service::set_archived(
        &st.db,
        &st.catalog,
        &user.0,
        ProductId(product_id),
        archived,
        st.now(),
    )
    .await?;
    page.flash(
        "success",
        if archived {
            "flash-product-archived"
        } else {
            "flash-product-restored"
        },
    );
    Ok(redirect(&format!("/producer/{producer_id}")))
}
