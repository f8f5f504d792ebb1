//! Coordinators approve their partnership's producers and set how its prices split.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use entity::producer::ProducerStatus;
use serde::Deserialize;

use super::approval::gaps;
use super::domain::price_breakdown;
use super::input::{NumberInput, Shares, SharesInput};
use super::service::{self, Review};
use super::views::*;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::money::Cents;
use crate::web::auth::SessionUser;
use crate::web::forms::CsrfForm;
use crate::web::outcome::{Check, Checked};
use crate::web::page::{Page, redirect};

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SharesForm {
    pub transport_bp: String,
    pub costs_bp: String,
    pub fund_bp: String,
}

async fn review_page(
    page: &Page,
    user: &SessionUser,
    slug: &str,
    status: StatusCode,
    shares: Option<SharesForm>,
    errors: FieldErrors,
) -> AppResult<HttpResponse> {
    let db = &page.state().db;
    let (p, producers) = service::producers_to_review(db, &user.0, slug).await?;
    let ids: Vec<i64> = producers.iter().map(|x| x.id.get()).collect();
    let counts = service::profile_counts(db, &ids).await?;
    let form = shares.unwrap_or(SharesForm {
        transport_bp: p.transport_bp.to_string(),
        costs_bp: p.costs_bp.to_string(),
        fund_bp: p.fund_bp.to_string(),
    });
    page.render_form(
        status,
        "catalog/review.html.tera",
        &ReviewView {
            partnership_name: p.name.clone(),
            partnership_slug: p.slug.clone(),
            producers: producers
                .iter()
                .map(|x| {
                    let (photos, products) = counts.get(&x.id.get()).copied().unwrap_or_default();
                    ReviewRow {
                        p: DashboardProducer {
                            id: x.id,
                            slug: x.slug.clone(),
                            name: x.name.clone(),
                            status: x.status,
                            review_note: x.review_note.clone(),
                        },
                        ap: approval_view(x, &gaps(x, photos, products), Some(&user.0), page.lang),
                    }
                })
                .collect(),
            example: breakdown_parts(&price_breakdown(
                Cents(1000),
                600,
                p.transport_bp,
                p.costs_bp,
                p.fund_bp,
            )),
            transport_bp: form.transport_bp,
            costs_bp: form.costs_bp,
            fund_bp: form.fund_bp,
            errors: errors.messages(page.lang),
        },
    )
}

pub async fn producers(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
) -> AppResult<HttpResponse> {
    review_page(
        &page,
        &user,
        &slug,
        StatusCode::OK,
        None,
        FieldErrors::new(),
    )
    .await
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReviewForm {
    pub decision: String,
    pub note: String,
    /// The page the review was made from (the producer's page or the review list).
    pub back: String,
}

pub async fn review(
    page: Page,
    user: SessionUser,
    id: web::Path<i64>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let review = match form.decision.as_str() {
        "approve" => Review::Approve,
        "reject" => Review::Reject(form.note.trim().chars().take(2000).collect()),
        _ => {
            return Err(AppError::BadRequest(
                "decision must be approve or reject".into(),
            ));
        }
    };
    let result = service::review_producer(
        &st.db,
        &st.mailer,
        &st.catalog,
        &user.0,
        *id,
        review,
        st.now(),
    )
    .await;
    let back = crate::web::page::same_site_path(&form.back);
    let p = match result {
        Ok(p) => p,
        // A rejection without its reason: back to the form, with the message.
        Err(AppError::Validation(e)) if back.is_some() => {
            for reason in e.0.values().flatten() {
                crate::web::page::flash_reason(&page.session, reason);
            }
            return Ok(redirect(back.as_deref().unwrap_or("/")));
        }
        Err(e) => return Err(e),
    };
    page.flash(
        "success",
        if p.producer.status == ProducerStatus::Approved {
            "flash-producer-approved"
        } else {
            "flash-producer-rejected"
        },
    );
    Ok(redirect(&back.unwrap_or_else(|| {
        format!("/partnerships/{}/producers", p.partnership.slug)
    })))
}

pub async fn update_shares(
    page: Page,
    user: SessionUser,
    slug: web::Path<String>,
    CsrfForm(form): CsrfForm<SharesForm>,
) -> AppResult<HttpResponse> {
    let st = page.state();
    let input = SharesInput {
        transport_bp: NumberInput::Text(form.transport_bp.clone()),
        costs_bp: NumberInput::Text(form.costs_bp.clone()),
        fund_bp: NumberInput::Text(form.fund_bp.clone()),
    };
    let result = match Shares::try_from(input) {
        Ok(shares) => {
            service::update_shares(&st.db, &st.catalog, &user.0, &slug, shares, st.now()).await
        }
        Err(e) => Err(AppError::Validation(e)),
    };
    match result.checked()? {
        Checked::Done(_) => Ok(page.flash_redirect(
            "success",
            "flash-saved",
            &format!("/partnerships/{slug}/producers"),
        )),
        Checked::Invalid(e) => {
            review_page(
                &page,
                &user,
                &slug,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(form),
                e,
            )
            .await
        }
    }
}
